package appstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"supportportal/internal/attach"
	"supportportal/internal/portal"
	"supportportal/internal/syncproto"
)

// SaveCommentDraft keeps the comment being typed on a case.
func (c *Cases) SaveCommentDraft(ctx context.Context, caseID, body string) error {
	if err := portal.ValidateCommentDraft(body); err != nil {
		return err
	}
	_, err := c.db.db.ExecContext(ctx, `INSERT INTO case_comment_draft (case_id, body, updated_at)
		SELECT id, ?, ? FROM support_case WHERE id = ?
		ON CONFLICT (case_id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at`, body, c.db.now(), caseID)
	if err != nil {
		return fmt.Errorf("save comment draft: %w", err)
	}
	return nil
}

// AddComment adds the customer's comment, with the files staged for it, and
// queues it for the server. A comment on a Solved case reopens it; a Closed
// case takes none.
func (c *Cases) AddComment(ctx context.Context, caseID, body string) (portal.Comment, error) {
	if err := portal.ValidateComment(body); err != nil {
		return portal.Comment{}, err
	}
	tx, err := c.db.db.BeginTx(ctx, nil)
	if err != nil {
		return portal.Comment{}, fmt.Errorf("add comment: %w", err)
	}
	defer tx.Rollback()
	var status string
	err = tx.QueryRowContext(ctx, `SELECT status FROM support_case WHERE id = ?`, caseID).Scan(&status)
	if errors.Is(err, sql.ErrNoRows) {
		return portal.Comment{}, caseNotFound(caseID)
	} else if err != nil {
		return portal.Comment{}, fmt.Errorf("add comment: %w", err)
	}
	next, err := portal.StatusAfterCustomerComment(status)
	if err != nil {
		return portal.Comment{}, err
	}
	now := c.db.now()
	m := portal.Comment{ID: newID(), AuthorName: c.Me, AuthorKind: "customer", Body: body, Pending: true, CreatedAt: parseTime(now)}
	if _, err := tx.ExecContext(ctx, `INSERT INTO case_comment (id, case_id, author_kind, author_name, body, pending, created_at)
		VALUES (?, ?, 'customer', ?, ?, 1, ?)`, m.ID, caseID, m.AuthorName, body, now); err != nil {
		return m, fmt.Errorf("add comment: %w", err)
	}
	if m.Attachments, err = c.attachments(ctx, tx, "comment_draft", caseID); err != nil {
		return m, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE attachment SET owner_kind = 'comment', owner_id = ? WHERE owner_kind = 'comment_draft' AND owner_id = ?`,
		m.ID, caseID); err != nil {
		return m, fmt.Errorf("add comment: attachments: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM case_comment_draft WHERE case_id = ?`, caseID); err != nil {
		return m, fmt.Errorf("add comment: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE support_case SET status = ?, updated_at = ?, version = version + 1 WHERE id = ?`,
		next, now, caseID); err != nil {
		return m, fmt.Errorf("add comment: %w", err)
	}
	if next != status {
		if _, err := tx.ExecContext(ctx, `INSERT INTO case_status_history (case_id, from_status, to_status, at) VALUES (?, ?, ?, ?)`,
			caseID, status, next, now); err != nil {
			return m, fmt.Errorf("add comment: history: %w", err)
		}
	}
	if err := queue(ctx, tx, m.ID, &syncproto.CommentAdd{
		CommentID: m.ID, CaseID: caseID, Body: body, Attachments: wireAttachments(m.Attachments), CreatedAt: now,
	}, now); err != nil {
		return m, err
	}
	return m, tx.Commit()
}

// CreateFollowUp starts a draft linked to a Closed case, with its subject
// and category filled in.
func (c *Cases) CreateFollowUp(ctx context.Context, caseID string) (portal.Draft, error) {
	var status, subject, cat, sub, prio string
	err := c.db.db.QueryRowContext(ctx, `SELECT status, subject, category_id, subcategory_id, priority FROM support_case WHERE id = ?`, caseID).
		Scan(&status, &subject, &cat, &sub, &prio)
	if errors.Is(err, sql.ErrNoRows) {
		return portal.Draft{}, caseNotFound(caseID)
	} else if err != nil {
		return portal.Draft{}, fmt.Errorf("follow-up: %w", err)
	}
	if status != portal.StatusClosed {
		return portal.Draft{}, &portal.Error{Code: portal.EConflict, Reason: portal.ReasonCaseNotClosed, Message: "only a closed case gets a follow-up case; comment on this one instead"}
	}
	return c.SaveDraft(ctx, portal.DraftInput{Subject: subject, CategoryID: cat, SubcategoryID: sub, Priority: prio, FollowUpOf: caseID})
}

// RecordDeflection notes that an article solved the problem of the draft
// being written, and queues it so the vendor can count it.
func (c *Cases) RecordDeflection(ctx context.Context, draftID, articleID string) error {
	tx, err := c.db.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("deflection: %w", err)
	}
	defer tx.Rollback()
	var sourceID string
	err = tx.QueryRowContext(ctx, `SELECT source_id FROM kb_article WHERE id = ?`, articleID).Scan(&sourceID)
	if errors.Is(err, sql.ErrNoRows) {
		return articleNotFound(articleID)
	} else if err != nil {
		return fmt.Errorf("deflection: %w", err)
	}
	now := c.db.now()
	id := newID()
	if _, err := tx.ExecContext(ctx, `INSERT INTO deflection (id, draft_id, article_id, created_at) VALUES (?, ?, ?, ?)`,
		id, draftID, articleID, now); err != nil {
		return fmt.Errorf("deflection: %w", err)
	}
	if err := queue(ctx, tx, id, &syncproto.Deflection{
		DeflectionID: id, ArticleID: articleID, SourceID: sourceID, CreatedAt: now,
	}, now); err != nil {
		return err
	}
	return tx.Commit()
}

// OutboxCount is how many changes wait for the server.
func (db *DB) OutboxCount(ctx context.Context) (int, error) {
	var n int
	if err := db.db.QueryRowContext(ctx, `SELECT count(*) FROM outbox`).Scan(&n); err != nil {
		return 0, fmt.Errorf("count outbox: %w", err)
	}
	return n, nil
}

// Blobs is the attachment byte store.
func (c *Cases) Blobs() *attach.Store { return c.blobs }
