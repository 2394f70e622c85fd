package app

import (
	"time"

	"supportportal/internal/portal"
)

// The My Account part of the bound API: the company's portal users.

// CompanyAccountView is the My Account screen's data: the company's users
// as last synced (nil before the first sync), when that was, the changes
// made here that wait to be sent or were refused, and who "I" am.
type CompanyAccountView struct {
	Account   *portal.CompanyAccount    `json:"account"`
	FetchedAt *time.Time                `json:"fetchedAt" ts_type:"string"`
	Queued    []portal.QueuedUserChange `json:"queued"`
	Me        string                    `json:"me"`
}

func notSignedIn() error {
	return &portal.Error{Code: portal.EConflict, Reason: portal.ReasonNotSignedIn, Message: "sign in to a support server first"}
}

// me is the signed-in person's ID; the portal-user actions need one.
func (a *App) me() (string, error) {
	acc, err := a.account()
	if err != nil {
		return "", err
	}
	if acc == nil {
		return "", notSignedIn()
	}
	return acc.PersonID, nil
}

// GetCompanyAccount returns the company's portal users and what waits.
func (a *App) GetCompanyAccount() (CompanyAccountView, error) {
	return run(a, func() (CompanyAccountView, error) {
		var v CompanyAccountView
		me, err := a.me()
		if err != nil {
			return v, err
		}
		v.Me = me
		acc, at, err := a.accounts.CompanyAccount(a.ctx)
		if err != nil {
			return v, err
		}
		if acc != nil {
			v.Account, v.FetchedAt = acc, &at
		}
		v.Queued, err = a.accounts.Queued(a.ctx)
		return v, err
	})
}

// RequestPortalUser is "Request New Customer Portal User"; offline it waits
// in the outbox like a case.
func (a *App) RequestPortalUser(req portal.NewUserRequest) (portal.QueuedUserChange, error) {
	return run(a, func() (portal.QueuedUserChange, error) {
		if _, err := a.me(); err != nil {
			return portal.QueuedUserChange{}, err
		}
		q, err := a.accounts.RequestUser(a.ctx, req)
		if err == nil {
			a.kickSync()
		}
		return q, err
	})
}

// SetPortalUserActive deactivates (false) or reactivates (true) a user.
func (a *App) SetPortalUserActive(personID string, active bool) error {
	return run0(a, func() error {
		me, err := a.me()
		if err != nil {
			return err
		}
		if err := a.accounts.SetAccess(a.ctx, me, personID, active); err != nil {
			return err
		}
		a.kickSync()
		return nil
	})
}

// DismissRefusedChange removes a refused change after the user read why.
func (a *App) DismissRefusedChange(id string) error {
	return run0(a, func() error { return a.accounts.Dismiss(a.ctx, id) })
}
