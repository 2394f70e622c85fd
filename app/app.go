// Package app is the API the desktop UI calls through Wails bindings. It is
// deliberately thin: it checks the shape of input, calls the services in
// internal/, and turns their errors into a JSON shape the UI can translate.
// Business rules live in internal/portal.
package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"sync"
	"time"

	"supportportal/internal/applink"
	"supportportal/internal/appstore"
	"supportportal/internal/attach"
	"supportportal/internal/extlink"
	"supportportal/internal/pathgrant"
	"supportportal/internal/portal"
	"supportportal/internal/syncer"
	"supportportal/internal/tz"
)

// Version is the app version, set at build time.
var Version = "0.1.0-dev"

// DefaultServer is the support server the app is built for, set at build
// time (make SERVER_URL=https://…: -X supportportal/app.DefaultServer=…);
// internal/serverpreset says what overrides it.
var DefaultServer = ""

// App is bound to the frontend. Exported methods become JavaScript functions.
type App struct {
	ctx      context.Context
	platform Platform
	log      *slog.Logger

	dataDir  string
	db       *appstore.DB
	settings *appstore.SettingsService
	// knowledge is the knowledge base (see knowledge.go).
	knowledge *appstore.Knowledge
	// cases holds drafts, cases and attachments (see cases.go).
	cases *appstore.Cases
	// accounts holds the company's portal users (see account.go).
	accounts *appstore.Accounts
	// grants are the files the user chose or dropped: the page names them
	// by token, never by path (see internal/pathgrant).
	grants *pathgrant.Grants
	// startErr is set when the store could not be opened; every method then
	// reports it and the UI shows it instead of its screens.
	startErr *portal.Error

	started   time.Time
	readyOnce sync.Once

	// Sync with the central server (see sync.go).
	tokens     *syncer.TokenStore
	syncMu     sync.Mutex
	engine     *syncer.Engine
	stopEngine context.CancelFunc
	engineDone chan struct{}

	// preset is the server the app is set up for (see link.go).
	preset string
	// link is the supportportal:// link waiting for the UI (link.go).
	linkMu sync.Mutex
	link   *pendingLink
}

// Config is what main hands the app.
type Config struct {
	DataDir string
	DB      *appstore.DB // nil when opening failed
	OpenErr error        // why opening failed
	Logger  *slog.Logger
	// Started is when the process started, for the start-up time log.
	Started time.Time
	// NoKeychain keeps the session token out of the OS keychain (tests).
	NoKeychain bool
	// Server is the server the app is set up for, normalised
	// (internal/serverpreset); "" when none is.
	Server string
}

// New returns the bound API.
func New(cfg Config) *App {
	a := &App{ctx: context.Background(), dataDir: cfg.DataDir, db: cfg.DB, log: cfg.Logger, started: cfg.Started, grants: pathgrant.New(), preset: cfg.Server}
	if a.log == nil {
		a.log = slog.Default()
	}
	if cfg.DB != nil {
		a.settings = appstore.NewSettingsService(cfg.DB)
		// Language, locale and time zone follow the signed-in person.
		a.settings.SignedIn = func() bool { acc, _ := a.account(); return acc != nil }
		a.knowledge = appstore.NewKnowledge(cfg.DB)
		a.cases = appstore.NewCases(cfg.DB, attach.New(filepath.Join(filepath.Dir(cfg.DB.Path), "attachments")))
		a.accounts = appstore.NewAccounts(cfg.DB)
		if a.dataDir == "" {
			a.dataDir = filepath.Dir(cfg.DB.Path)
		}
		a.tokens = syncer.NewTokenStore(a.dataDir)
		a.tokens.NoKeychain = cfg.NoKeychain
	} else {
		err := cfg.OpenErr
		if err == nil {
			err = errors.New("the local store is not open")
		}
		a.startErr = portal.AsError(err)
	}
	return a
}

// Host is the side of the app that main and the window lifecycle use. It is
// a separate type so that its methods are not bound into the frontend.
type Host struct{ a *App }

