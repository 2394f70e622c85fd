package serverstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"supportportal/internal/portal"
	"supportportal/internal/servercore"
	"supportportal/internal/sqlitedb"
	"supportportal/internal/syncproto"
)

func articleNotFound(id string) error {
	return &portal.Error{Code: portal.ENotFound, Reason: portal.ReasonArticleNotFound, Params: map[string]string{"id": id},
		Message: fmt.Sprintf("article %q does not exist", id)}
}

func categoryNotFound(id string) error {
	return &portal.Error{Code: portal.ENotFound, Reason: portal.ReasonCategoryNotFound, Field: "categoryId", Params: map[string]string{"id": id},
		Message: fmt.Sprintf("category %q does not exist", id)}
}

// KBCategories returns the vendor's categories, parents before children.
func (db *DB) KBCategories(ctx context.Context, vendorID string) ([]syncproto.KBCategory, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT id, coalesce(parent_id, ''), name_en, name_de, position, updated_at
		FROM kb_category WHERE vendor_id = ? ORDER BY position, name_en, id`, vendorID)
	if err != nil {
		return nil, fmt.Errorf("list categories: %w", err)
	}
	defer rows.Close()
	var all []syncproto.KBCategory
	for rows.Next() {
		var c syncproto.KBCategory
		var updated string
		if err := rows.Scan(&c.ID, &c.ParentID, &c.NameEn, &c.NameDe, &c.Position, &updated); err != nil {
			return nil, fmt.Errorf("list categories: %w", err)
		}
		c.UpdatedAt = sqlitedb.ParseTime(updated)
		all = append(all, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list categories: %w", err)
	}
	// Depth-first from the roots, so a list reads as the tree.
	children := map[string][]syncproto.KBCategory{}
	for _, c := range all {
		children[c.ParentID] = append(children[c.ParentID], c)
	}
	out := make([]syncproto.KBCategory, 0, len(all))
	var walk func(parent string, depth int)
	walk = func(parent string, depth int) {
		if depth > 32 {
			return
		}
		for _, c := range children[parent] {
			out = append(out, c)
			walk(c.ID, depth+1)
		}
	}
	walk("", 0)
	return out, nil
}

// SaveKBCategory creates or updates a category. A parent must be a
// category of the same vendor and not the category itself or one of its
// descendants, so the tree never gets a cycle.
func (db *DB) SaveKBCategory(ctx context.Context, vendorID string, c syncproto.KBCategory, now time.Time) (syncproto.KBCategory, error) {
	c.NameEn, c.NameDe = strings.TrimSpace(c.NameEn), strings.TrimSpace(c.NameDe)
	if err := servercore.CheckCategoryName(c.NameEn, c.NameDe); err != nil {
		return c, err
	}
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return c, fmt.Errorf("save category: %w", err)
	}
	defer tx.Rollback()
	if c.ParentID != "" {
		// Walk up from the new parent: meeting c.ID means a cycle.
		for p, depth := c.ParentID, 0; p != ""; depth++ {
			if p == c.ID || depth > 32 {
				return c, portal.Invalid("parentId", portal.ReasonCategoryCycle, c.ParentID, "a category cannot be inside itself")
			}
			var up sql.NullString
			err := tx.QueryRowContext(ctx, `SELECT parent_id FROM kb_category WHERE id = ? AND vendor_id = ?`, p, vendorID).Scan(&up)
			if errors.Is(err, sql.ErrNoRows) {
				return c, categoryNotFound(p)
			} else if err != nil {
				return c, fmt.Errorf("save category: %w", err)
			}
			p = up.String
		}
	}
	seq, err := nextSeq(ctx, tx)
	if err != nil {
		return c, err
	}
	parent := sql.NullString{String: c.ParentID, Valid: c.ParentID != ""}
	if c.ID == "" {
		c.ID = newID()
		_, err = tx.ExecContext(ctx, `INSERT INTO kb_category (id, vendor_id, parent_id, name_en, name_de, position, created_at, updated_at, seq)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, c.ID, vendorID, parent, c.NameEn, c.NameDe, c.Position, sqlitedb.FormatTime(now), sqlitedb.FormatTime(now), seq)
	} else {
		var res sql.Result
		res, err = tx.ExecContext(ctx, `UPDATE kb_category SET parent_id = ?, name_en = ?, name_de = ?, position = ?, updated_at = ?, seq = ?
			WHERE id = ? AND vendor_id = ?`, parent, c.NameEn, c.NameDe, c.Position, sqlitedb.FormatTime(now), seq, c.ID, vendorID)
		if err == nil {
			if n, _ := res.RowsAffected(); n == 0 {
				return c, categoryNotFound(c.ID)
			}
		}
	}
	if err != nil {
		return c, fmt.Errorf("save category: %w", err)
	}
	c.UpdatedAt = sqlitedb.ParseTime(sqlitedb.FormatTime(now))
	return c, tx.Commit()
}

