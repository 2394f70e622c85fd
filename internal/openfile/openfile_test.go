package openfile_test

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"supportportal/internal/must"
	"supportportal/internal/openfile"
	"supportportal/internal/portal"
)

const id = "0190f5a6-7b1c-7d2e-8f30-4a5b6c7d8e9f"

func reason(err error) string {
	var pe *portal.Error
	if errors.As(err, &pe) {
		return pe.Reason
	}
	return ""
}

// Only known document, image, text and archive types are opened; anything
// the list does not name (programs, scripts, shortcuts, types invented
// tomorrow) is refused, whatever its case or however it is disguised.
func TestOpenableIsAnAllowList(t *testing.T) {
	for _, name := range []string{"report.pdf", "Screenshot.PNG", "photo.jpeg", "notes.txt", "server.log", "data.csv",
		"export.xlsx", "letter.docx", "logs.zip", "logs.tar.gz", "mail.eml"} {
		t.Run(name, func(t *testing.T) {
			if !openfile.Openable(name) {
				t.Errorf("%s should be openable", name)
			}
		})
	}
	for _, name := range []string{"setup.exe", "run.bat", "x.cmd", "x.ps1", "x.vbs", "x.js", "x.hta", "x.lnk", "x.jar",
		"x.sh", "x.app", "x.command", "x.desktop", "x.AppImage", "x.reg", "x.scr", "x.msi", "x.iso", "x.img", "x.url",
		"x.webloc", "x.html", "x.svg", "x.docm", "x.xlsm", "x.py", "x.library-ms", "x.settingcontent-ms", "x.newtype",
		"noextension", "report.pdf.exe", "report.pdf ", ".bashrc"} {
		t.Run(name, func(t *testing.T) {
			if openfile.Openable(name) {
				t.Errorf("%s must not be openable", name)
			}
			_, err := openfile.Write(t.TempDir(), id, name, "", strings.NewReader("x"))
			if reason(err) != portal.ReasonAttachmentUnsafe {
				t.Errorf("Write(%q) = %v, want %s", name, err, portal.ReasonAttachmentUnsafe)
			}
		})
	}
}

// Whatever ID and name a hostile server managed to get stored, the opened
// copy lands in dataDir/opened/<uuid>/ or nowhere: nothing is written
// outside, and a link planted in the folder does not lead out either.
func TestHostileServerCannotWriteOutsideOpened(t *testing.T) {
	data := t.TempDir()
	outside := t.TempDir()
	hostile := []struct{ id, name string }{
		{"../../x", "a.txt"},
		{"../" + id, "a.txt"},
		{filepath.Join(outside, "x"), "a.txt"},
		{"/etc", "a.txt"},
		{`..\..\x`, "a.txt"},
		{"C:/Windows", "a.txt"},
		{strings.ToUpper(id), "a.txt"}, // not the canonical form: two names for one folder
		{id + "/..", "a.txt"},
		{"", "a.txt"},
		{id, "../../a.txt"},
		{id, "../a.txt"},
		{id, filepath.Join(outside, "a.txt")},
		{id, `..\a.txt`},
		{id, "sub/a.txt"},
		{id, ".."},
		{id, ""},
		{id, "a\x00.txt"},
		{id, "a.txt:evil.exe"},
	}
	for _, h := range hostile {
		t.Run(h.id+" "+h.name, func(t *testing.T) {
			if p, err := openfile.Path(data, h.id, h.name); reason(err) != portal.ReasonAttachmentBadPath {
				t.Errorf("Path(%q, %q) = %q, %v; want %s", h.id, h.name, p, err, portal.ReasonAttachmentBadPath)
			}
			if p, err := openfile.Write(data, h.id, h.name, "", strings.NewReader("pwned")); err == nil {
				t.Errorf("Write(%q, %q) wrote %s", h.id, h.name, p)
			}
		})
	}
	// A planted link: opened/<id> points outside. The copy is refused.
	if err := os.MkdirAll(openfile.Dir(data), 0o700); err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" {
		if err := os.Symlink(outside, filepath.Join(openfile.Dir(data), id)); err != nil {
			t.Fatal(err)
		}
		if p, err := openfile.Write(data, id, "a.txt", "", strings.NewReader("pwned")); err == nil {
			t.Errorf("a link in opened/ led the copy to %s", p)
		}
		os.Remove(filepath.Join(openfile.Dir(data), id))
	}
	ents, _ := os.ReadDir(outside)
	if len(ents) != 0 {
		t.Fatalf("files were written outside the data folder: %v", ents)
	}
	var wrote []string
	must.Do(filepath.WalkDir(data, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			wrote = append(wrote, p)
		}
		return nil
	}))
	if len(wrote) != 0 {
		t.Fatalf("refused writes left files: %v", wrote)
	}

	// The honest case works, and the copy is where Path says.
	p, err := openfile.Write(data, id, "report.pdf", "https://support.example.com", strings.NewReader("%PDF-1.7"))
	if err != nil {
		t.Fatal(err)
	}
	if want, _ := openfile.Path(data, id, "report.pdf"); p != want || p != filepath.Join(data, "opened", id, "report.pdf") {
		t.Fatalf("written to %s", p)
	}
	if b, _ := os.ReadFile(p); string(b) != "%PDF-1.7" {
		t.Fatalf("copy holds %q", b)
	}
	if m, err := openfile.Marked(p); err != nil || m != openfile.Marks {
		t.Fatalf("download mark = %v, %v; want %v on %s", m, err, openfile.Marks, runtime.GOOS)
	}
	// Opening it again replaces the copy.
	if _, err := openfile.Write(data, id, "report.pdf", "", strings.NewReader("v2")); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(p); string(b) != "v2" {
		t.Fatalf("copy holds %q", b)
	}
}
