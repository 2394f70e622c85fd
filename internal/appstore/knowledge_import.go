package appstore

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"supportportal/internal/markdown"
	"supportportal/internal/portal"
)

// ImportBatch creates or updates categories and articles in one
// transaction and returns each article's outcome (portal.ImportCreated,
// ImportUpdated or ImportUnchanged) in input order. Articles are matched by
// (SourceID, Locale), so re-importing an export updates in place and keeps
// article IDs (and with them feedback and recently viewed) stable.
func (k *Knowledge) ImportBatch(ctx context.Context, cats []portal.CategoryInput, arts []portal.ArticleInput) ([]string, error) {
	return k.ImportBatchFrom(ctx, "", cats, arts)
}

// ImportBatchFrom is ImportBatch for articles and categories that came from
// a support server (origin is its address): they are removed again when
// the app signs in to another server (DB.ForgetAccountData).
func (k *Knowledge) ImportBatchFrom(ctx context.Context, origin string, cats []portal.CategoryInput, arts []portal.ArticleInput) ([]string, error) {
	for i := range arts {
		if err := ValidateArticle(&arts[i]); err != nil {
			return nil, fmt.Errorf("article %d (%s): %w", i, arts[i].SourceID, err)
		}
	}
	tx, err := k.db.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("import: begin: %w", err)
	}
	defer tx.Rollback()
	// A batch writes several MB of table and index pages; with SQLite's
	// default 2 MB page cache they would spill to the WAL mid-transaction
	// and be written twice. The setting stays with this pooled connection.
	if _, err := tx.ExecContext(ctx, `PRAGMA cache_size = -65536`); err != nil {
		return nil, fmt.Errorf("import: cache size: %w", err)
	}
	// With the default checkpoint every 1,000 WAL pages (4 MB), each batch
	// commit copied its pages into the database and synced it; every 64 MB
	// instead, pages that later batches rewrite (index structure, merged
	// segments, b-tree interior pages) are copied once, and imports run
	// ~25% faster. The WAL file may grow to that size. This setting also
	// stays with the connection.
	if _, err := tx.ExecContext(ctx, `PRAGMA wal_autocheckpoint = 16384`); err != nil {
		return nil, fmt.Errorf("import: checkpoint interval: %w", err)
	}
	// Stores created by builds before articles were indexed in bulk still
	// have the insert trigger, which would index every article twice.
	// (0002 no longer creates it; this is a no-op once it is gone.)
	if _, err := tx.ExecContext(ctx, `DROP TRIGGER IF EXISTS kb_article_ai`); err != nil {
		return nil, fmt.Errorf("import: drop old trigger: %w", err)
	}
	im, err := newImporter(ctx, tx, k.db.now(), origin)
	if err != nil {
		return nil, err
	}
	defer im.close()
	// Every version in the batch exists once it commits, so each article's
	// filter tokens are computed knowing its translations in the batch too.
	// Otherwise an English article followed by its translation would be
	// rewritten right after its insert to hide it in that language, and an
	// FTS5 write to a lower rowid than the last one flushes the pending
	// index to a new segment: one tiny segment per translation, whose
	// merging made imports several times slower.
	for _, a := range arts {
		if im.batch[a.SourceID] == nil {
			im.batch[a.SourceID] = map[string]bool{}
		}
		im.batch[a.SourceID][a.Locale] = true
	}
	for _, c := range cats {
		if _, err := im.category(ctx, c); err != nil {
			return nil, err
		}
	}
	out := make([]string, len(arts))
	changed := false
	for i := range arts {
		if out[i], err = im.article(ctx, &arts[i]); err != nil {
			return nil, err
		}
		changed = changed || out[i] != portal.ImportUnchanged
	}
	if err := im.indexPending(ctx); err != nil {
		return nil, err
	}
	if err := im.terms.apply(ctx, tx); err != nil {
		return nil, fmt.Errorf("import: %w", err)
	}
	if changed || len(cats) > 0 {
		if _, err := tx.ExecContext(ctx, `UPDATE kb_meta SET generation = generation + 1 WHERE id = 1`); err != nil {
			return nil, fmt.Errorf("import: bump generation: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("import: commit: %w", err)
	}
	return out, nil
}

// OptimizeIndex merges each full-text index into a single segment. Every
// batch adds segments, and a query looks each of its words up in every
// segment: after a 100,000-article import this halves the time of queries
// with several words (rank, count and cut-off queries alike). It rewrites
// the index, about 2 s per 100,000 articles, so it is for after large
// imports (see kbimport), not after every batch.
func (k *Knowledge) OptimizeIndex(ctx context.Context) error {
	for _, t := range []string{"kb_fts", "kb_head"} {
		if _, err := k.db.db.ExecContext(ctx, `INSERT INTO `+t+` (`+t+`) VALUES ('optimize')`); err != nil {
			return fmt.Errorf("optimize %s: %w", t, err)
		}
	}
	return nil
}

// ValidateArticle checks and normalizes one article to import.
func ValidateArticle(a *portal.ArticleInput) error {
	a.SourceID = strings.TrimSpace(a.SourceID)
	a.Locale = portal.NormalizeLocale(a.Locale)
	a.Title = strings.Join(strings.Fields(a.Title), " ")
	a.Summary = strings.TrimSpace(a.Summary)
	a.CategoryPath = portal.CleanCategoryPath(a.CategoryPath)
	switch {
	case a.SourceID == "":
		return portal.Invalid("id", portal.ReasonMissingSourceID, "", "the article has no source ID")
	case len(a.SourceID) > 200:
		return portal.Invalid("id", portal.ReasonSourceIDTooLong, a.SourceID, "the source ID is longer than 200 characters")
	case !portal.ValidLocale(a.Locale):
		return portal.Invalid("locale", portal.ReasonInvalidLocale, a.Locale, "%q is not a language code such as en or de", a.Locale)
	case a.Title == "":
		return portal.Invalid("title", portal.ReasonMissingTitle, "", "the article has no title")
	case !(a.Popularity >= 0 && a.Popularity <= 1): // NaN too
		return portal.Invalid("popularity", portal.ReasonInvalidPopularity, strconv.FormatFloat(a.Popularity, 'g', -1, 64),
			"the popularity %v is not between 0 and 1", a.Popularity)
	}
	if a.BodyFormat == "" {
		a.BodyFormat = portal.BodyMarkdown
	}
	if a.BodyFormat != portal.BodyMarkdown && a.BodyFormat != portal.BodyHTML {
		return portal.Invalid("bodyFormat", portal.ReasonInvalidBodyFormat, a.BodyFormat, "unknown body format %q", a.BodyFormat)
	}
	var tags []string
	seen := map[string]bool{}
	for _, t := range a.Tags {
		t = strings.Join(strings.Fields(t), " ")
		if t != "" && !seen[strings.ToLower(t)] {
			seen[strings.ToLower(t)] = true
			tags = append(tags, t)
		}
	}
	a.Tags = tags
	return nil
}

type importer struct {
	tx                 *sql.Tx
	now                string
	origin             string                     // the server the batch came from, "" for files
	cats               map[string]string          // path → id
	batch              map[string]map[string]bool // source ID → locales in this batch
	written            map[string]bool            // source ID + "\x00" + locale written in this batch
	sel, ins, upd      *sql.Stmt
	catIns, catUpdName *sql.Stmt
	others, vis, pop   *sql.Stmt
	// terms are the changes to kb_term of the articles written.
	terms termCounts
	// pending is the rowid of the first article inserted but not yet
	// indexed (0: none); see indexPending.
	pending int64
}

func newImporter(ctx context.Context, tx *sql.Tx, now, origin string) (*importer, error) {
	im := &importer{tx: tx, now: now, origin: origin, cats: map[string]string{}, batch: map[string]map[string]bool{},
		written: map[string]bool{}, terms: termCounts{}}
	rows, err := tx.QueryContext(ctx, `SELECT id, path FROM kb_category`)
	if err != nil {
		return nil, fmt.Errorf("import: load categories: %w", err)
	}
	for rows.Next() {
		var id, path string
		if err := rows.Scan(&id, &path); err != nil {
			rows.Close()
			return nil, fmt.Errorf("import: load categories: %w", err)
		}
		im.cats[path] = id
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("import: load categories: %w", err)
	}
	prep := func(dst **sql.Stmt, q string) {
		if err != nil {
			return
		}
		*dst, err = tx.PrepareContext(ctx, q)
	}
	prep(&im.sel, `SELECT id, content_hash, locale FROM kb_article WHERE source_id = ?`)
	prep(&im.ins, `INSERT INTO kb_article (id, source_id, locale, category_id, title, summary, body, body_format,
		body_text, tags, tags_text, vis, content_hash, published_at, updated_at, origin, popularity, headings_text)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	prep(&im.upd, `UPDATE kb_article SET category_id = ?, title = ?, summary = ?, body = ?, body_format = ?,
		body_text = ?, tags = ?, tags_text = ?, vis = ?, content_hash = ?, published_at = ?, updated_at = ?,
		origin = ?, popularity = ?, headings_text = ?, version = version + 1 WHERE id = ?`)
	prep(&im.catIns, `INSERT INTO kb_category (id, parent_id, path, name_en, name_de, position, created_at, updated_at, origin)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	prep(&im.others, `SELECT a.rowid, a.locale, COALESCE(c.path, ''), a.vis FROM kb_article a
		LEFT JOIN kb_category c ON c.id = a.category_id WHERE a.source_id = ? AND a.locale <> ?`)
	prep(&im.vis, `UPDATE kb_article SET vis = ? WHERE rowid = ?`)
	// The prior changes without the text: not a new version, not re-indexed.
	prep(&im.pop, `UPDATE kb_article SET popularity = ?1 WHERE id = ?2 AND popularity <> ?1`)
	prep(&im.catUpdName, `UPDATE kb_category SET name_en = COALESCE(NULLIF(?, ''), name_en),
		name_de = COALESCE(NULLIF(?, ''), name_de), position = ?, updated_at = ? WHERE id = ?`)
	if err != nil {
		im.close()
		return nil, fmt.Errorf("import: prepare: %w", err)
	}
	return im, nil
}

func (im *importer) close() {
	for _, s := range []*sql.Stmt{im.sel, im.ins, im.upd, im.catIns, im.catUpdName, im.others, im.vis, im.pop} {
		if s != nil {
			s.Close()
		}
	}
}

// categoryID returns the ID of path, creating it and its parents (named
// after their path segment) when missing. "" means no category.
func (im *importer) categoryID(ctx context.Context, path string) (string, error) {
	if path == "" {
		return "", nil
	}
	if id, ok := im.cats[path]; ok {
		return id, nil
	}
	parentID := ""
	name := path
	if i := strings.LastIndexByte(path, '/'); i >= 0 {
		var err error
		if parentID, err = im.categoryID(ctx, path[:i]); err != nil {
			return "", err
		}
		name = path[i+1:]
	}
	id := uuid.Must(uuid.NewV7()).String()
	if _, err := im.catIns.ExecContext(ctx, id, nullable(parentID), path, name, "", 0, im.now, im.now, im.origin); err != nil {
		return "", fmt.Errorf("import: create category %q: %w", path, err)
	}
	im.cats[path] = id
	return id, nil
}

func (im *importer) category(ctx context.Context, c portal.CategoryInput) (string, error) {
	path := portal.CleanCategoryPath(c.Path)
	if path == "" {
		return "", portal.Invalid("path", portal.ReasonMissingCategoryPath, "", "a category has no path")
	}
	id, err := im.categoryID(ctx, path)
	if err != nil {
		return "", err
	}
	if _, err := im.catUpdName.ExecContext(ctx, strings.TrimSpace(c.Names["en"]), strings.TrimSpace(c.Names["de"]), c.Position, im.now, id); err != nil {
		return "", fmt.Errorf("import: update category %q: %w", path, err)
	}
	return id, nil
}

// noMarkers removes the private-use characters that search uses to mark
// matches in snippets, so that article text can never forge a <mark>.
var noMarkers = strings.NewReplacer(markOpen, "", markClose, "")

// stripMarkers is noMarkers.Replace, returning s itself when it has no
// character of the markers' block (lead byte 0xEE), as nearly all text.
func stripMarkers(s string) string {
	if strings.IndexByte(s, 0xEE) < 0 {
		return s
	}
	return noMarkers.Replace(s)
}

func (im *importer) article(ctx context.Context, a *portal.ArticleInput) (string, error) {
	catID, err := im.categoryID(ctx, a.CategoryPath)
	if err != nil {
		return "", err
	}
	tagsJSON, _ := json.Marshal(a.Tags)
	if a.Tags == nil {
		tagsJSON = []byte("[]")
	}
	h := sha256.New()
	for _, s := range []string{a.Title, a.Summary, a.Body, a.BodyFormat, a.CategoryPath, string(tagsJSON)} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	hash := hex.EncodeToString(h.Sum(nil))
	bodyText := a.BodyText
	if bodyText == "" {
		if a.BodyFormat == portal.BodyHTML {
			bodyText = markdown.HTMLToText(a.Body)
		} else {
			bodyText = markdown.ToText(a.Body)
		}
	}
	bodyText = stripMarkers(bodyText)
	headings := stripMarkers(articleHeadings(a.Body, a.BodyFormat))
	title, summary := stripMarkers(a.Title), stripMarkers(a.Summary)
	tagsText := stripMarkers(strings.Join(a.Tags, " "))
	pub, upd := stamp(a.PublishedAt, im.now), stamp(a.UpdatedAt, im.now)

	// All stored versions of the article: this one's ID and hash, and the
	// languages it exists in.
	id, oldHash, stored, err := im.versions(ctx, a.SourceID, a.Locale)
	if err != nil {
		return "", err
	}
	if id != "" && oldHash == hash {
		if _, err := im.pop.ExecContext(ctx, a.Popularity, id); err != nil {
			return "", fmt.Errorf("import: article %s/%s popularity: %w", a.SourceID, a.Locale, err)
		}
		return portal.ImportUnchanged, nil
	}
	im.written[a.SourceID+"\x00"+a.Locale] = true
	locales := map[string]bool{}
	for l := range stored {
		locales[l] = true
	}
	for l := range im.batch[a.SourceID] {
		locales[l] = true
	}
	locales[a.Locale] = true
	vis := im.visTokens(a.Locale, locales, a.CategoryPath)
	if id == "" {
		id = uuid.Must(uuid.NewV7()).String()
		r, err := im.ins.ExecContext(ctx, id, a.SourceID, a.Locale, nullable(catID), title, summary, a.Body,
			a.BodyFormat, bodyText, string(tagsJSON), tagsText, vis, hash, pub, upd, im.origin, a.Popularity, headings)
		if err != nil {
			return "", fmt.Errorf("import: insert article %s/%s: %w", a.SourceID, a.Locale, err)
		}
		im.terms.add(1, title, summary, headings, bodyText, tagsText)
		if im.pending == 0 {
			if im.pending, err = r.LastInsertId(); err != nil {
				return "", fmt.Errorf("import: insert article %s/%s: %w", a.SourceID, a.Locale, err)
			}
		}
		if len(locales) > 1 && !im.allWritten(a.SourceID, stored) {
			// A new translation: the English version no longer stands in
			// for this language.
			if err := im.revisit(ctx, a.SourceID, a.Locale, locales); err != nil {
				return "", err
			}
		}
		return portal.ImportCreated, nil
	}
	if err := im.indexPending(ctx); err != nil {
		return "", err
	}
	if err := im.terms.countRemoved(ctx, im.tx, `SELECT `+indexedFieldsSQL+` FROM kb_article WHERE id = ?`, id); err != nil {
		return "", err
	}
	im.terms.add(1, title, summary, headings, bodyText, tagsText)
	if _, err := im.upd.ExecContext(ctx, nullable(catID), title, summary, a.Body, a.BodyFormat, bodyText,
		string(tagsJSON), tagsText, vis, hash, pub, upd, im.origin, a.Popularity, headings, id); err != nil {
		return "", fmt.Errorf("import: update article %s/%s: %w", a.SourceID, a.Locale, err)
	}
	return portal.ImportUpdated, nil
}

// versions reads the stored language versions of an article: the ID and
// content hash of the one in locale ("" if none) and all their locales.
func (im *importer) versions(ctx context.Context, sourceID, locale string) (id, hash string, locales map[string]bool, err error) {
	rows, err := im.sel.QueryContext(ctx, sourceID)
	if err != nil {
		return "", "", nil, fmt.Errorf("import: find article %s/%s: %w", sourceID, locale, err)
	}
	defer rows.Close()
	locales = map[string]bool{}
	for rows.Next() {
		var i, h, l string
		if err := rows.Scan(&i, &h, &l); err != nil {
			return "", "", nil, fmt.Errorf("import: find article %s/%s: %w", sourceID, locale, err)
		}
		locales[l] = true
		if l == locale {
			id, hash = i, h
		}
	}
	if err := rows.Err(); err != nil {
		return "", "", nil, fmt.Errorf("import: find article %s/%s: %w", sourceID, locale, err)
	}
	return id, hash, locales, nil
}

// allWritten reports whether every stored version in locales was written
// in this batch: their filter tokens already account for all translations
// in the batch, so revisit would find nothing to change.
func (im *importer) allWritten(sourceID string, locales map[string]bool) bool {
	for l := range locales {
		if !im.written[sourceID+"\x00"+l] {
			return false
		}
	}
	return true
}

// indexPending adds the articles inserted since the last call to the
// full-text indexes, in one statement per index. Inserts are not indexed
// by a trigger because FTS5 writes its pending terms out as a new index
// segment at every statement savepoint, and each INSERT with a trigger is
// one: a segment per article, whose merging dominated import time (about
// 5x). The update and delete triggers remain, so indexPending runs before
// any article is updated: an update removes the old text from the index,
// which must be there.
func (im *importer) indexPending(ctx context.Context) error {
	if im.pending == 0 {
		return nil
	}
	for _, q := range []string{
		`INSERT INTO kb_fts (rowid, title, summary, headings_text, body_text, tags_text, vis)
			SELECT rowid, title, summary, headings_text, body_text, tags_text, vis FROM kb_article WHERE rowid >= ? ORDER BY rowid`,
		`INSERT INTO kb_head (rowid, title, summary, tags_text, vis)
			SELECT rowid, title, summary, tags_text, vis FROM kb_article WHERE rowid >= ? ORDER BY rowid`,
	} {
		if _, err := im.tx.ExecContext(ctx, q, im.pending); err != nil {
			return fmt.Errorf("import: index articles: %w", err)
		}
	}
	im.pending = 0
	return nil
}

// revisit recomputes the filter tokens of the other language versions.
func (im *importer) revisit(ctx context.Context, sourceID, locale string, locales map[string]bool) error {
	rows, err := im.others.QueryContext(ctx, sourceID, locale)
	if err != nil {
		return fmt.Errorf("import: read translations of %s: %w", sourceID, err)
	}
	type change struct {
		rowid int64
		vis   string
	}
	var changes []change
	for rows.Next() {
		var rowid int64
		var loc, path, old string
		if err := rows.Scan(&rowid, &loc, &path, &old); err != nil {
			rows.Close()
			return fmt.Errorf("import: read translations of %s: %w", sourceID, err)
		}
		if v := im.visTokens(loc, locales, path); v != old {
			changes = append(changes, change{rowid, v})
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("import: read translations of %s: %w", sourceID, err)
	}
	if len(changes) > 0 {
		if err := im.indexPending(ctx); err != nil {
			return err
		}
	}
	for _, c := range changes {
		if _, err := im.vis.ExecContext(ctx, c.vis, c.rowid); err != nil {
			return fmt.Errorf("import: update translations of %s: %w", sourceID, err)
		}
	}
	return nil
}

// visTokens are the index filter tokens of an article version (see the
// kb_fts comment in the migration): "kbhideXX" for each UI language the
// version is not shown in, and its category with all ancestors. Hiding
// rather than showing keeps the language filter cheap: the hidden rows
// are the few translations, not the bulk of the articles.
func (im *importer) visTokens(locale string, locales map[string]bool, catPath string) string {
	var parts []string
	for _, l := range portal.Languages {
		shown := locale == l || (locale == portal.DefaultArticleLocale && !locales[l])
		if !shown {
			parts = append(parts, hideToken(l))
		}
	}
	for p := catPath; p != ""; {
		if id, ok := im.cats[p]; ok {
			parts = append(parts, catToken(id))
		}
		i := strings.LastIndexByte(p, '/')
		if i < 0 {
			break
		}
		p = p[:i]
	}
	return strings.Join(parts, " ")
}

// Filter tokens are single index words: letters and digits only.
// articleHeadings is the text of the headings of an article body.
func articleHeadings(body, format string) string {
	if format == portal.BodyHTML {
		return markdown.HTMLHeadings(body)
	}
	return markdown.Headings(body)
}

func hideToken(l string) string { return "kbhide" + l }
func catToken(id string) string { return "kbcat" + strings.ReplaceAll(id, "-", "") }

// isFilterToken reports whether an index word is a filter token rather
// than article text.
func isFilterToken(w string) bool {
	return strings.HasPrefix(w, "kbhide") || strings.HasPrefix(w, "kbcat")
}

func stamp(t time.Time, def string) string {
	if t.IsZero() {
		return def
	}
	return t.UTC().Format(TimeFormat)
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// ArticleCount is the number of article versions stored (all languages).
func (k *Knowledge) ArticleCount(ctx context.Context) (int, error) {
	var n int
	if err := k.db.db.QueryRowContext(ctx, `SELECT count(*) FROM kb_article`).Scan(&n); err != nil {
		return 0, fmt.Errorf("count articles: %w", err)
	}
	return n, nil
}
