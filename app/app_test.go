package app_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"supportportal/app"
	"supportportal/internal/appstore"
	"supportportal/internal/must"
	"supportportal/internal/portal"
)

// recorder is the test platform: it records what the app asked the desktop
// runtime to do.
type recorder struct {
	mu      sync.Mutex // the sync engine emits from its own goroutine
	opened  []string
	focused int
	geom    app.Geometry
	pos     [2]int
	quit    int
	// files is what the file dialogs answer; events what the app emitted.
	files   []string
	saveTo  string
	asked   []string // default names the save dialog proposed
	folder  string
	openedF []string
	events  []any
	evNames []string
	notes   []string
}

func (r *recorder) OpenURL(u string)                   { r.opened = append(r.opened, u) }
func (r *recorder) Geometry() app.Geometry             { return r.geom }
func (r *recorder) SetPosition(x, y int)               { r.pos = [2]int{x, y} }
func (r *recorder) Focus()                             { r.focused++ }
func (r *recorder) Quit()                              { r.quit++ }
func (r *recorder) OpenFiles(string) ([]string, error) { return r.files, nil }
func (r *recorder) SaveFile(name string) (string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.asked = append(r.asked, name)
	return r.saveTo, nil
}
func (r *recorder) ChooseFolder(string) (string, error) { return r.folder, nil }
func (r *recorder) OpenFile(p string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.openedF = append(r.openedF, p)
	return nil
}
func (r *recorder) Notify(title, body string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.notes = append(r.notes, title+": "+body)
	return nil
}
func (r *recorder) Emit(name string, data any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, data)
	r.evNames = append(r.evNames, name)
}

// names is the names of the events emitted so far, comma-separated.
func (r *recorder) names() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return strings.Join(r.evNames, ",")
}

