package reasons

import (
	"bytes"
	"errors"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Result is what Generate changed.
type Result struct {
	Rewritten int      // literals and constant references now naming a constant in DeclFile
	Moved     []string // constants declared elsewhere, now in DeclFile (pkg.Name)
	Added     []Reason // reasons DeclFile did not have
	Written   []string // files written, relative to the root
}

// Generate rewrites every reason literal under root to its constant in
// DeclFile, moves Reason constants declared elsewhere there, declares the
// reasons it lacked, and writes DeclFile and TSFile. Running it again
// changes nothing.
func Generate(root string) (Result, error) {
	var res Result
	r, err := load(root)
	if err != nil {
		return res, err
	}
	decl, err := Declared(root)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return res, err
	}
	byValue := map[string]*Reason{}
	byName := map[string]string{}
	for i := range decl {
		byValue[decl[i].Value] = &decl[i]
		byName[decl[i].Name] = decl[i].Value
	}
	declared := map[string]bool{}
	for v := range byValue {
		declared[v] = true
	}
	en, err := Messages(root, "en")
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return res, err
	}

	var added []*Reason
	declare := func(v, comment string) error {
		if byValue[v] != nil {
			return nil
		}
		name := ConstName(v)
		if other, ok := byName[name]; ok {
			return fmt.Errorf("reasons %q and %q both make the constant %s", other, v, name)
		}
		if comment == "" {
			comment = firstSentence(en[v])
		}
		nr := &Reason{Name: name, Value: v, Comment: comment}
		byValue[v], byName[name] = nr, v
		added = append(added, nr)
		return nil
	}
	// Constants first: their comments were written for them.
	uses := r.uses(declared)
	for _, u := range uses {
		if u.Form == "constant" {
			vs := u.node.(*ast.ValueSpec)
			c := commentOf(vs)
			if c == "" && !u.decl.Lparen.IsValid() && u.decl.Doc != nil {
				// const ReasonX = "x" has its comment on the declaration.
				c = strings.Join(strings.Fields(u.decl.Doc.Text()), " ")
			}
			if err := declare(u.Value, movedComment(c, u.name, ConstName(u.Value))); err != nil {
				return res, err
			}
		}
	}
	for _, u := range uses {
		if u.strong {
			if err := declare(u.Value, ""); err != nil {
				return res, err
			}
		}
	}
	for _, a := range added {
		res.Added = append(res.Added, *a)
		declared[a.Value] = true
	}
	// Again: a test helper's argument is a reason now declared.
	uses = r.uses(declared)

	edits := map[*file][]edit{}
	renamed := map[string]string{} // "dir.OldName" -> constant in DeclFile
	prune := map[string]bool{}     // imports a file may no longer need: constants moved out of them
	for _, u := range uses {
		d := byValue[u.Value]
		if u.Form != "constant" {
			edits[u.file] = append(edits[u.file], edit{u.node.Pos(), u.node.End(), ref(u.file, d.Name)})
			res.Rewritten++
			continue
		}
		renamed[u.file.dir+"."+u.name] = d.Name
		res.Moved = append(res.Moved, path2pkg(u.file.dir)+"."+u.name)
		edits[u.file] = append(edits[u.file], removeSpec(u.file, r.fset, u.decl, u.node.(*ast.ValueSpec), uses))
	}
	// References to moved constants, and ones a merge brought in to
	// constants moved before (pkg.ReasonX where pkg no longer has it).
	resolve := func(dir, name string) string {
		if nn := renamed[dir+"."+name]; nn != "" {
			return nn
		}
		if !isReasonConstName(name) || dir == portalDir || r.declares(dir, name) {
			return ""
		}
		if _, ok := byName[name]; ok {
			return name
		}
		if nn := legacyNames[dir+"."+name]; byName[nn] != "" {
			return nn
		}
		return ""
	}
	for _, f := range r.files {
		if f.rel != DeclFile {
			res.Rewritten += r.renameRefs(f, resolve, edits, prune)
		}
	}

	files := make([]*file, 0, len(edits))
	for f := range edits {
		files = append(files, f)
	}
	sort.Slice(files, func(i, j int) bool { return files[i].rel < files[j].rel })
	for _, f := range files {
		out, err := apply(r.fset, r.module, f, edits[f], prune)
		if err != nil {
			return res, err
		}
		if !bytes.Equal(out, f.src) {
			if err := os.WriteFile(filepath.Join(root, filepath.FromSlash(f.rel)), out, 0o644); err != nil {
				return res, err
			}
			res.Written = append(res.Written, f.rel)
		}
	}

	all := make([]Reason, 0, len(byValue))
	for _, d := range byValue {
		all = append(all, *d)
	}
	goSrc, err := GoFile(all)
	if err != nil {
		return res, err
	}
	for _, w := range []struct {
		rel string
		b   []byte
	}{{DeclFile, goSrc}, {TSFile, TypeScript(all)}} {
		p := filepath.Join(root, filepath.FromSlash(w.rel))
		if old, err := os.ReadFile(p); err == nil && bytes.Equal(old, w.b) {
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return res, err
		}
		if err := os.WriteFile(p, w.b, 0o644); err != nil {
			return res, err
		}
		res.Written = append(res.Written, w.rel)
	}
	return res, nil
}

