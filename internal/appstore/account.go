package appstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"supportportal/internal/portal"
	"supportportal/internal/syncproto"
)

// Accounts keeps the company's portal users as last synced and queues the
// changes made here. The server decides; the rules are checked here too so
// the user hears at once what the server would say.
type Accounts struct{ db *DB }

// NewAccounts returns the portal-user store.
func NewAccounts(db *DB) *Accounts { return &Accounts{db: db} }

const companyAccountKey = "company_account"

type storedAccount struct {
	Account   portal.CompanyAccount `json:"account"`
	FetchedAt time.Time             `json:"fetchedAt"`
}

// SaveCompanyAccount stores what the server sent.
func (a *Accounts) SaveCompanyAccount(ctx context.Context, acc portal.CompanyAccount) error {
	return a.db.SetState(ctx, companyAccountKey, storedAccount{Account: acc, FetchedAt: a.db.Now().UTC()})
}

// CompanyAccountRev returns the server revision of the stored copy; ok is
// false when there is none.
func (a *Accounts) CompanyAccountRev(ctx context.Context) (rev int64, ok bool, err error) {
	err = a.db.db.QueryRowContext(ctx, `SELECT coalesce(json_extract(value, '$.account.rev'), -1) FROM app_state WHERE key = ?`, companyAccountKey).Scan(&rev)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, nil
	} else if err != nil {
		return 0, false, fmt.Errorf("company account revision: %w", err)
	}
	return rev, true, nil
}

// confirmCompanyAccount marks the stored copy current as of now when the
// server's revision is the one it was fetched at (My Account shows "as of").
func confirmCompanyAccount(ctx context.Context, tx *sql.Tx, rev int64, now time.Time) error {
	_, err := tx.ExecContext(ctx, `UPDATE app_state SET value = json_set(value, '$.fetchedAt', ?)
		WHERE key = ? AND json_extract(value, '$.account.rev') = ?`,
		now.UTC().Format(time.RFC3339Nano), companyAccountKey, rev)
	if err != nil {
		return fmt.Errorf("confirm company account: %w", err)
	}
	return nil
}

// CompanyAccount returns the last copy, or nil before the first sync.
func (a *Accounts) CompanyAccount(ctx context.Context) (*portal.CompanyAccount, time.Time, error) {
	var s storedAccount
	ok, err := a.db.GetState(ctx, companyAccountKey, &s)
	if err != nil || !ok {
		return nil, time.Time{}, err
	}
	return &s.Account, s.FetchedAt, nil
}

// Queued lists the portal-user changes made here that the server has not
// applied yet, oldest first.
func (a *Accounts) Queued(ctx context.Context) ([]portal.QueuedUserChange, error) {
	rows, err := a.db.db.QueryContext(ctx, `SELECT id, kind, payload, state, last_error, created_at FROM outbox
		WHERE kind LIKE 'portaluser.%' ORDER BY seq`)
	if err != nil {
		return nil, fmt.Errorf("queued user changes: %w", err)
	}
	defer rows.Close()
	out := []portal.QueuedUserChange{}
	for rows.Next() {
		var id, kind, payload, state, lastErr, created string
		if err := rows.Scan(&id, &kind, &payload, &state, &lastErr, &created); err != nil {
			return nil, fmt.Errorf("queued user changes: %w", err)
		}
		q := portal.QueuedUserChange{ID: id, Kind: strings.TrimPrefix(kind, "portaluser."), CreatedAt: parseTime(created)}
		var p struct {
			PersonID string `json:"personId"`
			portal.NewUserRequest
		}
		_ = json.Unmarshal([]byte(payload), &p)
		if q.Kind == "request" {
			r := p.NewUserRequest
			q.Request = &r
		} else {
			q.PersonID = p.PersonID
		}
		if state == "rejected" && lastErr != "" {
			var pe portal.Error
			if json.Unmarshal([]byte(lastErr), &pe) == nil {
				q.Refused = &pe
			}
		}
		out = append(out, q)
	}
	return out, rows.Err()
}

