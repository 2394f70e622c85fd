package serverstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"supportportal/internal/portal"
	"supportportal/internal/servercore"
	"supportportal/internal/sqlitedb"
	"supportportal/internal/syncproto"
)

// nullStr stores "" as NULL, for optional references.
func nullStr(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func requestNotFound(id string) error {
	return &portal.Error{Code: portal.ENotFound, Reason: portal.ReasonRequestNotFound, Params: map[string]string{"id": id},
		Message: fmt.Sprintf("request %q does not exist", id)}
}

func companyNotFound(id string) error {
	return &portal.Error{Code: portal.ENotFound, Reason: portal.ReasonCompanyNotFound, Field: "companyId", Params: map[string]string{"id": id},
		Message: fmt.Sprintf("company %q does not exist", id)}
}

// audit is one entry of the portal-user audit log.
type audit struct {
	vendorID  string
	actor     *servercore.Person // nil: the command line or the public form
	actorKind string             // set when actor is nil: system or public
	actorName string             // set when actor is nil
	action    string
	personID  string
	companyID string
	requestID string
	details   map[string]any
	at        time.Time
}

// writeAudit appends to the audit log. It runs in the transaction of the
// change it records, so the log never tells of a change that was rolled
// back, nor misses one that was committed.
func writeAudit(ctx context.Context, tx sqlitedb.Querier, a audit) error {
	actorID, kind, name := "", a.actorKind, a.actorName
	if a.actor != nil {
		actorID, kind, name = a.actor.ID, a.actor.Kind, a.actor.Name
	}
	if a.details == nil {
		a.details = map[string]any{}
	}
	d, err := json.Marshal(a.details)
	if err != nil {
		return fmt.Errorf("audit %s: %w", a.action, err)
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO portal_user_audit (vendor_id, actor_id, actor_kind, actor_name, action,
		person_id, company_id, request_id, details, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		a.vendorID, nullStr(actorID), kind, name, a.action, nullStr(a.personID), nullStr(a.companyID), nullStr(a.requestID),
		string(d), sqlitedb.FormatTime(a.at))
	if err != nil {
		return fmt.Errorf("audit %s: %w", a.action, err)
	}
	return nil
}

// companyFacts reads what the activation rules need about a company of a
// vendor: its status, the vendor's limit and how many users are active.
// Inside a write transaction the count cannot change before commit.
func companyFacts(ctx context.Context, q sqlitedb.Querier, vendorID, companyID string) (servercore.Company, int, int, error) {
	var c servercore.Company
	var prof string
	var active int
	err := q.QueryRowContext(ctx, `SELECT c.id, c.vendor_id, c.name, c.domain, c.status, v.profile,
		(SELECT count(*) FROM person p WHERE p.company_id = c.id AND p.kind = 'customer' AND p.portal_access = 'active')
		FROM company c JOIN vendor v ON v.id = c.vendor_id WHERE c.id = ? AND c.vendor_id = ?`, companyID, vendorID).
		Scan(&c.ID, &c.VendorID, &c.Name, &c.Domain, &c.Status, &prof, &active)
	if errors.Is(err, sql.ErrNoRows) {
		return c, 0, 0, companyNotFound(companyID)
	} else if err != nil {
		return c, 0, 0, fmt.Errorf("read company: %w", err)
	}
	var v portal.VendorProfile
	if err := json.Unmarshal([]byte(prof), &v); err != nil {
		return c, 0, 0, fmt.Errorf("read company: vendor profile: %w", err)
	}
	return c, v.PortalUserLimit, active, nil
}

func emailTaken(ctx context.Context, q sqlitedb.Querier, email string) (bool, error) {
	var n int
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM person WHERE email = ?`, portal.NormalizeEmail(email)).Scan(&n); err != nil {
		return false, fmt.Errorf("check e-mail: %w", err)
	}
	return n > 0, nil
}

// Account returns the caller's company with its users and pending requests.
func (db *DB) Account(ctx context.Context, c servercore.Caller) (servercore.Account, error) {
	var a servercore.Account
	if c.Kind != servercore.KindCustomer || c.CompanyID == "" {
		return a, companyNotFound(c.CompanyID)
	}
	// The revision is read first: a write between it and the reads below
	// makes the copy newer than its rev, and the app merely fetches again.
	if err := db.read.QueryRowContext(ctx, `SELECT account_rev FROM company WHERE id = ?`, c.CompanyID).Scan(&a.Rev); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return a, companyNotFound(c.CompanyID)
		}
		return a, fmt.Errorf("read company: %w", err)
	}
	comp, limit, active, err := companyFacts(ctx, db.read, c.VendorID, c.CompanyID)
	if err != nil {
		return a, err
	}
	a.Company, a.UserLimit, a.ActiveUsers = comp, limit, active
	a.Users, err = readAccountUsers(ctx, db.read, `WHERE p.company_id = ? AND p.kind = 'customer'
		ORDER BY p.portal_access = 'active' DESC, p.name, p.email`, c.CompanyID)
	if err != nil {
		return a, err
	}
	a.PendingRequests, err = readPortalUserRequests(ctx, db.read, `WHERE r.company_id = ? AND r.status = 'pending' ORDER BY r.created_at, r.id`, c.CompanyID)
	return a, err
}

func readAccountUsers(ctx context.Context, q sqlitedb.Querier, where string, args ...any) ([]servercore.AccountUser, error) {
	rows, err := q.QueryContext(ctx, `SELECT p.id, p.name, p.email, p.product_role, p.portal_access, coalesce(p.last_sign_in_at, ''),
		p.deactivated_by, p.deactivated_by_person, p.deactivation_reason
		FROM person p `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("read portal users: %w", err)
	}
	defer rows.Close()
	out := []servercore.AccountUser{}
	for rows.Next() {
		var u servercore.AccountUser
		var last string
		if err := rows.Scan(&u.ID, &u.Name, &u.Email, &u.ProductRole, &u.PortalAccess, &last,
			&u.DeactivatedBy, &u.DeactivatedByPerson, &u.DeactivationReason); err != nil {
			return nil, fmt.Errorf("read portal users: %w", err)
		}
		if last != "" {
			t := sqlitedb.ParseTime(last)
			u.LastSignInAt = &t
		}
		out = append(out, u)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read portal users: %w", err)
	}
	return out, nil
}

// People lists a company's portal users for the vendor's console, with
// who deactivated them and why; a company of another vendor has none.
func (db *DB) People(ctx context.Context, vendorID, companyID string) ([]servercore.AccountUser, error) {
	return readAccountUsers(ctx, db.read, `JOIN company c ON c.id = p.company_id
		WHERE p.company_id = ? AND c.vendor_id = ? AND p.kind = 'customer' ORDER BY p.name, p.email`, companyID, vendorID)
}

// RequestPortalUser stores a customer's request for a new portal user.
func (db *DB) RequestPortalUser(ctx context.Context, c servercore.Caller, id string, r portal.NewUserRequest, now time.Time) (servercore.UserRequest, error) {
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return servercore.UserRequest{}, fmt.Errorf("request portal user: %w", err)
	}
	defer tx.Rollback()
	req, err := requestPortalUser(ctx, tx, c, id, r, now)
	if err != nil {
		return req, err
	}
	if err := tx.Commit(); err != nil {
		return req, fmt.Errorf("request portal user: %w", err)
	}
	return req, nil
}

func requestPortalUser(ctx context.Context, tx *sql.Tx, c servercore.Caller, id string, r portal.NewUserRequest, now time.Time) (servercore.UserRequest, error) {
	r = r.Normalize()
	if err := portal.ValidateNewUserRequest(r); err != nil {
		return servercore.UserRequest{}, err
	}
	// The same request again (a retry, or an outbox pushed twice under new
	// mutation ids) answers with what was stored the first time.
	existing, err := readPortalUserRequests(ctx, tx, `WHERE r.id = ?`, id)
	if err != nil {
		return servercore.UserRequest{}, err
	}
	if len(existing) == 1 {
		if existing[0].CompanyID != c.CompanyID {
			return servercore.UserRequest{}, &portal.Error{Code: portal.EConflict, Reason: portal.ReasonDuplicateID, Field: "requestId",
				Message: "this request id is already in use"}
		}
		return existing[0], nil
	}
	comp, limit, active, err := companyFacts(ctx, tx, c.VendorID, c.CompanyID)
	if err != nil {
		return servercore.UserRequest{}, err
	}
	taken, err := emailTaken(ctx, tx, r.Email)
	if err != nil {
		return servercore.UserRequest{}, err
	}
	// Refused now rather than at approval: the customer can act on it
	// (deactivate a user, upgrade the role) while still on the form.
	if err := portal.CheckActivation(portal.NewPortalUser{TrialCompany: comp.Status == servercore.CompanyTrial,
		ProductRole: r.ProductRole, EmailTaken: taken, Active: active, Limit: limit}); err != nil {
		return servercore.UserRequest{}, err
	}
	var pending int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM portal_user_request WHERE company_id = ? AND email = ? AND status = 'pending'`,
		c.CompanyID, r.Email).Scan(&pending); err != nil {
		return servercore.UserRequest{}, fmt.Errorf("request portal user: %w", err)
	}
	if pending > 0 {
		return servercore.UserRequest{}, &portal.Error{Code: portal.EConflict, Reason: portal.ReasonRequestPending, Field: "email",
			Message: "a request for this e-mail address is already waiting for the support team"}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO portal_user_request (id, vendor_id, company_id, first_name, last_name, email,
		product_role, requested_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		id, c.VendorID, c.CompanyID, r.FirstName, r.LastName, r.Email, r.ProductRole, c.ID, sqlitedb.FormatTime(now)); err != nil {
		return servercore.UserRequest{}, fmt.Errorf("request portal user: %w", err)
	}
	if err := writeAudit(ctx, tx, audit{vendorID: c.VendorID, actor: &c.Person, action: servercore.AuditUserRequested,
		companyID: c.CompanyID, requestID: id, at: now,
		details: map[string]any{"name": r.FullName(), "email": r.Email, "productRole": r.ProductRole}}); err != nil {
		return servercore.UserRequest{}, err
	}
	reqs, err := readPortalUserRequests(ctx, tx, `WHERE r.id = ?`, id)
	if err != nil || len(reqs) != 1 {
		return servercore.UserRequest{}, fmt.Errorf("request portal user: read back: %w", err)
	}
	return reqs[0], nil
}

// SetUserAccess deactivates or reactivates a portal user in the actor's scope.
func (db *DB) SetUserAccess(ctx context.Context, actor servercore.Caller, personID, access, reason string, now time.Time) (servercore.AccountUser, error) {
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return servercore.AccountUser{}, fmt.Errorf("set user access: %w", err)
	}
	defer tx.Rollback()
	u, err := setUserAccess(ctx, tx, actor, personID, access, reason, now)
	if err != nil {
		return u, err
	}
	if err := tx.Commit(); err != nil {
		return u, fmt.Errorf("set user access: %w", err)
	}
	return u, nil
}

func setUserAccess(ctx context.Context, tx *sql.Tx, actor servercore.Caller, personID, access, reason string, now time.Time) (servercore.AccountUser, error) {
	// A customer reaches only their own company's users, an agent those of
	// their vendor; anyone else's person is simply not found.
	scope := servercore.ScopeOf(actor)
	users, err := readAccountUsers(ctx, tx, `JOIN company c ON c.id = p.company_id
		WHERE p.id = ? AND p.kind = 'customer' AND c.vendor_id = ? AND (? = '' OR c.id = ?)`,
		append([]any{personID}, scopeArgs(scope)...)...)
	if err != nil {
		return servercore.AccountUser{}, err
	}
	if len(users) != 1 {
		return servercore.AccountUser{}, personNotFound()
	}
	u := users[0]
	// Checked once the person is known to be in scope: someone else's
	// person is not found, whatever else the request holds.
	if access != servercore.AccessActive && access != servercore.AccessDeactivated {
		return u, portal.Invalid("portalAccess", portal.ReasonUnknownAccess, access, "portal access is active or deactivated")
	}
	reason = strings.TrimSpace(reason)
	if err := portal.ValidateDeactivationReason(reason); err != nil {
		return u, err
	}
	var companyID string
	if err := tx.QueryRowContext(ctx, `SELECT company_id FROM person WHERE id = ?`, personID).Scan(&companyID); err != nil {
		return u, fmt.Errorf("set user access: %w", err)
	}
	if actor.Kind == servercore.KindCustomer {
		// The session was checked before the transaction; a deactivation
		// committed since (two users deactivating each other at the same
		// moment) must stop this one, or the company could end with none.
		var own string
		if err := tx.QueryRowContext(ctx, `SELECT portal_access FROM person WHERE id = ?`, actor.ID).Scan(&own); err != nil {
			return u, fmt.Errorf("set user access: %w", err)
		}
		if own != servercore.AccessActive {
			return u, &portal.Error{Code: servercore.EForbidden, Reason: portal.ReasonAccessDeactivated, Message: "your Customer Portal access has been deactivated"}
		}
	}
	if u.PortalAccess == access {
		return u, nil
	}
	// A vendor's decisions stand against the company: only the vendor
	// lifts its deactivation, and deactivates the Account Owner (checked
	// after the last-active-user rule, which says more to someone
	// deactivating themselves).
	by := portal.DeactivatedByVendor
	companyRules := func() error { return nil }
	if actor.Kind == servercore.KindCustomer {
		by = portal.DeactivatedByCompany
		companyRules = func() error {
			return portal.CheckCompanyAccessChange(u.ProductRole, u.DeactivatedBy, access == servercore.AccessActive)
		}
		if access == servercore.AccessActive {
			if err := companyRules(); err != nil {
				return u, err
			}
		}
	}
	comp, limit, active, err := companyFacts(ctx, tx, actor.VendorID, companyID)
	if err != nil {
		return u, err
	}
	action := servercore.AuditUserDeactivated
	if access == servercore.AccessDeactivated {
		if err := portal.CanDeactivate(actor.ID, personID, true, active); err != nil {
			return u, err
		}
		if err := companyRules(); err != nil {
			return u, err
		}
	} else {
		action = servercore.AuditUserReactivated
		if err := portal.CheckActivation(portal.NewPortalUser{TrialCompany: comp.Status == servercore.CompanyTrial,
			ProductRole: u.ProductRole, Active: active, Limit: limit}); err != nil {
			return u, err
		}
	}
	byPerson := actor.ID
	if access == servercore.AccessActive {
		by, byPerson, reason = "", "", ""
	}
	if _, err := tx.ExecContext(ctx, `UPDATE person SET portal_access = ?, deactivated_by = ?, deactivated_by_person = ?, deactivation_reason = ?,
		updated_at = ? WHERE id = ?`, access, by, byPerson, reason, sqlitedb.FormatTime(now), personID); err != nil {
		return u, fmt.Errorf("set user access: %w", err)
	}
	if access == servercore.AccessDeactivated {
		// Sessions end in the same transaction: the person's next request
		// is refused, not merely their next sign-in.
		if _, err := tx.ExecContext(ctx, `DELETE FROM session WHERE person_id = ?`, personID); err != nil {
			return u, fmt.Errorf("set user access: end sessions: %w", err)
		}
	}
	if err := writeAudit(ctx, tx, audit{vendorID: actor.VendorID, actor: &actor.Person, action: action, personID: personID,
		companyID: companyID, at: now, details: map[string]any{"email": u.Email, "from": u.PortalAccess, "to": access, "by": by, "reason": reason}}); err != nil {
		return u, err
	}
	u.PortalAccess, u.DeactivatedBy, u.DeactivatedByPerson, u.DeactivationReason = access, by, byPerson, reason
	return u, nil
}

// CreateAccessRequest stores a request for access made without a login.
func (db *DB) CreateAccessRequest(ctx context.Context, r portal.AccessRequest, tokenHash, remoteAddr string, now time.Time) (servercore.UserRequest, error) {
	r = r.Normalize()
	if err := portal.ValidateAccessRequest(r); err != nil {
		return servercore.UserRequest{}, err
	}
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return servercore.UserRequest{}, fmt.Errorf("access request: %w", err)
	}
	defer tx.Rollback()
	// The public form has no vendor of its own: it is the server's default
	// (first) vendor's, as GET /v1/profile is.
	var vendorID string
	err = tx.QueryRowContext(ctx, `SELECT id FROM vendor ORDER BY created_at, id LIMIT 1`).Scan(&vendorID)
	if errors.Is(err, sql.ErrNoRows) {
		return servercore.UserRequest{}, &portal.Error{Code: portal.ENotFound, Reason: portal.ReasonNoVendor, Message: "this server has no vendor yet"}
	} else if err != nil {
		return servercore.UserRequest{}, fmt.Errorf("access request: %w", err)
	}
	id := newID()
	if _, err := tx.ExecContext(ctx, `INSERT INTO access_request (id, vendor_id, name, company, email, product_domain, title, phone,
		product_role, token_hash, remote_addr, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		id, vendorID, r.Name, r.Company, r.Email, r.ProductDomain, r.Title, r.Phone, r.ProductRole, tokenHash, remoteAddr, sqlitedb.FormatTime(now)); err != nil {
		return servercore.UserRequest{}, fmt.Errorf("access request: %w", err)
	}
	if err := writeAudit(ctx, tx, audit{vendorID: vendorID, actorKind: "public", actorName: r.Name, action: servercore.AuditAccessRequested,
		requestID: id, at: now, details: map[string]any{"email": r.Email, "company": r.Company, "remoteAddr": remoteAddr}}); err != nil {
		return servercore.UserRequest{}, err
	}
	reqs, err := readAccessRequests(ctx, tx, `WHERE r.id = ?`, id)
	if err != nil || len(reqs) != 1 {
		return servercore.UserRequest{}, fmt.Errorf("access request: read back: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return servercore.UserRequest{}, fmt.Errorf("access request: %w", err)
	}
	return reqs[0], nil
}

// AccessRequestStatus returns an access request's outcome to its token's holder.
func (db *DB) AccessRequestStatus(ctx context.Context, id, tokenHash string) (syncproto.AccessRequestStatus, error) {
	var s syncproto.AccessRequestStatus
	var created, decided string
	// id and token must match together; a wrong token looks exactly like
	// an unknown id.
	err := db.db.QueryRowContext(ctx, `SELECT id, status, reason, created_at, coalesce(decided_at, '') FROM access_request
		WHERE id = ? AND token_hash = ?`, id, tokenHash).Scan(&s.ID, &s.Status, &s.Reason, &created, &decided)
	if errors.Is(err, sql.ErrNoRows) {
		return s, requestNotFound(id)
	} else if err != nil {
		return s, fmt.Errorf("access request status: %w", err)
	}
	s.CreatedAt = sqlitedb.ParseTime(created)
	if decided != "" {
		t := sqlitedb.ParseTime(decided)
		s.DecidedAt = &t
	}
	return s, nil
}

const portalUserRequestCols = `SELECT r.id, r.status, r.company_id, c.name, r.first_name, r.last_name, r.email, r.product_role,
	r.requested_by, rb.name, rb.email, r.reason, coalesce(r.person_id, ''), coalesce(r.decided_by, ''), coalesce(db.name, ''),
	coalesce(r.decided_at, ''), r.created_at
	FROM portal_user_request r JOIN company c ON c.id = r.company_id JOIN person rb ON rb.id = r.requested_by
	LEFT JOIN person db ON db.id = r.decided_by `

func readPortalUserRequests(ctx context.Context, q sqlitedb.Querier, where string, args ...any) ([]servercore.UserRequest, error) {
	rows, err := q.QueryContext(ctx, portalUserRequestCols+where, args...)
	if err != nil {
		return nil, fmt.Errorf("read portal-user requests: %w", err)
	}
	defer rows.Close()
	out := []servercore.UserRequest{}
	for rows.Next() {
		r := servercore.UserRequest{Type: servercore.RequestTypePortalUser, RequestedBy: &servercore.PersonRef{}}
		var decidedByID, decidedByName, decided, created string
		if err := rows.Scan(&r.ID, &r.Status, &r.CompanyID, &r.CompanyName, &r.FirstName, &r.LastName, &r.Email, &r.ProductRole,
			&r.RequestedBy.ID, &r.RequestedBy.Name, &r.RequestedBy.Email, &r.Reason, &r.PersonID, &decidedByID, &decidedByName,
			&decided, &created); err != nil {
			return nil, fmt.Errorf("read portal-user requests: %w", err)
		}
		r.Name = portal.NewUserRequest{FirstName: r.FirstName, LastName: r.LastName}.FullName()
		finishRequest(&r, decidedByID, decidedByName, decided, created)
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read portal-user requests: %w", err)
	}
	return out, nil
}

const accessRequestCols = `SELECT r.id, r.status, coalesce(r.company_id, ''), r.company, r.name, r.email, r.product_role,
	r.product_domain, r.title, r.phone, r.reason, coalesce(r.person_id, ''), coalesce(r.decided_by, ''), coalesce(db.name, ''),
	coalesce(r.decided_at, ''), r.created_at
	FROM access_request r LEFT JOIN person db ON db.id = r.decided_by `

func readAccessRequests(ctx context.Context, q sqlitedb.Querier, where string, args ...any) ([]servercore.UserRequest, error) {
	rows, err := q.QueryContext(ctx, accessRequestCols+where, args...)
	if err != nil {
		return nil, fmt.Errorf("read access requests: %w", err)
	}
	defer rows.Close()
	out := []servercore.UserRequest{}
	for rows.Next() {
		r := servercore.UserRequest{Type: servercore.RequestTypeAccess}
		var decidedByID, decidedByName, decided, created string
		if err := rows.Scan(&r.ID, &r.Status, &r.CompanyID, &r.CompanyName, &r.Name, &r.Email, &r.ProductRole,
			&r.ProductDomain, &r.Title, &r.Phone, &r.Reason, &r.PersonID, &decidedByID, &decidedByName, &decided, &created); err != nil {
			return nil, fmt.Errorf("read access requests: %w", err)
		}
		finishRequest(&r, decidedByID, decidedByName, decided, created)
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read access requests: %w", err)
	}
	return out, nil
}

func finishRequest(r *servercore.UserRequest, decidedByID, decidedByName, decided, created string) {
	r.CreatedAt = sqlitedb.ParseTime(created)
	if decidedByID != "" {
		r.DecidedBy = &servercore.PersonRef{ID: decidedByID, Name: decidedByName}
	}
	if decided != "" {
		t := sqlitedb.ParseTime(decided)
		r.DecidedAt = &t
	}
}

// UserRequests lists the requests of the agent's vendor.
func (db *DB) UserRequests(ctx context.Context, agent servercore.Caller, status, companyID string, limit int) ([]servercore.UserRequest, error) {
	args := []any{agent.VendorID, status, status, companyID, companyID, limit}
	a, err := readPortalUserRequests(ctx, db.db, `WHERE r.vendor_id = ? AND (? = '' OR r.status = ?) AND (? = '' OR r.company_id = ?)
		ORDER BY r.created_at, r.id LIMIT ?`, args...)
	if err != nil {
		return nil, err
	}
	b, err := readAccessRequests(ctx, db.db, `WHERE r.vendor_id = ? AND (? = '' OR r.status = ?) AND (? = '' OR r.company_id = ?)
		ORDER BY r.created_at, r.id LIMIT ?`, args...)
	if err != nil {
		return nil, err
	}
	out := append(a, b...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].CreatedAt.Before(out[j].CreatedAt) })
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// pendingRequest reads a request of either type of the agent's vendor and
// refuses one that was decided already.
func pendingRequest(ctx context.Context, tx *sql.Tx, agent servercore.Caller, id string) (servercore.UserRequest, error) {
	reqs, err := readPortalUserRequests(ctx, tx, `WHERE r.id = ? AND r.vendor_id = ?`, id, agent.VendorID)
	if err != nil {
		return servercore.UserRequest{}, err
	}
	if len(reqs) == 0 {
		if reqs, err = readAccessRequests(ctx, tx, `WHERE r.id = ? AND r.vendor_id = ?`, id, agent.VendorID); err != nil {
			return servercore.UserRequest{}, err
		}
	}
	if len(reqs) == 0 {
		return servercore.UserRequest{}, requestNotFound(id)
	}
	r := reqs[0]
	if r.Status != servercore.RequestPending {
		return r, &portal.Error{Code: portal.EConflict, Reason: portal.ReasonRequestDecided, Params: map[string]string{"status": r.Status},
			Message: fmt.Sprintf("this request was %s already", r.Status)}
	}
	return r, nil
}

func requestTable(typ string) string {
	if typ == servercore.RequestTypeAccess {
		return "access_request"
	}
	return "portal_user_request"
}

// ApproveUserRequest creates the requested user and marks the request approved.
func (db *DB) ApproveUserRequest(ctx context.Context, agent servercore.Caller, id string, a servercore.Approval, now time.Time) (servercore.Decision, error) {
	var d servercore.Decision
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return d, fmt.Errorf("approve request: %w", err)
	}
	defer tx.Rollback()
	r, err := pendingRequest(ctx, tx, agent, id)
	if err != nil {
		return d, err
	}
	companyID := r.CompanyID
	if r.Type == servercore.RequestTypeAccess {
		// The requester typed a company name; the agent decides which
		// company record that is.
		if companyID = a.CompanyID; companyID == "" {
			return d, portal.Invalid("companyId", portal.ReasonRequired, "", "choose the company the new user belongs to")
		}
	}
	role := r.ProductRole
	if a.ProductRole != "" {
		role = a.ProductRole
	}
	comp, limit, active, err := companyFacts(ctx, tx, agent.VendorID, companyID)
	if err != nil {
		return d, err
	}
	taken, err := emailTaken(ctx, tx, r.Email)
	if err != nil {
		return d, err
	}
	// Counted and inserted in one immediate transaction: SQLite admits one
	// writer at a time, so fifty approvals at once see the count one
	// after another and exactly up to the limit pass.
	if err := portal.CheckActivation(portal.NewPortalUser{TrialCompany: comp.Status == servercore.CompanyTrial,
		ProductRole: role, EmailTaken: taken, Active: active, Limit: limit}); err != nil {
		return d, err
	}
	p := servercore.Person{Person: syncproto.Person{ID: newID(), VendorID: agent.VendorID, CompanyID: companyID, CompanyName: comp.Name, Kind: servercore.KindCustomer, Email: portal.NormalizeEmail(r.Email), Name: r.Name, ProductRole: role, PortalAccess: servercore.AccessActive}, CompanyStatus: comp.Status}
	if _, err := tx.ExecContext(ctx, `INSERT INTO person (id, vendor_id, company_id, kind, email, name, product_role,
		portal_access, password_hash, created_at, updated_at) VALUES (?, ?, ?, 'customer', ?, ?, ?, 'active', '', ?, ?)`,
		p.ID, p.VendorID, p.CompanyID, p.Email, p.Name, p.ProductRole, sqlitedb.FormatTime(now), sqlitedb.FormatTime(now)); err != nil {
		if isUnique(err) {
			return d, &portal.Error{Code: portal.EConflict, Reason: portal.ReasonDuplicateEmail, Field: "email", Message: "this e-mail address already has a Customer Portal account"}
		}
		return d, fmt.Errorf("approve request: create person: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE `+requestTable(r.Type)+` SET status = 'approved', person_id = ?, decided_by = ?, decided_at = ?
		WHERE id = ?`, p.ID, agent.ID, sqlitedb.FormatTime(now), id); err != nil {
		return d, fmt.Errorf("approve request: %w", err)
	}
	if r.Type == servercore.RequestTypeAccess {
		if _, err := tx.ExecContext(ctx, `UPDATE access_request SET company_id = ? WHERE id = ?`, companyID, id); err != nil {
			return d, fmt.Errorf("approve request: %w", err)
		}
	}
	if err := writeAudit(ctx, tx, audit{vendorID: agent.VendorID, actor: &agent.Person, action: servercore.AuditUserCreated, personID: p.ID,
		companyID: companyID, requestID: id, at: now,
		details: map[string]any{"requestType": r.Type, "email": p.Email, "name": p.Name, "productRole": role}}); err != nil {
		return d, err
	}
	r.Status, r.PersonID, r.CompanyID, r.CompanyName = servercore.RequestApproved, p.ID, companyID, comp.Name
	r.DecidedBy = &servercore.PersonRef{ID: agent.ID, Name: agent.Name}
	t := sqlitedb.ParseTime(sqlitedb.FormatTime(now))
	r.DecidedAt = &t
	if err := tx.Commit(); err != nil {
		return d, fmt.Errorf("approve request: %w", err)
	}
	return servercore.Decision{Request: r, Person: &p}, nil
}

