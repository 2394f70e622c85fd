package reasons

import (
	"bufio"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

// Use is a reason written as a string literal where a constant belongs,
// or a reason constant declared outside DeclFile.
type Use struct {
	Pos   token.Position // Filename relative to the root, slash-separated
	Value string
	Form  string // how the code uses it: field, assign, compare, case, argument, json, constant

	// strong: the position surely holds a reason, so a value not yet
	// declared becomes a new reason. A weak one (a test helper's argument,
	// a JSON error body, anything in a test) is rewritten only when the
	// value is declared.
	strong bool
	file   *file
	node   ast.Node // the literal; for a constant, its *ast.ValueSpec
	name   string   // a constant's name
	decl   *ast.GenDecl
}

func (u Use) String() string {
	return fmt.Sprintf("%s: %s %q", u.Pos, u.Form, u.Value)
}

type file struct {
	rel     string // slash path relative to the root
	dir     string // its directory, relative
	src     []byte
	ast     *ast.File
	imports map[string]string // local name -> import path
}

// repo is the parsed Go code of a module.
type repo struct {
	root    string
	module  string
	fset    *token.FileSet
	files   []*file
	funcs   map[string]*reasonFunc   // "dir.Name" -> a function with a reason parameter
	methods map[string][]*reasonFunc // method name -> methods with one
	names   map[string]bool          // "dir.Name" declared at a package's top level
}

// reasonFunc is a function with a parameter named reason.
type reasonFunc struct {
	index  int // the parameter's position
	param  string
	body   *ast.BlockStmt
	file   *file
	strong bool // the parameter becomes an error's Reason
}

// skipDir is what is not the module's Go code.
func skipDir(name string) bool {
	return name == "node_modules" || name == "frontend" || name == "build" || name == "testdata" ||
		name == "vendor" || (strings.HasPrefix(name, ".") && name != ".")
}

func load(root string) (*repo, error) {
	mod, err := modulePath(filepath.Join(root, "go.mod"))
	if err != nil {
		return nil, err
	}
	r := &repo{root: root, module: mod, fset: token.NewFileSet(), funcs: map[string]*reasonFunc{}, methods: map[string][]*reasonFunc{}}
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != root && skipDir(d.Name()) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, ".go") {
			return nil
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		af, err := parser.ParseFile(r.fset, rel, src, parser.ParseComments)
		if err != nil {
			return err
		}
		f := &file{rel: rel, dir: path.Dir(rel), src: src, ast: af, imports: map[string]string{}}
		for _, is := range af.Imports {
			ip, _ := stringLit(is.Path)
			name := path.Base(ip)
			if is.Name != nil {
				name = is.Name.Name
			}
			f.imports[name] = ip
		}
		r.files = append(r.files, f)
		return nil
	})
	if err != nil {
		return nil, err
	}
	r.findReasonFuncs()
	return r, nil
}

func modulePath(gomod string) (string, error) {
	fh, err := os.Open(gomod)
	if err != nil {
		return "", err
	}
	defer fh.Close()
	sc := bufio.NewScanner(fh)
	for sc.Scan() {
		if m, ok := strings.CutPrefix(strings.TrimSpace(sc.Text()), "module "); ok {
			return strings.Trim(strings.TrimSpace(m), `"`), nil
		}
	}
	return "", fmt.Errorf("%s: no module line", gomod)
}

// dirOf is the directory of an import path of this module.
func (r *repo) dirOf(importPath string) (string, bool) {
	if importPath == r.module {
		return ".", true
	}
	d, ok := strings.CutPrefix(importPath, r.module+"/")
	return d, ok
}

