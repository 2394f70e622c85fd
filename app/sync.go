package app

import (
	"context"
	"time"

	"supportportal/internal/appstore"
	"supportportal/internal/portal"
	"supportportal/internal/syncer"
)

// The sign-in and sync part of the bound API.

// AccountInfo is who is signed in, to which server.
type AccountInfo struct {
	ServerURL   string    `json:"serverUrl"`
	PersonID    string    `json:"personId"`
	Email       string    `json:"email"`
	Name        string    `json:"name"`
	CompanyName string    `json:"companyName"`
	ProductRole string    `json:"productRole"`
	ExpiresAt   time.Time `json:"expiresAt" ts_type:"string"`
	// SignedIn is false after signing out; the rest is kept to fill the
	// sign-in form and to tell whether the next sign-in is someone else.
	SignedIn bool `json:"signedIn"`
}

const accountKey = "account"

// SyncStatus is what the status area shows.
type SyncStatus struct {
	SignedIn   bool       `json:"signedIn"`
	ServerURL  string     `json:"serverUrl"`
	LastSyncAt *time.Time `json:"lastSyncAt" ts_type:"string"`
	LastError  string     `json:"lastError"`
	Waiting    int        `json:"waiting"`
	Rejected   int        `json:"rejected"`
}

// lastAccount is the account stored last, signed in or not.
func (a *App) lastAccount() (*AccountInfo, error) {
	var acc AccountInfo
	ok, err := a.db.GetState(a.ctx, accountKey, &acc)
	if err != nil || !ok || acc.PersonID == "" {
		return nil, err
	}
	return &acc, nil
}

// account is the signed-in account, or nil.
func (a *App) account() (*AccountInfo, error) {
	acc, err := a.lastAccount()
	if acc == nil || !acc.SignedIn {
		return nil, err
	}
	return acc, nil
}

// Account returns who is signed in, or nil.
func (a *App) Account() (*AccountInfo, error) {
	return run(a, a.account)
}

// SignIn signs in to a support server with the credentials from the
// invitation e-mail, and starts syncing. Signing in as someone else, or to
// another server, first removes the previous account's synced data; it is
// refused while that account's changes still wait to be sent.
func (a *App) SignIn(serverURL, email, password string) (AccountInfo, error) {
	return run(a, func() (AccountInfo, error) { return a.signIn(serverURL, email, password) })
}

func (a *App) signIn(serverURL, email, password string) (AccountInfo, error) {
	base, err := syncer.NormalizeServerURL(serverURL)
	if err != nil {
		return AccountInfo{}, err
	}
	if email, err = portal.CheckEmail("email", email); err != nil {
		return AccountInfo{}, err
	}
	if password == "" {
		return AccountInfo{}, portal.Invalid("password", portal.ReasonRequired, "", "the password is required")
	}
	ctx, cancel := context.WithTimeout(a.ctx, 30*time.Second)
	defer cancel()
	client := syncer.NewClient(base, "")
	sess, err := client.SignIn(ctx, email, password)
	if err != nil {
		return AccountInfo{}, signInError(err)
	}
	acc := AccountInfo{ServerURL: base, PersonID: sess.Person.ID, Email: sess.Person.Email, Name: sess.Person.Name,
		CompanyName: sess.Person.CompanyName, ProductRole: sess.Person.ProductRole, ExpiresAt: sess.ExpiresAt, SignedIn: true}
	prev, err := a.lastAccount()
	if err != nil {
		return AccountInfo{}, err
	}
	var prevAcc *appstore.SyncAccount
	if prev != nil {
		prevAcc = &appstore.SyncAccount{ServerURL: prev.ServerURL, PersonID: prev.PersonID}
	}
	if err := a.db.SwitchAccount(a.ctx, prevAcc, appstore.SyncAccount{ServerURL: acc.ServerURL, PersonID: acc.PersonID}); err != nil {
		_ = syncer.NewClient(base, sess.Token).SignOut(ctx)
		return AccountInfo{}, err
	}
	if err := a.tokens.Save(sess.Token); err != nil {
		return AccountInfo{}, err
	}
	if err := a.db.SetState(a.ctx, accountKey, acc); err != nil {
		return AccountInfo{}, err
	}
	if ps := sess.Person.Settings; ps != nil {
		if _, err := a.settings.AdoptServerSettings(a.ctx, ps.Language, ps.Locale, ps.TimeZone); err != nil {
			a.log.Warn("settings from the server not taken", "err", err)
		}
	}
	if p, err := client.Profile(ctx); err == nil {
		_ = a.db.SaveVendorProfile(a.ctx, p.Vendor)
		if len(p.Categories) > 0 {
			_ = a.db.SetState(a.ctx, "component_categories", p.Categories)
		}
	}
	a.startSync(acc, sess.Token)
	return acc, nil
}