func path2pkg(dir string) string { return filepath.Base(dir) }

// firstSentence of an English message, as a constant's comment; its
// placeholders {{name}} become <name>.
func firstSentence(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	s = strings.NewReplacer("{{", "<", "}}", ">").Replace(s)
	if i := strings.Index(s, ". "); i >= 0 {
		s = s[:i+1]
	}
	return s
}

// movedComment adapts a moved constant's comment to its new name.
func movedComment(c, oldName, newName string) string {
	if rest, ok := strings.CutPrefix(c, oldName+": "); ok {
		r, n := utf8.DecodeRuneInString(rest)
		return string(unicode.ToUpper(r)) + rest[n:]
	}
	if rest, ok := strings.CutPrefix(c, oldName+" "); ok {
		return newName + " " + rest
	}
	return c
}

// inPortal: code of package portal names the constants unqualified.
func inPortal(f *file) bool {
	return f.dir == portalDir && f.ast.Name.Name == "portal"
}

// ref is how f names a constant of DeclFile.
func ref(f *file, name string) string {
	if inPortal(f) {
		return name
	}
	return portalName(f) + "." + name
}

// portalName is the name f imports package portal as ("portal" when it
// does not yet: apply adds the import).
func portalName(f *file) string {
	for n, ip := range f.imports {
		if strings.HasSuffix(ip, "/"+portalDir) && n != "_" && n != "." {
			return n
		}
	}
	return "portal"
}

// renameRefs rewrites the references to moved constants (resolve names
// the constant in DeclFile): unqualified in their own package, pkg.Name
// elsewhere; prune gets the packages such a reference no longer needs.
func (r *repo) renameRefs(f *file, resolve func(dir, name string) string, edits map[*file][]edit, prune map[string]bool) int {
	n := 0
	ownPkg := !strings.HasSuffix(f.ast.Name.Name, "_test")
	var visit func(node ast.Node) bool
	visit = func(node ast.Node) bool {
		switch x := node.(type) {
		case *ast.GenDecl:
			// The declarations being moved are removed whole.
			if x.Tok == token.CONST {
				for _, s := range x.Specs {
					vs := s.(*ast.ValueSpec)
					if len(vs.Names) == 1 && resolve(f.dir, vs.Names[0].Name) != "" {
						return false
					}
				}
			}
		case *ast.SelectorExpr:
			if id, ok := x.X.(*ast.Ident); ok {
				if ip, ok := f.imports[id.Name]; ok {
					if d, ok := r.dirOf(ip); ok {
						if nn := resolve(d, x.Sel.Name); nn != "" && id.Name+"."+x.Sel.Name != ref(f, nn) {
							edits[f] = append(edits[f], edit{x.Pos(), x.End(), ref(f, nn)})
							prune[ip] = true
							n++
						}
					}
					return false
				}
			}
			ast.Inspect(x.X, visit)
			return false
		case *ast.KeyValueExpr:
			// A struct field key is not a reference.
			if _, ok := x.Key.(*ast.Ident); ok {
				ast.Inspect(x.Value, visit)
				return false
			}
		case *ast.Ident:
			if nn := resolve(f.dir, x.Name); nn != "" && ownPkg && x.Name != ref(f, nn) {
				edits[f] = append(edits[f], edit{x.Pos(), x.End(), ref(f, nn)})
				n++
			}
		}
		return true
	}
	ast.Inspect(f.ast, visit)
	return n
}

type edit struct {
	pos, end token.Pos
	text     string
}

// removeSpec is the edit removing a moved constant: its lines, or the
// whole declaration when every constant in it moves.
func removeSpec(f *file, fset *token.FileSet, gd *ast.GenDecl, vs *ast.ValueSpec, uses []Use) edit {
	whole := true
	for _, s := range gd.Specs {
		moving := false
		for _, u := range uses {
			if u.node == s {
				moving = true
			}
		}
		whole = whole && moving
	}
	if whole {
		if gd.Specs[0] != vs {
			return edit{} // the first spec removes it
		}
		start := gd.Pos()
		if gd.Doc != nil {
			start = gd.Doc.Pos()
		}
		return lineEdit(f, fset, start, gd.End())
	}
	start, end := vs.Pos(), vs.End()
	if vs.Doc != nil {
		start = vs.Doc.Pos()
	}
	if vs.Comment != nil {
		end = vs.Comment.End()
	}
	return lineEdit(f, fset, start, end)
}

