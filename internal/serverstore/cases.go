package serverstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"sync/atomic"
	"time"

	"supportportal/internal/portal"
	"supportportal/internal/servercore"
	"supportportal/internal/sqlitedb"
	"supportportal/internal/syncproto"
	"supportportal/internal/tz"
)

func caseNotFound(id string) error {
	return &portal.Error{Code: portal.ENotFound, Reason: portal.ReasonCaseNotFound, Params: map[string]string{"id": id},
		Message: fmt.Sprintf("case %q does not exist", id)}
}

// scopeSQL is the WHERE fragment that keeps a query inside a scope. An
// empty company ID widens it to the vendor (agents).
const scopeSQL = ` c.vendor_id = ? AND (? = '' OR c.company_id = ?) `

func scopeArgs(s servercore.Scope) []any { return []any{s.VendorID, s.CompanyID, s.CompanyID} }

// nextSeq takes the next value of the changes sequence. It must run inside
// the write transaction that uses it.
func nextSeq(ctx context.Context, tx *sql.Tx) (int64, error) {
	var v int64
	if err := tx.QueryRowContext(ctx, `UPDATE change_seq SET value = value + 1 WHERE id = 1 RETURNING value`).Scan(&v); err != nil {
		return 0, fmt.Errorf("next change sequence: %w", err)
	}
	return v, nil
}