// signInError explains a refused sign-in; an unreachable server says so.
func signInError(err error) error {
	if syncer.IsOffline(err) {
		return &portal.Error{Code: "server_unreachable", Reason: portal.ReasonServerUnreachable, Message: "the server could not be reached; check the address and your connection"}
	}
	return err
}

// ForgotPassword asks the server to e-mail a password-reset link.
func (a *App) ForgotPassword(serverURL, email string) error {
	return run0(a, func() error {
		base, err := syncer.NormalizeServerURL(serverURL)
		if err != nil {
			return err
		}
		if email, err = portal.CheckEmail("email", email); err != nil {
			return err
		}
		ctx, cancel := context.WithTimeout(a.ctx, 30*time.Second)
		defer cancel()
		return signInError(syncer.NewClient(base, "").ForgotPassword(ctx, email))
	})
}

// SignOut ends the session here and on the server. The synced data stays
// until someone else signs in, so the same person finds it again.
func (a *App) SignOut() error {
	return run0(a, func() error {
		a.stopSync()
		acc, _ := a.account()
		if tok, _ := a.tokens.Load(); tok != "" && acc != nil {
			ctx, cancel := context.WithTimeout(a.ctx, 5*time.Second)
			_ = syncer.NewClient(acc.ServerURL, tok).SignOut(ctx) // offline: the session expires on its own
			cancel()
		}
		if err := a.tokens.Clear(); err != nil {
			return err
		}
		if acc != nil {
			acc.SignedIn = false
			return a.db.SetState(a.ctx, accountKey, acc)
		}
		return nil
	})
}

// LastAccount returns the last sign-in (signed in or not), to fill the
// sign-in form with its server address and e-mail.
func (a *App) LastAccount() (*AccountInfo, error) {
	return run(a, a.lastAccount)
}

// SyncNow syncs at once (the "Sync now" button, and the network coming back).
func (a *App) SyncNow() error {
	return run0(a, func() error {
		e := a.currentEngine()
		if e == nil {
			return &portal.Error{Code: portal.EConflict, Reason: portal.ReasonNotSignedIn, Message: "sign in to a support server to sync"}
		}
		e.Kick()
		return nil
	})
}

// GetSyncStatus reports the last sync, what waits and what was refused.
func (a *App) GetSyncStatus() (SyncStatus, error) {
	return run(a, func() (SyncStatus, error) {
		var s SyncStatus
		acc, err := a.account()
		if err != nil {
			return s, err
		}
		key := appstore.SyncAccount{}
		if acc != nil {
			s.SignedIn, s.ServerURL = true, acc.ServerURL
			key = appstore.SyncAccount{ServerURL: acc.ServerURL, PersonID: acc.PersonID}
		}
		st, err := a.db.SyncStateOf(a.ctx, key)
		if err != nil {
			return s, err
		}
		s.LastSyncAt, s.LastError, s.Waiting, s.Rejected = st.LastSyncAt, st.LastError, st.Waiting, st.Rejected
		return s, nil
	})
}

