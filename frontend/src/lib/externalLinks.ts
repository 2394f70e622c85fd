import type { MouseEvent } from 'react';
import { Go } from './bridge';

/**
 * Click handler for containers of rendered HTML: web and e-mail links open
 * in the system browser or mail program, never inside the app window.
 */
export function openExternalLinks(e: MouseEvent<HTMLElement>) {
  const a = (e.target as HTMLElement).closest('a');
  if (!a) return;
  const href = a.getAttribute('href') ?? '';
  if (href.startsWith('#')) return;
  e.preventDefault();
  if (/^(https?:|mailto:)/i.test(href)) void Go.OpenExternal(href);
}