// NewHost returns the lifecycle side of a.
func NewHost(a *App) *Host { return &Host{a} }

// Startup is Wails' OnStartup hook. Tests call it with their own platform.
func (h *Host) Startup(ctx context.Context, p Platform) {
	h.a.ctx = ctx
	h.a.platform = p
	if h.a.cases != nil {
		// Housekeeping and the keychain lookup (a D-Bus round trip on Linux)
		// stay off the path to the first screen.
		go func() {
			if _, err := h.a.cases.PurgeDiscarded(ctx); err != nil {
				h.a.log.Warn("purge discarded drafts", "err", err)
			}
			h.a.resumeSync()
		}()
	}
}

// Shutdown stops syncing before the store closes.
func (h *Host) Shutdown() { h.a.stopSync() }

// WindowState is the saved window geometry key in the store.
const windowStateKey = "window"

// SavedGeometry returns the window geometry saved at the last close, if any,
// made sane so that a window is never restored off-screen or tiny.
func (h *Host) SavedGeometry() (Geometry, bool) {
	a := h.a
	if a.db == nil {
		return Geometry{}, false
	}
	var g Geometry
	ok, err := a.db.GetState(a.ctx, windowStateKey, &g)
	if err != nil || !ok {
		return Geometry{}, false
	}
	g.Width = clamp(g.Width, MinWidth, 8000)
	g.Height = clamp(g.Height, MinHeight, 8000)
	g.X = clamp(g.X, 0, 8000)
	g.Y = clamp(g.Y, 0, 8000)
	return g, true
}

// Minimum window size: the case form and its suggestion panel side by side.
const (
	MinWidth  = 960
	MinHeight = 640
)

func clamp(v, lo, hi int) int { return max(lo, min(v, hi)) }

// SaveGeometry stores the current window geometry; main calls it before the
// window closes.
func (h *Host) SaveGeometry() {
	a := h.a
	if a.db == nil || a.platform == nil {
		return
	}
	if err := a.db.SetState(a.ctx, windowStateKey, a.platform.Geometry()); err != nil {
		a.log.Warn("save window geometry", "err", err)
	}
}

// Bootstrap is everything the UI needs for its first render.
type Bootstrap struct {
	Version      string               `json:"version"`
	DataDir      string               `json:"dataDir"`
	StartupError *portal.Error        `json:"startupError,omitempty"`
	Settings     portal.Settings      `json:"settings"`
	Vendor       portal.VendorProfile `json:"vendor"`
}

// Bootstrap returns the app's state at start. It never fails: a store that
// could not be opened is reported in StartupError so the UI can explain it.
func (a *App) Bootstrap() Bootstrap {
	b := Bootstrap{Version: Version, DataDir: a.dataDir, Settings: portal.DefaultSettings(), Vendor: portal.DefaultVendorProfile()}
	if a.startErr != nil {
		b.StartupError = a.startErr
		return b
	}
	if s, err := a.settings.Settings(a.ctx); err == nil {
		b.Settings = s
	} else {
		a.log.Error("bootstrap settings", "err", err)
	}
	if v, err := a.db.VendorProfile(a.ctx); err == nil {
		b.Vendor = v
	}
	return b
}

// GetSettings returns the personal settings.
func (a *App) GetSettings() (portal.Settings, error) {
	if a.startErr != nil {
		return portal.Settings{}, a.fail(a.startErr)
	}
	s, err := a.settings.Settings(a.ctx)
	return s, a.fail(err)
}

// UpdateSettings changes the fields given and returns the saved settings.
func (a *App) UpdateSettings(upd portal.SettingsUpdate) (portal.Settings, error) {
	if a.startErr != nil {
		return portal.Settings{}, a.fail(a.startErr)
	}
	s, err := a.settings.UpdateSettings(a.ctx, upd)
	if err == nil && (upd.Language != nil || upd.Locale != nil || upd.TimeZone != nil) {
		a.kickSync() // the change may wait in the outbox (settings.update)
	}
	return s, a.fail(err)
}

// TimeZones lists every IANA time zone the app accepts.
func (a *App) TimeZones() []string { return tz.Names() }

