package markdown_test

import (
	"regexp"
	"strings"
	"testing"

	"supportportal/internal/markdown"
)

// Known XSS vectors (OWASP XSS filter evasion cheat sheet style). Each goes
// through both the Markdown path and the imported-HTML path.
var payloads = []string{
	`<script>alert(1)</script>`,
	`<SCRIPT SRC=http://xss.example/xss.js></SCRIPT>`,
	`<img src=x onerror=alert(1)>`,
	`<IMG SRC="javascript:alert('XSS');">`,
	`<IMG SRC=JaVaScRiPt:alert('XSS')>`,
	`<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>`,
	`<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72&#x74&#x28&#x27&#x58&#x53&#x53&#x27&#x29>`,
	`<IMG SRC="jav	ascript:alert('XSS');">`,
	`<IMG SRC="jav&#x09;ascript:alert('XSS');">`,
	`<IMG SRC=" &#14;  javascript:alert('XSS');">`,
	`<a href="jav&#x09;ascript:alert(1)">x</a>`,
	`<a href="jav&#x0A;ascript:alert(1)">x</a>`,
	`<a href=" javascript:alert(1)">x</a>`,
	`<a href="JaVaScRiPt&colon;alert(1)">x</a>`,
	`<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>`,
	`<a href="vbscript:msgbox(1)">x</a>`,
	`[x](javascript:alert(1))`,
	`[x](JAVASCRIPT:alert(1))`,
	`[x](jav&#x09;ascript:alert(1))`,
	`[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)`,
	`![x](javascript:alert(1))`,
	`![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)`,
	`<svg onload=alert(1)>`,
	`<svg><script>alert(1)</script></svg>`,
	`<iframe src="https://evil.example"></iframe>`,
	`<iframe srcdoc="<script>alert(1)</script>"></iframe>`,
	`<style>body{background:url("javascript:alert(1)")}</style>`,
	`<div style="background-image: url(javascript:alert(1))">x</div>`,
	`<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>`,
	`<math href="javascript:alert(1)">CLICKME</math>`,
	`<base href="javascript:alert(1)//">`,
	`<meta http-equiv="refresh" content="0;url=javascript:alert(1)">`,
	`<form action="javascript:alert(1)"><input type=submit></form>`,
	`<body onload=alert(1)>`,
	`<details open ontoggle=alert(1)>`,
	`<object data="javascript:alert(1)"></object>`,
	`<embed src="javascript:alert(1)">`,
	`<link rel=stylesheet href="javascript:alert(1)">`,
	`<a href="#" onclick="alert(1)">x</a>`,
	`<img """><script>alert(1)</script>">`,
	`<scr<script>ipt>alert(1)</scr</script>ipt>`,
	`<<script>script>alert(1)<</script>/script>`,
	`<noscript><p title="</noscript><img src=x onerror=alert(1)>">`,
	`<video><source onerror="alert(1)"></video>`,
	`<input autofocus onfocus=alert(1)>`,
	`<a href="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058alert(1)">x</a>`,
	"<a href=\"java\x00script:alert(1)\">x</a>",
	`<template><script>alert(1)</script></template>`,
	`<table background="javascript:alert(1)"><tr><td>x</td></tr></table>`,
}

var (
	tagRe    = regexp.MustCompile(`(?i)<\s*(script|iframe|style|object|embed|base|meta|form|input|link|svg|math|body|frame|template|noscript|video|source)\b`)
	onAttrRe = regexp.MustCompile(`(?i)<[^>]*\son[a-z]+\s*=`)
	urlRe    = regexp.MustCompile(`(?i)(href|src|action|background|data)\s*=\s*"([^"]*)"`)
	badURL   = regexp.MustCompile(`(?i)^\s*(javascript|vbscript|data|jav)`)
)

// assertSafe fails when html contains anything a browser could execute.
func assertSafe(t *testing.T, in, html string) {
	t.Helper()
	if m := tagRe.FindString(html); m != "" {
		t.Errorf("%q → %q: dangerous element %q", in, html, m)
	}
	if onAttrRe.MatchString(html) {
		t.Errorf("%q → %q: event handler attribute", in, html)
	}
	if strings.Contains(strings.ToLower(html), "style=") {
		t.Errorf("%q → %q: style attribute", in, html)
	}
	for _, m := range urlRe.FindAllStringSubmatch(html, -1) {
		u := strings.NewReplacer("&#x9;", "", "&#9;", "", "&#xA;", "", "&#10;", "", "\t", "", "\n", "").Replace(m[2])
		if badURL.MatchString(u) || strings.Contains(strings.ToLower(u), "script:") {
			t.Errorf("%q → %q: dangerous URL %q", in, html, m[2])
		}
	}
}

