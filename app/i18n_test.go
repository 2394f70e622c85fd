package app_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"supportportal/internal/must"
	"supportportal/internal/reasons"
)

// Every error reason the Go side can send must have a message in every UI
// language, or the user would see a bare code. The reasons are the
// constants of internal/portal/reasons.go (read from the source, so a new
// one fails here until en.json and de.json have it); internal/reasons
// checks that the code names no reason any other way.
func TestEveryErrorReasonIsTranslated(t *testing.T) {
	rs, err := reasons.Declared("..")
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) < 100 {
		t.Fatalf("only %d reasons in %s", len(rs), reasons.DeclFile)
	}
	for _, lang := range []string{"en", "de"} {
		t.Run(lang, func(t *testing.T) {
			msgs, err := reasons.Messages("..", lang)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range rs {
				if msgs[r.Value] == "" {
					t.Errorf("error reason %q (portal.%s) has no message errors.%s in %s.json", r.Value, r.Name, r.Value, lang)
				}
			}
		})
	}
}

// A key written twice in a locale file is silently the last one to
// JSON.parse; two merges adding the same message left such pairs once.
func TestLocaleFilesHaveNoDuplicateKeys(t *testing.T) {
	for _, lang := range []string{"en", "de"} {
		t.Run(lang, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join("..", "frontend", "src", "locales", lang+".json"))
			if err != nil {
				t.Fatal(err)
			}
			dec := json.NewDecoder(bytes.NewReader(b))
			var walk func(path string)
			walk = func(path string) {
				tok, err := dec.Token()
				if err != nil {
					t.Fatalf("%s: %v", lang, err)
				}
				if tok == json.Delim('[') {
					for dec.More() {
						walk(path)
					}
					must.Get(dec.Token())
					return
				}
				if tok != json.Delim('{') {
					return
				}
				seen := map[string]bool{}
				for dec.More() {
					k, err := dec.Token()
					if err != nil {
						t.Fatalf("%s: %v", lang, err)
					}
					key := k.(string)
					if seen[key] {
						t.Errorf("%s.json: %s%s appears twice", lang, path, key)
					}
					seen[key] = true
					walk(path + key + ".")
				}
				must.Get(dec.Token()) // the closing brace
			}
			walk("")
		})
	}
}