const articleCols = `id, source_id, locale, title, summary, body, coalesce(category_id, ''), tags, published_at, updated_at,
	version, coalesce(from_case_id, ''), seq, popularity`

func scanArticle(r interface{ Scan(...any) error }) (syncproto.KBArticle, error) {
	var a syncproto.KBArticle
	var tags, published, updated string
	if err := r.Scan(&a.ID, &a.SourceID, &a.Locale, &a.Title, &a.Summary, &a.Body, &a.CategoryID, &tags, &published, &updated,
		&a.Version, &a.FromCaseID, &a.Seq, &a.Popularity); err != nil {
		return a, err
	}
	a.PublishedAt, a.UpdatedAt = sqlitedb.ParseTime(published), sqlitedb.ParseTime(updated)
	if err := json.Unmarshal([]byte(tags), &a.Tags); err != nil {
		return a, fmt.Errorf("article %s tags: %w", a.ID, err)
	}
	if a.Tags == nil {
		a.Tags = []string{}
	}
	return a, nil
}

// KBArticles returns the vendor's articles written after cursor.
func (db *DB) KBArticles(ctx context.Context, vendorID string, cursor int64, limit int) (syncproto.KBArticlePage, error) {
	page := syncproto.KBArticlePage{Items: []syncproto.KBArticle{}, Cursor: strconv.FormatInt(cursor, 10)}
	rows, err := db.read.QueryContext(ctx, `SELECT `+articleCols+` FROM kb_article WHERE vendor_id = ? AND seq > ? ORDER BY seq LIMIT ?`,
		vendorID, cursor, limit+1)
	if err != nil {
		return page, fmt.Errorf("list articles: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		a, err := scanArticle(rows)
		if err != nil {
			return page, fmt.Errorf("list articles: %w", err)
		}
		page.Items = append(page.Items, a)
	}
	if err := rows.Err(); err != nil {
		return page, fmt.Errorf("list articles: %w", err)
	}
	if len(page.Items) > limit {
		page.Items, page.More = page.Items[:limit], true
	}
	if n := len(page.Items); n > 0 {
		page.Cursor = strconv.FormatInt(page.Items[n-1].Seq, 10)
	}
	return page, nil
}

// KBArticle returns one article of the vendor.
func (db *DB) KBArticle(ctx context.Context, vendorID, id string) (syncproto.KBArticle, error) {
	return readArticle(ctx, db.db, vendorID, id)
}

func readArticle(ctx context.Context, q sqlitedb.Querier, vendorID, id string) (syncproto.KBArticle, error) {
	a, err := scanArticle(q.QueryRowContext(ctx, `SELECT `+articleCols+` FROM kb_article WHERE id = ? AND vendor_id = ?`, id, vendorID))
	if errors.Is(err, sql.ErrNoRows) {
		return a, articleNotFound(id)
	} else if err != nil {
		return a, fmt.Errorf("read article: %w", err)
	}
	return a, nil
}

// SaveKBArticle creates or updates an article.
func (db *DB) SaveKBArticle(ctx context.Context, vendorID string, a syncproto.KBArticle, now time.Time) (syncproto.KBArticle, error) {
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return a, fmt.Errorf("save article: %w", err)
	}
	defer tx.Rollback()
	a, err = saveArticle(ctx, tx, vendorID, a, now)
	if err != nil {
		return a, err
	}
	if err := tx.Commit(); err != nil {
		return a, fmt.Errorf("save article: %w", err)
	}
	return a, nil
}