// ListCases returns a page of the cases in scope.
func (db *DB) ListCases(ctx context.Context, scope servercore.Scope, offset, limit int) (syncproto.CasePage, error) {
	page := syncproto.CasePage{Items: []syncproto.CaseSummary{}, Offset: offset, Limit: limit}
	if err := db.db.QueryRowContext(ctx, `SELECT count(*) FROM support_case c WHERE`+scopeSQL, scopeArgs(scope)...).Scan(&page.Total); err != nil {
		return page, fmt.Errorf("count cases: %w", err)
	}
	rows, err := db.db.QueryContext(ctx, `SELECT c.id, c.number, c.author_id, p.name, c.subject, c.category_id, c.subcategory_id,
		c.priority, c.status, c.created_at, c.updated_at
		FROM support_case c JOIN person p ON p.id = c.author_id
		WHERE`+scopeSQL+`ORDER BY c.updated_at DESC, c.number DESC LIMIT ? OFFSET ?`,
		append(scopeArgs(scope), limit, offset)...)
	if err != nil {
		return page, fmt.Errorf("list cases: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var s syncproto.CaseSummary
		var created, updated string
		if err := rows.Scan(&s.ID, &s.Number, &s.AuthorID, &s.AuthorName, &s.Subject, &s.CategoryID, &s.SubcategoryID,
			&s.Priority, &s.Status, &created, &updated); err != nil {
			return page, fmt.Errorf("list cases: %w", err)
		}
		s.CreatedAt, s.UpdatedAt = sqlitedb.ParseTime(created), sqlitedb.ParseTime(updated)
		page.Items = append(page.Items, s)
	}
	if err := rows.Err(); err != nil {
		return page, fmt.Errorf("list cases: %w", err)
	}
	return page, nil
}

// Case returns one case in scope with its conversation.
func (db *DB) Case(ctx context.Context, scope servercore.Scope, id string) (syncproto.CaseDetail, error) {
	return readCaseDetail(ctx, db.db, scope, id)
}

func readCaseDetail(ctx context.Context, q sqlitedb.Querier, scope servercore.Scope, id string) (syncproto.CaseDetail, error) {
	var d syncproto.CaseDetail
	cs, err := readCase(ctx, q, scope, id)
	if err != nil {
		return d, err
	}
	d.Case = cs
	d.Comments, err = readComments(ctx, q, `WHERE m.case_id = ? ORDER BY m.created_at, m.seq`, id)
	return d, err
}

// readCase reads a case in scope with its attachments and history.
func readCase(ctx context.Context, q sqlitedb.Querier, scope servercore.Scope, id string) (syncproto.Case, error) {
	cases, err := readCases(ctx, q, scope, []string{id})
	if err != nil {
		return syncproto.Case{}, err
	}
	cs, ok := cases[id]
	if !ok {
		return cs, caseNotFound(id)
	}
	return cs, nil
}

func readAttachments(ctx context.Context, q sqlitedb.Querier, where string, args ...any) ([]syncproto.Attachment, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, name, size, sha256, mime_type FROM attachment `+where+` ORDER BY created_at, id`, args...)
	if err != nil {
		return nil, fmt.Errorf("read attachments: %w", err)
	}
	defer rows.Close()
	out := []syncproto.Attachment{}
	for rows.Next() {
		var a syncproto.Attachment
		if err := rows.Scan(&a.ID, &a.Name, &a.Size, &a.SHA256, &a.MimeType); err != nil {
			return nil, fmt.Errorf("read attachments: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

func readComments(ctx context.Context, q sqlitedb.Querier, where string, args ...any) ([]syncproto.Comment, error) {
	rows, err := q.QueryContext(ctx, `SELECT m.id, m.case_id, m.author_kind, m.author_name, m.body, m.created_at FROM case_comment m `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("read comments: %w", err)
	}
	out := []syncproto.Comment{}
	for rows.Next() {
		var m syncproto.Comment
		var created string
		if err := rows.Scan(&m.ID, &m.CaseID, &m.AuthorKind, &m.AuthorName, &m.Body, &created); err != nil {
			rows.Close()
			return nil, fmt.Errorf("read comments: %w", err)
		}
		m.CreatedAt = sqlitedb.ParseTime(created)
		out = append(out, m)
	}
	// Close before the attachment queries: with a single connection (a
	// transaction) the open cursor would otherwise block them.
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read comments: %w", err)
	}
	for i := range out {
		var err error
		if out[i].Attachments, err = readAttachments(ctx, q, `WHERE comment_id = ?`, out[i].ID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// MutationCounts counts the answers Apply gave: Recorded are answers given
// for the first time and stored (applied or rejected), Replayed are stored
// answers given again to a mutation ID sent once more (its first answer
// was lost on the way, or the device crashed before storing it).
type MutationCounts struct {
	Recorded, Replayed atomic.Int64
}

// Apply applies one mutation exactly once; see servercore.CaseStore.
func (db *DB) Apply(ctx context.Context, c servercore.Caller, m syncproto.Mutation) (syncproto.MutationResult, error) {
	if err := syncproto.CheckMutationID(m.ID); err != nil {
		// Without a usable ID there is nothing to key the answer by; the
		// rejection is answered but not stored.
		return syncproto.Rejected(m.ID, err), nil
	}
	prof, err := db.Profile(ctx, c.VendorID)
	if err != nil {
		return syncproto.MutationResult{}, err
	}
	decoded, decodeErr := syncproto.DecodeMutation(m, syncproto.Rules{Profile: prof, ValidTimeZone: tz.Valid})

	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return syncproto.MutationResult{}, fmt.Errorf("apply %s: %w", m.Kind, err)
	}
	defer tx.Rollback()
	if res, ok, err := storedResult(ctx, tx, c, m.ID); err != nil || ok {
		if ok && err == nil && (res.Error == nil || res.Error.Reason != portal.ReasonMutationIDTaken) {
			db.Mutations.Replayed.Add(1)
		}
		return res, err
	}
	now := time.Now().UTC()
	var res syncproto.MutationResult
	if decodeErr == nil {
		// A savepoint lets a rule failure half-way through undo its writes
		// while the rejection itself is still recorded in this transaction.
		if _, err := tx.ExecContext(ctx, `SAVEPOINT apply`); err != nil {
			return res, fmt.Errorf("apply %s: %w", m.Kind, err)
		}
		res, err = applyDecoded(ctx, tx, c, m.ID, decoded, now)
		if err != nil && portal.ErrorCode(err) == portal.EInternal {
			return res, fmt.Errorf("apply %s %s: %w", m.Kind, m.ID, err)
		}
		if err != nil {
			if _, rerr := tx.ExecContext(ctx, `ROLLBACK TO apply`); rerr != nil {
				return res, fmt.Errorf("apply %s: %w", m.Kind, rerr)
			}
			res = syncproto.Rejected(m.ID, err)
		}
		if _, err := tx.ExecContext(ctx, `RELEASE apply`); err != nil {
			return res, fmt.Errorf("apply %s: %w", m.Kind, err)
		}
	} else {
		res = syncproto.Rejected(m.ID, decodeErr)
	}
	b, err := json.Marshal(res)
	if err != nil {
		return res, fmt.Errorf("apply %s: %w", m.Kind, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO applied_mutation (id, company_id, person_id, kind, result, created_at)
		VALUES (?, ?, ?, ?, ?, ?)`, m.ID, c.CompanyID, c.ID, m.Kind, string(b), sqlitedb.FormatTime(now)); err != nil {
		return res, fmt.Errorf("apply %s: record result: %w", m.Kind, err)
	}
	if err := tx.Commit(); err != nil {
		return res, fmt.Errorf("apply %s: %w", m.Kind, err)
	}
	db.Mutations.Recorded.Add(1)
	return res, nil
}

