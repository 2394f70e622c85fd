package appstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"supportportal/internal/markdown"
	"supportportal/internal/portal"
)

// Categories returns the category tree named in language l, each with the
// number of articles visible in that language in it and below it.
func (k *Knowledge) Categories(ctx context.Context, l string) ([]portal.Category, error) {
	l = lang(l)
	rows, err := k.db.db.QueryContext(ctx,
		`SELECT id, COALESCE(parent_id, ''), path, name_en, name_de, position FROM kb_category ORDER BY position, path`)
	if err != nil {
		return nil, fmt.Errorf("list categories: %w", err)
	}
	defer rows.Close()
	type node struct {
		c        portal.Category
		children []string
	}
	nodes := map[string]*node{}
	var order []string
	for rows.Next() {
		var c portal.Category
		var en, de string
		if err := rows.Scan(&c.ID, &c.ParentID, &c.Path, &en, &de, &c.Position); err != nil {
			return nil, fmt.Errorf("list categories: %w", err)
		}
		c.Name = en
		if l == "de" && de != "" {
			c.Name = de
		}
		c.Children = []portal.Category{}
		nodes[c.ID] = &node{c: c}
		order = append(order, c.ID)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list categories: %w", err)
	}
	counts, err := k.db.db.QueryContext(ctx, `SELECT a.category_id, count(*) FROM kb_article a
		WHERE a.category_id IS NOT NULL AND `+visibleSQL+` GROUP BY a.category_id`, sql.Named("lang", l))
	if err != nil {
		return nil, fmt.Errorf("count articles per category: %w", err)
	}
	defer counts.Close()
	for counts.Next() {
		var id string
		var n int
		if err := counts.Scan(&id, &n); err != nil {
			return nil, fmt.Errorf("count articles per category: %w", err)
		}
		// Add to the category and every ancestor.
		for nd := nodes[id]; nd != nil; nd = nodes[nd.c.ParentID] {
			nd.c.ArticleCount += n
		}
	}
	if err := counts.Err(); err != nil {
		return nil, fmt.Errorf("count articles per category: %w", err)
	}
	var roots []string
	for _, id := range order {
		nd := nodes[id]
		if p, ok := nodes[nd.c.ParentID]; ok {
			p.children = append(p.children, id)
		} else {
			roots = append(roots, id)
		}
	}
	var build func(id string) portal.Category
	build = func(id string) portal.Category {
		nd := nodes[id]
		c := nd.c
		for _, ch := range nd.children {
			c.Children = append(c.Children, build(ch))
		}
		return c
	}
	out := []portal.Category{}
	for _, id := range roots {
		out = append(out, build(id))
	}
	return out, nil
}

// categoryFilter returns SQL restricting a.category_id to categoryID and
// its descendants, with its arguments, or "" for no category.
func (k *Knowledge) categoryFilter(ctx context.Context, categoryID string) (string, []any, error) {
	if categoryID == "" {
		return "", nil, nil
	}
	var path string
	err := k.db.db.QueryRowContext(ctx, `SELECT path FROM kb_category WHERE id = ?`, categoryID).Scan(&path)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil, &portal.Error{Code: portal.ENotFound, Reason: portal.ReasonCategoryNotFound, Field: "categoryId",
			Message: fmt.Sprintf("category %q does not exist", categoryID)}
	} else if err != nil {
		return "", nil, fmt.Errorf("find category: %w", err)
	}
	return ` AND a.category_id IN (SELECT id FROM kb_category
		WHERE path = :cpath OR substr(path, 1, length(:cpath) + 1) = :cpath || '/')`,
		[]any{sql.Named("cpath", path)}, nil
}

