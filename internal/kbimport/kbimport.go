// Package kbimport loads knowledge-base articles from files: a folder of
// Markdown files with YAML front matter, or a Zendesk Help Center export
// (JSON files of articles, sections and categories). Each file stands on
// its own: a malformed file is reported and skipped, the rest are imported.
package kbimport

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"supportportal/internal/appstore"
	"supportportal/internal/portal"
)

// BatchSize is how many articles go into one transaction: large enough to
// amortize the commit, small enough that a long import does not hold the
// write lock for seconds at a time.
const BatchSize = 1000

// MaxFileSize bounds one input file; larger ones are skipped, not read.
const MaxFileSize = 16 << 20

// Importer writes parsed articles to the knowledge base in batches.
type Importer struct {
	kb     *appstore.Knowledge
	report portal.ImportReport
	cats   []portal.CategoryInput
	arts   []portal.ArticleInput
	files  []string // file of each pending article, for skip reasons
	seen   map[string]string
}

func newImporter(kb *appstore.Knowledge) *Importer {
	return &Importer{kb: kb, seen: map[string]string{}}
}

// add queues one article, validating it first so that a bad one is skipped
// on its own instead of failing its whole batch.
func (im *Importer) add(ctx context.Context, file string, a portal.ArticleInput) error {
	if err := appstore.ValidateArticle(&a); err != nil {
		im.report.Skip(file, reason(err))
		return nil
	}
	key := a.SourceID + "\x00" + a.Locale
	if prev, dup := im.seen[key]; dup {
		im.report.Skip(file, fmt.Sprintf("article %q (%s) is already imported from %s", a.SourceID, a.Locale, prev))
		return nil
	}
	im.seen[key] = file
	im.arts = append(im.arts, a)
	im.files = append(im.files, file)
	if len(im.arts) >= BatchSize {
		return im.flush(ctx)
	}
	return nil
}

func (im *Importer) flush(ctx context.Context) error {
	if len(im.arts) == 0 && len(im.cats) == 0 {
		return nil
	}
	out, err := im.kb.ImportBatch(ctx, im.cats, im.arts)
	if err != nil {
		return fmt.Errorf("import batch ending with %s: %w", last(im.files), err)
	}
	for _, o := range out {
		im.report.Add(o)
	}
	im.cats, im.arts, im.files = nil, im.arts[:0], im.files[:0]
	return nil
}

func last(s []string) string {
	if len(s) == 0 {
		return "categories"
	}
	return s[len(s)-1]
}

func reason(err error) string {
	if pe, ok := err.(*portal.Error); ok {
		return pe.Error()
	}
	return err.Error()
}

// ImportPath imports a file or a folder (recursively): *.md and *.markdown
// files as Markdown articles, *.json files as Zendesk Help Center export
// files. Other files are ignored.
func ImportPath(ctx context.Context, kb *appstore.Knowledge, p string) (portal.ImportReport, error) {
	fi, err := os.Stat(p)
	if err != nil {
		return portal.ImportReport{}, portal.Invalid("path", portal.ReasonImportPathMissing, p, "cannot read %s: %v", p, err)
	}
	dir, files := p, []string(nil)
	if !fi.IsDir() {
		dir, _ = filepath.Split(p)
		if dir == "" {
			dir = "."
		}
		files = []string{filepath.Base(p)}
	}
	g, err := openGuarded(dir)
	if err != nil {
		return portal.ImportReport{}, portal.Invalid("path", portal.ReasonImportPathMissing, p, "cannot read %s: %v", p, err)
	}
	defer g.Close()
	if files != nil {
		return importFiles(ctx, kb, g, files)
	}
	return ImportFS(ctx, kb, g)
}

// ImportFS imports every article file in fsys (see ImportPath).
func ImportFS(ctx context.Context, kb *appstore.Knowledge, fsys fs.FS) (portal.ImportReport, error) {
	var files []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("list %s: %w", p, err)
		}
		if d.IsDir() && p != "." && strings.HasPrefix(d.Name(), ".") {
			return fs.SkipDir // .git and friends
		}
		if !d.IsDir() {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return portal.ImportReport{}, err
	}
	return importFiles(ctx, kb, fsys, files)
}

func importFiles(ctx context.Context, kb *appstore.Knowledge, fsys fs.FS, files []string) (portal.ImportReport, error) {
	sort.Strings(files)
	if err := checkTotal(fsys, files); err != nil {
		return portal.ImportReport{Skipped: []portal.Skipped{}}, err
	}
	im := newImporter(kb)
	var md, js []string
	for _, f := range files {
		switch strings.ToLower(path.Ext(f)) {
		case ".md", ".markdown":
			md = append(md, f)
		case ".json":
			js = append(js, f)
		case ".yaml", ".yml":
			if path.Base(f) == CategoriesFile {
				if err := im.categoriesFile(fsys, f); err != nil {
					im.report.Skip(f, err.Error())
				}
			}
		}
	}
	if err := im.markdownFiles(ctx, fsys, md); err != nil {
		return im.report, err
	}
	if len(js) > 0 {
		if err := im.zendesk(ctx, fsys, js); err != nil {
			return im.report, err
		}
	}
	if g, ok := fsys.(*guardedFS); ok && g.failed() != nil {
		// Files grew past the cap while being read: what was read stays
		// imported, and the error says where it stopped.
		return im.report, g.failed()
	}
	if err := im.flush(ctx); err != nil {
		return im.report, err
	}
	// A large import leaves the search index in many segments, and every
	// query word is looked up in each; merging them costs ~2 s per 100,000
	// articles and makes searches up to twice as fast.
	if im.report.Created+im.report.Updated >= BatchSize {
		if err := kb.OptimizeIndex(ctx); err != nil {
			return im.report, err
		}
	}
	if im.report.Skipped == nil {
		im.report.Skipped = []portal.Skipped{}
	}
	return im.report, nil
}

func readFile(fsys fs.FS, name string) ([]byte, error) {
	if g, ok := fsys.(*guardedFS); ok {
		return g.readFile(name)
	}
	fi, err := fs.Stat(fsys, name)
	if err != nil {
		return nil, err
	}
	if fi.Size() > MaxFileSize {
		return nil, fmt.Errorf("the file is larger than %d MB", MaxFileSize>>20)
	}
	return fs.ReadFile(fsys, name)
}