// lineEdit removes whole lines from the one holding start to the one
// holding end.
func lineEdit(f *file, fset *token.FileSet, start, end token.Pos) edit {
	tf := fset.File(start)
	s, e := tf.Offset(start), tf.Offset(end)
	for s > 0 && f.src[s-1] != '\n' {
		s--
	}
	for e < len(f.src) && f.src[e] != '\n' {
		e++
	}
	if e < len(f.src) {
		e++
	}
	return edit{tf.Pos(s), tf.Pos(e), ""}
}

// apply makes the edits, adds the import of package portal if the file
// now needs it, drops the imports in prune it no longer uses, and formats
// the result.
func apply(fset *token.FileSet, mod string, f *file, edits []edit, prune map[string]bool) ([]byte, error) {
	var es []edit
	for _, e := range edits {
		if e.pos.IsValid() {
			es = append(es, e)
		}
	}
	sort.Slice(es, func(i, j int) bool { return es[i].pos < es[j].pos })
	tf := fset.File(f.ast.Pos())
	var b bytes.Buffer
	last := 0
	for _, e := range es {
		s, end := tf.Offset(e.pos), tf.Offset(e.end)
		if s < last {
			return nil, fmt.Errorf("%s: overlapping edits at offset %d", f.rel, s)
		}
		b.Write(f.src[last:s])
		b.WriteString(e.text)
		last = end
	}
	b.Write(f.src[last:])
	out := b.Bytes()
	if !inPortal(f) && bytes.Contains(out, []byte(portalName(f)+".Reason")) && !importsPortal(f) {
		var err error
		if out, err = addImport(mod, f.rel, out); err != nil {
			return nil, err
		}
	}
	out, err := pruneImports(f.rel, out, prune)
	if err != nil {
		return nil, err
	}
	formatted, err := format.Source(out)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", f.rel, err)
	}
	return formatted, nil
}

func importsPortal(f *file) bool {
	for _, ip := range f.imports {
		if strings.HasSuffix(ip, "/"+portalDir) {
			return true
		}
	}
	return false
}

// addImport adds package portal's import: to the group of the module's
// own imports, or as a group of its own after the others.
func addImport(mod, name string, src []byte) ([]byte, error) {
	fset := token.NewFileSet()
	af, err := parser.ParseFile(fset, name, src, parser.ImportsOnly)
	if err != nil {
		return nil, err
	}
	spec := strconv.Quote(mod + "/" + portalDir)
	tf := fset.File(af.Pos())
	insert := func(at token.Pos, text string) []byte {
		o := tf.Offset(at)
		return append(append(append([]byte{}, src[:o]...), text...), src[o:]...)
	}
	for _, d := range af.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.IMPORT {
			continue
		}
		if !gd.Lparen.IsValid() {
			is := gd.Specs[0].(*ast.ImportSpec)
			o, e := tf.Offset(gd.Pos()), tf.Offset(gd.End())
			one := string(src[tf.Offset(is.Pos()):tf.Offset(is.End())])
			return append(append(append([]byte{}, src[:o]...), "import (\n\t"+one+"\n\n\t"+spec+"\n)"...), src[e:]...), nil
		}
		var own ast.Spec
		for _, s := range gd.Specs {
			if p, _ := stringLit(s.(*ast.ImportSpec).Path); strings.HasPrefix(p, mod+"/") {
				own = s
			}
		}
		if own != nil {
			return insert(own.End(), "\n\t"+spec), nil
		}
		return insert(gd.Specs[len(gd.Specs)-1].End(), "\n\n\t"+spec), nil
	}
	return insert(af.Name.End(), "\n\nimport "+spec), nil
}

// pruneImports removes the imports of paths in prune that src no longer
// uses (its constants moved to DeclFile).
func pruneImports(name string, src []byte, prune map[string]bool) ([]byte, error) {
	fset := token.NewFileSet()
	af, err := parser.ParseFile(fset, name, src, parser.SkipObjectResolution)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	used := map[string]bool{}
	ast.Inspect(af, func(n ast.Node) bool {
		if s, ok := n.(*ast.SelectorExpr); ok {
			if id, ok := s.X.(*ast.Ident); ok {
				used[id.Name] = true
			}
		}
		return true
	})
	tf := fset.File(af.Pos())
	var drop [][2]int
	for _, is := range af.Imports {
		ip, _ := stringLit(is.Path)
		local := path.Base(ip)
		if is.Name != nil {
			local = is.Name.Name
		}
		if prune[ip] && !used[local] && local != "_" && local != "." {
			s, e := tf.Offset(is.Pos()), tf.Offset(is.End())
			for s > 0 && src[s-1] != '\n' {
				s--
			}
			for e < len(src) && src[e] != '\n' {
				e++
			}
			drop = append(drop, [2]int{s, e + 1})
		}
	}
	for i := len(drop) - 1; i >= 0; i-- {
		src = append(src[:drop[i][0]:drop[i][0]], src[drop[i][1]:]...)
	}
	return src, nil
}
