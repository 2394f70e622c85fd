package reasons

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

const root = "../.."

// New code names a reason by its constant: a literal where a reason goes
// (an error's Reason, a reason argument, a comparison with one) or a
// Reason constant declared outside internal/portal/reasons.go fails here.
func TestNoReasonLiterals(t *testing.T) {
	uses, err := Find(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range uses {
		t.Errorf("%s: use the constant in %s (run `%s`)", u, DeclFile, genCommand)
	}
}

// The committed reasons.go is in the generator's form and reasons.ts is
// what it makes of it.
func TestGeneratedFilesAreCurrent(t *testing.T) {
	rs, err := Declared(root)
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) < 100 {
		t.Fatalf("only %d reasons declared", len(rs))
	}
	goSrc, err := GoFile(rs)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		rel  string
		want []byte
	}{{DeclFile, goSrc}, {TSFile, TypeScript(rs)}} {
		t.Run(filepath.Base(c.rel), func(t *testing.T) {
			got, err := os.ReadFile(filepath.Join(root, c.rel))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, c.want) {
				t.Errorf("%s is stale: run `%s` and commit it", c.rel, genCommand)
			}
		})
	}
}

func TestConstName(t *testing.T) {
	for value, want := range map[string]string{
		"unknown_time_zone":   "ReasonUnknownTimeZone",
		"bad_server_id":       "ReasonBadServerID",
		"export_invalid_utf8": "ReasonExportInvalidUTF8",
		"insecure_server_url": "ReasonInsecureServerURL",
		"bad_json":            "ReasonBadJSON",
		"required":            "ReasonRequired",
	} {
		t.Run(value, func(t *testing.T) {
			if got := ConstName(value); got != want {
				t.Errorf("ConstName(%q) = %s, want %s", value, got, want)
			}
		})
	}
}

// A reasons.go the generator cannot keep is refused, naming the problem.
func TestDeclaredRefusesWhatIsNoReason(t *testing.T) {
	for name, c := range map[string]struct{ consts, want string }{
		"duplicate value": {"ReasonA = \"same\"\nReasonB = \"same\"", `ReasonA and ReasonB are both "same"`},
		"not a reason":    {"MaxThings = \"x\"", "MaxThings is not a reason constant"},
		"bad shape":       {"ReasonA = \"Not A Reason\"", "ReasonA is not a reason constant"},
		"no value":        {"ReasonA string", "ReasonA has no value"},
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			write(t, dir, map[string]string{DeclFile: "package portal\n\nconst (\n" + c.consts + "\n)\n"})
			_, err := Declared(dir)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want one saying %q", err, c.want)
			}
		})
	}
}

