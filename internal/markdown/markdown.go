// Package markdown turns knowledge-base article bodies into HTML that is
// safe to put into the app's web view, and into plain text for the index.
//
// Everything goes through one bluemonday allow-list after rendering, so the
// safety of the output never depends on the Markdown renderer's own escaping
// or on where the HTML came from (Markdown with inline HTML, or an import).
package markdown

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"sync"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	xhtml "golang.org/x/net/html"
)

// md renders GitHub-flavoured Markdown. Raw HTML is passed through on
// purpose (support articles use <kbd>, <details>, tables): the sanitizer
// below, not the renderer, decides what survives.
var md = goldmark.New(
	goldmark.WithExtensions(extension.GFM),
	goldmark.WithRendererOptions(html.WithUnsafe()),
)

var (
	policyOnce sync.Once
	policy     *bluemonday.Policy
)

// sanitizer is bluemonday's user-generated-content policy: no scripts, event
// handlers, styles, iframes, forms, base/meta, and only http, https and
// mailto URLs (or relative ones). data:, javascript: and vbscript: URLs are
// dropped however they are encoded, because the URL is parsed after entity
// decoding and its scheme compared against the allow-list.
func sanitizer() *bluemonday.Policy {
	policyOnce.Do(func() {
		p := bluemonday.UGCPolicy()
		p.AllowURLSchemes("http", "https", "mailto")
		p.AllowRelativeURLs(true)
		p.RequireParseableURLs(true)
		// Keyboard keys are common in how-to articles.
		p.AllowElements("kbd")
		// Code blocks keep their language class for highlighting.
		p.AllowAttrs("class").Matching(regexp.MustCompile(`^language-[\w+-]+$`)).OnElements("code")
		// Task-list checkboxes of GFM, display only.
		p.AllowAttrs("type").Matching(regexp.MustCompile(`^checkbox$`)).OnElements("input")
		p.AllowAttrs("checked", "disabled").Matching(regexp.MustCompile(`^(|checked|disabled)$`)).OnElements("input")
		policy = p
	})
	return policy
}

// ToHTML renders Markdown to sanitized HTML.
func ToHTML(src string) (string, error) {
	var buf bytes.Buffer
	if err := md.Convert([]byte(src), &buf); err != nil {
		return "", fmt.Errorf("render markdown: %w", err)
	}
	return HTMLToSafe(buf.String()), nil
}

// HTMLToSafe sanitizes HTML from an untrusted source (an imported help
// center, or rendered Markdown).
func HTMLToSafe(src string) string {
	return fixLinks(sanitizer().Sanitize(src))
}

// fixLinks makes every link open outside the app window without giving the
// target page a handle on it: target="_blank" rel="noopener noreferrer".
// The input is the sanitizer's output, so it is well-formed and re-emitting
// the tokenizer's raw bytes for everything but <a> keeps it safe.
func fixLinks(s string) string {
	if !strings.Contains(s, "<a") {
		return s
	}
	var b strings.Builder
	z := xhtml.NewTokenizer(strings.NewReader(s))
	for {
		tt := z.Next()
		if tt == xhtml.ErrorToken {
			return b.String()
		}
		raw := z.Raw()
		if tt != xhtml.StartTagToken && tt != xhtml.SelfClosingTagToken {
			b.Write(raw)
			continue
		}
		tok := z.Token()
		if tok.Data != "a" {
			b.Write(raw)
			continue
		}
		attrs := tok.Attr[:0]
		for _, a := range tok.Attr {
			if a.Key != "rel" && a.Key != "target" {
				attrs = append(attrs, a)
			}
		}
		tok.Attr = append(attrs, xhtml.Attribute{Key: "target", Val: "_blank"}, xhtml.Attribute{Key: "rel", Val: "noopener noreferrer"})
		b.WriteString(tok.String())
	}
}

// ToText returns the words a reader sees in rendered Markdown, without
// markup or link targets, for the search index.
func ToText(src string) string {
	source := []byte(src)
	doc := md.Parser().Parse(text.NewReader(source))
	var b strings.Builder
	b.Grow(len(src))
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			if n.Type() == ast.TypeBlock {
				b.WriteByte('\n')
			}
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Text:
			b.Write(n.Segment.Value(source))
			if n.SoftLineBreak() || n.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(n.Value)
		case *ast.AutoLink:
			b.Write(n.Label(source))
		case *ast.RawHTML, *ast.HTMLBlock:
			// Inline HTML carries tags, not prose; its text would be
			// mostly attribute noise.
			return ast.WalkSkipChildren, nil
		case *ast.FencedCodeBlock, *ast.CodeBlock:
			lines := n.Lines()
			for i := 0; i < lines.Len(); i++ {
				seg := lines.At(i)
				b.Write(seg.Value(source))
			}
		}
		return ast.WalkContinue, nil
	})
	return collapse(b.String())
}