// findReasonFuncs records every function with a parameter named reason,
// then marks those whose parameter ends up as the Reason of an error's
// literal (directly or through another such function) until nothing
// changes.
func (r *repo) findReasonFuncs() {
	var all []*reasonFunc
	add := func(f *file, key string, method bool, ft *ast.FuncType, body *ast.BlockStmt) {
		i := 0
		for _, p := range ft.Params.List {
			for _, n := range p.Names {
				if strings.EqualFold(n.Name, "reason") {
					rf := &reasonFunc{index: i, param: n.Name, body: body, file: f}
					all = append(all, rf)
					if method {
						r.methods[key] = append(r.methods[key], rf)
					} else {
						r.funcs[f.dir+"."+key] = rf
					}
				}
				i++
			}
		}
	}
	for _, f := range r.files {
		for _, d := range f.ast.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok {
				add(f, fd.Name.Name, fd.Recv != nil, fd.Type, fd.Body)
			}
		}
		// Function literals kept in a variable: fail := func(reason string) ...
		ast.Inspect(f.ast, func(n ast.Node) bool {
			as, ok := n.(*ast.AssignStmt)
			if !ok {
				return true
			}
			for i, rhs := range as.Rhs {
				if fl, ok := rhs.(*ast.FuncLit); ok && i < len(as.Lhs) {
					if id, ok := as.Lhs[i].(*ast.Ident); ok {
						add(f, id.Name, false, fl.Type, fl.Body)
					}
				}
			}
			return true
		})
	}
	for changed := true; changed; {
		changed = false
		for _, rf := range all {
			if rf.strong || rf.body == nil {
				continue
			}
			isParam := func(e ast.Expr) bool {
				id, ok := e.(*ast.Ident)
				return ok && id.Name == rf.param
			}
			r.walk(rf.file, rf.body, func(form string, e ast.Expr, call *reasonFunc) {
				// Assignments and comparisons to a .Reason do not count:
				// other types have a Reason too (a rejection's text).
				if isParam(e) && (form == "field" || form == "argument" && call.strong) {
					rf.strong, changed = true, true
				}
			})
		}
	}
}

// declares says whether the package in dir declares name at its top level.
func (r *repo) declares(dir, name string) bool {
	if r.names == nil {
		r.names = map[string]bool{}
		for _, f := range r.files {
			for _, d := range f.ast.Decls {
				switch d := d.(type) {
				case *ast.FuncDecl:
					if d.Recv == nil {
						r.names[f.dir+"."+d.Name.Name] = true
					}
				case *ast.GenDecl:
					for _, s := range d.Specs {
						switch s := s.(type) {
						case *ast.ValueSpec:
							for _, n := range s.Names {
								r.names[f.dir+"."+n.Name] = true
							}
						case *ast.TypeSpec:
							r.names[f.dir+"."+s.Name.Name] = true
						}
					}
				}
			}
		}
	}
	return r.names[dir+"."+name]
}

// callee is the reason function a call calls, if any.
func (r *repo) callee(f *file, call *ast.CallExpr) *reasonFunc {
	switch fun := call.Fun.(type) {
	case *ast.Ident:
		return r.funcs[f.dir+"."+fun.Name]
	case *ast.SelectorExpr:
		if x, ok := fun.X.(*ast.Ident); ok {
			if ip, ok := f.imports[x.Name]; ok {
				if d, ok := r.dirOf(ip); ok {
					return r.funcs[d+"."+fun.Sel.Name]
				}
				return nil
			}
		}
		ms := r.methods[fun.Sel.Name]
		if len(ms) == 0 {
			return nil
		}
		// Without types the receiver is unknown: use the methods of that
		// name only if they agree.
		out := &reasonFunc{index: ms[0].index, strong: true}
		for _, m := range ms {
			if m.index != out.index {
				return nil
			}
			out.strong = out.strong && m.strong
		}
		return out
	}
	return nil
}

// walk calls fn for every expression in a position that holds a reason:
// the Reason of an error's composite literal ("field"), an assignment to a
// .Reason ("assign"), a comparison with a .Reason ("compare"), a case of a
// switch on one ("case"), the reason argument of a call ("argument", call
// set), and the "reason" of a JSON error body written as a map ("json").
func (r *repo) walk(f *file, root ast.Node, fn func(form string, e ast.Expr, call *reasonFunc)) {
	elided := map[*ast.CompositeLit]ast.Expr{} // element type of literals that omit it
	ast.Inspect(root, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CompositeLit:
			typ := n.Type
			if typ == nil {
				typ = elided[n]
			}
			if elem := elemType(typ); elem != nil {
				for _, e := range n.Elts {
					if kv, ok := e.(*ast.KeyValueExpr); ok {
						e = kv.Value
					}
					if cl, ok := unparen(e).(*ast.CompositeLit); ok && cl.Type == nil {
						elided[cl] = elem
					}
				}
			}
			if isErrorType(typ) {
				for _, e := range n.Elts {
					if kv, ok := e.(*ast.KeyValueExpr); ok {
						if k, ok := kv.Key.(*ast.Ident); ok && k.Name == "Reason" {
							fn("field", kv.Value, nil)
						}
					}
				}
			}
			if mt, ok := typ.(*ast.MapType); ok && isIdent(mt.Key, "string") {
				var reason ast.Expr
				hasCode := false
				for _, e := range n.Elts {
					if kv, ok := e.(*ast.KeyValueExpr); ok {
						switch k, _ := stringLit(kv.Key); k {
						case "reason":
							reason = kv.Value
						case "code":
							hasCode = true
						}
					}
				}
				if reason != nil && hasCode {
					fn("json", reason, &reasonFunc{})
				}
			}
		case *ast.AssignStmt:
			for i, l := range n.Lhs {
				if isReasonSel(l) && i < len(n.Rhs) && len(n.Lhs) == len(n.Rhs) {
					fn("assign", n.Rhs[i], nil)
				}
			}
		case *ast.BinaryExpr:
			if n.Op == token.EQL || n.Op == token.NEQ {
				if isReasonSel(n.X) {
					fn("compare", n.Y, nil)
				} else if isReasonSel(n.Y) {
					fn("compare", n.X, nil)
				}
			}
		case *ast.SwitchStmt:
			if n.Tag != nil && isReasonSel(n.Tag) {
				for _, s := range n.Body.List {
					for _, e := range s.(*ast.CaseClause).List {
						fn("case", e, nil)
					}
				}
			}
		case *ast.CallExpr:
			// f(a, b...) passes a slice, no reason.
			if rf := r.callee(f, n); rf != nil && rf.index < len(n.Args) && (!n.Ellipsis.IsValid() || rf.index != len(n.Args)-1) {
				fn("argument", n.Args[rf.index], rf)
			}
		}
		return true
	})
}

