package kbimport

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"strings"
	"time"

	"supportportal/internal/markdown"
	"supportportal/internal/portal"
)

// Zendesk Help Center API shapes (only the fields used). IDs are numbers in
// the API; json.Number keeps large ones exact.
type zdArticle struct {
	ID         json.Number `json:"id"`
	Title      string      `json:"title"`
	Body       string      `json:"body"`
	Locale     string      `json:"locale"`
	SectionID  json.Number `json:"section_id"`
	LabelNames []string    `json:"label_names"`
	CreatedAt  time.Time   `json:"created_at"`
	UpdatedAt  time.Time   `json:"updated_at"`
	Draft      bool        `json:"draft"`
}

type zdSection struct {
	ID         json.Number `json:"id"`
	Name       string      `json:"name"`
	CategoryID json.Number `json:"category_id"`
	Position   int         `json:"position"`
}

type zdCategory struct {
	ID       json.Number `json:"id"`
	Name     string      `json:"name"`
	Position int         `json:"position"`
}

type zdFile struct {
	Articles   *[]json.RawMessage `json:"articles"`
	Sections   *[]zdSection       `json:"sections"`
	Categories *[]zdCategory      `json:"categories"`
}

// zendesk reads all JSON files first (articles refer to sections and
// sections to categories, possibly across files), then imports articles.
func (im *Importer) zendesk(ctx context.Context, fsys fs.FS, files []string) error {
	type rawArticles struct {
		file string
		list []json.RawMessage
	}
	var arts []rawArticles
	sections := map[string]zdSection{}
	categories := map[string]zdCategory{}
	for _, f := range files {
		data, err := readFile(fsys, f)
		if err != nil {
			im.report.Skip(f, err.Error())
			continue
		}
		var zf zdFile
		dec := json.NewDecoder(bytes.NewReader(data))
		if err := dec.Decode(&zf); err != nil {
			im.report.Skip(f, "not a Zendesk export file: "+jsonError(data, err))
			continue
		}
		if zf.Articles == nil && zf.Sections == nil && zf.Categories == nil {
			im.report.Skip(f, `not a Zendesk export file: it has no "articles", "sections" or "categories" list`)
			continue
		}
		if zf.Sections != nil {
			for _, s := range *zf.Sections {
				sections[s.ID.String()] = s
			}
		}
		if zf.Categories != nil {
			for _, c := range *zf.Categories {
				categories[c.ID.String()] = c
			}
		}
		if zf.Articles != nil {
			arts = append(arts, rawArticles{f, *zf.Articles})
		}
	}
	// Category tree: Zendesk category → section.
	catPath := func(c zdCategory) string { return strings.ReplaceAll(strings.TrimSpace(c.Name), "/", "-") }
	secPath := map[string]string{}
	for _, c := range categories {
		if p := catPath(c); p != "" {
			im.cats = append(im.cats, portal.CategoryInput{Path: p, Names: map[string]string{"en": c.Name}, Position: c.Position})
		}
	}
	for id, s := range sections {
		p := strings.ReplaceAll(strings.TrimSpace(s.Name), "/", "-")
		if c, ok := categories[s.CategoryID.String()]; ok && catPath(c) != "" {
			p = catPath(c) + "/" + p
		}
		secPath[id] = p
		if portal.CleanCategoryPath(p) != "" {
			im.cats = append(im.cats, portal.CategoryInput{Path: p, Names: map[string]string{"en": s.Name}, Position: s.Position})
		}
	}
	for _, ra := range arts {
		for i, raw := range ra.list {
			if err := ctx.Err(); err != nil {
				return err
			}
			item := fmt.Sprintf("%s#articles[%d]", ra.file, i)
			var z zdArticle
			if err := json.Unmarshal(raw, &z); err != nil {
				im.report.Skip(item, "malformed article: "+err.Error())
				continue
			}
			if z.ID != "" {
				item = fmt.Sprintf("%s#article %s", ra.file, z.ID)
			}
			if z.Draft {
				im.report.Skip(item, "draft articles are not imported")
				continue
			}
			if z.ID == "" {
				im.report.Skip(item, "the article has no id")
				continue
			}
			safe := markdown.HTMLToSafe(z.Body)
			a := portal.ArticleInput{
				SourceID: "zendesk:" + z.ID.String(), Locale: z.Locale, Title: z.Title,
				Body: safe, BodyFormat: portal.BodyHTML, BodyText: markdown.HTMLToText(safe),
				CategoryPath: secPath[z.SectionID.String()], Tags: z.LabelNames,
				PublishedAt: z.CreatedAt, UpdatedAt: z.UpdatedAt,
			}
			if a.Locale == "" {
				a.Locale = portal.DefaultArticleLocale
			}
			a.Summary = firstSentences(a.BodyText, 200)
			if err := im.add(ctx, item, a); err != nil {
				return err
			}
		}
	}
	return nil
}

// firstSentences is a summary for sources that have none: the start of the
// text, cut at a word boundary.
func firstSentences(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := string(r[:n])
	if i := strings.LastIndexByte(cut, ' '); i > n/2 {
		cut = cut[:i]
	}
	return cut + "…"
}

// jsonError adds the line number to a JSON syntax error.
func jsonError(data []byte, err error) string {
	if se, ok := err.(*json.SyntaxError); ok {
		line := 1 + bytes.Count(data[:min(int(se.Offset), len(data))], []byte("\n"))
		return fmt.Sprintf("line %d: %v", line, err)
	}
	return err.Error()
}