// storedResult returns the answer already given to a mutation ID. An ID
// that another company used is refused without revealing its answer.
func storedResult(ctx context.Context, tx *sql.Tx, c servercore.Caller, id string) (syncproto.MutationResult, bool, error) {
	var company, result string
	err := tx.QueryRowContext(ctx, `SELECT company_id, result FROM applied_mutation WHERE id = ?`, id).Scan(&company, &result)
	if errors.Is(err, sql.ErrNoRows) {
		return syncproto.MutationResult{}, false, nil
	} else if err != nil {
		return syncproto.MutationResult{}, false, fmt.Errorf("read mutation result: %w", err)
	}
	if company != c.CompanyID {
		return syncproto.Rejected(id, &portal.Error{Code: portal.EConflict, Reason: portal.ReasonMutationIDTaken, Field: "id",
			Message: "this mutation id is already in use"}), true, nil
	}
	var res syncproto.MutationResult
	if err := json.Unmarshal([]byte(result), &res); err != nil {
		return res, false, fmt.Errorf("read mutation result: %w", err)
	}
	return res, true, nil
}

func applyDecoded(ctx context.Context, tx *sql.Tx, c servercore.Caller, id string, v syncproto.Payload, now time.Time) (syncproto.MutationResult, error) {
	res := syncproto.MutationResult{ID: id, Result: syncproto.ResultApplied}
	switch v := v.(type) {
	case *syncproto.CaseCreate:
		n, err := createCase(ctx, tx, c, v, now)
		res.CaseID, res.CaseNumber, res.CaseStatus = v.CaseID, n, portal.StatusNew
		return res, err
	case *syncproto.CommentAdd:
		cs, err := addCustomerComment(ctx, tx, c, v, now)
		res.CaseID, res.CaseNumber, res.CaseStatus, res.CommentID = v.CaseID, cs.Number, cs.Status, v.CommentID
		return res, err
	case *syncproto.ArticleFeedback:
		_, err := tx.ExecContext(ctx, `INSERT INTO article_feedback (id, company_id, person_id, article_id, source_id, locale,
			helpful, created_at, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			v.FeedbackID, c.CompanyID, c.ID, v.ArticleID, v.SourceID, v.Locale, v.Helpful,
			sqlitedb.FormatTime(servercore.ClientTime(v.CreatedAt, now)), sqlitedb.FormatTime(now))
		if isUnique(err) {
			return res, &portal.Error{Code: portal.EConflict, Reason: portal.ReasonDuplicateID, Field: "feedbackId", Message: "this feedback was already received"}
		}
		if err != nil {
			return res, wrap("article feedback", err)
		}
		return res, updatePopularity(ctx, tx, c.VendorID, v.ArticleID, v.SourceID)
	case *syncproto.Deflection:
		_, err := tx.ExecContext(ctx, `INSERT INTO deflection (id, company_id, person_id, article_id, source_id, created_at, received_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, v.DeflectionID, c.CompanyID, c.ID, v.ArticleID, v.SourceID,
			sqlitedb.FormatTime(servercore.ClientTime(v.CreatedAt, now)), sqlitedb.FormatTime(now))
		if isUnique(err) {
			return res, &portal.Error{Code: portal.EConflict, Reason: portal.ReasonDuplicateID, Field: "deflectionId", Message: "this deflection was already received"}
		}
		if err != nil {
			return res, wrap("deflection", err)
		}
		return res, updatePopularity(ctx, tx, c.VendorID, v.ArticleID, v.SourceID)
	case *syncproto.PortalUserRequest:
		r, err := requestPortalUser(ctx, tx, c, v.RequestID, v.NewUserRequest, now)
		res.RequestID = r.ID
		return res, err
	case *syncproto.PortalUserAccess:
		u, err := setUserAccess(ctx, tx, c, v.PersonID, v.Access, v.Reason, now)
		res.PersonID, res.PortalAccess = v.PersonID, u.PortalAccess
		return res, err
	case *syncproto.CaseRate:
		cs, err := rateCase(ctx, tx, c, v, now)
		res.CaseID, res.CaseNumber, res.CaseStatus = v.CaseID, cs.Number, cs.Status
		return res, err
	case *syncproto.SettingsUpdate:
		b, err := json.Marshal(v.PersonSettings)
		if err != nil {
			return res, fmt.Errorf("settings: %w", err)
		}
		_, err = tx.ExecContext(ctx, `UPDATE person SET settings = ? WHERE id = ?`, string(b), c.ID)
		return res, wrap("settings", err)
	}
	return res, fmt.Errorf("apply: unexpected payload %T", v)
}

func wrap(what string, err error) error {
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}

func createCase(ctx context.Context, tx *sql.Tx, c servercore.Caller, v *syncproto.CaseCreate, now time.Time) (int64, error) {
	var exists int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM support_case WHERE id = ?`, v.CaseID).Scan(&exists); err != nil {
		return 0, fmt.Errorf("create case: %w", err)
	}
	if exists > 0 {
		return 0, &portal.Error{Code: portal.EConflict, Reason: portal.ReasonCaseExists, Field: "caseId", Message: "a case with this id was already sent"}
	}
	if v.FollowUpOf != "" {
		// Only a Closed case gets a follow-up (an open one takes comments);
		// Closed is final, so what the device saw still holds here.
		prev, err := readCase(ctx, tx, servercore.ScopeOf(c), v.FollowUpOf)
		if portal.ErrorCode(err) == portal.ENotFound {
			return 0, portal.Invalid("followUpOf", portal.ReasonCaseNotFound, v.FollowUpOf, "the case this follows up does not exist")
		} else if err != nil {
			return 0, err
		}
		if prev.Status != portal.StatusClosed {
			return 0, portal.Invalid("followUpOf", portal.ReasonCaseNotClosed, v.FollowUpOf, "only a closed case gets a follow-up case; comment on case %d instead", prev.Number)
		}
	}
	var number int64
	if err := tx.QueryRowContext(ctx, `UPDATE vendor SET next_case_number = next_case_number + 1 WHERE id = ?
		RETURNING next_case_number - 1`, c.VendorID).Scan(&number); err != nil {
		return 0, fmt.Errorf("create case: number: %w", err)
	}
	seq, err := nextSeq(ctx, tx)
	if err != nil {
		return 0, err
	}
	created := sqlitedb.FormatTime(servercore.ClientTime(v.CreatedAt, now))
	if _, err := tx.ExecContext(ctx, `INSERT INTO support_case (id, vendor_id, company_id, number, author_id, subject, category_id,
		subcategory_id, description, priority, status, follow_up_of, product_version, created_at, updated_at, seq)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'new', ?, ?, ?, ?, ?)`,
		v.CaseID, c.VendorID, c.CompanyID, number, c.ID, v.Subject, v.CategoryID, v.SubcategoryID, v.Description,
		v.Priority, v.FollowUpOf, v.ProductVersion, created, sqlitedb.FormatTime(now), seq); err != nil {
		return 0, fmt.Errorf("create case: %w", err)
	}
	// The desktop shows Waiting to send until the server has the case.
	if _, err := tx.ExecContext(ctx, `INSERT INTO case_status_history (case_id, from_status, to_status, actor_id, at)
		VALUES (?, ?, ?, ?, ?)`, v.CaseID, portal.StatusWaitingToSend, portal.StatusNew, c.ID, sqlitedb.FormatTime(now)); err != nil {
		return 0, fmt.Errorf("create case: history: %w", err)
	}
	if err := insertAttachments(ctx, tx, v.CaseID, nil, v.Attachments, now); err != nil {
		return 0, err
	}
	return number, nil
}

func insertAttachments(ctx context.Context, tx *sql.Tx, caseID string, commentID any, as []syncproto.Attachment, now time.Time) error {
	for _, a := range as {
		_, err := tx.ExecContext(ctx, `INSERT INTO attachment (id, case_id, comment_id, name, size, sha256, mime_type, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, a.ID, caseID, commentID, a.Name, a.Size, a.SHA256, a.MimeType, sqlitedb.FormatTime(now))
		if isUnique(err) {
			return portal.Invalid("attachments.id", portal.ReasonDuplicateID, a.ID, "attachment %s was already received", a.ID)
		} else if err != nil {
			return fmt.Errorf("store attachment: %w", err)
		}
	}
	return nil
}