func newApp(t *testing.T) (*app.App, *recorder, *appstore.DB) {
	t.Helper()
	dir := t.TempDir()
	db, err := appstore.Open(context.Background(), filepath.Join(dir, "portal.db"), appstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	a := app.New(app.Config{DataDir: dir, DB: db, NoKeychain: true})
	rec := &recorder{}
	app.NewHost(a).Startup(context.Background(), rec)
	return a, rec, db
}

// inFile opens the store's file as another program would, for what the
// app does not show (rows nothing reads back) and for changes a test makes
// behind its back.
func inFile(t *testing.T, db *appstore.DB) *sql.DB {
	t.Helper()
	f, err := sql.Open("sqlite3", db.Path+"?_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// decode reads the JSON error the frontend receives.
func decode(t *testing.T, err error) portal.Error {
	t.Helper()
	if err == nil {
		t.Fatal("expected an error")
	}
	var pe portal.Error
	if jerr := json.Unmarshal([]byte(err.Error()), &pe); jerr != nil {
		t.Fatalf("error is not the JSON shape the UI decodes: %q", err.Error())
	}
	return pe
}

func TestBootstrapReportsSettingsAndVendor(t *testing.T) {
	a, _, _ := newApp(t)
	b := a.Bootstrap()
	if b.StartupError != nil || b.Settings.Language != "en" || b.Vendor.PortalUserLimit != 4 || b.DataDir == "" {
		t.Fatalf("bootstrap = %+v", b)
	}
}

func TestUpdateSettingsRejectsBadValuesWithTranslatableError(t *testing.T) {
	a, _, _ := newApp(t)
	de := "de"
	if _, err := a.UpdateSettings(portal.SettingsUpdate{Language: &de}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		upd    portal.SettingsUpdate
		field  string
		reason string
	}{
		{portal.SettingsUpdate{TimeZone: strp("Mars/Olympus")}, "timeZone", "unknown_time_zone"},
		{portal.SettingsUpdate{Language: strp("klingon")}, "language", "unknown_language"},
		{portal.SettingsUpdate{Locale: strp("<script>")}, "locale", "unknown_locale"},
		{portal.SettingsUpdate{Theme: strp("")}, "theme", "unknown_theme"},
	} {
		t.Run(tc.field, func(t *testing.T) {
			_, err := a.UpdateSettings(tc.upd)
			pe := decode(t, err)
			if pe.Code != portal.EInvalid || pe.Field != tc.field || pe.Reason != tc.reason || pe.Params["value"] == "" && tc.field != "theme" {
				t.Errorf("%+v: got %+v", tc.upd, pe)
			}
		})
	}
	s, _ := a.GetSettings()
	if s.Language != "de" || s.TimeZone != "" || s.Theme != "system" {
		t.Fatalf("rejected updates changed settings: %+v", s)
	}
}

func TestStoreThatFailedToOpenIsReportedEverywhere(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "portal.db")
	must.Do(os.WriteFile(path, bytes.Repeat([]byte{0xde, 0xad}, 4096), 0o600))
	_, openErr := appstore.Open(context.Background(), path, appstore.Options{})
	a := app.New(app.Config{DataDir: dir, OpenErr: openErr})
	b := a.Bootstrap()
	if b.StartupError == nil || b.StartupError.Code != portal.EStoreCorrupt || b.StartupError.Params["path"] != path {
		t.Fatalf("bootstrap startup error = %+v", b.StartupError)
	}
	if pe := decode(t, func() error { _, err := a.GetSettings(); return err }()); pe.Code != portal.EStoreCorrupt {
		t.Fatalf("GetSettings error = %+v", pe)
	}
}

func TestOpenExternalOnlyOpensWebAndMailLinks(t *testing.T) {
	a, rec, _ := newApp(t)
	for _, ok := range []string{"https://docs.example.com/a?b=c", "http://example.com", "mailto:portalaccess@example.com"} {
		t.Run(ok, func(t *testing.T) {
			if err := a.OpenExternal(ok); err != nil {
				t.Errorf("OpenExternal(%q) = %v", ok, err)
			}
		})
	}
	for _, bad := range []string{"javascript:alert(1)", "file:///etc/passwd", "data:text/html,<script>", "", "https://", "//evil.example", "vbscript:x"} {
		t.Run(bad, func(t *testing.T) {
			if pe := decode(t, a.OpenExternal(bad)); pe.Reason != portal.ReasonUnsupportedLink {
				t.Errorf("OpenExternal(%q) = %+v", bad, pe)
			}
		})
	}
	if len(rec.opened) != 3 {
		t.Fatalf("opened %v", rec.opened)
	}
	if err := a.OpenHelpDocuments(); err != nil || rec.opened[3] != portal.DefaultVendorProfile().HelpDocumentsURL {
		t.Fatalf("help documents: %v %v", err, rec.opened)
	}
}

func TestWindowGeometryIsRememberedAndMadeSane(t *testing.T) {
	a, rec, _ := newApp(t)
	h := app.NewHost(a)
	if _, ok := h.SavedGeometry(); ok {
		t.Fatal("fresh store has saved geometry")
	}
	rec.geom = app.Geometry{X: 120, Y: 80, Width: 1300, Height: 900}
	h.SaveGeometry()
	g, ok := h.SavedGeometry()
	if !ok || g != rec.geom {
		t.Fatalf("restored %+v, want %+v", g, rec.geom)
	}
	// A window saved tiny or off-screen comes back usable.
	rec.geom = app.Geometry{X: -5000, Y: -20, Width: 10, Height: 10}
	h.SaveGeometry()
	g, _ = h.SavedGeometry()
	if g.X < 0 || g.Y < 0 || g.Width < app.MinWidth || g.Height < app.MinHeight {
		t.Fatalf("not made sane: %+v", g)
	}
}

func TestQuitSavesGeometryFirst(t *testing.T) {
	a, rec, _ := newApp(t)
	rec.geom = app.Geometry{X: 5, Y: 6, Width: 1000, Height: 700}
	a.Quit()
	g, ok := app.NewHost(a).SavedGeometry()
	if rec.quit != 1 || !ok || g != rec.geom {
		t.Fatalf("quit=%d saved=%v %+v", rec.quit, ok, g)
	}
}

func TestSecondInstanceFocusesTheWindow(t *testing.T) {
	a, rec, _ := newApp(t)
	app.NewHost(a).SecondInstance([]string{"--data-dir", "/somewhere"})
	if rec.focused != 1 {
		t.Fatalf("focused %d times", rec.focused)
	}
}

func TestListsForThePickers(t *testing.T) {
	a, _, _ := newApp(t)
	if len(a.TimeZones()) < 300 || len(a.Locales()) < 10 || len(a.Languages()) != 2 {
		t.Fatal("picker lists incomplete")
	}
}

func strp(s string) *string { return &s }