func TestXSSPayloads(t *testing.T) {
	if len(payloads) < 25 {
		t.Fatal("too few payloads")
	}
	for _, p := range payloads {
		out, err := markdown.ToHTML(p)
		if err != nil {
			t.Fatalf("%q: %v", p, err)
		}
		assertSafe(t, p, out)
		assertSafe(t, p, markdown.HTMLToSafe(p))
		// Wrapped in surrounding Markdown too.
		out, _ = markdown.ToHTML("Some *text*\n\n" + p + "\n\n- item " + p)
		assertSafe(t, p, out)
	}
}

func TestLinksAndImages(t *testing.T) {
	out, err := markdown.ToHTML("[docs](https://example.com/a?b=1&c=2) [rel](../other) [mail](mailto:a@b.example)\n\n![shot](https://example.com/s.png) ![local](images/s.png)")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`<a href="https://example.com/a?b=1&amp;c=2" target="_blank" rel="noopener noreferrer">docs</a>`,
		`<a href="../other" target="_blank" rel="noopener noreferrer">rel</a>`,
		`<img src="https://example.com/s.png" alt="shot">`,
		`<img src="images/s.png" alt="local">`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %s in\n%s", want, out)
		}
	}
	// A link's own rel/target are replaced, not kept.
	out = markdown.HTMLToSafe(`<a href="https://x.example" target="_self" rel="opener">x</a>`)
	if strings.Contains(out, "_self") || strings.Contains(out, `"opener"`) || !strings.Contains(out, `rel="noopener noreferrer"`) {
		t.Errorf("link attrs: %s", out)
	}
}

func TestMarkdownFeatures(t *testing.T) {
	out, err := markdown.ToHTML("# Title\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```go\nx := 1\n```\n\n<kbd>Ctrl</kbd>\n")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<h1", "<table>", `<code class="language-go">`, "<kbd>Ctrl</kbd>"} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %s in %s", want, out)
		}
	}
}

func TestToText(t *testing.T) {
	got := markdown.ToText("# Title\n\nSee [the docs](https://example.com/x) and **bold** `code`.\n\n<div onclick=x>raw</div>\n")
	if strings.Contains(got, "example.com") || strings.Contains(got, "onclick") || !strings.Contains(got, "the docs") || !strings.Contains(got, "bold") {
		t.Errorf("ToText = %q", got)
	}
	got = markdown.HTMLToText(`<p>Hello&nbsp;<b>world</b> &amp; more</p><script>var x = "secret";</script><style>.a{}</style>`)
	if got != "Hello world & more" {
		t.Errorf("HTMLToText = %q", got)
	}
}

func TestTextFoldsWhiteSpaceOnly(t *testing.T) {
	for in, want := range map[string]string{
		"":                                    "",
		"  \t\n ":                             "",
		"a  b":                                "a b",
		"a \n\n b":                            "a\nb",
		"\u00a0Grüße\u00a0\u00a0aus Köln\r\n": "Grüße aus Köln",
		"© 2026 \u00a9 ok":                    "© 2026 © ok", // 0xc2 0xa9 is not a space
		"emoji 🙂\tend":                        "emoji 🙂 end",
		"x\u00a0":                             "x",
	} {
		t.Run(in, func(t *testing.T) {
			if got := markdown.HTMLToText(in); got != want {
				t.Errorf("HTMLToText(%q) = %q, want %q", in, got, want)
			}
		})
	}
}

func TestHeadings(t *testing.T) {
	src := "# Reset a *password*\n\nText under it.\n\n## Who can do it\n\n- item\n\nSetext heading\n---\n"
	if got, want := markdown.Headings(src), "Reset a password\nWho can do it\nSetext heading"; got != want {
		t.Errorf("Headings = %q, want %q", got, want)
	}
	if got := markdown.Headings("No headings, just **text**."); got != "" {
		t.Errorf("Headings without headings = %q", got)
	}
	html := `<h1>Export <em>cases</em></h1><p>body</p><h3>CSV &amp; JSON</h3><div><h7>not one</h7></div>`
	if got, want := markdown.HTMLHeadings(html), "Export cases\nCSV & JSON"; got != want {
		t.Errorf("HTMLHeadings = %q, want %q", got, want)
	}
}
