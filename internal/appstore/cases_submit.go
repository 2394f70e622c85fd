package appstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"supportportal/internal/portal"
	"supportportal/internal/syncproto"
)

// queue puts a mutation for the server into the outbox, in the caller's
// transaction; entity names the row it is about.
func queue(ctx context.Context, tx *sql.Tx, entity string, p syncproto.Payload, now string) error {
	m, err := syncproto.NewMutation(newID(), p)
	if err != nil {
		return fmt.Errorf("queue: %w", err)
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO outbox (id, kind, entity_id, payload, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?)`, m.ID, m.Kind, entity, string(m.Payload), now, now)
	if err != nil {
		return fmt.Errorf("queue %s: %w", m.Kind, err)
	}
	return nil
}

// wireAttachments are the files of a case or comment as a mutation names
// them: never null, so the payload reads the same as it always has.
func wireAttachments(as []portal.Attachment) []syncproto.Attachment {
	out := make([]syncproto.Attachment, 0, len(as))
	for _, a := range as {
		out = append(out, syncproto.Attachment{ID: a.ID, Name: a.Name, Size: a.Size, SHA256: a.SHA256, MimeType: a.MimeType})
	}
	return out
}

// Submit turns a draft into a case Waiting to send: in one transaction the
// case is created, the draft's files move to it, the draft is removed and a
// case.create mutation joins the outbox. The sync engine sends it when it
// can; until then the case is listed and can take comments.
func (c *Cases) Submit(ctx context.Context, draftID string) (portal.CaseSummary, error) {
	d, err := c.Draft(ctx, draftID)
	if err != nil {
		return portal.CaseSummary{}, err
	}
	cats, err := c.Categories(ctx)
	if err != nil {
		return portal.CaseSummary{}, err
	}
	if err := portal.ValidateForSubmit(d.DraftInput, cats); err != nil {
		return portal.CaseSummary{}, err
	}
	tx, err := c.db.db.BeginTx(ctx, nil)
	if err != nil {
		return portal.CaseSummary{}, fmt.Errorf("submit case: %w", err)
	}
	defer tx.Rollback()
	now := c.db.now()
	// The case keeps the draft's ID: a submit retried after a crash finds
	// the draft gone and the case there, never two cases.
	version := strings.TrimSpace(d.ProductVersion)
	cs := portal.CaseSummary{ID: d.ID, Subject: strings.TrimSpace(d.Subject), CategoryID: d.CategoryID, SubcategoryID: d.SubcategoryID,
		Status: portal.StatusWaitingToSend, Priority: d.Priority, Mine: true, CreatedAt: parseTime(now), UpdatedAt: parseTime(now)}
	if _, err := tx.ExecContext(ctx, `INSERT INTO support_case (id, mine, author_name, subject, category_id, subcategory_id,
		description, priority, status, follow_up_of, product_version, created_at, updated_at) VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		cs.ID, c.Me, cs.Subject, cs.CategoryID, cs.SubcategoryID, d.Description, cs.Priority, cs.Status, d.FollowUpOf, version, now, now); err != nil {
		return cs, fmt.Errorf("submit case: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE attachment SET owner_kind = 'case' WHERE owner_kind = 'draft' AND owner_id = ?`, d.ID); err != nil {
		return cs, fmt.Errorf("submit case: attachments: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO case_status_history (case_id, from_status, to_status, at) VALUES (?, 'draft', ?, ?)`,
		cs.ID, cs.Status, now); err != nil {
		return cs, fmt.Errorf("submit case: history: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM case_draft WHERE id = ?`, d.ID); err != nil {
		return cs, fmt.Errorf("submit case: %w", err)
	}
	if err := queue(ctx, tx, cs.ID, &syncproto.CaseCreate{
		CaseID: cs.ID, Subject: cs.Subject, CategoryID: cs.CategoryID, SubcategoryID: cs.SubcategoryID,
		Description: d.Description, Priority: cs.Priority, FollowUpOf: d.FollowUpOf, Attachments: wireAttachments(d.Attachments), CreatedAt: now,
		ProductVersion: version,
	}, now); err != nil {
		return cs, err
	}
	return cs, tx.Commit()
}
