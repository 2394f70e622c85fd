package app_test

import (
	"bytes"
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// reasonSources are the packages whose error reasons can reach the desktop
// UI: the app's own, and the server's (through sign-in, push answers and
// file transfers). The support console translates its own.
var reasonSources = []string{".", "../internal/portal", "../internal/appstore", "../internal/syncer", "../internal/attach",
	"../internal/kbimport", "../internal/pathgrant", "../internal/extlink", "../internal/openfile",
	"../internal/httpapi", "../internal/servercore", "../internal/serverstore", "../internal/csvexport", "../internal/printdoc",
	"../internal/syncproto"}

var reasonShape = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// definedReasons parses the Go source of the packages and returns every
// error reason it defines, with where: string constants named Reason*, a
// Reason field set in a composite literal or an assignment, and the argument
// given to any function parameter named reason.
func definedReasons(t *testing.T, dirs []string) map[string]string {
	t.Helper()
	fset := token.NewFileSet()
	var files []*ast.File
	for _, dir := range dirs {
		entries, err := os.ReadDir(dir)
		if os.IsNotExist(err) {
			continue
		} else if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if e.IsDir() || !strings.HasSuffix(e.Name(), ".go") || strings.HasSuffix(e.Name(), "_test.go") {
				continue
			}
			f, err := parser.ParseFile(fset, filepath.Join(dir, e.Name()), nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			files = append(files, f)
		}
	}
	// Constants by name (unqualified: the packages share no constant names
	// that matter here) and the position of each function's reason parameter.
	consts := map[string]string{}
	reasonParam := map[string]int{}
	for _, f := range files {
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.GenDecl:
				if d.Tok != token.CONST {
					continue
				}
				for _, s := range d.Specs {
					vs := s.(*ast.ValueSpec)
					for i, n := range vs.Names {
						if i < len(vs.Values) {
							if v, ok := stringLit(vs.Values[i]); ok {
								consts[n.Name] = v
							}
						}
					}
				}
			case *ast.FuncDecl:
				i := 0
				for _, p := range d.Type.Params.List {
					for _, n := range p.Names {
						if strings.EqualFold(n.Name, "reason") {
							reasonParam[d.Name.Name] = i
						}
						i++
					}
				}
			}
		}
	}
	out := map[string]string{}
	add := func(e ast.Expr) {
		v, ok := stringLit(e)
		if !ok {
			switch x := e.(type) {
			case *ast.Ident:
				v, ok = consts[x.Name]
			case *ast.SelectorExpr:
				v, ok = consts[x.Sel.Name]
			}
		}
		if ok && reasonShape.MatchString(v) {
			out[v] = fset.Position(e.Pos()).String()
		}
	}
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.ValueSpec:
				for i, name := range n.Names {
					if strings.HasPrefix(name.Name, "Reason") && i < len(n.Values) {
						add(n.Values[i])
					}
				}
			case *ast.KeyValueExpr:
				if k, ok := n.Key.(*ast.Ident); ok && k.Name == "Reason" {
					add(n.Value)
				}
			case *ast.AssignStmt:
				for i, l := range n.Lhs {
					if s, ok := l.(*ast.SelectorExpr); ok && s.Sel.Name == "Reason" && i < len(n.Rhs) {
						add(n.Rhs[i])
					}
				}
			case *ast.CallExpr:
				var name string
				switch fn := n.Fun.(type) {
				case *ast.Ident:
					name = fn.Name
				case *ast.SelectorExpr:
					name = fn.Sel.Name
				}
				if i, ok := reasonParam[name]; ok && i < len(n.Args) {
					add(n.Args[i])
				}
			}
			return true
		})
	}
	return out
}

func stringLit(e ast.Expr) (string, bool) {
	bl, ok := e.(*ast.BasicLit)
	if !ok || bl.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(bl.Value)
	return s, err == nil
}

// Every error reason the Go side can send must have a message in every UI
// language, or the user would see a bare code. The reasons are found by
// parsing the source, so a new one without a translation fails here.
func TestEveryErrorReasonIsTranslated(t *testing.T) {
	reasons := definedReasons(t, reasonSources)
	// Reasons the server's HTTP layer names outside the Go error values.
	for _, r := range []string{"server_unreachable", "server_unavailable"} {
		reasons[r] = "the app's offline handling"
	}
	for _, known := range []string{"unknown_time_zone", "case_exists", "comment_exists", "duplicate_attachment", "bad_attachment_size", "file_too_large", "attachment_unsafe"} {
		if _, ok := reasons[known]; !ok {
			t.Errorf("the parser no longer finds the reason %q: it misses a way the code sets reasons", known)
		}
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
		for r, where := range reasons {
			if loc.Errors[r] == "" {
				t.Errorf("%s: error reason %q (%s) has no message in errors.%s", lang, r, where, r)
			}
		}
	}
}

// The scanner must see reasons however the code sets them.
func TestReasonScannerFindsEveryForm(t *testing.T) {
	dir := t.TempDir()
	src := `package x
const ReasonA = "reason_const"
const other = "via_const"
type E struct{ Reason string }
func invalid(field, reason string) *E { return &E{Reason: reason} }
func f(e *E) {
	_ = &E{Reason: "in_literal"}
	e.Reason = "assigned"
	_ = invalid("f", "as_argument")
	_ = E{Reason: other}
}
`
	if err := os.WriteFile(filepath.Join(dir, "x.go"), []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	got := definedReasons(t, []string{dir})
	for _, want := range []string{"reason_const", "via_const", "in_literal", "assigned", "as_argument"} {
		if _, ok := got[want]; !ok {
			t.Errorf("reason %q not found; found %v", want, got)
		}
	}
}

// A key written twice in a locale file is silently the last one to
// JSON.parse; two merges adding the same message left such pairs once.
func TestLocaleFilesHaveNoDuplicateKeys(t *testing.T) {
	for _, lang := range []string{"en", "de"} {
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
				dec.Token()
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
			dec.Token() // the closing brace
		}
		walk("")
	}
}
