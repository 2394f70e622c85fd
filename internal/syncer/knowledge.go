package syncer

import (
	"context"
	"fmt"
	"strings"

	"supportportal/internal/appstore"
	"supportportal/internal/markdown"
	"supportportal/internal/portal"
	"supportportal/internal/syncproto"
)

// pullKnowledge brings the vendor's articles into the local knowledge base
// (so search and the solution links work offline), page by page from the
// last cursor. An article's local source ID is its server ID: a case's
// solution names its article by that ID.
func (e *Engine) pullKnowledge(ctx context.Context, heads *syncproto.Heads) (int, error) {
	key := "kb_cursor:" + e.account.ServerURL
	var cursor string
	if _, err := e.db.GetState(ctx, key, &cursor); err != nil {
		return 0, err
	}
	if heads != nil && sameCursor(cursor, heads.KB) {
		return 0, nil // nothing new: no request
	}
	page, err := e.client.KBArticles(ctx, cursor, KBPage)
	if err != nil {
		return 0, fmt.Errorf("knowledge: %w", err)
	}
	if len(page.Items) == 0 {
		return 0, nil
	}
	cats, err := e.client.KBCategories(ctx)
	if err != nil {
		return 0, fmt.Errorf("knowledge: %w", err)
	}
	paths, inputs := categoryPaths(cats)
	kb := appstore.NewKnowledge(e.db)
	n := 0
	for {
		arts := make([]portal.ArticleInput, 0, len(page.Items))
		for _, a := range page.Items {
			if err := appstore.CheckServerID("article.id", a.ID); err != nil {
				return n, fmt.Errorf("knowledge: %w", err)
			}
			arts = append(arts, portal.ArticleInput{SourceID: a.ID, Locale: a.Locale, Title: a.Title, Summary: a.Summary,
				Body: a.Body, BodyFormat: portal.BodyMarkdown, BodyText: markdown.ToText(a.Body), CategoryPath: paths[a.CategoryID],
				Tags: a.Tags, PublishedAt: a.PublishedAt, UpdatedAt: a.UpdatedAt, Popularity: a.Popularity})
		}
		if _, err := kb.ImportBatchFrom(ctx, e.account.ServerURL, inputs, arts); err != nil {
			return n, fmt.Errorf("knowledge: %w", err)
		}
		n += len(arts)
		if e.OnStep != nil {
			e.OnStep(Report{Articles: n})
		}
		cursor = page.Cursor
		if err := e.db.SetState(ctx, key, cursor); err != nil {
			return n, err
		}
		if !page.More {
			break
		}
		if page, err = e.client.KBArticles(ctx, cursor, KBPage); err != nil {
			return n, fmt.Errorf("knowledge: %w", err)
		}
		if len(page.Items) == 0 {
			break
		}
	}
	// A big first sync leaves the search index in many pieces; merging
	// them keeps multi-word searches fast.
	if n >= 1000 {
		if err := kb.OptimizeIndex(ctx); err != nil {
			return n, fmt.Errorf("knowledge: %w", err)
		}
	}
	return n, nil
}

// KBPage is how many articles one request of the feed carries.
const KBPage = 200

// categoryPaths turns the server's tree into the local store's category
// paths ("Cases/Attachments", by English name) with their German names.
func categoryPaths(cats []syncproto.KBCategory) (map[string]string, []portal.CategoryInput) {
	byID := map[string]syncproto.KBCategory{}
	for _, c := range cats {
		byID[c.ID] = c
	}
	paths := map[string]string{}
	var path func(id string, depth int) string
	path = func(id string, depth int) string {
		if p, ok := paths[id]; ok {
			return p
		}
		c, ok := byID[id]
		if !ok || depth > 10 {
			return ""
		}
		name := strings.ReplaceAll(strings.TrimSpace(c.NameEn), "/", "-")
		p := name
		if c.ParentID != "" {
			if parent := path(c.ParentID, depth+1); parent != "" {
				p = parent + "/" + name
			}
		}
		paths[id] = p
		return p
	}
	var inputs []portal.CategoryInput
	for _, c := range cats {
		p := path(c.ID, 0)
		if p == "" {
			continue
		}
		inputs = append(inputs, portal.CategoryInput{Path: p, Names: map[string]string{"en": c.NameEn, "de": c.NameDe}, Position: c.Position})
	}
	return paths, inputs
}

// sameCursor compares knowledge-base cursors; "" (never pulled) is "0".
func sameCursor(a, b string) bool {
	if a == "" {
		a = "0"
	}
	if b == "" {
		b = "0"
	}
	return a == b
}