// Articles lists the articles of a category (and its subcategories; all
// articles for "") in language l, by title.
func (k *Knowledge) Articles(ctx context.Context, l, categoryID string, offset, limit int) (portal.ArticlePage, error) {
	l = lang(l)
	q := portal.SearchQuery{Offset: offset, Limit: limit, CategoryID: categoryID}.Normalize()
	page := portal.ArticlePage{Items: []portal.ArticleSummary{}, Offset: q.Offset, Limit: q.Limit}
	filter, args, err := k.categoryFilter(ctx, q.CategoryID)
	if err != nil {
		return page, err
	}
	args = append(args, sql.Named("lang", l))
	where := ` WHERE ` + visibleSQL + filter
	if err := k.db.db.QueryRowContext(ctx, `SELECT count(*) FROM kb_article a`+where, args...).Scan(&page.Total); err != nil {
		return page, fmt.Errorf("count articles: %w", err)
	}
	rows, err := k.db.db.QueryContext(ctx, `SELECT `+summaryCols+` FROM kb_article a
		LEFT JOIN kb_category c ON c.id = a.category_id`+where+` ORDER BY a.title COLLATE NOCASE, a.id
		LIMIT :limit OFFSET :offset`, append(args, sql.Named("limit", q.Limit), sql.Named("offset", q.Offset))...)
	if err != nil {
		return page, fmt.Errorf("list articles: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		s, err := scanSummary(rows)
		if err != nil {
			return page, fmt.Errorf("list articles: %w", err)
		}
		page.Items = append(page.Items, s)
	}
	if err := rows.Err(); err != nil {
		return page, fmt.Errorf("list articles: %w", err)
	}
	return page, nil
}

func articleNotFound(id string) error {
	return &portal.Error{Code: portal.ENotFound, Reason: portal.ReasonArticleNotFound, Field: "id",
		Params: map[string]string{"id": id}, Message: fmt.Sprintf("article %q does not exist", id)}
}

// Article returns one article for reading in language l and records it as
// recently viewed. When id names another language version and the article
// exists in l, the version in l is returned (the UI language wins); the
// other versions are listed in Translations.
func (k *Knowledge) Article(ctx context.Context, l, id string) (portal.ArticleView, error) {
	l = lang(l)
	var v portal.ArticleView
	id = strings.TrimSpace(id)
	if id == "" || len(id) > 100 {
		return v, articleNotFound(id)
	}
	const q = `SELECT ` + summaryCols + `, a.body, a.body_format, a.version FROM kb_article a
		LEFT JOIN kb_category c ON c.id = a.category_id WHERE `
	var body, format string
	s, err := scanSummary(k.db.db.QueryRowContext(ctx, q+`a.id = ?`, id), &body, &format, &v.Version)
	if errors.Is(err, sql.ErrNoRows) {
		return v, articleNotFound(id)
	} else if err != nil {
		return v, fmt.Errorf("read article: %w", err)
	}
	if s.Locale != l {
		s2, err := scanSummary(k.db.db.QueryRowContext(ctx, q+`a.source_id = ? AND a.locale = ?`, s.SourceID, l), &body, &format, &v.Version)
		if err == nil {
			s = s2
		} else if !errors.Is(err, sql.ErrNoRows) {
			return v, fmt.Errorf("read article translation: %w", err)
		}
	}
	v.ArticleSummary = s
	if format == portal.BodyHTML {
		v.BodyHTML = markdown.HTMLToSafe(body)
	} else if v.BodyHTML, err = markdown.ToHTML(body); err != nil {
		return v, err
	}
	if v.CategoryNames, err = k.categoryNames(ctx, l, s.CategoryPath); err != nil {
		return v, err
	}
	if v.Translations, err = k.translations(ctx, s.SourceID); err != nil {
		return v, err
	}
	if v.Related, err = k.related(ctx, l, s); err != nil {
		return v, err
	}
	if _, err := k.db.db.ExecContext(ctx, `INSERT INTO kb_recent (article_id, viewed_at) VALUES (?, ?)
		ON CONFLICT (article_id) DO UPDATE SET viewed_at = excluded.viewed_at`, s.ID, k.db.now()); err != nil {
		return v, fmt.Errorf("record recently viewed: %w", err)
	}
	// Keep the list short; nobody scrolls through a year of history.
	if _, err := k.db.db.ExecContext(ctx, `DELETE FROM kb_recent WHERE article_id NOT IN
		(SELECT article_id FROM kb_recent ORDER BY viewed_at DESC LIMIT ?)`, maxRecent); err != nil {
		return v, fmt.Errorf("trim recently viewed: %w", err)
	}
	return v, nil
}

const maxRecent = 20

func (k *Knowledge) categoryNames(ctx context.Context, l, path string) ([]string, error) {
	names := []string{}
	if path == "" {
		return names, nil
	}
	parts := strings.Split(path, "/")
	for i := range parts {
		p := strings.Join(parts[:i+1], "/")
		var en, de string
		err := k.db.db.QueryRowContext(ctx, `SELECT name_en, name_de FROM kb_category WHERE path = ?`, p).Scan(&en, &de)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return nil, fmt.Errorf("read category names: %w", err)
		}
		if l == "de" && de != "" {
			en = de
		}
		if en == "" {
			en = parts[i]
		}
		names = append(names, en)
	}
	return names, nil
}

