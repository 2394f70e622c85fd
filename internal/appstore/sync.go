package appstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"supportportal/internal/portal"
	"supportportal/internal/syncproto"
)

// CheckServerID accepts only a UUID in its canonical form.
func CheckServerID(field, id string) error {
	if !portal.IsCanonicalUUID(id) {
		return &portal.Error{Code: portal.EInvalid, Reason: portal.ReasonBadServerID, Field: field, Params: map[string]string{"value": truncateID(id)},
			Message: fmt.Sprintf("the server sent %s %q, which is not a UUID; the change was refused", field, truncateID(id))}
	}
	return nil
}

func truncateID(s string) string {
	if r := []rune(s); len(r) > 80 {
		return string(r[:80]) + "…"
	}
	return s
}

// CheckChanges refuses a page of the changes feed that names anything by
// an ID that is not a UUID, before any of it is applied.
func CheckChanges(p Pull) error {
	for _, r := range p.Answers {
		if r.CaseID != "" {
			if err := CheckServerID("caseId", r.CaseID); err != nil {
				return err
			}
		}
		if r.CommentID != "" {
			if err := CheckServerID("commentId", r.CommentID); err != nil {
				return err
			}
		}
	}
	files := func(fs []syncproto.Attachment) error {
		for _, f := range fs {
			if err := CheckServerID("attachment.id", f.ID); err != nil {
				return err
			}
		}
		return nil
	}
	for _, ch := range p.Items {
		if c := ch.Case; c != nil {
			if err := CheckServerID("case.id", c.ID); err != nil {
				return err
			}
			for field, id := range map[string]string{"case.followUpOf": c.FollowUpOf, "case.solutionArticleId": c.SolutionArticleID} {
				if id != "" {
					if err := CheckServerID(field, id); err != nil {
						return err
					}
				}
			}
			if err := files(c.Attachments); err != nil {
				return err
			}
		}
		if m := ch.Comment; m != nil {
			if err := CheckServerID("comment.id", m.ID); err != nil {
				return err
			}
			if err := CheckServerID("comment.caseId", m.CaseID); err != nil {
				return err
			}
			if err := files(m.Attachments); err != nil {
				return err
			}
		}
	}
	return nil
}

// This file is the local store's side of sync: reading the outbox in order,
// applying the server's answers to it, applying the changes feed, and
// keeping the cursor. Every step is one transaction, so a kill at any point
// leaves either the old or the new state, and a repeated step (the same
// answer or the same page again) changes nothing twice.

// PendingMutations returns up to limit outbox entries in the order they
// were made. Rejected entries stay out of it until the user deals with them.
func (db *DB) PendingMutations(ctx context.Context, limit int) ([]syncproto.Mutation, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT id, kind, payload FROM outbox
		WHERE state = 'pending' ORDER BY seq LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("read outbox: %w", err)
	}
	defer rows.Close()
	var out []syncproto.Mutation
	for rows.Next() {
		var m syncproto.Mutation
		var p string
		if err := rows.Scan(&m.ID, &m.Kind, &p); err != nil {
			return nil, fmt.Errorf("read outbox: %w", err)
		}
		m.Payload = json.RawMessage(p)
		out = append(out, m)
	}
	return out, rows.Err()
}

// ApplyPushResults records the server's answers: an applied mutation leaves
// the outbox and its effect shows (a case gets its number, a comment stops
// being pending); a rejected one stays, marked with the reason, with its
// data untouched for the user to fix. Answers for mutations no longer in
// the outbox (a repeated answer) are ignored.
func (db *DB) ApplyPushResults(ctx context.Context, results []syncproto.MutationResult) error {
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("apply push results: %w", err)
	}
	defer tx.Rollback()
	if err := CheckChanges(Pull{Answers: results}); err != nil {
		return err
	}
	if err := applyPushResults(ctx, tx, results, db.now()); err != nil {
		return err
	}
	return tx.Commit()
}

