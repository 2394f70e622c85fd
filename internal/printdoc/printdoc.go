// Package printdoc turns a document the user sees (a case with its
// conversation) into one self-contained, printable HTML file: no scripts,
// no remote resources, print styles for paper, every text escaped. Any
// browser opens it and prints it or saves it as PDF.
//
// The UI sends the document already worded in the user's language, with
// dates formatted for the user's locale and time zone, so the file shows
// what the screen shows; this package only checks and lays it out.
package printdoc

import (
	"bytes"
	_ "embed"
	"fmt"
	"html/template"
	"strings"
	"unicode/utf8"

	"supportportal/internal/portal"
)

// Limits on what the UI may send.
const (
	MaxBytes    = 16 << 20 // all texts together
	MaxFields   = 50
	MaxSections = 20
	MaxEntries  = 10_000 // over all sections
)

// Document is what is printed: a title, a list of labelled values, and
// sections of entries (a conversation's messages, a history).
type Document struct {
	// FileName is the suggested file name without extension.
	FileName string    `json:"fileName"`
	Lang     string    `json:"lang"` // the document's language, "en" or "de"
	Title    string    `json:"title"`
	Fields   []Field   `json:"fields"`
	Sections []Section `json:"sections"`
	// Footer is a line at the end (for example when it was exported).
	Footer string `json:"footer"`
}

// Field is one labelled value (Status: Solved).
type Field struct {
	Label string `json:"label"`
	Value string `json:"value"`
}

// Section is a heading with entries.
type Section struct {
	Heading string  `json:"heading"`
	Entries []Entry `json:"entries"`
}

// Entry is one message: who and when, the text, and attachment names.
type Entry struct {
	Heading     string   `json:"heading"`
	Body        string   `json:"body"`
	Attachments []string `json:"attachments"`
	// Kind marks an entry for styling: "support", "customer" or "".
	Kind string `json:"kind"`
}

// Check refuses what could not be a document the screen showed: nothing
// to print, too much, invalid text, an unknown language.
func Check(d Document) error {
	if strings.TrimSpace(d.Title) == "" {
		return portal.Invalid("title", portal.ReasonPrintableEmpty, "", "the document has no title")
	}
	if d.Lang != "en" && d.Lang != "de" {
		return portal.Invalid("lang", portal.ReasonUnknownLanguage, d.Lang, "unknown document language %q", d.Lang)
	}
	if len(d.Fields) > MaxFields || len(d.Sections) > MaxSections {
		return tooLarge("the document has %d fields and %d sections; at most %d and %d are allowed", len(d.Fields), len(d.Sections), MaxFields, MaxSections)
	}
	size, entries := 0, 0
	texts := []string{d.FileName, d.Title, d.Footer}
	for _, f := range d.Fields {
		texts = append(texts, f.Label, f.Value)
	}
	for _, s := range d.Sections {
		texts = append(texts, s.Heading)
		entries += len(s.Entries)
		for _, e := range s.Entries {
			texts = append(texts, e.Heading, e.Body, e.Kind)
			texts = append(texts, e.Attachments...)
		}
	}
	if entries > MaxEntries {
		return tooLarge("the document has %d entries; at most %d are allowed", entries, MaxEntries)
	}
	for _, t := range texts {
		if !utf8.ValidString(t) {
			return portal.Invalid("text", portal.ReasonInvalidText, "", "the document holds text that is not valid UTF-8")
		}
		size += len(t)
	}
	if size > MaxBytes {
		return tooLarge("the document holds %d bytes of text; at most %d are allowed", size, MaxBytes)
	}
	return nil
}

func tooLarge(format string, args ...any) error {
	e := portal.Invalid("document", portal.ReasonPrintableTooLarge, "", format, args...)
	e.Params = map[string]string{"max": fmt.Sprint(MaxBytes >> 20)}
	return e
}

//go:embed page.html
var pageHTML string

var page = template.Must(template.New("page").Parse(pageHTML))

// Render checks d and returns the HTML file's bytes.
func Render(d Document) ([]byte, error) {
	if err := Check(d); err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := page.Execute(&b, d); err != nil {
		return nil, portal.Errorf(portal.EInternal, "render printable document: %v", err)
	}
	return b.Bytes(), nil
}

// FileName is the name the save dialog suggests: the document's own name
// made safe for every file system, ending in .html.
func FileName(d Document) string {
	n := strings.TrimSpace(d.FileName)
	if n == "" {
		n = d.Title
	}
	return portal.SanitizeFileName(n + ".html")
}
