package archtest

import (
	"bufio"
	"bytes"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const module = "supportportal/"

// deps runs go list -deps over the module's packages (the main package
// at the root embeds the built frontend, so it is left out) and returns
// each package's transitive imports within the module. Test files are not
// counted: a test may start a real server for the app.
func deps(t *testing.T) map[string][]string {
	t.Helper()
	// The package graph is the same on every platform; the Windows build
	// of this test runs under Wine (make test-windows), which has no go
	// tool, and Linux and CI check it.
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("go tool not found")
	}
	cmd := exec.Command("go", "list", "-tags", "webkit2_41 sqlite_fts5", "-f", `{{.ImportPath}} {{join .Deps " "}}`,
		"./internal/...", "./app/...", "./cmd/...")
	cmd.Dir = filepath.Join("..", "..")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, stderr.String())
	}
	all := map[string][]string{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) == 0 {
			continue
		}
		var own []string
		for _, d := range f[1:] {
			if strings.HasPrefix(d, module) {
				own = append(own, strings.TrimPrefix(d, module))
			}
		}
		all[strings.TrimPrefix(f[0], module)] = own
	}
	if len(all) < 20 {
		t.Fatalf("go list found only %d packages", len(all))
	}
	return all
}

// The layers, from the bottom: portal (domain rules shared by app and
// server); syncproto (the wire); servercore (the server's domain, rules,
// services and store interfaces); serverstore (its storage) and the
// console; httpapi (the HTTP API) and the server command on top. The app
// side (app, appstore, syncer) is a column of its own beside the server.
func TestPackageLayers(t *testing.T) {
	all := deps(t)
	for _, p := range []string{"internal/httpapi", "internal/servercore", "internal/syncproto", "internal/console",
		"internal/serverstore", "internal/appstore", "internal/syncer", "app", "cmd/supportportal-server"} {
		if _, ok := all[p]; !ok {
			t.Fatalf("package %s is not listed; the layers below name it", p)
		}
	}
	for pkg, ds := range all {
		// Nothing below the HTTP layer imports it: only the server command
		// (which mounts the console on it) does.
		if pkg != "cmd/supportportal-server" && pkg != "internal/httpapi" && slices.Contains(ds, "internal/httpapi") {
			t.Errorf("%s depends on internal/httpapi; only the server command may (the core, stores and console sit below it)", pkg)
		}
		// The core knows no implementation of its stores, nor the console.
		if pkg == "internal/servercore" {
			for _, d := range ds {
				if d == "internal/serverstore" || d == "internal/console" {
					t.Errorf("internal/servercore depends on %s", d)
				}
			}
		}
		// The wire depends on nothing of the project but portal.
		if pkg == "internal/syncproto" {
			for _, d := range ds {
				if d != "internal/portal" {
					t.Errorf("internal/syncproto depends on %s; it may depend only on internal/portal", d)
				}
			}
		}
		// The desktop app links no server code.
		if pkg == "app" || strings.HasPrefix(pkg, "internal/appstore") || strings.HasPrefix(pkg, "internal/syncer") {
			for _, d := range ds {
				switch d {
				case "internal/httpapi", "internal/servercore", "internal/serverstore", "internal/console", "internal/mailout":
					t.Errorf("%s depends on %s, which is the server's", pkg, d)
				}
			}
		}
	}
}