func applyPushResults(ctx context.Context, tx *sql.Tx, results []syncproto.MutationResult, now string) error {
	for _, r := range results {
		var kind, entity string
		err := tx.QueryRowContext(ctx, `SELECT kind, entity_id FROM outbox WHERE id = ?`, r.ID).Scan(&kind, &entity)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		} else if err != nil {
			return fmt.Errorf("apply push results: %w", err)
		}
		if r.Result != syncproto.ResultApplied {
			msg, _ := json.Marshal(r.Error)
			if _, err := tx.ExecContext(ctx, `UPDATE outbox SET state = 'rejected', attempts = attempts + 1, last_error = ?, updated_at = ? WHERE id = ?`,
				string(msg), now, r.ID); err != nil {
				return fmt.Errorf("apply push results: %w", err)
			}
			continue
		}
		switch kind {
		case syncproto.KindCaseCreate:
			if err := applySentCase(ctx, tx, entity, r.CaseNumber, r.CaseStatus, now); err != nil {
				return err
			}
		case syncproto.KindCommentAdd:
			if _, err := tx.ExecContext(ctx, `UPDATE case_comment SET pending = 0 WHERE id = ?`, entity); err != nil {
				return fmt.Errorf("apply push results: %w", err)
			}
		case syncproto.KindCaseRate:
			if err := applyRated(ctx, tx, r.ID); err != nil {
				return err
			}
		case syncproto.KindPortalUserRequest, syncproto.KindPortalUserDeactivate, syncproto.KindPortalUserReactivate:
			// Until the next fetch of the company's account, show (and check
			// the rules against) what the server just accepted.
			if err := applyUserChange(ctx, tx, kind, r.ID); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM outbox WHERE id = ?`, r.ID); err != nil {
			return fmt.Errorf("apply push results: %w", err)
		}
	}
	return nil
}

// applySentCase gives a case its server number and status the first time
// the server confirms it.
func applySentCase(ctx context.Context, tx *sql.Tx, id string, number int64, status, now string) error {
	if status == "" {
		status = portal.StatusNew
	}
	var cur string
	err := tx.QueryRowContext(ctx, `SELECT status FROM support_case WHERE id = ?`, id).Scan(&cur)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	} else if err != nil {
		return fmt.Errorf("apply sent case: %w", err)
	}
	if cur == portal.StatusWaitingToSend {
		if _, err := tx.ExecContext(ctx, `INSERT INTO case_status_history (case_id, from_status, to_status, at) VALUES (?, ?, ?, ?)`,
			id, cur, status, now); err != nil {
			return fmt.Errorf("apply sent case: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE support_case SET status = ?, updated_at = ? WHERE id = ?`, status, now, id); err != nil {
			return fmt.Errorf("apply sent case: %w", err)
		}
	}
	if number > 0 {
		if _, err := tx.ExecContext(ctx, `UPDATE support_case SET number = ? WHERE id = ?`, number, id); err != nil {
			return fmt.Errorf("apply sent case: %w", err)
		}
	}
	return nil
}

// addRemoteAttachments records files named by the server that this device
// does not have yet: their bytes come when the user opens them.
func addRemoteAttachments(ctx context.Context, tx *sql.Tx, kind, owner string, files []syncproto.Attachment, now string) error {
	for _, f := range files {
		if f.ID == "" || len(f.SHA256) != 64 || f.Size <= 0 {
			continue
		}
		var have int
		_ = tx.QueryRowContext(ctx, `SELECT count(*) FROM attachment WHERE sha256 = ? AND present = 1`, f.SHA256).Scan(&have)
		if _, err := tx.ExecContext(ctx, `INSERT INTO attachment (id, owner_kind, owner_id, name, size, sha256, mime_type, created_at, uploaded, present)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?) ON CONFLICT (id) DO NOTHING`,
			f.ID, kind, owner, portal.SanitizeFileName(f.Name), f.Size, f.SHA256, f.MimeType, now, have > 0); err != nil {
			return fmt.Errorf("remote attachment %s: %w", f.ID, err)
		}
	}
	return nil
}

// SyncAccount identifies whose data the store holds: the server and the
// person signed in. The cursor is kept per account, so switching never
// continues another account's feed.
type SyncAccount struct {
	ServerURL string `json:"serverUrl"`
	PersonID  string `json:"personId"`
}