// RequestUser queues "Request New Customer Portal User" after the checks
// the server will make: the fields, the role, a duplicate e-mail among the
// company's users and requests, and the limit.
func (a *Accounts) RequestUser(ctx context.Context, req portal.NewUserRequest) (portal.QueuedUserChange, error) {
	req = req.Normalize()
	if err := portal.ValidateNewUserRequest(req); err != nil {
		return portal.QueuedUserChange{}, err
	}
	acc, _, err := a.CompanyAccount(ctx)
	if err != nil {
		return portal.QueuedUserChange{}, err
	}
	queued, err := a.Queued(ctx)
	if err != nil {
		return portal.QueuedUserChange{}, err
	}
	// The same rules the server applies on approval, in the same order.
	u := portal.NewPortalUser{ProductRole: req.ProductRole}
	taken := map[string]bool{}
	if acc != nil {
		u.TrialCompany, u.Active, u.Limit = acc.Company.Status == "trial", acc.ActiveUsers, acc.UserLimit
		for _, x := range acc.Users {
			taken[portal.NormalizeEmail(x.Email)] = true
		}
		for _, p := range acc.PendingRequests {
			taken[portal.NormalizeEmail(p.Email)] = true
		}
	}
	for _, q := range queued {
		if q.Request != nil && q.Refused == nil {
			taken[portal.NormalizeEmail(q.Request.Email)] = true
		}
	}
	u.EmailTaken = taken[req.Email]
	if err := portal.CheckActivation(u); err != nil {
		return portal.QueuedUserChange{}, err
	}
	id := newID()
	now := a.db.now()
	tx, err := a.db.db.BeginTx(ctx, nil)
	if err != nil {
		return portal.QueuedUserChange{}, fmt.Errorf("request user: %w", err)
	}
	defer tx.Rollback()
	if err := queue(ctx, tx, id, &syncproto.PortalUserRequest{RequestID: id, NewUserRequest: portal.NewUserRequest{FirstName: req.FirstName,
		LastName: req.LastName, Email: req.Email, ProductRole: req.ProductRole}, CreatedAt: now}, now); err != nil {
		return portal.QueuedUserChange{}, err
	}
	return portal.QueuedUserChange{ID: id, Kind: "request", Request: &req, CreatedAt: parseTime(now)}, tx.Commit()
}

// SetAccess queues deactivating or reactivating a portal user, after the
// checks: the person is the company's, the last active user cannot
// deactivate themselves, and reactivating respects the limit.
func (a *Accounts) SetAccess(ctx context.Context, me, personID string, activate bool) error {
	acc, _, err := a.CompanyAccount(ctx)
	if err != nil {
		return err
	}
	if acc == nil {
		return &portal.Error{Code: portal.ENotFound, Reason: portal.ReasonPersonNotFound, Message: "the company's portal users are not known yet; sync first"}
	}
	var target *portal.AccountUser
	for i := range acc.Users {
		if acc.Users[i].ID == personID {
			target = &acc.Users[i]
		}
	}
	if target == nil {
		return &portal.Error{Code: portal.ENotFound, Reason: portal.ReasonPersonNotFound, Message: "this person is not a portal user of your company"}
	}
	isActive := target.PortalAccess == "active"
	// The vendor's decisions (only the vendor lifts its deactivation or
	// deactivates the Account Owner), in the server's order.
	vendorRules := func() error {
		if isActive == activate {
			return nil
		}
		return portal.CheckCompanyAccessChange(target.ProductRole, target.DeactivatedBy, activate)
	}
	access := syncproto.AccessDeactivated
	if activate {
		access = syncproto.AccessActive
		if err := vendorRules(); err != nil {
			return err
		}
		if !isActive {
			if err := portal.CheckUserLimit(acc.ActiveUsers, acc.UserLimit); err != nil {
				return err
			}
		}
	} else if err := portal.CanDeactivate(me, personID, isActive, acc.ActiveUsers); err != nil {
		return err
	} else if err := vendorRules(); err != nil {
		return err
	}
	now := a.db.now()
	tx, err := a.db.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("portal access: %w", err)
	}
	defer tx.Rollback()
	if err := queue(ctx, tx, personID, &syncproto.PortalUserAccess{PersonID: personID, CreatedAt: now, Access: access}, now); err != nil {
		return err
	}
	return tx.Commit()
}

// Dismiss removes a change the server refused, once the user has read why.
// Changes still waiting cannot be dismissed: they may be on their way.
func (a *Accounts) Dismiss(ctx context.Context, id string) error {
	res, err := a.db.db.ExecContext(ctx, `DELETE FROM outbox WHERE id = ? AND state = 'rejected' AND kind LIKE 'portaluser.%'`, id)
	if err != nil {
		return fmt.Errorf("dismiss: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return &portal.Error{Code: portal.ENotFound, Reason: portal.ReasonRequestNotFound, Message: "this change is not a refused one"}
	}
	return nil
}
