package httpapi_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"supportportal/internal/console"
	"supportportal/internal/httpapi"
)

// Every route registered on the mux is described in api/openapi.yaml, and
// the file describes no route the server does not have.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "api", "openapi.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		OpenAPI string                               `yaml:"openapi"`
		Paths   map[string]map[string]map[string]any `yaml:"paths"`
	}
	if err := yaml.Unmarshal(b, &doc); err != nil {
		t.Fatalf("api/openapi.yaml: %v", err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Fatalf("openapi version %q", doc.OpenAPI)
	}
	methods := []string{"get", "put", "post", "delete", "patch", "head", "options", "trace"}
	var documented []string
	for path, ops := range doc.Paths {
		for m, op := range ops {
			if !slices.Contains(methods, m) {
				continue
			}
			if _, ok := op["responses"]; !ok {
				t.Errorf("%s %s has no responses", m, path)
			}
			documented = append(documented, strings.ToUpper(m)+" "+path)
		}
	}
	// The support console's pages are served by the same mux.
	srv := httpapi.New(httpapi.Config{FilesDir: t.TempDir()})
	console.Mount(srv, console.Config{Auth: srv.Core()})
	registered := srv.Routes()
	slices.Sort(documented)
	slices.Sort(registered)
	for _, r := range registered {
		if !slices.Contains(documented, r) {
			t.Errorf("route %q is not in api/openapi.yaml", r)
		}
	}
	for _, d := range documented {
		if !slices.Contains(registered, d) {
			t.Errorf("api/openapi.yaml describes %q, which the server does not serve", d)
		}
	}
	if len(registered) < 14 {
		t.Fatalf("only %d routes registered", len(registered))
	}
}
