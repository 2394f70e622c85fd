import { Go } from './bridge';

/**
 * Ref for containers of rendered HTML: a click on a web or e-mail link in
 * them opens the system browser or mail program, never the app window; other
 * links (not in-page ones) do nothing. Links keep their own keyboard
 * handling: Enter on a link clicks it, and the click reaches the container.
 */
export function externalLinks(el: HTMLElement | null) {
  if (!el) return;
  el.addEventListener('click', openExternalLink);
  return () => el.removeEventListener('click', openExternalLink);
}

function openExternalLink(e: MouseEvent) {
  const a = (e.target as HTMLElement).closest('a');
  if (!a) return;
  const href = a.getAttribute('href') ?? '';
  if (href.startsWith('#')) return;
  e.preventDefault();
  if (/^(https?:|mailto:)/i.test(href)) void Go.OpenExternal(href);
}

/** Opens the vendor's help documents (outside the app) in the browser. */
export function openHelpDocuments() {
  return Go.OpenHelpDocuments();
}
