package app

import (
	"os"

	"supportportal/internal/csvexport"
	"supportportal/internal/portal"
	"supportportal/internal/printdoc"
)

// ExportCSV saves a table the screen shows (My Account Cases) as a CSV file
// where the user chooses in the native save dialog. It returns the path
// written, or "" when the user cancelled. The table is checked before the
// dialog opens, so refused input asks nothing and writes nothing.
func (a *App) ExportCSV(t csvexport.Table) (string, error) {
	return run(a, func() (string, error) {
		name, err := csvexport.SafeFileName(t.FileName)
		if err != nil {
			return "", err
		}
		b, err := csvexport.Encode(t)
		if err != nil || a.platform == nil {
			return "", err
		}
		dst, err := a.platform.SaveFile(name)
		if err != nil || dst == "" { // cancelled
			return "", err
		}
		if err := os.WriteFile(dst, b, 0o644); err != nil {
			return "", portal.Errorf(portal.EInternal, "write %s: %v", dst, err)
		}
		return dst, nil
	})
}

// SavePrintable saves a document the screen shows (a case with its
// conversation) as one printable HTML file where the user chooses in the
// native save dialog; any browser prints it or saves it as PDF. It returns
// the path written, or "" when the user cancelled. The document is checked
// before the dialog opens, so refused input asks nothing and writes nothing.
func (a *App) SavePrintable(d printdoc.Document) (string, error) {
	return run(a, func() (string, error) {
		b, err := printdoc.Render(d)
		if err != nil || a.platform == nil {
			return "", err
		}
		dst, err := a.platform.SaveFile(printdoc.FileName(d))
		if err != nil || dst == "" { // cancelled
			return "", err
		}
		if err := os.WriteFile(dst, b, 0o644); err != nil {
			return "", portal.Errorf(portal.EInternal, "write %s: %v", dst, err)
		}
		return dst, nil
	})
}