// Cursor returns where the changes feed left off for this account.
func (db *DB) Cursor(ctx context.Context, acc SyncAccount) (string, error) {
	var c string
	err := db.db.QueryRowContext(ctx, `SELECT cursor FROM sync_state WHERE server_url = ? AND account_id = ?`, acc.ServerURL, acc.PersonID).Scan(&c)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return c, err
}

// Notice is a change from the support team worth a desktop notification.
type Notice struct {
	Kind    string `json:"kind"` // reply or status
	CaseID  string `json:"caseId"`
	Number  int64  `json:"number"`
	Subject string `json:"subject"`
	Status  string `json:"status,omitempty"`
	Author  string `json:"author,omitempty"`
}

// Pull is one page of the changes feed to store, with what came with it.
type Pull struct {
	// Answers are the server's answers to the last push, stored first, so
	// that a sync writes once rather than once for them and once for the
	// page.
	Answers []syncproto.MutationResult
	Items   []syncproto.Change
	Cursor  string
	// AccountRev, when not nil, is the server's current revision of the
	// company account: if the stored copy has it, the copy is marked
	// current as of now (My Account shows "as of").
	AccountRev *int64
}

// ApplyChanges applies one page of the changes feed and moves the cursor,
// in one transaction. The server owns a case's number, author name, status,
// solution and rating, so those are taken as they come (a rating given
// here and not yet sent still shows from the outbox); comments are append-only;
// a comment written here and still pending is the same comment when it
// comes back, with the author's name as the server knows it.
//
// A page naming anything by an ID that is not a UUID is refused whole
// (CheckChanges), and nothing of it is applied.
//
// It returns what the user should hear about: support's replies and
// status changes of cases this store already had.
func (db *DB) ApplyChanges(ctx context.Context, acc SyncAccount, p Pull) ([]Notice, error) {
	if err := CheckChanges(p); err != nil {
		return nil, err
	}
	var notices []Notice
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("apply changes: %w", err)
	}
	defer tx.Rollback()
	now := db.now()
	if err := applyPushResults(ctx, tx, p.Answers, now); err != nil {
		return nil, err
	}
	items, cursor, accountRev := p.Items, p.Cursor, p.AccountRev
	// Cases before comments: the feed lists a case at its latest change,
	// which can come after the comments that changed it.
	ordered := make([]syncproto.Change, 0, len(items))
	for _, ch := range items {
		if ch.Type == syncproto.ChangeCase {
			ordered = append(ordered, ch)
		}
	}
	for _, ch := range items {
		if ch.Type != syncproto.ChangeCase {
			ordered = append(ordered, ch)
		}
	}
	for _, ch := range ordered {
		switch {
		case ch.Type == syncproto.ChangeCase && ch.Case != nil:
			from, err := upsertRemoteCase(ctx, tx, acc, ch.Case, now)
			if err != nil {
				return nil, err
			}
			// The server confirming a case sent from here is no news.
			if from != "" && from != portal.StatusWaitingToSend {
				notices = append(notices, Notice{Kind: "status", CaseID: ch.Case.ID, Number: ch.Case.Number, Subject: ch.Case.Subject, Status: ch.Case.Status})
			}
			if err := addRemoteAttachments(ctx, tx, "case", ch.Case.ID, ch.Case.Attachments, now); err != nil {
				return nil, err
			}
		case ch.Type == syncproto.ChangeComment && ch.Comment != nil:
			m := ch.Comment
			kind := m.AuthorKind
			if kind != syncproto.AuthorSupport {
				kind = syncproto.AuthorCustomer
			}
			var seen int
			var subject string
			var number int64
			_ = tx.QueryRowContext(ctx, `SELECT count(*) FROM case_comment WHERE id = ?`, m.ID).Scan(&seen)
			if seen == 0 && kind == syncproto.AuthorSupport {
				if tx.QueryRowContext(ctx, `SELECT subject, number FROM support_case WHERE id = ?`, m.CaseID).Scan(&subject, &number) == nil {
					notices = append(notices, Notice{Kind: "reply", CaseID: m.CaseID, Number: number, Subject: subject, Author: m.AuthorName})
				}
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO case_comment (id, case_id, author_kind, author_name, body, pending, created_at)
				SELECT ?, id, ?, ?, ?, 0, ? FROM support_case WHERE id = ?
				ON CONFLICT (id) DO UPDATE SET pending = 0, author_name = excluded.author_name`,
				m.ID, kind, m.AuthorName, m.Body, m.CreatedAt.UTC().Format(TimeFormat), m.CaseID); err != nil {
				return nil, fmt.Errorf("apply comment %s: %w", m.ID, err)
			}
			if err := addRemoteAttachments(ctx, tx, "comment", m.ID, m.Attachments, now); err != nil {
				return nil, err
			}
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO sync_state (server_url, account_id, cursor, last_sync_at, last_error) VALUES (?, ?, ?, ?, '')
		ON CONFLICT (server_url, account_id) DO UPDATE SET cursor = excluded.cursor, last_sync_at = excluded.last_sync_at, last_error = ''`,
		acc.ServerURL, acc.PersonID, cursor, now); err != nil {
		return nil, fmt.Errorf("save cursor: %w", err)
	}
	if accountRev != nil {
		if err := confirmCompanyAccount(ctx, tx, *accountRev, db.Now()); err != nil {
			return nil, err
		}
	}
	return notices, tx.Commit()
}

// upsertRemoteCase stores a case from the server and returns its previous
// status when an existing case changed status ("" otherwise).
func upsertRemoteCase(ctx context.Context, tx *sql.Tx, acc SyncAccount, c *syncproto.Case, now string) (string, error) {
	if !portal.IsCaseStatus(c.Status) {
		return "", fmt.Errorf("apply case %s: unknown status %q", c.ID, c.Status)
	}
	prio := c.Priority
	if prio == "" {
		prio = portal.DefaultPriority
	}
	var cur string
	err := tx.QueryRowContext(ctx, `SELECT status FROM support_case WHERE id = ?`, c.ID).Scan(&cur)
	created, updated := c.CreatedAt.UTC().Format(TimeFormat), c.UpdatedAt.UTC().Format(TimeFormat)
	rating, ratingComment, ratedAt, ratedBy := remoteRating(c.Satisfaction)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		// A colleague's case, or this device's after a reinstall.
		if _, err := tx.ExecContext(ctx, `INSERT INTO support_case (id, number, mine, author_name, subject, category_id, subcategory_id,
			description, priority, status, solution, solution_article_id, follow_up_of, product_version, created_at, updated_at,
			rating, rating_comment, rated_at, rated_by_name)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			c.ID, c.Number, c.AuthorID == acc.PersonID, c.AuthorName, c.Subject, c.CategoryID, c.SubcategoryID,
			c.Description, prio, c.Status, c.Solution, c.SolutionArticleID, c.FollowUpOf, c.ProductVersion, created, updated,
			rating, ratingComment, ratedAt, ratedBy); err != nil {
			return "", fmt.Errorf("apply case %s: %w", c.ID, err)
		}
		for _, h := range c.History {
			if _, err := tx.ExecContext(ctx, `INSERT INTO case_status_history (case_id, from_status, to_status, at) VALUES (?, ?, ?, ?)`,
				c.ID, h.From, h.To, h.At.UTC().Format(TimeFormat)); err != nil {
				return "", fmt.Errorf("apply case %s: %w", c.ID, err)
			}
		}
		return "", nil
	case err != nil:
		return "", fmt.Errorf("apply case %s: %w", c.ID, err)
	}
	if cur != c.Status {
		if _, err := tx.ExecContext(ctx, `INSERT INTO case_status_history (case_id, from_status, to_status, at) VALUES (?, ?, ?, ?)`,
			c.ID, cur, c.Status, updated); err != nil {
			return "", fmt.Errorf("apply case %s: %w", c.ID, err)
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE support_case SET number = ?, author_name = ?, status = ?, solution = ?, solution_article_id = ?,
		rating = ?, rating_comment = ?, rated_at = ?, rated_by_name = ?,
		updated_at = max(updated_at, ?), version = version + 1 WHERE id = ?`,
		c.Number, c.AuthorName, c.Status, c.Solution, c.SolutionArticleID, rating, ratingComment, ratedAt, ratedBy, updated, c.ID); err != nil {
		return "", fmt.Errorf("apply case %s: %w", c.ID, err)
	}
	if cur != c.Status {
		return cur, nil
	}
	return "", nil
}

// MissingCases returns which of the case IDs this store does not hold.
func (db *DB) MissingCases(ctx context.Context, ids []string) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	for _, id := range ids {
		if seen[id] {
			continue
		}
		seen[id] = true
		var n int
		if err := db.db.QueryRowContext(ctx, `SELECT count(*) FROM support_case WHERE id = ?`, id).Scan(&n); err != nil {
			return nil, fmt.Errorf("missing cases: %w", err)
		}
		if n == 0 {
			out = append(out, id)
		}
	}
	return out, nil
}

