package printdoc_test

import (
	"strings"
	"testing"

	"golang.org/x/net/html"

	"supportportal/internal/portal"
	"supportportal/internal/printdoc"
)

func sample() printdoc.Document {
	return printdoc.Document{
		FileName: "Fall 12: Zertifikate <leer>?",
		Lang:     "de",
		Title:    "Fall 12: Zertifikate drucken leer",
		Fields: []printdoc.Field{
			{Label: "Status", Value: "Gelöst"},
			{Label: "Erstellt", Value: "02.12.2026, 15:06"},
		},
		Sections: []printdoc.Section{{
			Heading: "Verlauf",
			Entries: []printdoc.Entry{
				{Heading: "Olivia Owner · 02.12.2026, 15:06", Body: "Seit Montag ist das PDF leer.\n<script>alert(1)</script>", Attachments: []string{"screenshot <1>.png"}, Kind: "customer"},
				{Heading: "Sam Support · 02.12.2026, 16:00", Body: "Bitte den Cache leeren.", Kind: "support"},
			},
		}},
		Footer: "Exportiert am 02.12.2026",
	}
}

// texts returns the text of every element with the given tag, in order,
// and whether any <script> element or on* attribute exists.
func texts(t *testing.T, b []byte, tag string) (out []string, active bool) {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(string(b)))
	if err != nil {
		t.Fatal(err)
	}
	var text func(*html.Node) string
	text = func(n *html.Node) string {
		if n.Type == html.TextNode {
			return n.Data
		}
		var s strings.Builder
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			s.WriteString(text(c))
		}
		return s.String()
	}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			if n.Data == "script" || n.Data == "iframe" || n.Data == "img" || n.Data == "link" {
				active = true
			}
			for _, a := range n.Attr {
				if strings.HasPrefix(a.Key, "on") || strings.Contains(a.Val, "javascript:") {
					active = true
				}
			}
			if n.Data == tag {
				out = append(out, strings.TrimSpace(text(n)))
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return out, active
}

func TestRenderShowsEveryPartAndRunsNothing(t *testing.T) {
	b, err := printdoc.Render(sample())
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	if !strings.Contains(s, `<html lang="de">`) {
		t.Error("document language missing")
	}
	for tag, want := range map[string][]string{
		"title":  {"Fall 12: Zertifikate drucken leer"},
		"h1":     {"Fall 12: Zertifikate drucken leer"},
		"dt":     {"Status", "Erstellt"},
		"dd":     {"Gelöst", "02.12.2026, 15:06"},
		"h2":     {"Verlauf"},
		"h3":     {"Olivia Owner · 02.12.2026, 15:06", "Sam Support · 02.12.2026, 16:00"},
		"p":      {"Seit Montag ist das PDF leer.\n<script>alert(1)</script>", "Bitte den Cache leeren."},
		"li":     {"screenshot <1>.png"},
		"footer": {"Exportiert am 02.12.2026"},
	} {
		t.Run(tag, func(t *testing.T) {
			got, active := texts(t, b, tag)
			if active {
				t.Fatalf("the file holds a script, embed or handler:\n%s", s)
			}
			if strings.Join(got, "|") != strings.Join(want, "|") {
				t.Errorf("<%s>: got %q, want %q", tag, got, want)
			}
		})
	}
	if !strings.Contains(s, `class="entry support"`) || strings.Count(s, `class="entry`) != 2 {
		t.Error("support's entries are not marked")
	}
	if !strings.Contains(s, "default-src 'none'") {
		t.Error("no content security policy: the file could load remote resources")
	}
	if got := printdoc.FileName(sample()); got != "Fall 12_ Zertifikate _leer__.html" {
		t.Errorf("file name %q", got)
	}
}

func TestCheckRefusesWhatTheScreenCannotShow(t *testing.T) {
	huge := strings.Repeat("x", printdoc.MaxBytes+1)
	many := make([]printdoc.Entry, printdoc.MaxEntries+1)
	cases := []struct {
		name   string
		change func(*printdoc.Document)
		field  string
		reason string
	}{
		{"no title", func(d *printdoc.Document) { d.Title = "  " }, "title", portal.ReasonPrintableEmpty},
		{"unknown language", func(d *printdoc.Document) { d.Lang = "xx" }, "lang", portal.ReasonUnknownLanguage},
		{"too much text", func(d *printdoc.Document) { d.Sections[0].Entries[0].Body = huge }, "document", portal.ReasonPrintableTooLarge},
		{"too many entries", func(d *printdoc.Document) { d.Sections[0].Entries = many }, "document", portal.ReasonPrintableTooLarge},
		{"too many fields", func(d *printdoc.Document) { d.Fields = make([]printdoc.Field, printdoc.MaxFields+1) }, "document", portal.ReasonPrintableTooLarge},
		{"invalid UTF-8", func(d *printdoc.Document) { d.Fields[0].Value = "\xff" }, "text", portal.ReasonInvalidText},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := sample()
			c.change(&d)
			b, err := printdoc.Render(d)
			e := portal.AsError(err)
			if e == nil || e.Code != portal.EInvalid || e.Field != c.field || e.Reason != c.reason || b != nil {
				t.Fatalf("got %v (%+v), %d bytes; want %s/%s", err, e, len(b), c.field, c.reason)
			}
		})
	}
}