// HTMLToText extracts the visible text of HTML (entities decoded, script and
// style contents dropped) for the search index.
func HTMLToText(src string) string {
	var b strings.Builder
	b.Grow(len(src))
	z := xhtml.NewTokenizer(strings.NewReader(src))
	skip := 0
	for {
		switch z.Next() {
		case xhtml.ErrorToken:
			return collapse(b.String())
		case xhtml.TextToken:
			if skip == 0 {
				b.Write(z.Text())
			}
		case xhtml.StartTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "script", "style", "template", "noscript", "iframe", "textarea":
				skip++
			}
			b.WriteByte(separator(name))
		case xhtml.EndTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "script", "style", "template", "noscript", "iframe", "textarea":
				skip = max(skip-1, 0)
			}
			b.WriteByte(separator(name))
		case xhtml.SelfClosingTagToken:
			name, _ := z.TagName()
			b.WriteByte(separator(name))
		}
	}
}

// blockTags end a line of text: a heading, list item or paragraph is not
// run into the next sentence ("Which one to use Use the Help Documents").
var blockTags = map[string]bool{
	"p": true, "div": true, "br": true, "li": true, "ul": true, "ol": true, "dt": true, "dd": true,
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "tr": true, "td": true, "th": true,
	"table": true, "blockquote": true, "pre": true, "section": true, "article": true, "header": true,
	"footer": true, "hr": true, "figcaption": true, "details": true, "summary": true,
}

// separator is what a tag leaves in extracted text: a line break for block
// elements, else a space.
func separator(tag []byte) byte {
	if blockTags[string(tag)] {
		return '\n'
	}
	return ' '
}

// collapse folds runs of white space into one space or, where a line break
// was, one newline, so stored text stays compact.
func collapse(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space, nl := false, false
	for _, r := range s {
		switch r {
		case '\n', '\r':
			nl = true
			continue
		case ' ', '\t', '\f', '\v', '\u00a0':
			space = true
			continue
		}
		if b.Len() > 0 {
			if nl {
				b.WriteByte('\n')
			} else if space {
				b.WriteByte(' ')
			}
		}
		space, nl = false, false
		b.WriteRune(r)
	}
	return b.String()
}

// Headings returns the text of the headings of Markdown, one a line, for
// the search index's headings field: a section's heading says what the
// section answers, as an article's title says what the article does.
func Headings(src string) string {
	source := []byte(src)
	doc := md.Parser().Parse(text.NewReader(source))
	var b strings.Builder
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		h, ok := n.(*ast.Heading)
		if !ok || !entering {
			return ast.WalkContinue, nil
		}
		_ = ast.Walk(h, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			if !entering {
				return ast.WalkContinue, nil
			}
			switch n := n.(type) {
			case *ast.Text:
				b.Write(n.Segment.Value(source))
				b.WriteByte(' ')
			case *ast.String:
				b.Write(n.Value)
			case *ast.AutoLink:
				b.Write(n.Label(source))
			case *ast.RawHTML:
				return ast.WalkSkipChildren, nil
			}
			return ast.WalkContinue, nil
		})
		b.WriteByte('\n')
		return ast.WalkSkipChildren, nil
	})
	return collapse(b.String())
}

// HTMLHeadings returns the text of the h1–h6 elements of HTML, one a line.
func HTMLHeadings(src string) string {
	var b strings.Builder
	z := xhtml.NewTokenizer(strings.NewReader(src))
	depth := 0
	for {
		switch z.Next() {
		case xhtml.ErrorToken:
			return collapse(b.String())
		case xhtml.TextToken:
			if depth > 0 {
				b.Write(z.Text())
			}
		case xhtml.StartTagToken:
			if name, _ := z.TagName(); isHeading(name) {
				depth++
			} else if depth > 0 {
				b.WriteByte(' ')
			}
		case xhtml.EndTagToken:
			if name, _ := z.TagName(); isHeading(name) && depth > 0 {
				depth--
				b.WriteByte('\n')
			} else if depth > 0 {
				b.WriteByte(' ')
			}
		}
	}
}

func isHeading(tag []byte) bool {
	return len(tag) == 2 && tag[0] == 'h' && tag[1] >= '1' && tag[1] <= '6'
}
