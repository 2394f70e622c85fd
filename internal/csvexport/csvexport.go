// Package csvexport turns a table the user sees into a CSV file that
// spreadsheet programs open correctly: UTF-8 with a byte-order mark (so
// Excel on Windows reads umlauts), the list separator of the user's locale
// (";" where the decimal separator is a comma, as Excel expects there),
// RFC 4180 quoting, and a guard against formula injection (a cell that
// starts with = + - @ or a tab/CR is prefixed with an apostrophe, so a
// spreadsheet shows it as text instead of running it).
package csvexport

import (
	"bytes"
	"encoding/csv"
	"strings"
	"unicode/utf8"

	"supportportal/internal/portal"
)

// BOM is the UTF-8 byte-order mark every file starts with.
const BOM = "\ufeff"

// Limits on what the UI may send.
const (
	MaxRows    = 100_000
	MaxColumns = 50
	MaxBytes   = 32 << 20
)

// Table is a screen's table as the user sees it: the header and the cells
// already formatted in the user's language, locale and time zone.
type Table struct {
	// FileName is the name the save dialog proposes, e.g. "cases.csv".
	FileName string `json:"fileName"`
	// Locale is the BCP 47 locale the dates were formatted in; it picks
	// the list separator.
	Locale string     `json:"locale"`
	Header []string   `json:"header"`
	Rows   [][]string `json:"rows"`
}

// Separator is the list separator spreadsheet programs expect for locale:
// ';' where the decimal separator is a comma, ',' elsewhere.
func Separator(locale string) rune {
	lang, region, _ := strings.Cut(strings.ReplaceAll(locale, "_", "-"), "-")
	switch strings.ToLower(lang) {
	case "de", "fr", "es", "it", "nl", "pt", "sv", "da", "nb", "nn", "no", "fi", "pl", "cs", "ru", "tr":
		return ';'
	case "en":
		if strings.EqualFold(region, "ZA") {
			return ';'
		}
	}
	return ','
}

// Guard neutralises a cell a spreadsheet would read as a formula.
func Guard(cell string) string {
	if cell == "" {
		return cell
	}
	switch cell[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + cell
	}
	return cell
}

// Check validates t; a refused table gets a portal.Error with a reason.
func (t Table) Check() error {
	if len(t.Header) == 0 || len(t.Header) > MaxColumns {
		return portal.Invalid("header", portal.ReasonExportNoColumns, "", "a table needs 1 to %d columns", MaxColumns)
	}
	if len(t.Rows) > MaxRows {
		return portal.Invalid("rows", portal.ReasonExportTooLarge, "", "at most %d rows", MaxRows)
	}
	size := 0
	check := func(cells []string) error {
		for _, c := range cells {
			size += len(c)
			if !utf8.ValidString(c) {
				return portal.Invalid("rows", portal.ReasonExportInvalidUTF8, "", "a cell is not valid UTF-8")
			}
		}
		if size > MaxBytes {
			return portal.Invalid("rows", portal.ReasonExportTooLarge, "", "at most %d bytes", MaxBytes)
		}
		return nil
	}
	if err := check(t.Header); err != nil {
		return err
	}
	for i, r := range t.Rows {
		if len(r) != len(t.Header) {
			return portal.Invalid("rows", portal.ReasonExportRaggedRow, "", "row %d has %d cells, the header %d", i+1, len(r), len(t.Header))
		}
		if err := check(r); err != nil {
			return err
		}
	}
	return nil
}

// Encode returns the file's bytes: BOM, header, rows, CRLF line ends.
func Encode(t Table) ([]byte, error) {
	if err := t.Check(); err != nil {
		return nil, err
	}
	var b bytes.Buffer
	b.WriteString(BOM)
	w := csv.NewWriter(&b)
	w.Comma = Separator(t.Locale)
	w.UseCRLF = true
	row := make([]string, len(t.Header))
	put := func(cells []string) {
		for i, c := range cells {
			row[i] = Guard(c)
		}
		_ = w.Write(row) // writes to a bytes.Buffer cannot fail
	}
	put(t.Header)
	for _, r := range t.Rows {
		put(r)
	}
	w.Flush()
	return b.Bytes(), w.Error()
}

// SafeFileName checks the proposed file name: a plain name ending in .csv.
func SafeFileName(name string) (string, error) {
	n := strings.TrimSpace(name)
	if n == "" || len(n) > 200 || strings.ContainsAny(n, `/\:*?"<>|`) || strings.HasPrefix(n, ".") || strings.ContainsRune(n, 0) {
		return "", portal.Invalid("fileName", portal.ReasonExportBadFileName, n, "not a plain file name")
	}
	if !strings.HasSuffix(strings.ToLower(n), ".csv") {
		return "", portal.Invalid("fileName", portal.ReasonExportWrongFileType, n, "the file name must end in .csv")
	}
	return n, nil
}