// SyncFailed records why the last sync failed, for the status area.
func (db *DB) SyncFailed(ctx context.Context, acc SyncAccount, msg string) error {
	_, err := db.db.ExecContext(ctx, `INSERT INTO sync_state (server_url, account_id, last_error) VALUES (?, ?, ?)
		ON CONFLICT (server_url, account_id) DO UPDATE SET last_error = excluded.last_error`, acc.ServerURL, acc.PersonID, msg)
	return err
}

// SyncState is what the status area shows.
type SyncState struct {
	LastSyncAt *time.Time `json:"lastSyncAt"`
	LastError  string     `json:"lastError"`
	Waiting    int        `json:"waiting"`
	Rejected   int        `json:"rejected"`
}

// SyncStateOf returns the account's sync state and the outbox counts.
func (db *DB) SyncStateOf(ctx context.Context, acc SyncAccount) (SyncState, error) {
	var s SyncState
	var last sql.NullString
	err := db.db.QueryRowContext(ctx, `SELECT last_sync_at, last_error FROM sync_state WHERE server_url = ? AND account_id = ?`,
		acc.ServerURL, acc.PersonID).Scan(&last, &s.LastError)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return s, fmt.Errorf("sync state: %w", err)
	}
	if last.Valid && last.String != "" {
		t := parseTime(last.String)
		s.LastSyncAt = &t
	}
	err = db.db.QueryRowContext(ctx, `SELECT count(*) FILTER (WHERE state = 'pending'), count(*) FILTER (WHERE state = 'rejected') FROM outbox`).
		Scan(&s.Waiting, &s.Rejected)
	return s, err
}

