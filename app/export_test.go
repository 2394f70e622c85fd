package app_test

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"supportportal/internal/csvexport"
	"supportportal/internal/portal"
	"supportportal/internal/printdoc"
)

func TestExportCSVWritesWhereTheDialogSays(t *testing.T) {
	a, rec, _ := newApp(t)
	tab := csvexport.Table{
		FileName: "Fälle.csv",
		Locale:   "de-DE",
		Header:   []string{"Nummer", "Betreff", "Letzte Änderung"},
		Rows:     [][]string{{"#7", "=cmd|' /C calc'!A0", "02.12.2026, 10:15"}, {"noch nicht gesendet", "Drucker; Büro", "01.12.2026, 09:00"}},
	}

	// Cancelled: nothing written, no error.
	got, err := a.ExportCSV(tab)
	if err != nil || got != "" {
		t.Fatalf("cancel: %q %v", got, err)
	}

	rec.saveTo = filepath.Join(t.TempDir(), "out.csv")
	got, err = a.ExportCSV(tab)
	if err != nil || got != rec.saveTo {
		t.Fatalf("export: %q %v", got, err)
	}
	b, err := os.ReadFile(rec.saveTo)
	if err != nil {
		t.Fatal(err)
	}
	want := "\ufeffNummer;Betreff;Letzte Änderung\r\n#7;'=cmd|' /C calc'!A0;02.12.2026, 10:15\r\nnoch nicht gesendet;\"Drucker; Büro\";01.12.2026, 09:00\r\n"
	if string(b) != want {
		t.Fatalf("file\n%q\nwant\n%q", b, want)
	}
	if !reflect.DeepEqual(rec.asked, []string{"Fälle.csv", "Fälle.csv"}) {
		t.Fatalf("dialog proposed %q", rec.asked)
	}
}

func TestExportCSVRefusesBadInputBeforeTheDialog(t *testing.T) {
	a, rec, _ := newApp(t)
	rec.saveTo = filepath.Join(t.TempDir(), "out.csv")
	for _, c := range []struct {
		tab    csvexport.Table
		reason string
	}{
		{csvexport.Table{FileName: "../../etc/x.csv", Header: []string{"a"}}, portal.ReasonExportBadFileName},
		{csvexport.Table{FileName: "x.exe", Header: []string{"a"}}, portal.ReasonExportWrongFileType},
		{csvexport.Table{FileName: "x.csv", Header: []string{"a", "b"}, Rows: [][]string{{"1"}}}, portal.ReasonExportRaggedRow},
	} {
		t.Run(c.reason, func(t *testing.T) {
			_, err := a.ExportCSV(c.tab)
			if e := decode(t, err); e.Code != "invalid" || e.Reason != c.reason {
				t.Errorf("%+v: got %+v, want reason %s", c.tab, e, c.reason)
			}
		})
	}
	if len(rec.asked) != 0 {
		t.Fatalf("dialog opened for refused input: %q", rec.asked)
	}
	if _, err := os.Stat(rec.saveTo); !os.IsNotExist(err) {
		t.Fatalf("a file was written: %v", err)
	}
}

func TestSavePrintableWritesWhereTheDialogSays(t *testing.T) {
	a, rec, _ := newApp(t)
	doc := printdoc.Document{
		FileName: "Case 7: Certificates",
		Lang:     "en",
		Title:    "Case 7: Certificates print blank",
		Fields:   []printdoc.Field{{Label: "Status", Value: "Solved"}},
		Sections: []printdoc.Section{{Heading: "Conversation", Entries: []printdoc.Entry{{Heading: "Sam Support", Body: "Clear the cache.", Kind: "support"}}}},
	}
	got, err := a.SavePrintable(doc)
	if err != nil || got != "" {
		t.Fatalf("cancel: %q %v", got, err)
	}
	rec.saveTo = filepath.Join(t.TempDir(), "case.html")
	got, err = a.SavePrintable(doc)
	if err != nil || got != rec.saveTo {
		t.Fatalf("save: %q %v", got, err)
	}
	b, err := os.ReadFile(rec.saveTo)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := printdoc.Render(doc)
	if string(b) != string(want) {
		t.Fatalf("file differs from the rendered document:\n%s", b)
	}
	if !reflect.DeepEqual(rec.asked, []string{"Case 7_ Certificates.html", "Case 7_ Certificates.html"}) {
		t.Fatalf("dialog proposed %q", rec.asked)
	}

	// Refused before the dialog: nothing asked, nothing written.
	rec.asked = nil
	doc.Lang = "fr"
	if _, err := a.SavePrintable(doc); decode(t, err).Reason != portal.ReasonUnknownLanguage || rec.asked != nil {
		t.Fatalf("bad document: %v, dialog %q", err, rec.asked)
	}
}
