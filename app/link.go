package app

import (
	"context"
	"time"

	"supportportal/internal/applink"
	"supportportal/internal/portal"
	"supportportal/internal/syncer"
)

// The first-run part of the bound API: the server the app is set up for
// (internal/serverpreset), and the supportportal:// links of invitation
// and reset e-mails (internal/applink), which open the app on its "Choose
// your password" screen.

// PasswordLink is a link waiting on the "Choose your password" screen, as
// the UI sees it: the token stays on the Go side.
type PasswordLink struct {
	// Server is where the password is set and the person then signs in.
	Server string `json:"server"`
	// ConfirmServer is true when the app knows no server yet: the screen
	// shows the address, editable, for the person to check.
	ConfirmServer bool `json:"confirmServer"`
	// MinPasswordLength is the server's rule, stated on the screen.
	MinPasswordLength int `json:"minPasswordLength"`
}

// SetPasswordResult is what choosing a password from a link did: the
// password is set for Email; then either Account is signed in, or
// SignInError says why signing in did not work.
type SetPasswordResult struct {
	Email       string        `json:"email"`
	Account     *AccountInfo  `json:"account"`
	SignInError *portal.Error `json:"signInError,omitempty"`
}

// pendingLink is the last link the app was opened with: a token and its
// screen, or why the link was refused.
type pendingLink struct {
	token string
	view  PasswordLink
	err   error
}

// ConfiguredServer is the server the app is set up for ("" when none):
// the sign-in form then asks for e-mail and password only.
func (a *App) ConfiguredServer() string { return a.preset }

// knownServers are the servers a link may set a password on without
// asking: the configured one and the one signed in to last.
func (a *App) knownServers() []string {
	known := []string{a.preset}
	if acc, err := a.lastAccount(); err == nil && acc != nil {
		known = append(known, acc.ServerURL)
	}
	return known
}

// OpenLink handles a supportportal:// link: given at start (Windows,
// Linux: the URL is the argument), handed over by a second launch, or
// opened on macOS (Mac.OnUrlOpen). The link waits for the UI, which hears
// EventLinkOpened and asks PasswordLink; the window comes to the front.
// Neither the link nor its token is logged.
func (h *Host) OpenLink(raw string) {
	a := h.a
	if a.startErr != nil {
		return // the window explains the store problem instead
	}
	p := &pendingLink{}
	l, err := applink.Parse(raw)
	server := ""
	if err == nil && l.Server != "" {
		server, err = syncer.NormalizeServerURL(l.Server)
	}
	if err == nil {
		p.view.Server, p.view.ConfirmServer, err = applink.ChooseServer(server, a.knownServers())
	}
	if err != nil {
		a.log.Warn("link refused", "reason", portal.AsError(err).Reason)
		p = &pendingLink{err: err}
	} else {
		p.token = l.Token
		p.view.MinPasswordLength = portal.MinPasswordRunes
		a.log.Info("link opened", "action", applink.ActionSetPassword)
	}
	a.linkMu.Lock()
	a.link = p
	a.linkMu.Unlock()
	if a.platform != nil {
		a.platform.Emit(EventLinkOpened, nil)
		a.platform.Focus()
	}
}

// PasswordLink returns the link waiting for "Choose your password", nil
// when there is none; a refused link is its error (until dismissed).
func (a *App) PasswordLink() (*PasswordLink, error) {
	return run(a, func() (*PasswordLink, error) {
		a.linkMu.Lock()
		defer a.linkMu.Unlock()
		if a.link == nil {
			return nil, nil
		}
		if a.link.err != nil {
			return nil, a.link.err
		}
		v := a.link.view
		return &v, nil
	})
}

// DismissPasswordLink forgets the waiting link (Cancel, or Close under a
// refused one). The e-mail's link opens the screen again.
func (a *App) DismissPasswordLink() {
	a.linkMu.Lock()
	a.link = nil
	a.linkMu.Unlock()
}

// SetPasswordFromLink sets the password with the waiting link's token on
// serverURL (the link's server; checked again, since the page sends it),
// then signs in as the person the server names with that password.
func (a *App) SetPasswordFromLink(serverURL, password string) (SetPasswordResult, error) {
	return run(a, func() (SetPasswordResult, error) {
		a.linkMu.Lock()
		p := a.link
		a.linkMu.Unlock()
		if p == nil || p.token == "" {
			return SetPasswordResult{}, &portal.Error{Code: portal.ENotFound, Reason: portal.ReasonNoPasswordLink, Message: "no link is waiting; open the link from the e-mail again"}
		}
		base, err := syncer.NormalizeServerURL(serverURL)
		if err != nil {
			return SetPasswordResult{}, err
		}
		if err := applink.CheckServer(base, a.knownServers()); err != nil {
			return SetPasswordResult{}, err
		}
		if password == "" {
			return SetPasswordResult{}, portal.Invalid("password", portal.ReasonRequired, "", "the password is required")
		}
		ctx, cancel := context.WithTimeout(a.ctx, 30*time.Second)
		defer cancel()
		email, err := syncer.NewClient(base, "").SetPassword(ctx, p.token, password)
		if err != nil {
			return SetPasswordResult{}, signInError(err)
		}
		a.linkMu.Lock()
		if a.link == p {
			a.link = nil // the token is used up
		}
		a.linkMu.Unlock()
		res := SetPasswordResult{Email: email}
		acc, err := a.signIn(base, email, password)
		if err != nil {
			a.log.Warn("password set, sign-in failed", "err", err)
			res.SignInError = a.shown(err)
			return res, nil
		}
		res.Account = &acc
		return res, nil
	})
}
