package appstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"strconv"

	"supportportal/internal/portal"
)

type sqlQuerier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func (c *Cases) attachments(ctx context.Context, q sqlQuerier, kind, owner string) ([]portal.Attachment, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, name, size, sha256, mime_type, thumbnail, created_at
		FROM attachment WHERE owner_kind = ? AND owner_id = ? ORDER BY created_at, id`, kind, owner)
	if err != nil {
		return nil, fmt.Errorf("list attachments: %w", err)
	}
	defer rows.Close()
	out := []portal.Attachment{}
	for rows.Next() {
		a, err := scanAttachment(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// scanAttachment reads the columns id, name, size, sha256, mime_type,
// thumbnail, created_at, after any extra destinations.
func scanAttachment(r scanner, extra ...any) (portal.Attachment, error) {
	var a portal.Attachment
	var created string
	if err := r.Scan(append(extra, &a.ID, &a.Name, &a.Size, &a.SHA256, &a.MimeType, &a.Thumbnail, &created)...); err != nil {
		return a, fmt.Errorf("list attachments: %w", err)
	}
	a.CreatedAt = parseTime(created)
	return a, nil
}

// commentAttachments fills in the files of a case's comments with one
// query rather than one per comment.
func (c *Cases) commentAttachments(ctx context.Context, caseID string, comments []portal.Comment) error {
	byComment := map[string][]portal.Attachment{}
	rows, err := c.db.db.QueryContext(ctx, `SELECT owner_id, id, name, size, sha256, mime_type, thumbnail, created_at
		FROM attachment WHERE owner_kind = 'comment' AND owner_id IN (SELECT id FROM case_comment WHERE case_id = ?)
		ORDER BY created_at, id`, caseID)
	if err != nil {
		return fmt.Errorf("list attachments: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var owner string
		a, err := scanAttachment(rows, &owner)
		if err != nil {
			return err
		}
		byComment[owner] = append(byComment[owner], a)
	}
	for i := range comments {
		comments[i].Attachments = byComment[comments[i].ID]
		if comments[i].Attachments == nil {
			comments[i].Attachments = []portal.Attachment{}
		}
	}
	return rows.Err()
}

// Progress reports the copying of one file.
type Progress func(name string, copied, total int64)

// AddDraftAttachments copies files into the store and attaches them to a
// draft. Each file succeeds or fails on its own.
func (c *Cases) AddDraftAttachments(ctx context.Context, draftID string, paths []string, progress Progress) (portal.AttachmentResult, error) {
	var n int
	err := c.db.db.QueryRowContext(ctx, `SELECT count(*) FROM case_draft WHERE id = ? AND discarded_at IS NULL`, draftID).Scan(&n)
	if err != nil {
		return portal.AttachmentResult{}, fmt.Errorf("attach: %w", err)
	} else if n == 0 {
		return portal.AttachmentResult{}, draftNotFound(draftID)
	}
	return c.addAttachments(ctx, "draft", draftID, paths, progress)
}

// AddCommentAttachments stages files for the comment being written on a
// case; AddComment attaches them.
func (c *Cases) AddCommentAttachments(ctx context.Context, caseID string, paths []string, progress Progress) (portal.AttachmentResult, error) {
	var status string
	err := c.db.db.QueryRowContext(ctx, `SELECT status FROM support_case WHERE id = ?`, caseID).Scan(&status)
	if errors.Is(err, sql.ErrNoRows) {
		return portal.AttachmentResult{}, caseNotFound(caseID)
	} else if err != nil {
		return portal.AttachmentResult{}, fmt.Errorf("attach: %w", err)
	}
	if _, err := portal.StatusAfterCustomerComment(status); err != nil {
		return portal.AttachmentResult{}, err
	}
	return c.addAttachments(ctx, "comment_draft", caseID, paths, progress)
}

func (c *Cases) addAttachments(ctx context.Context, kind, owner string, paths []string, progress Progress) (portal.AttachmentResult, error) {
	vp, err := c.db.VendorProfile(ctx)
	if err != nil {
		return portal.AttachmentResult{}, err
	}
	var count int
	if err := c.db.db.QueryRowContext(ctx, `SELECT count(*) FROM attachment WHERE owner_kind = ? AND owner_id = ?`, kind, owner).Scan(&count); err != nil {
		return portal.AttachmentResult{}, fmt.Errorf("attach: %w", err)
	}
	res := portal.AttachmentResult{Attachments: []portal.Attachment{}, Errors: []portal.AttachmentError{}}
	for _, p := range paths {
		name := portal.SanitizeFileName(filepath.Base(p))
		fail := func(err error) {
			res.Errors = append(res.Errors, portal.AttachmentError{Path: p, Name: name, Error: portal.AsError(err)})
		}
		if count >= vp.MaxAttachments {
			fail(&portal.Error{Code: portal.EInvalid, Reason: portal.ReasonAttachmentTooMany, Field: "attachments",
				Params:  map[string]string{"name": name, "max": strconv.Itoa(vp.MaxAttachments)},
				Message: fmt.Sprintf("a case can have at most %d files", vp.MaxAttachments)})
			continue
		}
		blob, err := c.blobs.Put(p, vp.MaxAttachmentBytes, func(copied, total int64) {
			if progress != nil {
				progress(name, copied, total)
			}
		})
		if err != nil {
			if portal.ErrorCode(err) == portal.EInternal {
				return res, err // the store itself is failing: stop and say so
			}
			fail(err)
			continue
		}
		a := portal.Attachment{ID: newID(), Name: name, Size: blob.Size, SHA256: blob.SHA256, MimeType: blob.MimeType, Thumbnail: blob.Thumbnail}
		now := c.db.now()
		a.CreatedAt = parseTime(now)
		if _, err := c.db.db.ExecContext(ctx, `INSERT INTO attachment
			(id, owner_kind, owner_id, name, size, sha256, mime_type, thumbnail, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			a.ID, kind, owner, a.Name, a.Size, a.SHA256, a.MimeType, a.Thumbnail, now); err != nil {
			return res, fmt.Errorf("attach %s: %w", name, err)
		}
		count++
		res.Attachments = append(res.Attachments, a)
	}
	return res, nil
}

