package fatalbox

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"supportportal/internal/portal"
)

func TestLanguage(t *testing.T) {
	for _, c := range []struct {
		name   string
		stored string
		system []string
		want   string
	}{
		{"chosen in the app wins over the system", "en", []string{"de-DE"}, "en"},
		{"chosen German", "de", []string{"en-US"}, "de"},
		{"never chosen: the system's language", "", []string{"de-AT", "en-US"}, "de"},
		{"first supported of the system's list", "", []string{"fr-FR", "de-CH", "en-GB"}, "de"},
		{"POSIX locale name", "", []string{"de_DE.UTF-8@euro"}, "de"},
		{"case of the tag", "", []string{"DE-de"}, "de"},
		{"an unsupported stored value falls through", "fr", []string{"de-DE"}, "de"},
		{"nothing supported: English", "", []string{"fr-FR", "ja-JP"}, "en"},
		{"nothing known: English", "", nil, "en"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := Language(c.stored, c.system); got != c.want {
				t.Fatalf("Language(%q, %q) = %q, want %q", c.stored, c.system, got, c.want)
			}
		})
	}
}

func TestSystemLanguagesFromPOSIXLocale(t *testing.T) {
	for _, c := range []struct {
		name string
		env  map[string]string
		want []string
	}{
		{"LANG", map[string]string{"LANG": "de_DE.UTF-8"}, []string{"de_DE.UTF-8"}},
		{"LC_ALL over LC_MESSAGES over LANG", map[string]string{"LC_ALL": "de_AT.UTF-8", "LC_MESSAGES": "fr_FR", "LANG": "en_US"}, []string{"de_AT.UTF-8"}},
		{"LC_MESSAGES over LANG", map[string]string{"LC_MESSAGES": "de_CH", "LANG": "en_US"}, []string{"de_CH"}},
		{"LANGUAGE's list first", map[string]string{"LANGUAGE": "fr:de", "LANG": "en_US.UTF-8"}, []string{"fr", "de", "en_US.UTF-8"}},
		{"the C locale names no language, LANGUAGE included", map[string]string{"LANGUAGE": "de", "LANG": "C.UTF-8"}, nil},
		{"POSIX likewise", map[string]string{"LC_ALL": "POSIX"}, nil},
		{"nothing set", map[string]string{}, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := systemLanguages(func(k string) string { return c.env[k] })
			if !slices.Equal(got, c.want) {
				t.Fatalf("systemLanguages = %q, want %q", got, c.want)
			}
		})
	}
	// End to end: German locale, nothing chosen in the app.
	if got := Language("", systemLanguages(func(k string) string { return map[string]string{"LANG": "de_DE.UTF-8"}[k] })); got != "de" {
		t.Fatalf("German locale gives %q", got)
	}
}

// Every UI language has every message, none left in English, and none of
// them is a format string (Wails passes some through fmt.Errorf).
func TestEveryLanguageHasEveryMessage(t *testing.T) {
	en := For("en")
	for _, lang := range portal.Languages {
		tx, ok := texts[lang]
		if !ok {
			t.Fatalf("no start-failure text for UI language %q", lang)
		}
		strs := textFields(tx)
		enStrs := textFields(en)
		for name, s := range strs {
			if strings.TrimSpace(s) == "" {
				t.Errorf("%s: %s is empty", lang, name)
			}
			if strings.Contains(s, "%") {
				t.Errorf("%s: %s contains %% (Wails formats some messages): %q", lang, name, s)
			}
			if lang != "en" && s == enStrs[name] {
				t.Errorf("%s: %s is the English text %q", lang, name, s)
			}
		}
		if !strings.Contains(tx.WebView2.ContactAdmin, WebView2DownloadURL) || !strings.Contains(tx.WebView2.FailedToInstall, WebView2DownloadURL) {
			t.Errorf("%s: the WebView2 messages do not name the download link", lang)
		}
	}
	if len(texts) != len(portal.Languages) {
		t.Errorf("texts for %d languages, the UI has %d (%v)", len(texts), len(portal.Languages), portal.Languages)
	}
	if !reflect.DeepEqual(For("fr"), en) {
		t.Error("a language without text does not get English")
	}
}

// textFields lists every string of a Text by field name.
func textFields(tx Text) map[string]string {
	out := map[string]string{}
	var walk func(prefix string, v reflect.Value)
	walk = func(prefix string, v reflect.Value) {
		for i := 0; i < v.NumField(); i++ {
			f := v.Field(i)
			name := prefix + v.Type().Field(i).Name
			switch f.Kind() {
			case reflect.String:
				out[name] = f.String()
			case reflect.Struct:
				walk(name+".", f)
			}
		}
	}
	walk("", reflect.ValueOf(tx))
	return out
}

func TestWailsMessages(t *testing.T) {
	tx := For("de")
	m := tx.WailsMessages()
	v := reflect.ValueOf(*m)
	for i := 0; i < v.NumField(); i++ {
		if v.Field(i).String() == "" {
			t.Errorf("Wails message %s is empty: Wails would show nothing or its English default", v.Type().Field(i).Name)
		}
	}
	if m.ContactAdmin != tx.WebView2.ContactAdmin || m.Error != tx.Title || m.WebView2ProcessCrash != tx.WebView2.ProcessCrash ||
		m.InstallationRequired != tx.WebView2.InstallationRequired || m.MissingRequirements != tx.WebView2.MissingRequirements {
		t.Errorf("Wails messages do not carry the German text: %+v", m)
	}
	// What Wails returns after its own box is fmt.Errorf(Webview2NotInstalled):
	// without a %, the text as it is.
	if strings.Contains(m.Webview2NotInstalled, "%") {
		t.Fatalf("Webview2NotInstalled %q is a format string", m.Webview2NotInstalled)
	}
	returned := errors.New(m.Webview2NotInstalled)
	if !AlreadyTold(returned) {
		t.Errorf("AlreadyTold(%q) = false", returned)
	}
	for _, err := range []error{nil, errors.New("webview2: something else"), fmt.Errorf("run: %w", errors.New("boom"))} {
		if AlreadyTold(err) {
			t.Errorf("AlreadyTold(%v) = true", err)
		}
	}
}

func TestMessage(t *testing.T) {
	tx := For("en")
	got := tx.Message(errors.New("open C:\\data: access denied"))
	want := "Support Portal could not start:\n\nopen C:\\data: access denied\n\nIf this happens again, please send this message to your software vendor's support team."
	if got != want {
		t.Fatalf("Message = %q, want %q", got, want)
	}
}

// Every Windows build of the app uses Wails' error strategy for a missing
// WebView2 runtime, the one AlreadyTold and the messages are made for.
func TestWindowsBuildsUseTheErrorStrategy(t *testing.T) {
	for _, f := range []string{"Makefile", "scripts/windows-installer.sh", "scripts/wine-test.sh"} {
		b, err := os.ReadFile(filepath.Join("..", "..", f))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), "desktop production wv2runtime.error") {
			t.Errorf("%s builds the Windows app without the wv2runtime.error tag", f)
		}
	}
}
