package kbimport

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"path"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"supportportal/internal/markdown"
	"supportportal/internal/portal"
)

// CategoriesFile, when present in a Markdown folder, names categories per
// language and orders them:
//
//   - path: Cases/Attachments
//     names: {en: Attachments, de: Anhänge}
//     position: 2
const CategoriesFile = "_categories.yaml"

// FrontMatter is the YAML header of a Markdown article.
type FrontMatter struct {
	ID        string     `yaml:"id"`
	Title     string     `yaml:"title"`
	Summary   string     `yaml:"summary"`
	Category  string     `yaml:"category"`
	Tags      stringList `yaml:"tags"`
	Locale    string     `yaml:"locale"`
	Published time.Time  `yaml:"published"`
	Updated   time.Time  `yaml:"updated"`
}

// stringList accepts both `tags: [a, b]` and `tags: a, b`.
type stringList []string

func (l *stringList) UnmarshalYAML(n *yaml.Node) error {
	switch n.Kind {
	case yaml.ScalarNode:
		*l = nil
		for _, s := range strings.Split(n.Value, ",") {
			if s = strings.TrimSpace(s); s != "" {
				*l = append(*l, s)
			}
		}
		return nil
	case yaml.SequenceNode:
		var s []string
		if err := n.Decode(&s); err != nil {
			return err
		}
		*l = s
		return nil
	}
	return fmt.Errorf("line %d: tags must be a list of words", n.Line)
}

// SplitFrontMatter separates the YAML header (between "---" lines at the
// very top) from the Markdown body.
func SplitFrontMatter(b []byte) (front, body []byte, ok bool) {
	b = bytes.TrimPrefix(b, []byte("\ufeff"))
	b = bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))
	if !bytes.HasPrefix(b, []byte("---\n")) {
		return nil, b, false
	}
	rest := b[4:]
	if bytes.HasPrefix(rest, []byte("---\n")) || bytes.Equal(rest, []byte("---")) {
		return []byte{}, bytes.TrimPrefix(rest[3:], []byte("\n")), true
	}
	i := bytes.Index(rest, []byte("\n---\n"))
	if i < 0 {
		if bytes.HasSuffix(rest, []byte("\n---")) {
			return rest[:len(rest)-4], nil, true
		}
		return nil, b, false
	}
	return rest[:i], rest[i+5:], true
}

// ParseMarkdown turns one Markdown file into an article. name is the path
// in the folder: it supplies the locale ("access.de.md") and the source ID
// when the front matter has none.
func ParseMarkdown(name string, data []byte) (portal.ArticleInput, error) {
	var a portal.ArticleInput
	if !utf8.Valid(data) {
		return a, fmt.Errorf("the file is not UTF-8 text")
	}
	front, body, ok := SplitFrontMatter(data)
	if !ok {
		return a, fmt.Errorf("no front matter: the file must start with a '---' line, YAML fields (title, category, ...) and another '---' line")
	}
	var fm FrontMatter
	if err := yaml.Unmarshal(front, &fm); err != nil {
		return a, fmt.Errorf("front matter: %s", strings.TrimPrefix(err.Error(), "yaml: "))
	}
	base := strings.TrimSuffix(name, path.Ext(name))
	locale := fm.Locale
	if ext := path.Ext(base); len(ext) >= 3 && len(ext) <= 6 && portal.ValidLocale(portal.NormalizeLocale(ext[1:])) {
		base = strings.TrimSuffix(base, ext)
		if locale == "" {
			locale = ext[1:]
		}
	}
	if locale == "" {
		locale = portal.DefaultArticleLocale
	}
	id := strings.TrimSpace(fm.ID)
	if id == "" {
		id = base
	}
	a = portal.ArticleInput{
		SourceID: id, Locale: locale, Title: fm.Title, Summary: fm.Summary, Body: string(body),
		BodyFormat: portal.BodyMarkdown, CategoryPath: fm.Category, Tags: fm.Tags,
		PublishedAt: fm.Published, UpdatedAt: fm.Updated,
	}
	if strings.TrimSpace(fm.Title) == "" {
		return a, fmt.Errorf("front matter: title is missing")
	}
	a.BodyText = markdown.ToText(a.Body)
	return a, nil
}

// parsedFile is a Markdown file read and parsed, or why it cannot be.
type parsedFile struct {
	name string
	a    portal.ArticleInput
	err  error
}

func parseMarkdownFile(fsys fs.FS, name string) parsedFile {
	data, err := readFile(fsys, name)
	if err != nil {
		return parsedFile{name: name, err: err}
	}
	a, err := ParseMarkdown(name, data)
	return parsedFile{name: name, a: a, err: err}
}

// markdownFiles imports Markdown files in order. Reading and parsing
// (YAML front matter, Markdown to text) costs about as much CPU as the
// database writes, so it runs ahead of them: a batch of files at a time,
// parsed by one goroutine per CPU, while the previous batch is written.
func (im *Importer) markdownFiles(ctx context.Context, fsys fs.FS, names []string) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel() // stops the parsers if a write fails
	batches := make(chan []parsedFile, 1)
	go func() {
		defer close(batches)
		for start := 0; start < len(names); start += BatchSize {
			part := names[start:min(len(names), start+BatchSize)]
			out := make([]parsedFile, len(part))
			var next atomic.Int64
			var wg sync.WaitGroup
			for range runtime.GOMAXPROCS(0) {
				wg.Go(func() {
					for i := int(next.Add(1) - 1); i < len(part) && ctx.Err() == nil; i = int(next.Add(1) - 1) {
						out[i] = parseMarkdownFile(fsys, part[i])
					}
				})
			}
			wg.Wait()
			select {
			case batches <- out:
			case <-ctx.Done():
				return
			}
		}
	}()
	for batch := range batches {
		for _, p := range batch {
			if err := ctx.Err(); err != nil {
				return err
			}
			if p.err != nil {
				im.report.Skip(p.name, p.err.Error())
				continue
			}
			if err := im.add(ctx, p.name, p.a); err != nil {
				return err
			}
		}
	}
	return ctx.Err()
}

type categorySpec struct {
	Path     string            `yaml:"path"`
	Names    map[string]string `yaml:"names"`
	Position int               `yaml:"position"`
}

func (im *Importer) categoriesFile(fsys fs.FS, name string) error {
	data, err := readFile(fsys, name)
	if err != nil {
		return err
	}
	var specs []categorySpec
	if err := yaml.Unmarshal(data, &specs); err != nil {
		return fmt.Errorf("categories: %s", strings.TrimPrefix(err.Error(), "yaml: "))
	}
	for _, s := range specs {
		if portal.CleanCategoryPath(s.Path) == "" {
			return fmt.Errorf("categories: an entry has no path")
		}
		im.cats = append(im.cats, portal.CategoryInput{Path: s.Path, Names: s.Names, Position: s.Position})
	}
	return nil
}
