// Package reasons keeps the error reasons in one place. A reason is the
// machine-readable detail of a portal.Error that the UIs translate
// (errors.<reason>); each is a constant in internal/portal/reasons.go and
// nowhere else a string. The package finds reason literals in the Go code
// by parsing it, rewrites them to those constants (declaring new ones),
// and writes the TypeScript list of reasons the SPA uses.
//
// Run it after adding a reason or merging code that moved or added some:
//
//	go generate ./internal/portal
//
// (that is `go run ./internal/reasons/gen` from the repository root).
package reasons

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// Paths relative to the repository root.
const (
	DeclFile   = "internal/portal/reasons.go"    // the constants
	TSFile     = "frontend/src/lib/reasons.ts"   // the SPA's list and union type
	LocaleDir  = "frontend/src/locales"          // <lang>.json with errors.<reason>
	portalDir  = "internal/portal"               // the package that declares them
	genCommand = "go generate ./internal/portal" // shown to whoever must re-run it
)

// Shape is what a reason looks like: lower-case words joined by "_".
var Shape = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// Reason is one declared reason.
type Reason struct {
	Name    string // Go constant, e.g. ReasonUnknownTimeZone
	Value   string // wire value, e.g. unknown_time_zone
	Comment string // one line, without the //
}

// Declared parses DeclFile under root and returns its reasons in file order.
func Declared(root string) ([]Reason, error) {
	path := filepath.Join(root, filepath.FromSlash(DeclFile))
	f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ParseComments)
	if err != nil {
		return nil, err
	}
	return declaredIn(f, path)
}

func declaredIn(f *ast.File, path string) ([]Reason, error) {
	var out []Reason
	seen := map[string]string{}
	for _, d := range f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.CONST {
			continue
		}
		for _, s := range gd.Specs {
			vs := s.(*ast.ValueSpec)
			for i, n := range vs.Names {
				if i >= len(vs.Values) {
					return nil, fmt.Errorf("%s: %s has no value", path, n.Name)
				}
				v, ok := stringLit(vs.Values[i])
				if !ok || !Shape.MatchString(v) || !strings.HasPrefix(n.Name, "Reason") {
					return nil, fmt.Errorf("%s: %s is not a reason constant (Reason... = \"lower_case\")", path, n.Name)
				}
				if prev, dup := seen[v]; dup {
					return nil, fmt.Errorf("%s: %s and %s are both %q", path, prev, n.Name, v)
				}
				seen[v] = n.Name
				out = append(out, Reason{Name: n.Name, Value: v, Comment: commentOf(vs)})
			}
		}
	}
	return out, nil
}

// commentOf joins a spec's doc and line comment into one line.
func commentOf(vs *ast.ValueSpec) string {
	var parts []string
	for _, cg := range []*ast.CommentGroup{vs.Doc, vs.Comment} {
		if cg != nil {
			if t := strings.Join(strings.Fields(cg.Text()), " "); t != "" {
				parts = append(parts, t)
			}
		}
	}
	return strings.Join(parts, " ")
}

// ConstName is the constant a reason value gets: Reason and the value in
// camel case, initialisms upper-case (bad_server_id -> ReasonBadServerID).
func ConstName(value string) string {
	var b strings.Builder
	b.WriteString("Reason")
	for _, w := range strings.Split(value, "_") {
		if w == "" {
			continue
		}
		if initialisms[w] {
			b.WriteString(strings.ToUpper(w))
		} else {
			b.WriteString(strings.ToUpper(w[:1]) + w[1:])
		}
	}
	return b.String()
}

var initialisms = map[string]bool{"id": true, "url": true, "uuid": true, "csv": true, "json": true,
	"http": true, "https": true, "tls": true, "api": true, "utf8": true, "ip": true, "html": true, "pdf": true}

// GoFile is DeclFile's content for the reasons, sorted by value.
func GoFile(rs []Reason) ([]byte, error) {
	rs = sorted(rs)
	var b bytes.Buffer
	b.WriteString(`package portal

//go:generate go run ../reasons/gen -root ../..

// Error reasons: the machine-readable detail of an Error (its Reason), which
// the UIs translate as errors.<reason>, so a reason never changes once
// shipped. Every reason is declared here and nowhere else: code names the
// constant, never the string (internal/reasons checks), and each has an
// English and a German message (app's TestEveryErrorReasonIsTranslated).
//
// The generator (internal/reasons/gen) keeps this file sorted, turns reason
// literals elsewhere into constants here and writes ` + TSFile + `.
// Edit the constants and their comments, then run ` + genCommand + `.
const (
`)
	for _, r := range rs {
		c := r.Comment
		if c == "" {
			c = "(no description yet)"
		}
		fmt.Fprintf(&b, "\t// %s\n\t%s = %s\n", c, r.Name, strconv.Quote(r.Value))
	}
	b.WriteString(")\n")
	return format.Source(b.Bytes())
}

// TypeScript is TSFile's content: every reason in a const array and the
// union of them.
func TypeScript(rs []Reason) []byte {
	rs = sorted(rs)
	var b bytes.Buffer
	b.WriteString("// Code generated by internal/reasons/gen from " + DeclFile + "; DO NOT EDIT.\n")
	b.WriteString("// Run `" + genCommand + "` after changing a reason.\n\n")
	b.WriteString("/** Every error reason the Go side sends; each has a message errors.<reason>. */\n")
	b.WriteString("export const reasons = [\n")
	for _, r := range rs {
		fmt.Fprintf(&b, "  '%s',\n", r.Value)
	}
	b.WriteString("] as const;\n\n")
	b.WriteString("/** An error reason (portal.Error's reason). */\n")
	b.WriteString("export type Reason = (typeof reasons)[number];\n")
	return b.Bytes()
}

func sorted(rs []Reason) []Reason {
	rs = append([]Reason(nil), rs...)
	sort.Slice(rs, func(i, j int) bool { return rs[i].Value < rs[j].Value })
	return rs
}

// Messages returns the errors.<reason> messages of one locale.
func Messages(root, lang string) (map[string]string, error) {
	b, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(LocaleDir), lang+".json"))
	if err != nil {
		return nil, err
	}
	var loc struct{ Errors map[string]string }
	if err := json.Unmarshal(b, &loc); err != nil {
		return nil, fmt.Errorf("%s.json: %w", lang, err)
	}
	return loc.Errors, nil
}

func stringLit(e ast.Expr) (string, bool) {
	bl, ok := e.(*ast.BasicLit)
	if !ok || bl.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(bl.Value)
	return s, err == nil
}
