package appstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"supportportal/internal/attach"
	"supportportal/internal/kbtext"
	"supportportal/internal/portal"
	"supportportal/internal/syncproto"
)

// Cases stores drafts, cases, their conversation and attachments. Every
// change meant for the server goes into the outbox in the same transaction
// as the change itself, so the two can never disagree.
type Cases struct {
	db    *DB
	blobs *attach.Store
	// Me is the name shown on comments written on this device until sign-in
	// (a later issue) supplies the portal user's name.
	Me string
}

// NewCases returns the case store; attachment bytes go to blobs.
func NewCases(db *DB, blobs *attach.Store) *Cases { return &Cases{db: db, blobs: blobs, Me: "You"} }

// Categories returns the vendor's component categories: the server's list
// once synced, the defaults until then.
func (c *Cases) Categories(ctx context.Context) ([]portal.ComponentCategory, error) {
	var cats []portal.ComponentCategory
	ok, err := c.db.GetState(ctx, "component_categories", &cats)
	if err != nil || !ok || len(cats) == 0 {
		return portal.DefaultComponentCategories(), err
	}
	return cats, nil
}

func newID() string { return uuid.Must(uuid.NewV7()).String() }

func parseTime(s string) time.Time {
	t, _ := time.Parse(TimeFormat, s)
	return t
}

func draftNotFound(id string) error {
	return &portal.Error{Code: portal.ENotFound, Reason: portal.ReasonDraftNotFound, Params: map[string]string{"id": id},
		Message: fmt.Sprintf("draft %q does not exist or was sent", id)}
}

func caseNotFound(id string) error {
	return &portal.Error{Code: portal.ENotFound, Reason: portal.ReasonCaseNotFound, Params: map[string]string{"id": id},
		Message: fmt.Sprintf("case %q does not exist", id)}
}

// ---- Drafts ---------------------------------------------------------------

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

// ---- Attachments ----------------------------------------------------------

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

// ---- Submitting -----------------------------------------------------------

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

// ---- Listing --------------------------------------------------------------

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

// ---- Conversation ---------------------------------------------------------

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