// SwitchAccount applies the rule for a sign-in as next on this device,
// where prev signed in last (nil: nobody yet). Work done before the first
// sign-in is the first account's; after that, another person or another
// server starts afresh: the previous account's data is forgotten
// (ForgetAccountData), which is refused while its changes still wait to
// be sent. The same account signing in again keeps everything.
func (db *DB) SwitchAccount(ctx context.Context, prev *SyncAccount, next SyncAccount) error {
	if prev == nil || *prev == next {
		return nil
	}
	return db.ForgetAccountData(ctx, next.ServerURL)
}

// ForgetAccountData removes the company data another account synced, so
// that signing in as someone else (or to another server) never shows or
// sends one account's data under the other. The knowledge base of every
// server but next (the server being signed in to) goes too: articles,
// their search index rows, votes and recently viewed, and the categories
// that came with them; articles imported from files stay. It refuses while
// changes wait to be sent: they belong to the previous account.
func (db *DB) ForgetAccountData(ctx context.Context, next string) error {
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("switch account: %w", err)
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM outbox`).Scan(&n); err != nil {
		return fmt.Errorf("switch account: %w", err)
	}
	if n > 0 {
		return &portal.Error{Code: portal.EConflict, Reason: portal.ReasonOutboxNotEmpty, Params: map[string]string{"count": fmt.Sprint(n)},
			Message: fmt.Sprintf("%d changes of the previous account are still waiting to be sent; sign in as that account to send them first", n)}
	}
	for _, q := range []string{
		`DELETE FROM attachment WHERE owner_kind IN ('case', 'comment', 'comment_draft')`,
		`DELETE FROM support_case`, // comments, history and comment drafts cascade
		`DELETE FROM sync_state`,
	} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("switch account: %w", err)
		}
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM app_state WHERE key = ?`, companyAccountKey); err != nil {
		return fmt.Errorf("switch account: %w", err)
	}
	// Votes and recently viewed cascade; the delete trigger removes the
	// search index rows.
	terms := termCounts{}
	if err := terms.countRemoved(ctx, tx, `SELECT `+indexedFieldsSQL+` FROM kb_article WHERE origin <> '' AND origin <> ?`, next); err != nil {
		return fmt.Errorf("switch account: %w", err)
	}
	res, err := tx.ExecContext(ctx, `DELETE FROM kb_article WHERE origin <> '' AND origin <> ?`, next)
	if err != nil {
		return fmt.Errorf("switch account: %w", err)
	}
	if err := terms.apply(ctx, tx); err != nil {
		return fmt.Errorf("switch account: %w", err)
	}
	for _, q := range []string{
		`DELETE FROM kb_category WHERE origin <> '' AND origin <> ?
			AND id NOT IN (SELECT category_id FROM kb_article WHERE category_id IS NOT NULL)`,
		// The feed starts over if the app comes back to that server.
		`DELETE FROM app_state WHERE key LIKE 'kb\_cursor:%' ESCAPE '\' AND key <> 'kb_cursor:' || ?`,
	} {
		if _, err := tx.ExecContext(ctx, q, next); err != nil {
			return fmt.Errorf("switch account: %w", err)
		}
	}
	if gone, _ := res.RowsAffected(); gone > 0 {
		if _, err := tx.ExecContext(ctx, `UPDATE kb_meta SET generation = generation + 1 WHERE id = 1`); err != nil {
			return fmt.Errorf("switch account: %w", err)
		}
	}
	return tx.Commit()
}

