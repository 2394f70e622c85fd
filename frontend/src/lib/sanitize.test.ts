import { describe, expect, it } from 'vitest';
import { sanitizeArticle, sanitizeSnippet } from './sanitize';

// Known XSS vectors (OWASP filter-evasion cheat sheet and friends). Each must
// come out inert: no script element, no event handler, no script URL.
const payloads = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<svg onload=alert(1)>',
  '<svg><script>alert(1)</script></svg>',
  '<body onload=alert(1)>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<a href="javascript:alert(1)">x</a>',
  '<a href="JaVaScRiPt:alert(1)">x</a>',
  '<a href="jav&#x09;ascript:alert(1)">x</a>',
  '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
  '<a href=" javascript:alert(1)">x</a>',
  '<a href="vbscript:msgbox(1)">x</a>',
  '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
  '<img src="data:image/svg+xml,<svg onload=alert(1)>">',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>',
  '<form action="javascript:alert(1)"><button>x</button></form>',
  '<input autofocus onfocus=alert(1)>',
  '<details open ontoggle=alert(1)>',
  '<video><source onerror=alert(1)></video>',
  '<style>@import "javascript:alert(1)";</style>',
  '<div style="background:url(javascript:alert(1))">x</div>',
  '<base href="javascript:alert(1)//">',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<object data="javascript:alert(1)"></object>',
  '<embed src="javascript:alert(1)">',
  '<p onclick="alert(1)">x</p>',
  '"><img src=x onerror=alert(1)>',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
];

function inert(html: string) {
  const doc = new DOMParser().parseFromString(`<div>${html}</div>`, 'text/html');
  for (const el of doc.body.querySelectorAll('*')) {
    expect(['SCRIPT', 'IFRAME', 'OBJECT', 'EMBED', 'BASE', 'META', 'FORM', 'STYLE', 'SVG', 'MATH']).not.toContain(el.tagName.toUpperCase());
    for (const attr of el.attributes) {
      expect(attr.name.startsWith('on'), `${el.tagName} ${attr.name}`).toBe(false);
      expect(attr.name).not.toBe('style');
      if (['href', 'src', 'action', 'formaction', 'data'].includes(attr.name)) {
        // eslint-disable-next-line no-control-regex -- browsers skip C0 controls in a URL's scheme
        expect(attr.value.replace(/[\s\u0000-\u001f]/g, '').toLowerCase()).not.toMatch(/^(javascript|vbscript|data):/);
      }
    }
  }
}

describe('sanitizeArticle', () => {
  for (const p of payloads) {
    it(`neutralizes ${p.slice(0, 60)}`, () => inert(sanitizeArticle(p)));
  }

  it('keeps ordinary formatting and safe links, opening outside the app', () => {
    const out = sanitizeArticle('<h2>Title</h2><p>Use <strong>Save</strong>. See <a href="https://docs.example.com">docs</a>.</p><ul><li>a</li></ul>');
    expect(out).toContain('<h2>Title</h2>');
    expect(out).toContain('<strong>Save</strong>');
    expect(out).toContain('href="https://docs.example.com"');
    expect(out).toContain('target="_blank"');
    expect(out).toContain('rel="noopener noreferrer"');
  });
});

describe('sanitizeSnippet', () => {
  it('keeps only <mark> and <br>', () => {
    expect(sanitizeSnippet('a <mark>b</mark> <img src=x onerror=alert(1)> <b>c</b>')).toBe('a <mark>b</mark>  c');
    expect(sanitizeSnippet('Which one to use<br>Use the <mark>Help</mark><br onclick=x>')).toBe(
      'Which one to use<br>Use the <mark>Help</mark><br>',
    );
  });
});
