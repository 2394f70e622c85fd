package appstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"supportportal/internal/kbtext"
	"supportportal/internal/portal"
)

// caseMatch turns what the user typed into an FTS5 query that can only
// ever mean "these words": every token is quoted (the last one as a
// prefix, for search as you type), so no input is FTS syntax.
func caseMatch(q string) string {
	toks := kbtext.Tokenize(q)
	if len(toks) > 32 {
		toks = toks[:32]
	}
	parts := make([]string, 0, len(toks))
	for i, t := range toks {
		p := `"` + strings.ReplaceAll(t.Word, `"`, `""`) + `"`
		if i == len(toks)-1 {
			p += "*"
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, " ")
}

var caseOrder = map[string]string{
	"number":   "CASE WHEN c.number = 0 THEN 1 ELSE 0 END %[2]s, c.number %[1]s, c.created_at %[1]s",
	"status":   "CASE c.status WHEN 'waiting_to_send' THEN 0 WHEN 'new' THEN 1 WHEN 'in_progress' THEN 2 WHEN 'waiting_on_customer' THEN 3 WHEN 'solved' THEN 4 ELSE 5 END %[1]s, c.updated_at DESC",
	"priority": "CASE c.priority WHEN 'low' THEN 0 WHEN 'medium' THEN 1 WHEN 'high' THEN 2 ELSE 3 END %[1]s, c.updated_at DESC",
	"updated":  "c.updated_at %[1]s",
}

// List returns a page of the company's cases.
func (c *Cases) List(ctx context.Context, f portal.CaseFilter) (portal.CasePage, error) {
	if err := f.Normalize(); err != nil {
		return portal.CasePage{}, err
	}
	var where []string
	var args []any
	from := "support_case c"
	if q := strings.TrimSpace(f.Query); q != "" {
		num := strings.TrimPrefix(q, "#")
		if n, err := strconv.ParseInt(num, 10, 64); err == nil && n > 0 {
			where = append(where, "c.number = ?")
			args = append(args, n)
		} else if m := caseMatch(q); m != "" {
			where = append(where, "c.rowid_ IN (SELECT rowid FROM case_fts WHERE case_fts MATCH ?)")
			args = append(args, m)
			if f.Sort == "updated" {
				// Walk the cases newest first and keep the matching ones: a
				// common word matches thousands of cases, and sorting them
				// all to show 25 costs more than this walk does even when
				// nothing matches (measured in BenchmarkCaseSearch).
				from = "support_case c INDEXED BY support_case_updated"
			}
		} else {
			return portal.CasePage{Items: []portal.CaseSummary{}}, nil // only punctuation: nothing can match
		}
	}
	if f.Mine {
		where = append(where, "c.mine = 1")
	}
	if len(f.Statuses) > 0 {
		where = append(where, "c.status IN ("+strings.TrimSuffix(strings.Repeat("?,", len(f.Statuses)), ",")+")")
		for _, s := range f.Statuses {
			args = append(args, s)
		}
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	var page portal.CasePage
	if err := c.db.db.QueryRowContext(ctx, "SELECT count(*) FROM "+from+cond, args...).Scan(&page.Total); err != nil {
		return page, fmt.Errorf("count cases: %w", err)
	}
	dir, nulls := "ASC", "ASC"
	if f.Desc {
		dir = "DESC"
	}
	order := fmt.Sprintf(caseOrder[f.Sort], dir, nulls)
	rows, err := c.db.db.QueryContext(ctx, `SELECT c.id, c.number, c.subject, c.category_id, c.subcategory_id, c.status,
		c.priority, c.mine, c.created_at, c.updated_at FROM `+from+cond+` ORDER BY `+order+`, c.rowid_ `+dir+` LIMIT ? OFFSET ?`,
		append(args, f.Limit, f.Offset)...)
	if err != nil {
		return page, fmt.Errorf("list cases: %w", err)
	}
	defer rows.Close()
	page.Items = make([]portal.CaseSummary, 0, f.Limit)
	for rows.Next() {
		s, err := scanCase(rows)
		if err != nil {
			return page, fmt.Errorf("list cases: %w", err)
		}
		page.Items = append(page.Items, s)
	}
	return page, rows.Err()
}

func scanCase(r scanner, extra ...any) (portal.CaseSummary, error) {
	var s portal.CaseSummary
	var created, updated string
	err := r.Scan(append([]any{&s.ID, &s.Number, &s.Subject, &s.CategoryID, &s.SubcategoryID, &s.Status, &s.Priority, &s.Mine, &created, &updated}, extra...)...)
	s.CreatedAt, s.UpdatedAt = parseTime(created), parseTime(updated)
	return s, err
}

// Case returns a case with its conversation, files and history.
func (c *Cases) Case(ctx context.Context, id string) (portal.CaseDetail, error) {
	var d portal.CaseDetail
	var solution, articleID, followUp, rating, ratingComment, ratedAt, ratedBy string
	s, err := scanCase(c.db.db.QueryRowContext(ctx, `SELECT id, number, subject, category_id, subcategory_id, status,
		priority, mine, created_at, updated_at, description, solution, solution_article_id, follow_up_of,
		rating, rating_comment, rated_at, rated_by_name, product_version
		FROM support_case WHERE id = ?`, id), &d.Description, &solution, &articleID, &followUp, &rating, &ratingComment, &ratedAt, &ratedBy,
		&d.ProductVersion)
	if errors.Is(err, sql.ErrNoRows) {
		return d, caseNotFound(id)
	} else if err != nil {
		return d, fmt.Errorf("read case: %w", err)
	}
	d.CaseSummary = s
	if solution != "" {
		// The server names the article by its ID, which synced articles
		// carry as their source ID; link only to an article that is here.
		var local string
		if articleID != "" {
			_ = c.db.db.QueryRowContext(ctx, `SELECT id FROM kb_article WHERE source_id = ? OR id = ? LIMIT 1`, articleID, articleID).Scan(&local)
		}
		d.Solution = &portal.Solution{Text: solution, ArticleID: local}
	}
	if followUp != "" {
		ref := portal.CaseRef{ID: followUp}
		if err := c.db.db.QueryRowContext(ctx, `SELECT number, subject FROM support_case WHERE id = ?`, followUp).
			Scan(&ref.Number, &ref.Subject); err == nil {
			d.FollowUpOfCase = &ref
		}
	}
	if d.Attachments, err = c.attachments(ctx, c.db.db, "case", id); err != nil {
		return d, err
	}
	if d.CommentDraftAttachments, err = c.attachments(ctx, c.db.db, "comment_draft", id); err != nil {
		return d, err
	}
	_ = c.db.db.QueryRowContext(ctx, `SELECT body FROM case_comment_draft WHERE case_id = ?`, id).Scan(&d.CommentDraft)
	rows, err := c.db.db.QueryContext(ctx, `SELECT id, author_kind, author_name, body, pending, created_at
		FROM case_comment WHERE case_id = ? ORDER BY created_at, id`, id)
	if err != nil {
		return d, fmt.Errorf("read comments: %w", err)
	}
	d.Comments = []portal.Comment{}
	for rows.Next() {
		var m portal.Comment
		var created string
		if err := rows.Scan(&m.ID, &m.AuthorKind, &m.AuthorName, &m.Body, &m.Pending, &created); err != nil {
			rows.Close()
			return d, fmt.Errorf("read comments: %w", err)
		}
		m.CreatedAt = parseTime(created)
		d.Comments = append(d.Comments, m)
	}
	rows.Close()
	if err := c.commentAttachments(ctx, id, d.Comments); err != nil {
		return d, err
	}
	hrows, err := c.db.db.QueryContext(ctx, `SELECT from_status, to_status, at FROM case_status_history WHERE case_id = ? ORDER BY id`, id)
	if err != nil {
		return d, fmt.Errorf("read history: %w", err)
	}
	defer hrows.Close()
	d.History = []portal.StatusChange{}
	for hrows.Next() {
		var h portal.StatusChange
		var at string
		if err := hrows.Scan(&h.From, &h.To, &at); err != nil {
			return d, fmt.Errorf("read history: %w", err)
		}
		h.At = parseTime(at)
		d.History = append(d.History, h)
	}
	d.CanComment = d.Status != portal.StatusClosed
	d.CanFollowUp = d.Status == portal.StatusClosed
	if err := hrows.Err(); err != nil {
		return d, err
	}
	return d, c.satisfaction(ctx, &d, rating, ratingComment, ratedAt, ratedBy)
}
