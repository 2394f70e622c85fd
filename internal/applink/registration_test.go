package applink

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"text/template"
)

// The scheme is registered where each system looks for it: the Windows
// installer, the macOS bundle's Info.plist (which Wails fills from
// wails.json), and the Linux desktop entry. These tests read the files as
// they ship.

func readRepoFile(t *testing.T, rel string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", filepath.FromSlash(rel)))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestWindowsInstallerRegistersTheScheme(t *testing.T) {
	nsi := readRepoFile(t, "build/windows/installer/supportportal.nsi")
	if m := regexp.MustCompile(`(?m)^!define\s+URL_SCHEME\s+"([^"]*)"`).FindStringSubmatch(nsi); m == nil || m[1] != Scheme {
		t.Fatalf("installer URL_SCHEME %v, want %q", m, Scheme)
	}
	for _, want := range []string{
		`WriteRegStr HKCU "${URL_KEY}" "URL Protocol" ""`,
		// The link is one quoted argument: the app finds it in its arguments.
		`WriteRegStr HKCU "${URL_KEY}\shell\open\command" "" '"$INSTDIR\${EXE_NAME}" "%1"'`,
		`DeleteRegKey HKCU "${URL_KEY}"`,
	} {
		if !strings.Contains(nsi, want) {
			t.Errorf("installer lacks %s", want)
		}
	}
}

// wailsProject is what Wails' Info.plist template reads of wails.json
// (github.com/wailsapp/wails/v2/internal/project).
type wailsProject struct {
	OutputFilename string `json:"outputfilename"`
	Info           struct {
		ProductName    string `json:"productName"`
		ProductVersion string `json:"productVersion"`
		Copyright      string `json:"copyright"`
		Comments       string `json:"comments"`
		// FileAssociations stays empty here, as in wails.json.
		FileAssociations []struct{ Ext, Name, IconName, Role string } `json:"fileAssociations"`
		Protocols        []struct {
			Scheme      string `json:"scheme"`
			Description string `json:"description"`
			Role        string `json:"role"`
		} `json:"protocols"`
	} `json:"info"`
}

func TestMacBundleRegistersTheScheme(t *testing.T) {
	var p wailsProject
	if err := json.Unmarshal([]byte(readRepoFile(t, "wails.json")), &p); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"build/darwin/Info.plist", "build/darwin/Info.dev.plist"} {
		tmpl, err := template.New(f).Parse(readRepoFile(t, f))
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		var out bytes.Buffer
		if err := tmpl.Execute(&out, p); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		schemes := plistURLSchemes(t, out.Bytes())
		if len(schemes) != 1 || schemes[0] != Scheme {
			t.Errorf("%s with wails.json: CFBundleURLSchemes %q, want [%q]\n%s", f, schemes, Scheme, out.String())
		}
	}
}

// plistURLSchemes returns the strings under CFBundleURLSchemes keys of a
// property list, which must be well-formed XML.
func plistURLSchemes(t *testing.T, b []byte) []string {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(b))
	d.Strict = true
	var schemes []string
	var lastKey, text string
	inSchemes := false
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			return schemes
		} else if err != nil {
			t.Fatalf("Info.plist is not well-formed: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			text = ""
			if tok.Name.Local == "array" && lastKey == "CFBundleURLSchemes" {
				inSchemes = true
			}
		case xml.CharData:
			text += string(tok)
		case xml.EndElement:
			switch tok.Name.Local {
			case "key":
				lastKey = strings.TrimSpace(text)
			case "string":
				if inSchemes {
					schemes = append(schemes, strings.TrimSpace(text))
				}
			case "array":
				inSchemes = false
			}
		}
	}
}

func TestLinuxDesktopEntryRegistersTheScheme(t *testing.T) {
	entry := map[string]string{}
	for line := range strings.Lines(readRepoFile(t, "build/linux/supportportal.desktop")) {
		if k, v, ok := strings.Cut(strings.TrimSpace(line), "="); ok {
			entry[k] = v
		}
	}
	if got := entry["MimeType"]; got != "x-scheme-handler/"+Scheme+";" {
		t.Errorf("MimeType %q", got)
	}
	// %u: the desktop passes the link as the one argument.
	if got := entry["Exec"]; got != "supportportal %u" {
		t.Errorf("Exec %q", got)
	}
	if entry["Type"] != "Application" || entry["Name"] != "Support Portal" {
		t.Errorf("entry %v", entry)
	}
}
