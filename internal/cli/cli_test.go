package cli_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"supportportal/internal/appstore"
	"supportportal/internal/cli"
	"supportportal/internal/must"
	"supportportal/internal/portal"
)

func run(t *testing.T, db *appstore.DB, args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := cli.Run(context.Background(), db, args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestImportAndSearch(t *testing.T) {
	db, err := appstore.Open(context.Background(), filepath.Join(t.TempDir(), "p.db"), appstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	dir := t.TempDir()
	must.Do(os.WriteFile(filepath.Join(dir, "a.md"), []byte("---\ntitle: Resetting your password\ncategory: Access\n---\nUse Forgot password.\n"), 0o644))
	must.Do(os.WriteFile(filepath.Join(dir, "b.md"), []byte("no front matter"), 0o644))

	code, out, _ := run(t, db, "import", dir)
	if code != 0 || !strings.Contains(out, "created 1, updated 0, unchanged 0, skipped 1") || !strings.Contains(out, "skipped b.md: no front matter") {
		t.Fatalf("import: %d %q", code, out)
	}
	code, out, _ = run(t, db, "search", "pasword", "--limit", "5")
	if code != 0 || !strings.Contains(out, "Resetting your password") || !strings.Contains(out, "pasword → password") || !strings.Contains(out, "[password]") {
		t.Fatalf("search: %d %q", code, out)
	}
	code, out, _ = run(t, db, "search", "--json", "password")
	var res portal.SearchResults
	if code != 0 || json.Unmarshal([]byte(out), &res) != nil || res.Total != 1 || res.Hits[0].CategoryPath != "Access" {
		t.Fatalf("json: %d %q", code, out)
	}
	for _, args := range [][]string{{}, {"bogus"}, {"search"}, {"import"}, {"search", "x", "--limit", "0"}} {
		t.Run(fmt.Sprint(args), func(t *testing.T) {
			if code, _, _ := run(t, db, args...); code != 2 {
				t.Errorf("%v: exit %d, want 2", args, code)
			}
		})
	}
	if code, _, errOut := run(t, db, "import", filepath.Join(dir, "missing")); code != 1 || errOut == "" {
		t.Errorf("missing path: %d %q", code, errOut)
	}
	if code, _, _ := run(t, db, "search", `"*(NEAR:`); code != 0 {
		t.Errorf("hostile query exit %d", code)
	}
}
