package csvexport_test

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"supportportal/internal/csvexport"
	"supportportal/internal/portal"
)

func reason(err error) string { return portal.AsError(err).Reason }

func TestEncodeBOMQuotingAndGuard(t *testing.T) {
	tab := csvexport.Table{
		Locale: "en-US",
		Header: []string{"Number", "Subject", "Last update"},
		Rows: [][]string{
			{"#12", `Drucker "Büro", 2. OG`, "12/2/2026, 9:05 AM"},
			{"#13", "line one\nline two", "12/1/2026, 11:00 PM"},
			{"#14", "=HYPERLINK(\"http://evil\")", "x"},
			{"#15", "+1", "-2"},
			{"#16", "@SUM(A1)", "\tTAB"},
			{"#17", "a=b stays", ""},
		},
	}
	got, err := csvexport.Encode(tab)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(got, []byte{0xEF, 0xBB, 0xBF}) {
		t.Fatalf("no UTF-8 BOM: % x", got[:3])
	}
	want := "\ufeffNumber,Subject,Last update\r\n" +
		"#12,\"Drucker \"\"Büro\"\", 2. OG\",\"12/2/2026, 9:05 AM\"\r\n" +
		"#13,\"line one\r\nline two\",\"12/1/2026, 11:00 PM\"\r\n" +
		"#14,\"'=HYPERLINK(\"\"http://evil\"\")\",x\r\n" +
		"#15,'+1,'-2\r\n" +
		"#16,'@SUM(A1),'\tTAB\r\n" +
		"#17,a=b stays,\r\n"
	if string(got) != want {
		t.Fatalf("got\n%q\nwant\n%q", got, want)
	}
	// A CSV reader gets every cell back (guarded ones with the apostrophe).
	r := csv.NewReader(bytes.NewReader(got[3:]))
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 7 || recs[1][1] != `Drucker "Büro", 2. OG` || recs[2][1] != "line one\nline two" || recs[3][1] != `'=HYPERLINK("http://evil")` {
		t.Fatalf("round trip: %q", recs)
	}
}

func TestGermanLocaleUsesSemicolon(t *testing.T) {
	got, err := csvexport.Encode(csvexport.Table{Locale: "de-DE", Header: []string{"Nr.", "Betreff"}, Rows: [][]string{{"#1", "Größe; Maße"}, {"#2", "a,b"}}})
	if err != nil {
		t.Fatal(err)
	}
	want := "\ufeffNr.;Betreff\r\n#1;\"Größe; Maße\"\r\n#2;a,b\r\n"
	if string(got) != want {
		t.Fatalf("got %q want %q", got, want)
	}
	for loc, sep := range map[string]rune{"de-CH": ';', "fr-FR": ';', "en-GB": ',', "en-ZA": ';', "ja-JP": ',', "": ',', "zh-CN": ','} {
		t.Run(loc, func(t *testing.T) {
			if s := csvexport.Separator(loc); s != sep {
				t.Errorf("Separator(%q) = %q, want %q", loc, s, sep)
			}
		})
	}
}

func TestGuard(t *testing.T) {
	for in, want := range map[string]string{"": "", "=1+1": "'=1+1", "+x": "'+x", "-x": "'-x", "@x": "'@x", "\rx": "'\rx", "a-b": "a-b", " =x": " =x", "#1": "#1"} {
		t.Run(in, func(t *testing.T) {
			if got := csvexport.Guard(in); got != want {
				t.Errorf("Guard(%q) = %q, want %q", in, got, want)
			}
		})
	}
}

func TestRefusedTables(t *testing.T) {
	cases := []struct {
		name string
		tab  csvexport.Table
		want string
	}{
		{"no columns", csvexport.Table{}, portal.ReasonExportNoColumns},
		{"ragged", csvexport.Table{Header: []string{"a", "b"}, Rows: [][]string{{"1", "2"}, {"1"}}}, portal.ReasonExportRaggedRow},
		{"bad utf8", csvexport.Table{Header: []string{"a"}, Rows: [][]string{{"\xff"}}}, portal.ReasonExportInvalidUTF8},
		{"too many rows", csvexport.Table{Header: []string{"a"}, Rows: make([][]string, csvexport.MaxRows+1)}, portal.ReasonExportTooLarge},
		{"too many bytes", csvexport.Table{Header: []string{"a"}, Rows: [][]string{{strings.Repeat("x", csvexport.MaxBytes+1)}}}, portal.ReasonExportTooLarge},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b, err := csvexport.Encode(c.tab)
			if got := reason(err); got != c.want || b != nil {
				t.Errorf("%s: reason %q (bytes %d), want %q", c.name, got, len(b), c.want)
			}
			if portal.ErrorCode(err) != portal.EInvalid {
				t.Errorf("%s: code %q", c.name, portal.ErrorCode(err))
			}
		})
	}
}

func TestSafeFileName(t *testing.T) {
	if n, err := csvexport.SafeFileName(" cases-2026-12-02.csv "); err != nil || n != "cases-2026-12-02.csv" {
		t.Fatalf("%q %v", n, err)
	}
	for name, want := range map[string]string{
		"":              portal.ReasonExportBadFileName,
		"../x.csv":      portal.ReasonExportBadFileName,
		`C:\x.csv`:      portal.ReasonExportBadFileName,
		".hidden.csv":   portal.ReasonExportBadFileName,
		"cases.xlsx":    portal.ReasonExportWrongFileType,
		"cases.csv.exe": portal.ReasonExportWrongFileType,
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := csvexport.SafeFileName(name); reason(err) != want {
				t.Errorf("SafeFileName(%q): %v, want %s", name, err, want)
			}
		})
	}
}