func unparen(e ast.Expr) ast.Expr {
	for {
		p, ok := e.(*ast.ParenExpr)
		if !ok {
			return e
		}
		e = p.X
	}
}

func elemType(t ast.Expr) ast.Expr {
	switch t := t.(type) {
	case *ast.ArrayType:
		return t.Elt
	case *ast.MapType:
		return t.Value
	}
	return nil
}

// isErrorType: a type named *Error or *error (portal.Error, apiError), or a
// pointer to one; the types that carry a reason.
func isErrorType(t ast.Expr) bool {
	if s, ok := t.(*ast.StarExpr); ok {
		t = s.X
	}
	var name string
	switch t := t.(type) {
	case *ast.Ident:
		name = t.Name
	case *ast.SelectorExpr:
		name = t.Sel.Name
	}
	return strings.HasSuffix(strings.ToLower(name), "error")
}

func isIdent(e ast.Expr, name string) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == name
}

func isReasonSel(e ast.Expr) bool {
	s, ok := unparen(e).(*ast.SelectorExpr)
	return ok && s.Sel.Name == "Reason"
}

// uses lists the reason literals and the reason constants outside
// DeclFile. declared says which values have a constant.
func (r *repo) uses(declared map[string]bool) []Use {
	var out []Use
	for _, f := range r.files {
		if f.rel == DeclFile {
			continue
		}
		seen := map[ast.Expr]bool{}
		r.walk(f, f.ast, func(form string, e ast.Expr, call *reasonFunc) {
			v, ok := stringLit(e)
			if !ok || seen[e] || !Shape.MatchString(v) {
				return
			}
			seen[e] = true
			// A reason only a test names may be made up for the test
			// (a hostile server's): it becomes no new reason.
			strong := (call == nil || call.strong) && !strings.HasSuffix(f.rel, "_test.go")
			if !strong && !declared[v] {
				return
			}
			out = append(out, Use{Pos: r.fset.Position(e.Pos()), Value: v, Form: form, strong: strong, file: f, node: e})
		})
		for _, d := range f.ast.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.CONST {
				continue
			}
			for _, s := range gd.Specs {
				vs := s.(*ast.ValueSpec)
				if len(vs.Names) != 1 || len(vs.Values) != 1 || !isReasonConstName(vs.Names[0].Name) {
					continue
				}
				if v, ok := stringLit(vs.Values[0]); ok && Shape.MatchString(v) {
					out = append(out, Use{Pos: r.fset.Position(vs.Pos()), Value: v, Form: "constant", strong: true,
						file: f, node: vs, name: vs.Names[0].Name, decl: gd})
				}
			}
		}
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i].Pos, out[j].Pos
		if a.Filename != b.Filename {
			return a.Filename < b.Filename
		}
		return a.Offset < b.Offset
	})
	return out
}

func isReasonConstName(n string) bool {
	return len(n) > len("Reason") && strings.HasPrefix(n, "Reason") && n[len("Reason")] >= 'A' && n[len("Reason")] <= 'Z'
}

// Find lists the reasons the Go code under root spells as literals, or
// declares outside DeclFile: what the generator would rewrite.
func Find(root string) ([]Use, error) {
	r, err := load(root)
	if err != nil {
		return nil, err
	}
	decl, err := Declared(root)
	if err != nil && !os.IsNotExist(err) {
		return nil, err
	}
	declared := map[string]bool{}
	for _, d := range decl {
		declared[d.Value] = true
	}
	return r.uses(declared), nil
}
