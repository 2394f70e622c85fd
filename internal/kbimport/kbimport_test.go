package kbimport_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"supportportal/internal/appstore"
	"supportportal/internal/kbimport"
	"supportportal/internal/must"
	"supportportal/internal/portal"
)

var ctx = context.Background()

func open(t *testing.T) (*appstore.DB, *appstore.Knowledge) {
	t.Helper()
	db, err := appstore.Open(ctx, filepath.Join(t.TempDir(), "portal.db"), appstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db, appstore.NewKnowledge(db)
}

func write(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		must.Do(os.MkdirAll(filepath.Dir(p), 0o755))
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func skipped(r portal.ImportReport) map[string]string {
	m := map[string]string{}
	for _, s := range r.Skipped {
		m[s.File] = s.Reason
	}
	return m
}

var mdFiles = map[string]string{
	"_categories.yaml":   "- path: Cases\n  names: {en: Cases, de: Fälle}\n  position: 1\n",
	"cases/attach.md":    "---\ntitle: Adding attachments\ncategory: Cases/Attachments\nsummary: Attach screenshots.\ntags: [files, screenshots]\nid: attach\n---\n# Adding attachments\n\nChoose **Add file**. [Docs](https://example.com/x).\n",
	"cases/attach.de.md": "---\ntitle: Anhänge hinzufügen\ncategory: Cases/Attachments\nid: attach\n---\nWählen Sie **Datei hinzufügen**.\n",
	"access/reset.md":    "\ufeff---\r\ntitle: Resetting your password\r\ncategory: Access\r\ntags: password, sign-in\r\n---\r\nUse *Forgot password*.\r\n",
	"bad/no-front.md":    "# Just a heading\n\nNo front matter here.\n",
	"bad/yaml.md":        "---\ntitle: [unclosed\n---\nbody\n",
	"bad/notitle.md":     "---\ncategory: Cases\n---\nbody\n",
	"bad/locale.md":      "---\ntitle: x\nlocale: klingon\n---\nbody\n",
	"bad/tags.md":        "---\ntitle: x\ntags: {a: b}\n---\nbody\n",
	"extra/dup.md":       "---\ntitle: Dup\nid: attach\n---\nbody\n",
	"notes.txt":          "ignored",
	".git/HEAD.md":       "---\ntitle: hidden\n---\n",
}

func TestImportMarkdownFolder(t *testing.T) {
	_, kb := open(t)
	dir := t.TempDir()
	write(t, dir, mdFiles)
	r, err := kbimport.ImportPath(ctx, kb, dir)
	if err != nil {
		t.Fatal(err)
	}
	if r.Created != 3 || r.Updated != 0 || r.Unchanged != 0 {
		t.Fatalf("report = %+v", r)
	}
	sk := skipped(r)
	for file, want := range map[string]string{
		"bad/no-front.md": "no front matter",
		"bad/yaml.md":     "front matter",
		"bad/notitle.md":  "title is missing",
		"bad/locale.md":   "klingon",
		"bad/tags.md":     "tags must be a list",
		"extra/dup.md":    "already imported from cases/attach.md",
	} {
		if !strings.Contains(sk[file], want) {
			t.Errorf("skip reason of %s = %q, want it to mention %q", file, sk[file], want)
		}
	}
	if len(r.Skipped) != 6 {
		t.Errorf("skipped = %+v", r.Skipped)
	}
	cats, _ := kb.Categories(ctx, "de")
	if len(cats) != 2 || cats[1].Name != "Fälle" || cats[1].ArticleCount != 1 {
		t.Errorf("categories = %+v", cats)
	}
	res, _ := kb.Search(ctx, portal.SearchQuery{Text: "password"})
	if res.Total != 1 || strings.Join(res.Hits[0].Tags, ",") != "password,sign-in" || res.Hits[0].CategoryPath != "Access" {
		t.Fatalf("search = %+v", res)
	}
	// The link target is not indexed, the link text is.
	if res, _ := kb.Search(ctx, portal.SearchQuery{Text: "example"}); res.Total != 0 {
		t.Errorf("link URL was indexed")
	}
	if res, err := kb.Search(ctx, portal.SearchQuery{Text: "docs"}); res.Total != 1 {
		t.Logf("%+v %v", res, err)
		t.Errorf("link text not indexed")
	}

	// Re-import: unchanged, then one file edited in place.
	r2, err := kbimport.ImportPath(ctx, kb, dir)
	if err != nil || r2.Unchanged != 3 || r2.Created+r2.Updated != 0 {
		t.Fatalf("re-import = %+v %v", r2, err)
	}
	write(t, dir, map[string]string{"access/reset.md": "---\ntitle: Resetting your password\ncategory: Access\n---\nNow with wombats.\n"})
	r3, err := kbimport.ImportPath(ctx, kb, dir)
	if err != nil || r3.Updated != 1 || r3.Unchanged != 2 {
		t.Fatalf("edit re-import = %+v %v", r3, err)
	}
	res2, _ := kb.Search(ctx, portal.SearchQuery{Text: "wombats"})
	if res2.Total != 1 || res2.Hits[0].ID != res.Hits[0].ID {
		t.Fatalf("updated in place: %+v", res2)
	}
	if n, _ := kb.ArticleCount(ctx); n != 3 {
		t.Fatalf("articles = %d", n)
	}
}

const zdArticles = `{"articles":[
 {"id":360001,"title":"Exporting <b>reports</b>","body":"<p>Click <strong>Export</strong>.</p><script>alert(1)</script><img src=x onerror=alert(2)><a href=\"javascript:alert(3)\">x</a>","locale":"en-us","section_id":11,"label_names":["export","reports"],"created_at":"2023-01-02T03:04:05Z","updated_at":"2024-01-02T03:04:05Z","draft":false},
 {"id":360001,"title":"Berichte exportieren","body":"<p>Klicken Sie auf Exportieren.</p>","locale":"de","section_id":11,"label_names":[],"created_at":"2023-01-02T03:04:05Z","updated_at":"2024-01-02T03:04:05Z","draft":false},
 {"id":360002,"title":"Draft","body":"<p>wip</p>","locale":"en-us","section_id":11,"draft":true},
 {"id":360003,"title":"","body":"<p>no title</p>","locale":"en-us","section_id":11},
 {"id":"oops","title":7}
]}`

func TestImportZendesk(t *testing.T) {
	db, kb := open(t)
	dir := t.TempDir()
	write(t, dir, map[string]string{
		"articles.json":   zdArticles,
		"sections.json":   `{"sections":[{"id":11,"name":"Reports","category_id":1,"position":2}]}`,
		"categories.json": `{"categories":[{"id":1,"name":"Analytics","position":1}]}`,
		"broken.json":     "{\"articles\": [\n  {\"id\": 1,\n}",
		"other.json":      `{"users": []}`,
	})
	r, err := kbimport.ImportPath(ctx, kb, dir)
	if err != nil {
		t.Fatal(err)
	}
	if r.Created != 2 {
		t.Fatalf("report = %+v", r)
	}
	sk := skipped(r)
	for file, want := range map[string]string{
		"broken.json":                  "line 3",
		"other.json":                   "no \"articles\"",
		"articles.json#article 360002": "draft",
		"articles.json#article 360003": "no title",
		"articles.json#articles[4]":    "malformed article",
	} {
		if !strings.Contains(sk[file], want) {
			t.Errorf("skip reason of %s = %q, want %q (all: %v)", file, sk[file], want, sk)
		}
	}
	res, err := kb.Search(ctx, portal.SearchQuery{Text: "export"})
	if err != nil || res.Total != 1 {
		t.Fatalf("search = %+v %v", res, err)
	}
	h := res.Hits[0]
	if h.CategoryPath != "Analytics/Reports" || h.Locale != "en" || h.SourceID != "zendesk:360001" || h.PublishedAt.Year() != 2023 {
		t.Errorf("hit = %+v", h)
	}
	// The stored text, as another program reading the file finds it.
	file, err := sql.Open("sqlite3", db.Path)
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	var body string
	if err := file.QueryRow(`SELECT body FROM kb_article WHERE id = ?`, h.ID).Scan(&body); err != nil || body == "" {
		t.Fatalf("stored body %q, %v", body, err)
	}
	if strings.Contains(body, "script") || strings.Contains(body, "onerror") || strings.Contains(body, "javascript") {
		t.Errorf("stored body not sanitized: %s", body)
	}
	// Script text is not indexed either.
	if res, _ := kb.Search(ctx, portal.SearchQuery{Text: "alert"}); res.Total != 0 {
		t.Errorf("script content indexed")
	}
	v, err := kb.Article(ctx, "de", h.ID)
	if err != nil || v.Locale != "de" || v.Title != "Berichte exportieren" {
		t.Fatalf("german version: %+v %v", v, err)
	}
	r2, err := kbimport.ImportPath(ctx, kb, filepath.Join(dir, "articles.json"))
	if err != nil || r2.Unchanged != 0 && r2.Updated != 0 {
		t.Fatalf("single-file re-import: %+v %v", r2, err)
	}
	if n, _ := kb.ArticleCount(ctx); n != 2 {
		t.Fatalf("articles after re-import = %d", n)
	}
}

func TestImportMissingPath(t *testing.T) {
	_, kb := open(t)
	if _, err := kbimport.ImportPath(ctx, kb, filepath.Join(t.TempDir(), "nope")); portal.ErrorCode(err) != portal.EInvalid {
		t.Fatalf("err = %v", err)
	}
}

// Files written on Windows end their lines in CRLF: every part of an
// article (front matter fields, block scalars, the body with its hard
// line breaks, code and tables) and the categories file read exactly as
// the same files with LF do.
func TestCRLFParsesLikeLF(t *testing.T) {
	files := map[string]string{
		"_categories.yaml":      "- path: Reports\n  names: {en: Reports, de: Berichte}\n  position: 2\n- path: Reports/Export\n  names:\n    en: Export\n    de: Exportieren\n",
		"reports/export.md":     "---\ntitle: Exporting reports\ncategory: Reports/Export\nsummary: |\n  Export a report as CSV.\n  Large ones take a while.\ntags:\n  - export\n  - csv\nid: export\npublished: 2024-03-01T10:00:00Z\n---\n# Exporting\n\nClick **Export**,  \nthen wait.\\\nDone.\n\n```\nline 1\nline 2\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n> quoted\n> text\n",
		"reports/export.de.md":  "---\ntitle: Berichte exportieren\ncategory: Reports/Export\nid: export\n---\nKlicken Sie auf **Exportieren**.\n",
		"reports/empty-body.md": "---\ntitle: Only a title\ncategory: Reports\n---\n",
	}
	crlf := map[string]string{}
	for name, body := range files {
		crlf[name] = strings.ReplaceAll(body, "\n", "\r\n")
	}
	for name := range files {
		t.Run(name, func(t *testing.T) {
			if path.Ext(name) != ".md" {
				return
			}
			lf, errLF := kbimport.ParseMarkdown(name, []byte(files[name]))
			cr, errCR := kbimport.ParseMarkdown(name, []byte(crlf[name]))
			if errLF != nil || errCR != nil {
				t.Fatalf("%s: %v / %v", name, errLF, errCR)
			}
			if !reflect.DeepEqual(lf, cr) {
				t.Errorf("%s:\n LF   %+v\n CRLF %+v", name, lf, cr)
			}
		})
	}
	imported := func(files map[string]string) ([]portal.Category, portal.ImportReport) {
		_, kb := open(t)
		dir := t.TempDir()
		write(t, dir, files)
		r, err := kbimport.ImportPath(ctx, kb, dir)
		if err != nil {
			t.Fatal(err)
		}
		cats, err := kb.Categories(ctx, "de")
		if err != nil {
			t.Fatal(err)
		}
		return cats, r
	}
	catsLF, rLF := imported(files)
	catsCR, rCR := imported(crlf)
	if rLF.Created != 3 || !reflect.DeepEqual(rLF, rCR) {
		t.Fatalf("reports: LF %+v, CRLF %+v", rLF, rCR)
	}
	names := func(cs []portal.Category) (out []string) {
		var walk func([]portal.Category)
		walk = func(cs []portal.Category) {
			for _, c := range cs {
				out = append(out, fmt.Sprintf("%s=%s@%d:%d", c.Path, c.Name, c.Position, c.ArticleCount))
				walk(c.Children)
			}
		}
		walk(cs)
		return out
	}
	if got, want := names(catsCR), names(catsLF); !reflect.DeepEqual(got, want) || !slices.Contains(want, "Reports/Export=Exportieren@0:1") {
		t.Fatalf("categories: CRLF %v, LF %v", got, want)
	}
}