func saveArticle(ctx context.Context, tx *sql.Tx, vendorID string, a syncproto.KBArticle, now time.Time) (syncproto.KBArticle, error) {
	a.Title, a.Summary = strings.TrimSpace(a.Title), strings.TrimSpace(a.Summary)
	a.Locale = portal.NormalizeLocale(a.Locale)
	if a.Locale == "" {
		a.Locale = portal.DefaultArticleLocale
	}
	tags, err := servercore.CheckArticle(a.Title, a.Summary, a.Body, a.Locale, a.Tags)
	if err != nil {
		return a, err
	}
	a.Tags = tags
	if a.CategoryID != "" {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM kb_category WHERE id = ? AND vendor_id = ?`, a.CategoryID, vendorID).Scan(&n); err != nil {
			return a, fmt.Errorf("save article: %w", err)
		}
		if n == 0 {
			return a, categoryNotFound(a.CategoryID)
		}
	}
	tagsJSON, err := json.Marshal(a.Tags)
	if err != nil {
		return a, fmt.Errorf("save article: %w", err)
	}
	seq, err := nextSeq(ctx, tx)
	if err != nil {
		return a, err
	}
	category := sql.NullString{String: a.CategoryID, Valid: a.CategoryID != ""}
	if a.ID == "" {
		a.ID = newID()
		if a.SourceID = strings.TrimSpace(a.SourceID); a.SourceID == "" {
			a.SourceID = a.ID
		}
		fromCase := sql.NullString{String: a.FromCaseID, Valid: a.FromCaseID != ""}
		_, err = tx.ExecContext(ctx, `INSERT INTO kb_article (id, vendor_id, source_id, locale, title, summary, body, category_id, tags,
			published_at, updated_at, version, from_case_id, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
			a.ID, vendorID, a.SourceID, a.Locale, a.Title, a.Summary, a.Body, category, string(tagsJSON),
			sqlitedb.FormatTime(now), sqlitedb.FormatTime(now), fromCase, seq)
		if isUnique(err) {
			return a, &portal.Error{Code: portal.EConflict, Reason: portal.ReasonArticleExists, Field: "sourceId",
				Message: fmt.Sprintf("an article %q in %s exists already", a.SourceID, a.Locale)}
		} else if err != nil {
			return a, fmt.Errorf("save article: %w", err)
		}
		return readArticle(ctx, tx, vendorID, a.ID)
	}
	cur, err := readArticle(ctx, tx, vendorID, a.ID)
	if err != nil {
		return a, err
	}
	if a.Version != 0 && a.Version != cur.Version {
		return a, &portal.Error{Code: portal.EConflict, Reason: portal.ReasonStaleVersion, Field: "version",
			Params:  map[string]string{"current": strconv.FormatInt(cur.Version, 10)},
			Message: "someone else saved this article in the meantime; reload it and apply your change again"}
	}
	// source_id, locale and the case it came from identify the article;
	// an edit changes only what it says and where it is filed.
	if _, err := tx.ExecContext(ctx, `UPDATE kb_article SET title = ?, summary = ?, body = ?, category_id = ?, tags = ?,
		updated_at = ?, version = version + 1, seq = ? WHERE id = ?`,
		a.Title, a.Summary, a.Body, category, string(tagsJSON), sqlitedb.FormatTime(now), seq, a.ID); err != nil {
		return a, fmt.Errorf("save article: %w", err)
	}
	return readArticle(ctx, tx, vendorID, a.ID)
}

