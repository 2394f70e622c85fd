import DOMPurify from 'dompurify';

// The Go side already sanitizes article HTML (bluemonday). The UI sanitizes
// again before anything reaches the DOM: a second, independent line of
// defence, so one mistake on either side does not make the webview run code.

const ARTICLE_TAGS = [
  'a', 'b', 'blockquote', 'br', 'code', 'del', 'em', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'i', 'img',
  'kbd', 'li', 'mark', 'ol', 'p', 'pre', 's', 'span', 'strong', 'sub', 'sup', 'table', 'tbody', 'td', 'th',
  'thead', 'tr', 'u', 'ul', 'dl', 'dt', 'dd', 'figure', 'figcaption',
];
const ARTICLE_ATTRS = ['href', 'src', 'alt', 'title', 'colspan', 'rowspan', 'align', 'class'];

let hooked = false;
function hook() {
  if (hooked) return;
  hooked = true;
  // Every link opens outside the app window (see openExternalLinks).
  DOMPurify.addHook('afterSanitizeAttributes', (node) => {
    // DOMPurify lets data: URLs through on images; the product allows none.
    const src = node.getAttribute('src');
    // eslint-disable-next-line no-control-regex -- browsers skip leading C0 controls before a URL's scheme
    if (src !== null && /^[\s\u0000-\u001f]*data:/i.test(src)) node.removeAttribute('src');
    if (node.tagName === 'A') {
      node.setAttribute('target', '_blank');
      node.setAttribute('rel', 'noopener noreferrer');
    }
  });
}

/** Article body HTML made safe for the webview. */
export function sanitizeArticle(html: string): string {
  hook();
  return DOMPurify.sanitize(html, {
    ALLOWED_TAGS: ARTICLE_TAGS,
    ALLOWED_ATTR: ARTICLE_ATTRS,
    ALLOWED_URI_REGEXP: /^(?:https?:|mailto:|#|\/(?!\/)|[^:/?#]+(?:[/?#]|$))/i,
    FORBID_TAGS: ['style', 'script', 'iframe', 'form', 'input', 'object', 'embed', 'base', 'meta', 'link', 'svg', 'math'],
  });
}

/** A search snippet: text in which only <mark> and <br> (the end of a heading or list item) survive. */
export function sanitizeSnippet(html: string): string {
  return DOMPurify.sanitize(html, { ALLOWED_TAGS: ['mark', 'br'], ALLOWED_ATTR: [] });
}
