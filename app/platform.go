package app

import (
	"context"

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
}

// wailsPlatform calls the Wails runtime; it needs the context Wails gives
// OnStartup.
type wailsPlatform struct{ ctx context.Context }

// NewWailsPlatform returns the production platform.
func NewWailsPlatform(ctx context.Context) Platform { return wailsPlatform{ctx} }

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