// PublishSolution creates an article from a case's solution and links the
// case to it. Title and body default to the case's subject and solution.
func (db *DB) PublishSolution(ctx context.Context, agent servercore.Caller, caseID string, a syncproto.KBArticle, now time.Time) (syncproto.KBArticle, syncproto.CaseDetail, error) {
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return a, syncproto.CaseDetail{}, fmt.Errorf("publish solution: %w", err)
	}
	defer tx.Rollback()
	scope := servercore.ScopeOf(agent)
	cs, err := readCase(ctx, tx, scope, caseID)
	if err != nil {
		return a, syncproto.CaseDetail{}, err
	}
	if err := servercore.CheckPublishSolution(cs.Status, cs.Solution, cs.SolutionArticleID); err != nil {
		return a, syncproto.CaseDetail{}, err
	}
	if strings.TrimSpace(a.Title) == "" {
		a.Title = cs.Subject
	}
	if strings.TrimSpace(a.Body) == "" {
		a.Body = cs.Solution
	}
	a.ID, a.Version, a.FromCaseID = "", 0, cs.ID
	if a.SourceID == "" {
		// Stable and readable: re-publishing is refused, so one per case.
		a.SourceID = fmt.Sprintf("case-%d", cs.Number)
	}
	a, err = saveArticle(ctx, tx, agent.VendorID, a, now)
	if err != nil {
		return a, syncproto.CaseDetail{}, err
	}
	// The case moves up the changes feed so the customer's app learns the
	// link; its status stays as it is.
	seq, err := nextSeq(ctx, tx)
	if err != nil {
		return a, syncproto.CaseDetail{}, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE support_case SET solution_article_id = ?, updated_at = ?, seq = ? WHERE id = ?`,
		a.ID, sqlitedb.FormatTime(now), seq, cs.ID); err != nil {
		return a, syncproto.CaseDetail{}, fmt.Errorf("publish solution: %w", err)
	}
	d, err := readCaseDetail(ctx, tx, scope, caseID)
	if err != nil {
		return a, d, err
	}
	if err := tx.Commit(); err != nil {
		return a, d, fmt.Errorf("publish solution: %w", err)
	}
	return a, d, nil
}

// updatePopularity recomputes the popularity prior of the vendor's
// articles an app's reaction named (by the server ID it synced the
// article under, by source ID, or by the app's own article ID) from the
// reactions of all the vendor's companies. A changed prior moves the
// article up the feed, so the apps pick it up with their next pull.
func updatePopularity(ctx context.Context, tx *sql.Tx, vendorID, articleID, sourceID string) error {
	rows, err := tx.QueryContext(ctx, `
		SELECT a.id, a.popularity,
			(SELECT count(*) FROM deflection d JOIN company co ON co.id = d.company_id
			  WHERE co.vendor_id = a.vendor_id AND (d.source_id IN (a.id, a.source_id) OR d.article_id = a.id)),
			(SELECT coalesce(sum(f.helpful), 0) FROM article_feedback f JOIN company co ON co.id = f.company_id
			  WHERE co.vendor_id = a.vendor_id AND (f.source_id IN (a.id, a.source_id) OR f.article_id = a.id)),
			(SELECT coalesce(sum(1 - f.helpful), 0) FROM article_feedback f JOIN company co ON co.id = f.company_id
			  WHERE co.vendor_id = a.vendor_id AND (f.source_id IN (a.id, a.source_id) OR f.article_id = a.id))
		FROM kb_article a
		WHERE a.vendor_id = ?1 AND (a.id IN (?2, ?3) OR (?3 <> '' AND a.source_id = ?3))`, vendorID, articleID, sourceID)
	if err != nil {
		return fmt.Errorf("article popularity: %w", err)
	}
	type change struct {
		id  string
		pop float64
	}
	var changes []change
	for rows.Next() {
		var id string
		var old float64
		var defl, yes, no int
		if err := rows.Scan(&id, &old, &defl, &yes, &no); err != nil {
			rows.Close()
			return fmt.Errorf("article popularity: %w", err)
		}
		if p := servercore.Popularity(defl, yes, no); math.Abs(p-old) > 1e-9 {
			changes = append(changes, change{id, p})
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("article popularity: %w", err)
	}
	for _, c := range changes {
		seq, err := nextSeq(ctx, tx)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE kb_article SET popularity = ?, seq = ? WHERE id = ?`, c.pop, seq, c.id); err != nil {
			return fmt.Errorf("article popularity: %w", err)
		}
	}
	return nil
}