// currentEngine is the running sync engine, or nil when signed out.
func (a *App) currentEngine() *syncer.Engine {
	a.syncMu.Lock()
	defer a.syncMu.Unlock()
	return a.engine
}

// kickSync asks for a sync after a local change, when signed in.
func (a *App) kickSync() {
	if e := a.currentEngine(); e != nil {
		e.Kick()
	}
}

// resumeSync starts syncing at app start when a session is stored.
func (a *App) resumeSync() {
	acc, err := a.account()
	if err != nil || acc == nil {
		return
	}
	tok, err := a.tokens.Load()
	if err != nil || tok == "" {
		return
	}
	a.startSync(*acc, tok)
}

func (a *App) startSync(acc AccountInfo, token string) {
	a.stopSync()
	e := syncer.NewEngine(a.db, syncer.NewClient(acc.ServerURL, token), appstore.SyncAccount{ServerURL: acc.ServerURL, PersonID: acc.PersonID}, a.log)
	e.Files = a.cases.Blobs()
	e.OnStep = func(r syncer.Report) {
		if a.platform != nil {
			a.platform.Emit(EventSyncProgress, r)
		}
	}
	e.OnNotice = func(n []appstore.Notice) {
		// The UI words them in the user's language and calls Notify.
		if a.platform != nil {
			a.platform.Emit(EventSyncNotices, n)
		}
	}
	e.OnProgress = func(sum, name string, done, total int64) {
		if a.platform != nil {
			a.platform.Emit(EventTransferProgress, TransferProgress{SHA256: sum, Name: name, Done: done, Total: total})
		}
	}
	e.OnChange = func(r syncer.Report, err error) {
		if a.platform != nil {
			msg := ""
			if err != nil {
				msg = err.Error()
			}
			a.platform.Emit(EventSyncChanged, SyncChanged{Report: r, Error: msg})
		}
	}
	e.OnSignedOut = func() {
		// The server no longer accepts the session (expired, revoked, or
		// the person was deactivated): forget it and ask to sign in again.
		_ = a.tokens.Clear()
		if acc, _ := a.account(); acc != nil {
			acc.SignedIn = false
			_ = a.db.SetState(context.Background(), accountKey, acc)
		}
		if a.platform != nil {
			a.platform.Emit(EventSyncSignedOut, nil)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	a.syncMu.Lock()
	a.engine, a.stopEngine, a.engineDone = e, cancel, done
	a.syncMu.Unlock()
	go func() {
		defer close(done)
		e.Run(ctx)
	}()
}

func (a *App) stopSync() {
	a.syncMu.Lock()
	cancel, done := a.stopEngine, a.engineDone
	a.engine, a.stopEngine, a.engineDone = nil, nil, nil
	a.syncMu.Unlock()
	if cancel != nil {
		cancel()
		<-done
	}
}

// fetchFile brings a colleague's attachment to this device before it is
// opened or saved.
func (a *App) fetchFile(sum, name string) error {
	e := a.currentEngine()
	if e == nil {
		return &portal.Error{Code: portal.EConflict, Reason: portal.ReasonFileNotHere, Params: map[string]string{"name": name},
			Message: name + " is not on this computer yet; sign in to download it"}
	}
	ctx, cancel := context.WithTimeout(a.ctx, 10*time.Minute)
	defer cancel()
	if err := e.Fetch(ctx, sum, name); err != nil {
		if syncer.IsOffline(err) {
			return &portal.Error{Code: "server_unreachable", Reason: portal.ReasonServerUnreachable, Message: "the server could not be reached"}
		}
		return err
	}
	return nil
}

// Notify shows a desktop notification worded by the UI. Where the desktop
// has no notification service, it does nothing: the app's own screens
// show the same news.
func (a *App) Notify(title, body string) {
	if a.platform == nil {
		return
	}
	if err := a.platform.Notify(title, body); err != nil {
		a.log.Info("desktop notification not shown", "err", err)
	}
}
