package app

import (
	"context"
	"sync"

	"github.com/google/uuid"

	"github.com/pkg/browser"
	"github.com/wailsapp/wails/v2/pkg/runtime"
)

// Geometry is the window's position and size.
type Geometry struct {
	X, Y, Width, Height int
	Maximised           bool
}

// Platform is the seam between the app and the desktop runtime, so that the
// bound API can be tested without a window (tests pass a recorder).
type Platform interface {
	OpenURL(url string)
	Geometry() Geometry
	SetPosition(x, y int)
	Focus()
	Quit()
	// OpenFiles shows the native dialog for choosing several files; it
	// returns no paths when the user cancels.
	OpenFiles(title string) ([]string, error)
	// ChooseFolder shows the native folder dialog; "" when cancelled.
	ChooseFolder(title string) (string, error)
	// SaveFile asks where to save a file; "" when the user cancels.
	SaveFile(defaultName string) (string, error)
	// OpenFile opens a file with the system's program for its type.
	OpenFile(path string) error
	// Emit sends an event to the UI.
	Emit(event string, data any)
	// Notify shows a desktop notification.
	Notify(title, body string) error
}

// wailsPlatform calls the Wails runtime; it needs the context Wails gives
// OnStartup.
type wailsPlatform struct {
	ctx    context.Context
	notify *sync.Once
	notErr *error
}

// NewWailsPlatform returns the production platform.
func NewWailsPlatform(ctx context.Context) Platform {
	var err error
	return wailsPlatform{ctx: ctx, notify: &sync.Once{}, notErr: &err}
}

// Notify shows a desktop notification (the notification centre on macOS
// and Windows, the freedesktop service on Linux).
func (p wailsPlatform) Notify(title, body string) error {
	p.notify.Do(func() { *p.notErr = runtime.InitializeNotifications(p.ctx) })
	if *p.notErr != nil {
		return *p.notErr
	}
	return runtime.SendNotification(p.ctx, runtime.NotificationOptions{ID: uuid.NewString(), Title: title, Body: body})
}

func (p wailsPlatform) OpenURL(url string) { runtime.BrowserOpenURL(p.ctx, url) }

func (p wailsPlatform) Geometry() Geometry {
	var g Geometry
	g.X, g.Y = runtime.WindowGetPosition(p.ctx)
	g.Width, g.Height = runtime.WindowGetSize(p.ctx)
	g.Maximised = runtime.WindowIsMaximised(p.ctx)
	return g
}

func (p wailsPlatform) SetPosition(x, y int) { runtime.WindowSetPosition(p.ctx, x, y) }

func (p wailsPlatform) Quit() { runtime.Quit(p.ctx) }

func (p wailsPlatform) Focus() {
	runtime.WindowUnminimise(p.ctx)
	runtime.Show(p.ctx)
}

func (p wailsPlatform) OpenFiles(title string) ([]string, error) {
	return runtime.OpenMultipleFilesDialog(p.ctx, runtime.OpenDialogOptions{Title: title})
}

func (p wailsPlatform) SaveFile(defaultName string) (string, error) {
	return runtime.SaveFileDialog(p.ctx, runtime.SaveDialogOptions{DefaultFilename: defaultName})
}

// OpenFile hands the file to the desktop (xdg-open, open, or the Windows
// shell) through pkg/browser, which Wails itself depends on.
func (p wailsPlatform) OpenFile(path string) error { return browser.OpenFile(path) }

func (p wailsPlatform) Emit(event string, data any) { runtime.EventsEmit(p.ctx, event, data) }

func (p wailsPlatform) ChooseFolder(title string) (string, error) {
	return runtime.OpenDirectoryDialog(p.ctx, runtime.OpenDialogOptions{Title: title})
}
