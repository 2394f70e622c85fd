package appstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"supportportal/internal/portal"
)

// SaveDraft creates (empty ID) or updates a draft with what the form holds.
func (c *Cases) SaveDraft(ctx context.Context, in portal.DraftInput) (portal.Draft, error) {
	if err := portal.ValidateDraft(&in); err != nil {
		return portal.Draft{}, err
	}
	now := c.db.now()
	if in.ID == "" {
		in.ID = newID()
		_, err := c.db.db.ExecContext(ctx, `INSERT INTO case_draft
			(id, subject, category_id, subcategory_id, description, priority, follow_up_of, product_version, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			in.ID, in.Subject, in.CategoryID, in.SubcategoryID, in.Description, in.Priority, in.FollowUpOf, in.ProductVersion, now, now)
		if err != nil {
			return portal.Draft{}, fmt.Errorf("create draft: %w", err)
		}
		return portal.Draft{DraftInput: in, Attachments: []portal.Attachment{}, CreatedAt: parseTime(now), UpdatedAt: parseTime(now)}, nil
	}
	res, err := c.db.db.ExecContext(ctx, `UPDATE case_draft SET subject = ?, category_id = ?, subcategory_id = ?,
		description = ?, priority = ?, product_version = ?, updated_at = ?, version = version + 1
		WHERE id = ? AND discarded_at IS NULL`,
		in.Subject, in.CategoryID, in.SubcategoryID, in.Description, in.Priority, in.ProductVersion, now, in.ID)
	if err != nil {
		return portal.Draft{}, fmt.Errorf("save draft: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return portal.Draft{}, draftNotFound(in.ID)
	}
	return c.Draft(ctx, in.ID)
}

const draftCols = `id, subject, category_id, subcategory_id, description, priority, follow_up_of, product_version, created_at, updated_at`

func scanDraft(r scanner) (portal.Draft, error) {
	var d portal.Draft
	var created, updated string
	err := r.Scan(&d.ID, &d.Subject, &d.CategoryID, &d.SubcategoryID, &d.Description, &d.Priority, &d.FollowUpOf, &d.ProductVersion, &created, &updated)
	d.CreatedAt, d.UpdatedAt = parseTime(created), parseTime(updated)
	return d, err
}

// Draft returns a draft that is not discarded, with its attachments.
func (c *Cases) Draft(ctx context.Context, id string) (portal.Draft, error) {
	d, err := scanDraft(c.db.db.QueryRowContext(ctx, `SELECT `+draftCols+` FROM case_draft WHERE id = ? AND discarded_at IS NULL`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return d, draftNotFound(id)
	} else if err != nil {
		return d, fmt.Errorf("read draft: %w", err)
	}
	d.Attachments, err = c.attachments(ctx, c.db.db, "draft", id)
	return d, err
}

// Drafts lists the drafts in progress, most recently edited first.
func (c *Cases) Drafts(ctx context.Context) ([]portal.Draft, error) {
	rows, err := c.db.db.QueryContext(ctx, `SELECT `+draftCols+` FROM case_draft
		WHERE discarded_at IS NULL ORDER BY updated_at DESC LIMIT 100`)
	if err != nil {
		return nil, fmt.Errorf("list drafts: %w", err)
	}
	defer rows.Close()
	out := []portal.Draft{}
	for rows.Next() {
		d, err := scanDraft(rows)
		if err != nil {
			return nil, fmt.Errorf("list drafts: %w", err)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// DiscardDraft hides a draft; RestoreDraft brings it back (Undo). Discarded
// drafts are purged after DiscardedDraftTTL.
func (c *Cases) DiscardDraft(ctx context.Context, id string) error {
	return c.setDiscarded(ctx, id, c.db.now(), "discarded_at IS NULL")
}

// RestoreDraft undoes DiscardDraft.
func (c *Cases) RestoreDraft(ctx context.Context, id string) error {
	return c.setDiscarded(ctx, id, nil, "discarded_at IS NOT NULL")
}

func (c *Cases) setDiscarded(ctx context.Context, id string, at any, cond string) error {
	res, err := c.db.db.ExecContext(ctx, `UPDATE case_draft SET discarded_at = ? WHERE id = ? AND `+cond, at, id)
	if err != nil {
		return fmt.Errorf("discard draft: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return draftNotFound(id)
	}
	return nil
}

// DiscardedDraftTTL is how long a discarded draft can still be restored.
const DiscardedDraftTTL = 7 * 24 * time.Hour

// PurgeDiscarded deletes drafts discarded longer ago than DiscardedDraftTTL,
// with their attachment rows (the blobs stay: they may be shared).
func (c *Cases) PurgeDiscarded(ctx context.Context) (int64, error) {
	cutoff := c.db.Now().Add(-DiscardedDraftTTL).UTC().Format(TimeFormat)
	tx, err := c.db.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("purge drafts: %w", err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `DELETE FROM attachment WHERE owner_kind = 'draft' AND owner_id IN
		(SELECT id FROM case_draft WHERE discarded_at < ?)`, cutoff); err != nil {
		return 0, fmt.Errorf("purge drafts: %w", err)
	}
	res, err := tx.ExecContext(ctx, `DELETE FROM case_draft WHERE discarded_at < ?`, cutoff)
	if err != nil {
		return 0, fmt.Errorf("purge drafts: %w", err)
	}
	n, _ := res.RowsAffected()
	return n, tx.Commit()
}