func applyUserChange(ctx context.Context, tx *sql.Tx, kind, mutationID string) error {
	var raw, payload string
	if err := tx.QueryRowContext(ctx, `SELECT value FROM app_state WHERE key = ?`, companyAccountKey).Scan(&raw); errors.Is(err, sql.ErrNoRows) {
		return nil
	} else if err != nil {
		return fmt.Errorf("apply user change: %w", err)
	}
	if err := tx.QueryRowContext(ctx, `SELECT payload FROM outbox WHERE id = ?`, mutationID).Scan(&payload); err != nil {
		return fmt.Errorf("apply user change: %w", err)
	}
	var st storedAccount
	if err := json.Unmarshal([]byte(raw), &st); err != nil {
		return nil // an unreadable copy is replaced by the next fetch
	}
	acc := &st.Account
	switch kind {
	case syncproto.KindPortalUserRequest:
		var p syncproto.PortalUserRequest
		_ = json.Unmarshal([]byte(payload), &p)
		acc.PendingRequests = append(acc.PendingRequests, portal.PendingRequest{ID: p.RequestID, Name: p.FullName(), Email: p.Email,
			ProductRole: p.ProductRole, Status: "pending"})
	default:
		var p syncproto.PortalUserAccess
		_ = json.Unmarshal([]byte(payload), &p)
		to := syncproto.AccessActive
		if kind == syncproto.KindPortalUserDeactivate {
			to = syncproto.AccessDeactivated
		}
		for i := range acc.Users {
			if acc.Users[i].ID == p.PersonID && acc.Users[i].PortalAccess != to {
				acc.Users[i].PortalAccess = to
				if to == syncproto.AccessActive {
					acc.ActiveUsers++
				} else {
					acc.ActiveUsers--
				}
			}
		}
	}
	b, _ := json.Marshal(st)
	if _, err := tx.ExecContext(ctx, `UPDATE app_state SET value = ? WHERE key = ?`, string(b), companyAccountKey); err != nil {
		return fmt.Errorf("apply user change: %w", err)
	}
	return nil
}
