package serverstore

import (
	"context"
	"fmt"
	"time"

	"supportportal/internal/portal"
	"supportportal/internal/servercore"
	"supportportal/internal/sqlitedb"
)

// Queue returns a page of the vendor's cases across companies for the
// support console: cases flagged for attention first, then oldest waiting
// first: the case whose last change is longest ago comes first, so
// nothing is left at the bottom of the list.
func (db *DB) Queue(ctx context.Context, vendorID string, f servercore.QueueFilter, offset, limit int) (servercore.QueuePage, error) {
	page := servercore.QueuePage{Items: []servercore.QueueItem{}, Offset: offset, Limit: limit}
	where := ` c.vendor_id = ? `
	args := []any{vendorID}
	switch f.Status {
	case "":
	case "open":
		// A case flagged for attention needs support too, whatever its status.
		where += ` AND (c.status IN (?, ?, ?) OR c.needs_attention = 1) `
		args = append(args, portal.StatusNew, portal.StatusInProgress, portal.StatusWaitingOnCustomer)
	default:
		where += ` AND c.status = ? `
		args = append(args, f.Status)
	}
	if f.Priority != "" {
		where += ` AND c.priority = ? `
		args = append(args, f.Priority)
	}
	if f.Attention {
		where += ` AND c.needs_attention = 1 `
	}
	if f.CompanyID != "" {
		where += ` AND c.company_id = ? `
		args = append(args, f.CompanyID)
	}
	if f.MinAgeDays > 0 {
		now := f.Now
		if now.IsZero() {
			now = time.Now()
		}
		where += ` AND c.created_at <= ? `
		args = append(args, sqlitedb.FormatTime(now.Add(-time.Duration(f.MinAgeDays)*24*time.Hour)))
	}
	if err := db.db.QueryRowContext(ctx, `SELECT count(*) FROM support_case c WHERE`+where, args...).Scan(&page.Total); err != nil {
		return page, fmt.Errorf("queue: count: %w", err)
	}
	rows, err := db.db.QueryContext(ctx, `SELECT c.id, c.number, c.author_id, p.name, c.subject, c.category_id, c.subcategory_id,
		c.priority, c.status, c.created_at, c.updated_at, c.company_id, co.name, c.needs_attention, coalesce(s.rating, '')
		FROM support_case c JOIN person p ON p.id = c.author_id JOIN company co ON co.id = c.company_id
		LEFT JOIN case_satisfaction s ON s.case_id = c.id
		WHERE`+where+`ORDER BY c.needs_attention DESC, c.updated_at, c.number LIMIT ? OFFSET ?`, append(args, limit, offset)...)
	if err != nil {
		return page, fmt.Errorf("queue: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var it servercore.QueueItem
		var created, updated string
		if err := rows.Scan(&it.ID, &it.Number, &it.AuthorID, &it.AuthorName, &it.Subject, &it.CategoryID, &it.SubcategoryID,
			&it.Priority, &it.Status, &created, &updated, &it.CompanyID, &it.CompanyName, &it.NeedsAttention, &it.Rating); err != nil {
			return page, fmt.Errorf("queue: %w", err)
		}
		it.CreatedAt, it.UpdatedAt = sqlitedb.ParseTime(created), sqlitedb.ParseTime(updated)
		page.Items = append(page.Items, it)
	}
	if err := rows.Err(); err != nil {
		return page, fmt.Errorf("queue: %w", err)
	}
	return page, nil
}

// Companies returns the vendor's companies by name.
func (db *DB) Companies(ctx context.Context, vendorID string) ([]servercore.Company, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT id, vendor_id, name, domain, status FROM company WHERE vendor_id = ? ORDER BY name, id`, vendorID)
	if err != nil {
		return nil, fmt.Errorf("list companies: %w", err)
	}
	defer rows.Close()
	out := []servercore.Company{}
	for rows.Next() {
		var c servercore.Company
		if err := rows.Scan(&c.ID, &c.VendorID, &c.Name, &c.Domain, &c.Status); err != nil {
			return nil, fmt.Errorf("list companies: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// ArticleCounts counts, per article, the deflections and the helpful / not
// helpful votes the apps pushed (case.deflection and article.feedback
// mutations) from the vendor's companies. Articles are matched to the
// server's knowledge base by ID, or by source ID for articles the apps
// imported themselves; the most deflecting come first.
func (db *DB) ArticleCounts(ctx context.Context, vendorID string) ([]servercore.ArticleCounts, error) {
	rows, err := db.db.QueryContext(ctx, `
		WITH r AS (
			SELECT d.article_id, d.source_id, 1 AS defl, 0 AS yes, 0 AS no
			  FROM deflection d JOIN company co ON co.id = d.company_id WHERE co.vendor_id = ?
			UNION ALL
			SELECT f.article_id, f.source_id, 0, f.helpful, 1 - f.helpful
			  FROM article_feedback f JOIN company co ON co.id = f.company_id WHERE co.vendor_id = ?
		),
		g AS (
			SELECT article_id, max(source_id) AS source_id, sum(defl) AS defl, sum(yes) AS yes, sum(no) AS no
			FROM r GROUP BY article_id
		)
		SELECT g.article_id, g.source_id, g.defl, g.yes, g.no,
			coalesce((SELECT a.title FROM kb_article a WHERE a.vendor_id = ? AND (a.id = g.article_id
				OR (g.source_id <> '' AND a.source_id = g.source_id)) ORDER BY a.id = g.article_id DESC LIMIT 1), '')
		FROM g ORDER BY g.defl DESC, g.yes + g.no DESC, g.article_id`,
		vendorID, vendorID, vendorID)
	if err != nil {
		return nil, fmt.Errorf("article counts: %w", err)
	}
	defer rows.Close()
	out := []servercore.ArticleCounts{}
	for rows.Next() {
		var c servercore.ArticleCounts
		if err := rows.Scan(&c.ArticleID, &c.SourceID, &c.Deflections, &c.Helpful, &c.NotHelpful, &c.Title); err != nil {
			return nil, fmt.Errorf("article counts: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
