package portal_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"supportportal/internal/portal"
)

func TestStatusTransitions(t *testing.T) {
	allowed := [][2]string{
		{"draft", "waiting_to_send"}, {"waiting_to_send", "new"},
		{"new", "in_progress"}, {"new", "solved"}, {"in_progress", "waiting_on_customer"},
		{"waiting_on_customer", "in_progress"}, {"in_progress", "solved"}, {"solved", "in_progress"},
		{"solved", "closed"}, {"new", "closed"},
	}
	for _, tr := range allowed {
		t.Run(tr[0]+" to "+tr[1], func(t *testing.T) {
			if !portal.CanTransition(tr[0], tr[1]) {
				t.Errorf("%s → %s should be allowed", tr[0], tr[1])
			}
		})
	}
	forbidden := [][2]string{
		{"closed", "in_progress"}, {"closed", "new"}, {"closed", "solved"}, {"solved", "new"},
		{"new", "waiting_to_send"}, {"draft", "new"}, {"waiting_to_send", "solved"}, {"in_progress", "new"},
		{"new", "draft"}, {"bogus", "new"}, {"new", "bogus"},
	}
	for _, tr := range forbidden {
		t.Run(tr[0]+" to "+tr[1], func(t *testing.T) {
			if portal.CanTransition(tr[0], tr[1]) {
				t.Errorf("%s → %s should be forbidden", tr[0], tr[1])
			}
		})
	}
}

func TestCustomerCommentRules(t *testing.T) {
	cases := map[string]string{
		"solved": "in_progress", "waiting_on_customer": "in_progress", "new": "new",
		"in_progress": "in_progress", "waiting_to_send": "waiting_to_send",
	}
	for from, want := range cases {
		t.Run(from, func(t *testing.T) {
			got, err := portal.StatusAfterCustomerComment(from)
			if err != nil || got != want {
				t.Errorf("comment on %s: got %q, %v; want %q", from, got, err, want)
			}
		})
	}
	_, err := portal.StatusAfterCustomerComment("closed")
	if pe := portal.AsError(err); pe.Code != portal.EConflict || pe.Reason != portal.ReasonCaseClosed {
		t.Fatalf("comment on closed: %v", err)
	}
}

func validDraft() portal.DraftInput {
	return portal.DraftInput{Subject: "Report export fails", CategoryID: "reports", SubcategoryID: "reports.export",
		Description: "The CSV export stops at 10%.", Priority: "high"}
}

func TestValidateForSubmit(t *testing.T) {
	cats := portal.DefaultComponentCategories()
	if err := portal.ValidateForSubmit(validDraft(), cats); err != nil {
		t.Fatalf("valid draft refused: %v", err)
	}
	tests := []struct {
		name          string
		edit          func(*portal.DraftInput)
		field, reason string
	}{
		{"blank subject", func(d *portal.DraftInput) { d.Subject = "  \t" }, "subject", "required"},
		{"no category", func(d *portal.DraftInput) { d.CategoryID = "" }, "category", "required"},
		{"unknown category", func(d *portal.DraftInput) { d.CategoryID = "'; DROP TABLE x" }, "category", "unknown_category"},
		{"no subcategory", func(d *portal.DraftInput) { d.SubcategoryID = "" }, "subcategory", "required"},
		{"subcategory of another category", func(d *portal.DraftInput) { d.SubcategoryID = "courses.enrollment" }, "subcategory", "unknown_subcategory"},
		{"blank description", func(d *portal.DraftInput) { d.Description = "\n\n" }, "description", "required"},
		{"bad priority", func(d *portal.DraftInput) { d.Priority = "critical" }, "priority", "unknown_priority"},
		{"huge subject", func(d *portal.DraftInput) { d.Subject = strings.Repeat("x", portal.MaxSubjectRunes+1) }, "subject", "too_long"},
		{"huge description", func(d *portal.DraftInput) { d.Description = strings.Repeat("é", portal.MaxDescriptionRunes+1) }, "description", "too_long"},
		{"invalid UTF-8", func(d *portal.DraftInput) { d.Subject = "bad \xff byte" }, "subject", "invalid_text"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := validDraft()
			tt.edit(&d)
			pe := portal.AsError(portal.ValidateForSubmit(d, cats))
			if pe.Code != portal.EInvalid || pe.Field != tt.field || pe.Reason != tt.reason {
				t.Fatalf("got %+v, want field %s reason %s", pe, tt.field, tt.reason)
			}
		})
	}
	// Exactly at the limit is fine; multi-byte letters count once.
	d := validDraft()
	d.Subject = strings.Repeat("ü", portal.MaxSubjectRunes)
	if err := portal.ValidateForSubmit(d, cats); err != nil {
		t.Fatalf("subject at the limit refused: %v", err)
	}
}

