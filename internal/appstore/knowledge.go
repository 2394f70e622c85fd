package appstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"sync"
	"time"

	"supportportal/internal/portal"
)

// Knowledge is the knowledge base: categories, articles in several
// languages, search, feedback and recently viewed articles.
type Knowledge struct {
	db *DB

	// The search vocabulary is built lazily from the index and rebuilt when
	// kb_meta.generation moves (see vocabulary).
	mu    sync.Mutex
	vocab *vocabulary
	// Posting lists read for rankTop, until the index changes.
	postings postingCache

	// Search statements, prepared once: database/sql keeps each prepared
	// on the connections that ran it, which saves re-planning the FTS5
	// queries (several per search) every time.
	stmtMu sync.Mutex
	stmts  map[string]*sql.Stmt
}

// stmt returns query prepared, from the cache when it was before.
func (k *Knowledge) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	k.stmtMu.Lock()
	defer k.stmtMu.Unlock()
	if s, ok := k.stmts[query]; ok {
		return s, nil
	}
	s, err := k.db.db.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	if k.stmts == nil {
		k.stmts = map[string]*sql.Stmt{}
	}
	k.stmts[query] = s
	return s, nil
}

// NewKnowledge returns the knowledge base stored in db.
func NewKnowledge(db *DB) *Knowledge { return &Knowledge{db: db} }

// lang reduces a UI language to an article locale, English when unknown.
func lang(l string) string {
	l = portal.NormalizeLocale(l)
	if !portal.ValidLocale(l) {
		return portal.DefaultArticleLocale
	}
	return l
}

// visibleSQL selects, for the UI language :lang, each article's version in
// that language or else its English version. Queries using it bind :lang.
const visibleSQL = `(a.locale = :lang OR (a.locale = 'en' AND :lang <> 'en' AND NOT EXISTS (
	SELECT 1 FROM kb_article t WHERE t.source_id = a.source_id AND t.locale = :lang)))`

// summaryCols are the columns scanSummary reads, in order.
const summaryCols = `a.id, a.source_id, a.locale, a.title, a.summary, COALESCE(a.category_id, ''),
	COALESCE(c.path, ''), a.tags, a.published_at, a.updated_at`

type scanner interface{ Scan(dest ...any) error }

func scanSummary(row scanner, extra ...any) (portal.ArticleSummary, error) {
	var s portal.ArticleSummary
	var tags, pub, upd string
	dest := append([]any{&s.ID, &s.SourceID, &s.Locale, &s.Title, &s.Summary, &s.CategoryID, &s.CategoryPath, &tags, &pub, &upd}, extra...)
	if err := row.Scan(dest...); err != nil {
		return s, err
	}
	if err := json.Unmarshal([]byte(tags), &s.Tags); err != nil || s.Tags == nil {
		s.Tags = []string{}
	}
	s.PublishedAt, _ = time.Parse(TimeFormat, pub)
	s.UpdatedAt, _ = time.Parse(TimeFormat, upd)
	return s, nil
}
