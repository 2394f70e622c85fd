package app_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"supportportal/app"
	"supportportal/internal/appstore"
	"supportportal/internal/portal"
	"supportportal/internal/syncer"
)

// spaEvents is the SPA's side of the events: frontend/src/lib/events.ts.
const spaEvents = "../frontend/src/lib/events.ts"

// tsInterfaces returns each exported interface of the TypeScript file with
// its top-level field names (optional or not).
func tsInterfaces(t *testing.T, path string) map[string][]string {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	field := regexp.MustCompile(`^\s+'?([\w:-]+)'?\??:`)
	for _, m := range regexp.MustCompile(`(?ms)^export interface (\w+) \{\n(.*?)^\}`).FindAllStringSubmatch(string(src), -1) {
		var names []string
		for _, line := range strings.Split(m[2], "\n") {
			if f := field.FindStringSubmatch(line); f != nil {
				names = append(names, f[1])
			}
		}
		out[m[1]] = names
	}
	return out
}

// goEventNames returns the values of the Event* constants in events.go.
func goEventNames(t *testing.T) map[string]string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "events.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]string{}
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			continue
		}
		for _, s := range g.Specs {
			v := s.(*ast.ValueSpec)
			for i, n := range v.Names {
				if lit, ok := v.Values[i].(*ast.BasicLit); ok && strings.HasPrefix(n.Name, "Event") {
					names[n.Name], _ = strconv.Unquote(lit.Value)
				}
			}
		}
	}
	return names
}

// The events the Go side sends are the ones the SPA listens for, by the
// same names, and the app sends none by a name written out elsewhere.
func TestEventNamesMatchTheSPA(t *testing.T) {
	goNames := goEventNames(t)
	var want []string
	for _, v := range goNames {
		want = append(want, v)
	}
	got := tsInterfaces(t, spaEvents)["AppEvents"]
	slices.Sort(want)
	slices.Sort(got)
	if len(want) == 0 || !slices.Equal(want, got) {
		t.Errorf("events in app/events.go %v, in %s (AppEvents) %v", want, spaEvents, got)
	}

	entries, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	emits := 0
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok || sel.Sel.Name != "Emit" || len(call.Args) != 2 {
				return true
			}
			if id, ok := call.Args[0].(*ast.Ident); ok && goNames[id.Name] != "" {
				emits++
				return true
			}
			t.Errorf("%s: Emit(%s, ...) does not name an Event constant of events.go", name, describe(call.Args[0]))
			return true
		})
	}
	if emits < len(goNames) {
		t.Errorf("%d Emit calls on Event constants, want at least one for each of %d", emits, len(goNames))
	}
}

func describe(e ast.Expr) string {
	if l, ok := e.(*ast.BasicLit); ok {
		return l.Value
	}
	return reflect.TypeOf(e).String()
}

// Each payload's fields in the SPA are the JSON names of the Go type it
// mirrors.
func TestEventPayloadsMatchTheSPA(t *testing.T) {
	ts := tsInterfaces(t, spaEvents)
	mirrors := map[string]reflect.Type{
		"SyncReport":         reflect.TypeFor[syncer.Report](),
		"Notice":             reflect.TypeFor[appstore.Notice](),
		"TransferProgress":   reflect.TypeFor[app.TransferProgress](),
		"AttachmentProgress": reflect.TypeFor[portal.AttachmentProgress](),
		"DroppedFiles":       reflect.TypeFor[app.DroppedFiles](),
		"SyncChanged":        reflect.TypeFor[app.SyncChanged](),
	}
	for name, typ := range mirrors {
		var want []string
		for i := range typ.NumField() {
			tag, _, _ := strings.Cut(typ.Field(i).Tag.Get("json"), ",")
			if tag != "" && tag != "-" {
				want = append(want, tag)
			}
		}
		got := ts[name]
		slices.Sort(want)
		slices.Sort(got)
		if !slices.Equal(want, got) {
			t.Errorf("%s: Go %s has JSON fields %v, the SPA's interface %v", name, typ, want, got)
		}
	}
}