// RemoveAttachment removes a file from a draft or from the comment being
// written. Files of sent cases and comments stay: they are the record.
func (c *Cases) RemoveAttachment(ctx context.Context, id string) error {
	var kind string
	err := c.db.db.QueryRowContext(ctx, `SELECT owner_kind FROM attachment WHERE id = ?`, id).Scan(&kind)
	if errors.Is(err, sql.ErrNoRows) {
		return &portal.Error{Code: portal.ENotFound, Reason: portal.ReasonAttachmentNotFound, Message: fmt.Sprintf("attachment %q does not exist", id)}
	} else if err != nil {
		return fmt.Errorf("remove attachment: %w", err)
	}
	if kind != "draft" && kind != "comment_draft" {
		return &portal.Error{Code: portal.EConflict, Reason: portal.ReasonAttachmentSent, Message: "files of a submitted case cannot be removed"}
	}
	if _, err := c.db.db.ExecContext(ctx, `DELETE FROM attachment WHERE id = ?`, id); err != nil {
		return fmt.Errorf("remove attachment: %w", err)
	}
	return nil
}

// AttachmentFile returns an attachment and the path of its bytes.
func (c *Cases) AttachmentFile(ctx context.Context, id string) (portal.Attachment, string, error) {
	var a portal.Attachment
	var created string
	err := c.db.db.QueryRowContext(ctx, `SELECT id, name, size, sha256, mime_type, created_at FROM attachment WHERE id = ?`, id).
		Scan(&a.ID, &a.Name, &a.Size, &a.SHA256, &a.MimeType, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return a, "", &portal.Error{Code: portal.ENotFound, Reason: portal.ReasonAttachmentNotFound, Message: fmt.Sprintf("attachment %q does not exist", id)}
	} else if err != nil {
		return a, "", fmt.Errorf("read attachment: %w", err)
	}
	a.CreatedAt = parseTime(created)
	p, err := c.blobs.Path(a.SHA256)
	return a, p, err
}
