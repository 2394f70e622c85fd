package app_test

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// Every error reason the Go side can send must have a message in every UI
// language, or the user would see a bare code. The reasons are found in the
// source, so a new one without a translation fails here.
func TestEveryErrorReasonIsTranslated(t *testing.T) {
	patterns := []*regexp.Regexp{
		regexp.MustCompile(`Reason:\s*"([a-z_]+)"`),
		regexp.MustCompile(`Invalid\("[^"]*",\s*"([a-z_]+)"`),
		regexp.MustCompile(`fileErr\("([a-z_]+)"`),
	}
	reasons := map[string]string{}
	// The server's own reasons reach the app only through sign-in and push
	// answers; those are listed here. The rest is the support console's.
	for _, r := range []string{"invalid_credentials", "trial_company", "role_not_allowed", "access_deactivated",
		"too_many_attempts", "case_closed", "bad_transition", "mutation_id_taken", "bad_payload", "too_many_attachments",
		"unauthorized", "forbidden", "rate_limited", "server_unreachable", "server_unavailable"} {
		reasons[r] = "the server's answers"
	}
	serverSide := regexp.MustCompile(`internal/(server|serverdb|mailout|console)/`)
	for _, root := range []string{"../internal", "."} {
		filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") || serverSide.MatchString(filepath.ToSlash(p)) {
				return err
			}
			b, _ := os.ReadFile(p)
			for _, re := range patterns {
				for _, m := range re.FindAllStringSubmatch(string(b), -1) {
					reasons[m[1]] = p
				}
			}
			return nil
		})
	}
	if len(reasons) < 10 {
		t.Fatalf("found only %d reasons: the patterns no longer match the code", len(reasons))
	}
	for _, lang := range []string{"en", "de"} {
		var loc struct{ Errors map[string]string }
		b, err := os.ReadFile(filepath.Join("..", "frontend", "src", "locales", lang+".json"))
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(b, &loc); err != nil {
			t.Fatal(err)
		}
		for r, file := range reasons {
			if loc.Errors[r] == "" {
				t.Errorf("%s: error reason %q (from %s) has no message in errors.%s", lang, r, file, r)
			}
		}
	}
}