// addCustomerComment adds a customer's comment; the case's status follows
// portal.StatusAfterCustomerComment (Solved reopens, Closed refuses).
func addCustomerComment(ctx context.Context, tx *sql.Tx, c servercore.Caller, v *syncproto.CommentAdd, now time.Time) (syncproto.Case, error) {
	cs, err := readCase(ctx, tx, servercore.ScopeOf(c), v.CaseID)
	if err != nil {
		return cs, err
	}
	next, err := portal.StatusAfterCustomerComment(cs.Status)
	if err != nil {
		return cs, err
	}
	if err := insertComment(ctx, tx, cs, c.Person, "customer", v.CommentID, v.Body, v.Attachments, servercore.ClientTime(v.CreatedAt, now), now); err != nil {
		return cs, err
	}
	if err := setCaseStatus(ctx, tx, &cs, c.Person, next, nil, now); err != nil {
		return cs, err
	}
	return cs, nil
}

func insertComment(ctx context.Context, tx *sql.Tx, cs syncproto.Case, author servercore.Person, kind, id, body string,
	as []syncproto.Attachment, created, now time.Time) error {
	seq, err := nextSeq(ctx, tx)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO case_comment (id, case_id, company_id, author_id, author_kind, author_name, body, created_at, seq)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, id, cs.ID, cs.CompanyID, author.ID, kind, author.Name, body, sqlitedb.FormatTime(created), seq)
	if isUnique(err) {
		return &portal.Error{Code: portal.EConflict, Reason: portal.ReasonCommentExists, Field: "commentId", Message: "a comment with this id was already sent"}
	} else if err != nil {
		return fmt.Errorf("add comment: %w", err)
	}
	return insertAttachments(ctx, tx, cs.ID, id, as, now)
}