// Locales lists the supported formatting locales.
func (a *App) Locales() []string { return portal.Locales }

// Languages lists the UI languages.
func (a *App) Languages() []string { return portal.Languages }

// OpenHelpDocuments opens the vendor's product manual in the system browser.
func (a *App) OpenHelpDocuments() error {
	v := portal.DefaultVendorProfile()
	if a.db != nil {
		if p, err := a.db.VendorProfile(a.ctx); err == nil {
			v = p
		}
	}
	return a.OpenExternal(v.HelpDocumentsURL)
}

// CheckForUpdate compares this app's version with the newest release the
// vendor announced in its profile (refreshed by sync). The UI shows a link
// to the download page; the app never replaces itself.
func (a *App) CheckForUpdate() (portal.Update, error) {
	v := portal.DefaultVendorProfile()
	if a.db != nil {
		p, err := a.db.VendorProfile(a.ctx)
		if err != nil {
			return portal.Update{Current: Version}, a.fail(err)
		}
		v = p
	}
	return portal.UpdateFor(Version, v), nil
}

// OpenExternal opens an http(s) or mailto link in the system's browser or
// mail program, never inside the app window. Every link the app opens goes
// through extlink.Check.
func (a *App) OpenExternal(raw string) error {
	link, err := extlink.Check(raw)
	if err != nil {
		return a.fail(err)
	}
	if a.platform != nil {
		a.platform.OpenURL(link)
	}
	return nil
}

// DroppedFiles is what the UI hears when files are dropped on the window:
// where, and a token and name for each file.
type DroppedFiles struct {
	X     int              `json:"x"`
	Y     int              `json:"y"`
	Files []pathgrant.File `json:"files"`
}

// FilesDropped is Wails' native OnFileDrop: the dropped paths are granted
// and the UI gets tokens for them (event "files:dropped").
func (h *Host) FilesDropped(x, y int, paths []string) {
	if len(paths) == 0 || h.a.platform == nil {
		return
	}
	h.a.platform.Emit(EventFilesDropped, DroppedFiles{X: x, Y: y, Files: h.a.grants.Grant(paths)})
}

// SecondInstance is called when the user starts the app again: the running
// window comes to the front instead of a second copy opening. args are the
// second launch's: a supportportal:// link among them (the system starts
// the app with the link) is opened here, in the running window.
func (h *Host) SecondInstance(args []string) {
	if raw, ok := applink.FindInArgs(args); ok {
		h.OpenLink(raw)
		return
	}
	if h.a.platform != nil {
		h.a.platform.Focus()
	}
}

// FrontendReady is called by the UI once its first screen has rendered. It
// logs the time since the process started: the cold-start figure the
// desktop smoke test and the README report.
func (a *App) FrontendReady() {
	a.readyOnce.Do(func() {
		if !a.started.IsZero() {
			a.log.Info("first screen rendered", "ms", time.Since(a.started).Milliseconds())
		}
	})
}

// Quit saves the window geometry and closes the app (Ctrl+Q / Cmd+Q).
func (a *App) Quit() {
	NewHost(a).SaveGeometry()
	if a.platform != nil {
		a.platform.Quit()
	}
}

// fail turns an error into the JSON shape the UI decodes (see
// frontend/src/lib/errors.ts). Internal errors are logged in full and shown
// as a generic message so that no SQL or path details leak into the UI.
func (a *App) fail(err error) error {
	if err == nil {
		return nil
	}
	pe := a.shown(err)
	b, jerr := json.Marshal(pe)
	if jerr != nil {
		return fmt.Errorf("%s", pe.Message)
	}
	return errors.New(string(b))
}

// shown is err as the UI may see it: an internal error is logged in full
// and becomes a generic message.
func (a *App) shown(err error) *portal.Error {
	pe := portal.AsError(err)
	if pe.Code == portal.EInternal {
		a.log.Error("internal error", "err", err)
		pe = &portal.Error{Code: portal.EInternal, Message: "something went wrong; the details are in the log"}
	}
	return pe
}
