package serverpreset

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"supportportal/internal/portal"
)

func writeFile(t *testing.T, content string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, FileName), []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return dir
}

// The first source that is set wins, in the documented order.
func TestResolveOrder(t *testing.T) {
	file := writeFile(t, "https://file.example\n")
	all := Sources{Flag: "https://flag.example", Env: "https://env.example", ExeDir: file, BuiltIn: "https://built.example"}
	for _, c := range []struct {
		name string
		s    Sources
		want Preset
	}{
		{"flag first", all, Preset{"https://flag.example", SourceFlag}},
		{"then the environment", Sources{Env: all.Env, ExeDir: file, BuiltIn: all.BuiltIn}, Preset{"https://env.example", SourceEnv}},
		{"then the file next to the program", Sources{ExeDir: file, BuiltIn: all.BuiltIn}, Preset{"https://file.example", SourceFile}},
		{"then the built-in one", Sources{ExeDir: t.TempDir(), BuiltIn: all.BuiltIn}, Preset{"https://built.example", SourceBuiltIn}},
		{"none", Sources{ExeDir: t.TempDir()}, Preset{}},
		{"no program folder", Sources{}, Preset{}},
	} {
		got, err := Resolve(c.s)
		if err != nil || got != c.want {
			t.Errorf("%s: Resolve = %+v, %v; want %+v", c.name, got, err, c.want)
		}
	}
}

// The address is normalised like one typed into the form.
func TestResolveNormalises(t *testing.T) {
	got, err := Resolve(Sources{BuiltIn: "support.example.com/portal/"})
	if err != nil || got.URL != "https://support.example.com/portal" {
		t.Fatalf("%+v %v", got, err)
	}
	got, err = Resolve(Sources{Env: "http://127.0.0.1:8080"})
	if err != nil || got.URL != "http://127.0.0.1:8080" {
		t.Fatalf("%+v %v", got, err)
	}
}

// The installer's file: Notepad's byte-order mark, CRLF, comments and
// blank lines are fine; an empty file sets nothing.
func TestResolveReadsTheInstallersFile(t *testing.T) {
	dir := writeFile(t, "\xef\xbb\xbf# written by the installer\r\n\r\n  https://support.example.com  \r\n")
	got, err := Resolve(Sources{ExeDir: dir})
	if err != nil || got != (Preset{"https://support.example.com", SourceFile}) {
		t.Fatalf("%+v %v", got, err)
	}
	got, err = Resolve(Sources{ExeDir: writeFile(t, "# nothing\n\n"), BuiltIn: "https://built.example"})
	if err != nil || got.Source != SourceBuiltIn {
		t.Fatalf("%+v %v", got, err)
	}
}

// A bad address is an error naming its source, and there is no preset
// (not a quiet fall-back to another source).
func TestResolveRefusesBadAddresses(t *testing.T) {
	for _, c := range []struct {
		s      Sources
		src    string
		reason string
	}{
		{Sources{Flag: "http://support.example.com", BuiltIn: "https://built.example"}, SourceFlag, portal.ReasonInsecureServerURL},
		{Sources{Env: "https://user:pw@support.example.com"}, SourceEnv, portal.ReasonInvalidServerURL},
		{Sources{ExeDir: writeFile(t, "https://support.example.com/?x=1")}, SourceFile, portal.ReasonInvalidServerURL},
		{Sources{BuiltIn: "ftp://support.example.com"}, SourceBuiltIn, portal.ReasonInvalidServerURL},
	} {
		got, err := Resolve(c.s)
		var pe *portal.Error
		if got != (Preset{}) || !errors.As(err, &pe) || pe.Reason != c.reason || !strings.Contains(err.Error(), c.src) {
			t.Errorf("%+v: Resolve = %+v, %v; want %s from %s", c.s, got, err, c.reason, c.src)
		}
	}
	big := writeFile(t, strings.Repeat("#", maxFile+1))
	if _, err := Resolve(Sources{ExeDir: big}); err == nil || !strings.Contains(err.Error(), "longer than") {
		t.Errorf("a huge file: %v", err)
	}
	unreadable := t.TempDir()
	if err := os.Mkdir(filepath.Join(unreadable, FileName), 0o700); err != nil {
		t.Fatal(err)
	}
	if _, err := Resolve(Sources{ExeDir: unreadable, BuiltIn: "https://built.example"}); err == nil {
		t.Error("a folder where the file should be: no error")
	}
}

// The Windows installer's /SERVER= writes the file the app reads.
func TestInstallerWritesTheFileTheAppReads(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "build", "windows", "installer", "supportportal.nsi"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `!define SERVER_FILE "`+FileName+`"`) || !strings.Contains(string(b), `FileOpen $R6 "$INSTDIR\${SERVER_FILE}" w`) {
		t.Fatalf("the installer does not write %s next to the app", FileName)
	}
}