// RejectUserRequest marks a pending request rejected.
func (db *DB) RejectUserRequest(ctx context.Context, agent servercore.Caller, id, reason string, now time.Time) (servercore.Decision, error) {
	var d servercore.Decision
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return d, fmt.Errorf("reject request: %w", err)
	}
	defer tx.Rollback()
	r, err := pendingRequest(ctx, tx, agent, id)
	if err != nil {
		return d, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE `+requestTable(r.Type)+` SET status = 'rejected', reason = ?, decided_by = ?, decided_at = ?
		WHERE id = ?`, reason, agent.ID, sqlitedb.FormatTime(now), id); err != nil {
		return d, fmt.Errorf("reject request: %w", err)
	}
	if err := writeAudit(ctx, tx, audit{vendorID: agent.VendorID, actor: &agent.Person, action: servercore.AuditRequestRejected,
		companyID: r.CompanyID, requestID: id, at: now,
		details: map[string]any{"requestType": r.Type, "email": r.Email, "name": r.Name, "reason": reason}}); err != nil {
		return d, err
	}
	r.Status, r.Reason = servercore.RequestRejected, reason
	r.DecidedBy = &servercore.PersonRef{ID: agent.ID, Name: agent.Name}
	t := sqlitedb.ParseTime(sqlitedb.FormatTime(now))
	r.DecidedAt = &t
	if err := tx.Commit(); err != nil {
		return d, fmt.Errorf("reject request: %w", err)
	}
	return servercore.Decision{Request: r}, nil
}

// Audit returns a page of the audit log of the agent's vendor.
func (db *DB) Audit(ctx context.Context, agent servercore.Caller, companyID string, offset, limit int) (servercore.AuditPage, error) {
	page := servercore.AuditPage{Items: []servercore.AuditEntry{}, Offset: offset, Limit: limit}
	where := ` WHERE a.vendor_id = ? AND (? = '' OR a.company_id = ?) `
	args := []any{agent.VendorID, companyID, companyID}
	if err := db.db.QueryRowContext(ctx, `SELECT count(*) FROM portal_user_audit a`+where, args...).Scan(&page.Total); err != nil {
		return page, fmt.Errorf("audit log: %w", err)
	}
	rows, err := db.db.QueryContext(ctx, `SELECT a.id, coalesce(a.actor_id, ''), a.actor_kind, a.actor_name, a.action,
		coalesce(a.person_id, ''), coalesce(p.name, ''), coalesce(a.company_id, ''), coalesce(a.request_id, ''), a.details, a.at
		FROM portal_user_audit a LEFT JOIN person p ON p.id = a.person_id`+where+`ORDER BY a.id DESC LIMIT ? OFFSET ?`,
		append(args, limit, offset)...)
	if err != nil {
		return page, fmt.Errorf("audit log: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var e servercore.AuditEntry
		var details, at string
		if err := rows.Scan(&e.ID, &e.ActorID, &e.ActorKind, &e.ActorName, &e.Action, &e.PersonID, &e.PersonName,
			&e.CompanyID, &e.RequestID, &details, &at); err != nil {
			return page, fmt.Errorf("audit log: %w", err)
		}
		e.Details, e.At = json.RawMessage(details), sqlitedb.ParseTime(at)
		page.Items = append(page.Items, e)
	}
	if err := rows.Err(); err != nil {
		return page, fmt.Errorf("audit log: %w", err)
	}
	return page, nil
}