func TestValidateDraftIsLenient(t *testing.T) {
	d := portal.DraftInput{Subject: "half a thought"}
	if err := portal.ValidateDraft(&d); err != nil {
		t.Fatalf("unfinished draft refused: %v", err)
	}
	if d.Priority != "medium" {
		t.Fatalf("priority default = %q", d.Priority)
	}
}

func TestSanitizeFileName(t *testing.T) {
	tests := map[string]string{
		"screenshot.png":                     "screenshot.png",
		"../../etc/passwd":                   "passwd",
		`C:\Users\ann\Desktop\error log.txt`: "error log.txt",
		"evil\x00name\x1b[31m.png":           "evilname[31m.png",
		"invoice\u202egnp.exe":               "invoicegnp.exe",
		"CON.txt":                            "_CON.txt",
		"con.tar.gz":                         "_con.tar.gz",
		"NUL ":                               "_NUL",
		"com1 .log":                          "_com1 .log",
		"LPT².txt":                           "_LPT².txt",
		"CONOUT$":                            "_CONOUT$",
		"CONSOLE.txt":                        "CONSOLE.txt",
		"report.pdf. . .":                    "report.pdf",
		"a<b>c:d|e?f*.pdf":                   "a_b_c_d_e_f_.pdf",
		"   .hidden  ":                       "hidden",
		"":                                   "file",
		"..":                                 "file",
		"/":                                  "file",
		"Bericht über Prüfungen.docx":        "Bericht über Prüfungen.docx",
	}
	for in, want := range tests {
		t.Run(in, func(t *testing.T) {
			if got := portal.SanitizeFileName(in); got != want {
				t.Errorf("SanitizeFileName(%q) = %q, want %q", in, got, want)
			}
		})
	}
	long := portal.SanitizeFileName(strings.Repeat("a", 500) + ".png")
	if len([]rune(long)) != portal.MaxFileNameRunes || !strings.HasSuffix(long, ".png") {
		t.Fatalf("long name: %d runes, %q…", len([]rune(long)), long[len(long)-8:])
	}
}

func TestCaseFilterNormalize(t *testing.T) {
	f := portal.CaseFilter{Limit: 10_000, Offset: -5}
	if err := f.Normalize(); err != nil {
		t.Fatal(err)
	}
	if f.Limit != portal.MaxCaseLimit || f.Offset != 0 || f.Sort != "updated" || !f.Desc {
		t.Fatalf("normalized = %+v", f)
	}
	for i, bad := range []portal.CaseFilter{{Sort: "subject; DROP"}, {Statuses: []string{"deleted"}}} {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			if portal.AsError(bad.Normalize()).Code != portal.EInvalid {
				t.Errorf("filter %+v accepted", bad)
			}
		})
	}
}

// Every sanitized name is stored under exactly that name: Windows drops
// trailing dots and spaces, treats CON, NUL, COM1… as devices whatever the
// extension, and refuses names over 255 UTF-16 units; Linux and macOS
// refuse names over 255 bytes. Run on the Windows build too (make
// test-windows).
func TestSanitizedNamesAreKeptByTheFileSystem(t *testing.T) {
	names := []string{
		"CON", "con.tar.gz", "NUL.txt", "nul ", "Com1.log", "lpt9", "COM¹.txt", "AUX .txt", "CONIN$", "prn.",
		"report.pdf.", "report.pdf ", "notes. . .", "a:b.txt", "stream.txt:Zone.Identifier", "what?.png",
		strings.Repeat("报告", 150) + ".pdf",                         // 300 runes, 900 bytes
		strings.Repeat("😀", 120),                                   // 120 runes, 480 bytes, 240 UTF-16 units
		strings.Repeat("a", 198) + " . " + strings.Repeat("b", 20), // extension too long, cut before a dot
		strings.Repeat("é", 199) + ".txt",
	}
	for i, in := range names {
		t.Run(in, func(t *testing.T) {
			name := portal.SanitizeFileName(in)
			if n := len(name); n > portal.MaxFileNameBytes || strings.TrimRight(name, ". ") != name {
				t.Errorf("%q → %q (%d bytes)", in, name, n)
				return
			}
			dir := filepath.Join(t.TempDir(), strconv.Itoa(i))
			if err := os.Mkdir(dir, 0o700); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, name), []byte(in), 0o600); err != nil {
				t.Errorf("%q → %q: %v", in, name, err)
				return
			}
			ents, err := os.ReadDir(dir)
			if err != nil || len(ents) != 1 || ents[0].Name() != name {
				var got []string
				for _, e := range ents {
					got = append(got, e.Name())
				}
				t.Errorf("%q → %q: the folder holds %q (%v)", in, name, got, err)
				return
			}
			if b, err := os.ReadFile(filepath.Join(dir, ents[0].Name())); err != nil || string(b) != in {
				t.Errorf("%q → %q: read back %q, %v", in, name, b, err)
			}
		})
	}
}