// setCaseStatus records a status change (when there is one) and bumps the
// case's seq and updated_at, so the changes feed carries it. solution nil
// leaves the solution as it is.
func setCaseStatus(ctx context.Context, tx *sql.Tx, cs *syncproto.Case, actor servercore.Person, to string, solution *string, now time.Time) error {
	if to != cs.Status {
		if !portal.CanTransition(cs.Status, to) {
			return &portal.Error{Code: portal.EConflict, Reason: portal.ReasonBadTransition, Field: "status",
				Params:  map[string]string{"from": cs.Status, "to": to},
				Message: fmt.Sprintf("a case cannot go from %s to %s", cs.Status, to)}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO case_status_history (case_id, from_status, to_status, actor_id, at)
			VALUES (?, ?, ?, ?, ?)`, cs.ID, cs.Status, to, actor.ID, sqlitedb.FormatTime(now)); err != nil {
			return fmt.Errorf("case status: history: %w", err)
		}
	}
	seq, err := nextSeq(ctx, tx)
	if err != nil {
		return err
	}
	sol := cs.Solution
	if solution != nil {
		sol = *solution
	}
	if _, err := tx.ExecContext(ctx, `UPDATE support_case SET status = ?, solution = ?, updated_at = ?, seq = ? WHERE id = ?`,
		to, sol, sqlitedb.FormatTime(now), seq, cs.ID); err != nil {
		return fmt.Errorf("case status: %w", err)
	}
	cs.Status, cs.Solution = to, sol
	return nil
}

// AddSupportComment adds an agent's comment to a case of their vendor.
func (db *DB) AddSupportComment(ctx context.Context, agent servercore.Caller, caseID, commentID, body string, now time.Time) (syncproto.Comment, error) {
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return syncproto.Comment{}, fmt.Errorf("support comment: %w", err)
	}
	defer tx.Rollback()
	cs, err := readCase(ctx, tx, servercore.ScopeOf(agent), caseID)
	if err != nil {
		return syncproto.Comment{}, err
	}
	if cs.Status == portal.StatusClosed {
		return syncproto.Comment{}, &portal.Error{Code: portal.EConflict, Reason: portal.ReasonCaseClosed, Message: "this case is closed"}
	}
	if commentID == "" {
		commentID = newID()
	} else {
		// A retried request (same comment ID, same case, same agent) gets
		// the comment it already created instead of an error.
		ms, err := readComments(ctx, tx, `WHERE m.id = ? AND m.case_id = ? AND m.author_id = ?`, commentID, caseID, agent.ID)
		if err != nil {
			return syncproto.Comment{}, err
		}
		if len(ms) == 1 {
			return ms[0], nil
		}
	}
	if err := insertComment(ctx, tx, cs, agent.Person, "support", commentID, body, nil, now, now); err != nil {
		return syncproto.Comment{}, err
	}
	if err := clearAttention(ctx, tx, cs.ID); err != nil {
		return syncproto.Comment{}, err
	}
	// The case moves up the changes feed and the list, without a status change.
	if err := setCaseStatus(ctx, tx, &cs, agent.Person, cs.Status, nil, now); err != nil {
		return syncproto.Comment{}, err
	}
	if err := tx.Commit(); err != nil {
		return syncproto.Comment{}, fmt.Errorf("support comment: %w", err)
	}
	return syncproto.Comment{ID: commentID, CaseID: caseID, AuthorKind: "support", AuthorName: agent.Name, Body: body,
		Attachments: []syncproto.Attachment{}, CreatedAt: sqlitedb.ParseTime(sqlitedb.FormatTime(now))}, nil
}

// SetStatus moves a case of the agent's vendor to a new status.
func (db *DB) SetStatus(ctx context.Context, agent servercore.Caller, caseID, status, solution string, now time.Time) (syncproto.CaseDetail, error) {
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return syncproto.CaseDetail{}, fmt.Errorf("case status: %w", err)
	}
	defer tx.Rollback()
	cs, err := readCase(ctx, tx, servercore.ScopeOf(agent), caseID)
	if err != nil {
		return syncproto.CaseDetail{}, err
	}
	if status == cs.Status {
		return syncproto.CaseDetail{}, &portal.Error{Code: portal.EConflict, Reason: portal.ReasonSameStatus, Field: "status",
			Message: fmt.Sprintf("the case is already %s", status)}
	}
	var sol *string
	if solution != "" {
		sol = &solution
	}
	if err := setCaseStatus(ctx, tx, &cs, agent.Person, status, sol, now); err != nil {
		return syncproto.CaseDetail{}, err
	}
	if err := clearAttention(ctx, tx, cs.ID); err != nil {
		return syncproto.CaseDetail{}, err
	}
	d, err := readCaseDetail(ctx, tx, servercore.ScopeOf(agent), caseID)
	if err != nil {
		return d, err
	}
	if err := tx.Commit(); err != nil {
		return d, fmt.Errorf("case status: %w", err)
	}
	return d, nil
}

// Changes returns the company's cases and comments written after cursor.
// A case appears with its current state; a case changed several times
// since the cursor appears once.
func (db *DB) Changes(ctx context.Context, companyID string, cursor int64, limit int) (syncproto.ChangePage, error) {
	page := syncproto.ChangePage{Items: []syncproto.Change{}, Cursor: strconv.FormatInt(cursor, 10), Heads: &syncproto.Heads{}}
	rows, err := db.read.QueryContext(ctx, `SELECT 'case', id, seq FROM support_case WHERE company_id = ? AND seq > ?
		UNION ALL SELECT 'comment', id, seq FROM case_comment WHERE company_id = ? AND seq > ?
		ORDER BY 3 LIMIT ?`, companyID, cursor, companyID, cursor, limit+1)
	if err != nil {
		return page, fmt.Errorf("changes: %w", err)
	}
	type ref struct {
		typ, id string
		seq     int64
	}
	var refs []ref
	for rows.Next() {
		var r ref
		if err := rows.Scan(&r.typ, &r.id, &r.seq); err != nil {
			rows.Close()
			return page, fmt.Errorf("changes: %w", err)
		}
		refs = append(refs, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return page, fmt.Errorf("changes: %w", err)
	}
	if len(refs) > limit {
		refs, page.More = refs[:limit], true
	}
	// The heads are read after the page: what commits in between shows up
	// again in the next sync, never not at all.
	scope := servercore.Scope{CompanyID: companyID}
	var kbHead int64
	if err := db.read.QueryRowContext(ctx, `SELECT c.vendor_id, c.account_rev,
		(SELECT coalesce(max(a.seq), 0) FROM kb_article a WHERE a.vendor_id = c.vendor_id)
		FROM company c WHERE c.id = ?`, companyID).Scan(&scope.VendorID, &page.Heads.AccountRev, &kbHead); err != nil {
		return page, fmt.Errorf("changes: %w", err)
	}
	page.Heads.KB = strconv.FormatInt(kbHead, 10)
	var caseIDs, commentIDs []string
	for _, r := range refs {
		if r.typ == syncproto.ChangeCase {
			caseIDs = append(caseIDs, r.id)
		} else {
			commentIDs = append(commentIDs, r.id)
		}
	}
	cases, err := readCases(ctx, db.read, scope, caseIDs)
	if err != nil {
		return page, fmt.Errorf("changes: %w", err)
	}
	comments := map[string]syncproto.Comment{}
	if len(commentIDs) > 0 {
		ms, err := readComments(ctx, db.read, `WHERE m.id IN (SELECT value FROM json_each(?))`, jsonList(commentIDs))
		if err != nil {
			return page, fmt.Errorf("changes: %w", err)
		}
		for _, m := range ms {
			comments[m.ID] = m
		}
	}
	for _, r := range refs {
		ch := syncproto.Change{Seq: r.seq, Type: r.typ}
		switch r.typ {
		case syncproto.ChangeCase:
			cs, ok := cases[r.id]
			if !ok {
				return page, fmt.Errorf("changes: %w", caseNotFound(r.id))
			}
			ch.Case = &cs
		case syncproto.ChangeComment:
			m, ok := comments[r.id]
			if !ok {
				return page, fmt.Errorf("changes: comment %s vanished", r.id)
			}
			ch.Comment = &m
		}
		page.Items = append(page.Items, ch)
		page.Cursor = strconv.FormatInt(r.seq, 10)
	}
	return page, nil
}

// jsonList encodes IDs for "IN (SELECT value FROM json_each(?))": one
// statement text for any number of IDs, so the prepared-statement cache
// keeps serving it.
func jsonList(ids []string) string {
	b, _ := json.Marshal(ids)
	return string(b)
}

// readCases reads cases in scope with their attachments and history in
// three queries, however many (a page of the changes feed, or one). CROSS JOIN makes SQLite look the
// cases up by ID: left to itself it walks the vendor's (vendor_id, number)
// index, every case of every company.
func readCases(ctx context.Context, q sqlitedb.Querier, scope servercore.Scope, ids []string) (map[string]syncproto.Case, error) {
	out := make(map[string]syncproto.Case, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	list := jsonList(ids)
	rows, err := q.QueryContext(ctx, `SELECT c.id, c.number, c.company_id, c.author_id, p.name, c.subject, c.category_id,
		c.subcategory_id, c.description, c.priority, c.status, c.solution, c.solution_article_id, c.follow_up_of, c.product_version, c.created_at, c.updated_at,
		coalesce(s.rating, ''), coalesce(s.comment, ''), coalesce(s.rated_at, ''), coalesce(s.rated_by, ''), coalesce(rp.name, '')
		FROM json_each(?) j CROSS JOIN support_case c ON c.id = j.value JOIN person p ON p.id = c.author_id
		LEFT JOIN case_satisfaction s ON s.case_id = c.id LEFT JOIN person rp ON rp.id = s.rated_by WHERE`+scopeSQL,
		append([]any{list}, scopeArgs(scope)...)...)
	if err != nil {
		return nil, fmt.Errorf("read cases: %w", err)
	}
	for rows.Next() {
		var cs syncproto.Case
		var created, updated, ratedAt string
		var sat portal.Satisfaction
		if err := rows.Scan(&cs.ID, &cs.Number, &cs.CompanyID, &cs.AuthorID, &cs.AuthorName, &cs.Subject, &cs.CategoryID,
			&cs.SubcategoryID, &cs.Description, &cs.Priority, &cs.Status, &cs.Solution, &cs.SolutionArticleID, &cs.FollowUpOf, &cs.ProductVersion, &created, &updated,
			&sat.Rating, &sat.Comment, &ratedAt, &sat.RatedByID, &sat.RatedByName); err != nil {
			rows.Close()
			return nil, fmt.Errorf("read cases: %w", err)
		}
		cs.CreatedAt, cs.UpdatedAt = sqlitedb.ParseTime(created), sqlitedb.ParseTime(updated)
		if sat.Rating != "" {
			sat.RatedAt = sqlitedb.ParseTime(ratedAt)
			cs.Satisfaction = &sat
		}
		cs.Attachments, cs.History = []syncproto.Attachment{}, []portal.StatusChange{}
		out[cs.ID] = cs
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read cases: %w", err)
	}
	rows, err = q.QueryContext(ctx, `SELECT case_id, id, name, size, sha256, mime_type FROM attachment
		WHERE case_id IN (SELECT value FROM json_each(?)) AND comment_id IS NULL ORDER BY case_id, created_at, id`, list)
	if err != nil {
		return nil, fmt.Errorf("read attachments: %w", err)
	}
	for rows.Next() {
		var caseID string
		var a syncproto.Attachment
		if err := rows.Scan(&caseID, &a.ID, &a.Name, &a.Size, &a.SHA256, &a.MimeType); err != nil {
			rows.Close()
			return nil, fmt.Errorf("read attachments: %w", err)
		}
		if cs, ok := out[caseID]; ok {
			cs.Attachments = append(cs.Attachments, a)
			out[caseID] = cs
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read attachments: %w", err)
	}
	rows, err = q.QueryContext(ctx, `SELECT case_id, from_status, to_status, at FROM case_status_history
		WHERE case_id IN (SELECT value FROM json_each(?)) ORDER BY case_id, id`, list)
	if err != nil {
		return nil, fmt.Errorf("read case history: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var caseID, at string
		var h portal.StatusChange
		if err := rows.Scan(&caseID, &h.From, &h.To, &at); err != nil {
			return nil, fmt.Errorf("read case history: %w", err)
		}
		h.At = sqlitedb.ParseTime(at)
		if cs, ok := out[caseID]; ok {
			cs.History = append(cs.History, h)
			out[caseID] = cs
		}
	}
	return out, rows.Err()
}