// The generator on a small module that sets reasons every way the code
// does: each literal becomes the constant, constants declared elsewhere
// move (their comments with them), the import of portal is added where it
// is missing and dropped where only the moved constants used it; a second
// run changes nothing.
func TestGenerateRewritesEveryForm(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, map[string]string{
		"go.mod":               "module example\n\ngo 1.26\n",
		LocaleDir + "/en.json": `{"errors": {"in_literal": "The {{value}} was refused. Try again.", "as_argument": "Bad argument."}}`,
		"internal/portal/errors.go": `package portal

type Error struct{ Code, Reason, Message string }

func Invalid(field, reason, value string) *Error { return &Error{Code: "invalid", Reason: reason} }
`,
		"internal/portal/users.go": `package portal

// Reasons of the user rules.
const (
	ReasonUserLimit = "user_limit" // too many users
)

func limit() error { return &Error{Reason: ReasonUserLimit} }
`,
		"internal/guard/guard.go": `package guard

import "example/internal/portal"

// ReasonNotRegular: not a regular file.
const ReasonNotRegular = "not_regular"

// MaxSize stays.
const MaxSize = 1

func check() error { return &portal.Error{Reason: ReasonNotRegular} }
`,
		"internal/x/x.go": `package x

import (
	"fmt"

	"example/internal/guard"
)

type apiError struct{ Code, Reason string }

// Skipped is no error: its Reason is free text.
type Skipped struct{ Reason string }

func fail(reason string) error { return apiError{Reason: reason} }

func f(e *apiError) error {
	_ = []apiError{{Reason: "in_literal"}}
	e.Reason = "assigned"
	if e.Reason == "compared" || guard.ReasonNotRegular == e.Reason {
		return fail("as_argument")
	}
	switch e.Reason {
	case "in_case":
	}
	_ = Skipped{Reason: "free_text"}
	_ = map[string]string{"code": "invalid", "reason": "in_literal"}
	return fmt.Errorf("%s", "not_a_reason")
}
`,
		"internal/x/x_test.go": `package x_test

import (
	"testing"

	"example/internal/portal"
)

func wantReason(t *testing.T, got, reason string) {}

func TestX(t *testing.T) {
	wantReason(t, "", "assigned")
	wantReason(t, "", "never_declared")
	_ = &portal.Error{Reason: "made_up_for_the_test"}
}
`,
	})
	res, err := Generate(dir)
	if err != nil {
		t.Fatal(err)
	}
	var added []string
	for _, a := range res.Added {
		added = append(added, a.Name+"="+a.Value)
	}
	wantAdded := []string{"ReasonNotRegular=not_regular", "ReasonUserLimit=user_limit", "ReasonInLiteral=in_literal",
		"ReasonAssigned=assigned", "ReasonCompared=compared", "ReasonAsArgument=as_argument", "ReasonInCase=in_case"}
	if !reflect.DeepEqual(added, wantAdded) {
		t.Errorf("added %v, want %v", added, wantAdded)
	}
	if want := []string{"guard.ReasonNotRegular", "portal.ReasonUserLimit"}; !reflect.DeepEqual(res.Moved, want) {
		t.Errorf("moved %v, want %v", res.Moved, want)
	}
	want := map[string]string{
		DeclFile: `package portal

//go:generate go run ../reasons/gen -root ../..

// Error reasons: the machine-readable detail of an Error (its Reason), which
// the UIs translate as errors.<reason>, so a reason never changes once
// shipped. Every reason is declared here and nowhere else: code names the
// constant, never the string (internal/reasons checks), and each has an
// English and a German message (app's TestEveryErrorReasonIsTranslated).
//
// The generator (internal/reasons/gen) keeps this file sorted, turns reason
// literals elsewhere into constants here and writes frontend/src/lib/reasons.ts.
// Edit the constants and their comments, then run go generate ./internal/portal.
const (
	// Bad argument.
	ReasonAsArgument = "as_argument"
	// (no description yet)
	ReasonAssigned = "assigned"
	// (no description yet)
	ReasonCompared = "compared"
	// (no description yet)
	ReasonInCase = "in_case"
	// The <value> was refused.
	ReasonInLiteral = "in_literal"
	// Not a regular file.
	ReasonNotRegular = "not_regular"
	// too many users
	ReasonUserLimit = "user_limit"
)
`,
		TSFile: `// Code generated by internal/reasons/gen from internal/portal/reasons.go; DO NOT EDIT.
// Run ` + "`go generate ./internal/portal`" + ` after changing a reason.

/** Every error reason the Go side sends; each has a message errors.<reason>. */
export const reasons = [
  'as_argument',
  'assigned',
  'compared',
  'in_case',
  'in_literal',
  'not_regular',
  'user_limit',
] as const;

/** An error reason (portal.Error's reason). */
export type Reason = (typeof reasons)[number];
`,
		"internal/portal/users.go": `package portal

func limit() error { return &Error{Reason: ReasonUserLimit} }
`,
		"internal/guard/guard.go": `package guard

import "example/internal/portal"

// MaxSize stays.
const MaxSize = 1

func check() error { return &portal.Error{Reason: portal.ReasonNotRegular} }
`,
		"internal/x/x.go": `package x

import (
	"fmt"

	"example/internal/portal"
)

type apiError struct{ Code, Reason string }

// Skipped is no error: its Reason is free text.
type Skipped struct{ Reason string }

func fail(reason string) error { return apiError{Reason: reason} }

func f(e *apiError) error {
	_ = []apiError{{Reason: portal.ReasonInLiteral}}
	e.Reason = portal.ReasonAssigned
	if e.Reason == portal.ReasonCompared || portal.ReasonNotRegular == e.Reason {
		return fail(portal.ReasonAsArgument)
	}
	switch e.Reason {
	case portal.ReasonInCase:
	}
	_ = Skipped{Reason: "free_text"}
	_ = map[string]string{"code": "invalid", "reason": portal.ReasonInLiteral}
	return fmt.Errorf("%s", "not_a_reason")
}
`,
		"internal/x/x_test.go": `package x_test

import (
	"testing"

	"example/internal/portal"
)

func wantReason(t *testing.T, got, reason string) {}

func TestX(t *testing.T) {
	wantReason(t, "", portal.ReasonAssigned)
	wantReason(t, "", "never_declared")
	_ = &portal.Error{Reason: "made_up_for_the_test"}
}
`,
	}
	for rel, w := range want {
		t.Run(rel, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join(dir, rel))
			if err != nil {
				t.Fatal(err)
			}
			if string(b) != w {
				t.Errorf("%s:\n%s\nwant:\n%s", rel, b, w)
			}
		})
	}

	again, err := Generate(dir)
	if err != nil {
		t.Fatal(err)
	}
	if again.Rewritten != 0 || len(again.Added) != 0 || len(again.Moved) != 0 || len(again.Written) != 0 {
		t.Errorf("a second run changed something: %+v", again)
	}
	if uses, err := Find(dir); err != nil || len(uses) != 0 {
		t.Errorf("Find after Generate: %v %v", uses, err)
	}

	// A merge brings code written before the move: it names constants
	// that are gone from their package, by their old name or a new one.
	write(t, dir, map[string]string{
		"internal/late/late.go": `package late

import (
	"example/internal/guard"
	"example/internal/portal"
)

func f() error {
	if err := portal.Invalid("x", guard.ReasonNotRegular, ""); err != nil {
		return err
	}
	return portal.Invalid("h", "export_no_columns", "")
}
`,
		"internal/csvexport/csvexport.go": `package csvexport

import "example/internal/portal"

func check() error { return portal.Invalid("header", ReasonNoColumns, "") }
`,
	})
	if _, err := Generate(dir); err != nil {
		t.Fatal(err)
	}
	for rel, w := range map[string]string{
		"internal/late/late.go": `package late

import (
	"example/internal/portal"
)

func f() error {
	if err := portal.Invalid("x", portal.ReasonNotRegular, ""); err != nil {
		return err
	}
	return portal.Invalid("h", portal.ReasonExportNoColumns, "")
}
`,
		"internal/csvexport/csvexport.go": `package csvexport

import "example/internal/portal"

func check() error { return portal.Invalid("header", portal.ReasonExportNoColumns, "") }
`,
	} {
		t.Run(rel, func(t *testing.T) {
			if b, err := os.ReadFile(filepath.Join(dir, rel)); err != nil || string(b) != w {
				t.Errorf("after the merge, %s:\n%s\nwant:\n%s", rel, b, w)
			}
		})
	}
}

func write(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for rel, s := range files {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