func (k *Knowledge) translations(ctx context.Context, sourceID string) ([]portal.Translation, error) {
	rows, err := k.db.db.QueryContext(ctx, `SELECT id, locale FROM kb_article WHERE source_id = ? ORDER BY locale`, sourceID)
	if err != nil {
		return nil, fmt.Errorf("list translations: %w", err)
	}
	defer rows.Close()
	out := []portal.Translation{}
	for rows.Next() {
		var t portal.Translation
		if err := rows.Scan(&t.ID, &t.Locale); err != nil {
			return nil, fmt.Errorf("list translations: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// related lists other articles of the same category, those sharing most
// tags first, so the reader finds neighbouring topics.
func (k *Knowledge) related(ctx context.Context, l string, s portal.ArticleSummary) ([]portal.ArticleSummary, error) {
	out := []portal.ArticleSummary{}
	if s.CategoryID == "" {
		return out, nil
	}
	rows, err := k.db.db.QueryContext(ctx, `SELECT `+summaryCols+`,
		(SELECT count(*) FROM json_each(a.tags) t WHERE t.value IN (SELECT value FROM json_each(:tags))) AS shared
		FROM kb_article a LEFT JOIN kb_category c ON c.id = a.category_id
		WHERE a.category_id = :cat AND a.source_id <> :src AND `+visibleSQL+`
		ORDER BY shared DESC, a.updated_at DESC LIMIT 5`,
		sql.Named("tags", mustJSON(s.Tags)), sql.Named("cat", s.CategoryID), sql.Named("src", s.SourceID), sql.Named("lang", l))
	if err != nil {
		return nil, fmt.Errorf("list related articles: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var shared int
		r, err := scanSummary(rows, &shared)
		if err != nil {
			return nil, fmt.Errorf("list related articles: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil || string(b) == "null" {
		return "[]"
	}
	return string(b)
}

// Recent returns the recently viewed articles, newest first, each in
// language l where that version exists.
func (k *Knowledge) Recent(ctx context.Context, l string, limit int) ([]portal.ArticleSummary, error) {
	l = lang(l)
	if limit <= 0 || limit > maxRecent {
		limit = 10
	}
	// The viewed row may be another language version: show the version in
	// l if there is one, else the one viewed. One row per article.
	rows, err := k.db.db.QueryContext(ctx, `SELECT `+summaryCols+` FROM kb_recent r
		JOIN kb_article v ON v.id = r.article_id
		JOIN kb_article a ON a.id = COALESCE(
			(SELECT t.id FROM kb_article t WHERE t.source_id = v.source_id AND t.locale = :lang), v.id)
		LEFT JOIN kb_category c ON c.id = a.category_id
		ORDER BY r.viewed_at DESC LIMIT :limit`, sql.Named("lang", l), sql.Named("limit", limit*2))
	if err != nil {
		return nil, fmt.Errorf("list recently viewed: %w", err)
	}
	defer rows.Close()
	out := []portal.ArticleSummary{}
	seen := map[string]bool{}
	for rows.Next() {
		s, err := scanSummary(rows)
		if err != nil {
			return nil, fmt.Errorf("list recently viewed: %w", err)
		}
		if !seen[s.ID] && len(out) < limit {
			seen[s.ID] = true
			out = append(out, s)
		}
	}
	return out, rows.Err()
}
