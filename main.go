// Command supportportal is the desktop customer-support portal: a Wails
// window over a local SQLite store.
package main

import (
	"context"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
	"github.com/wailsapp/wails/v2/pkg/options/linux"
	"github.com/wailsapp/wails/v2/pkg/options/mac"
	"github.com/wailsapp/wails/v2/pkg/options/windows"
	"github.com/wailsapp/wails/v2/pkg/runtime"

	"supportportal/app"
	"supportportal/internal/appid"
	"supportportal/internal/applink"
	"supportportal/internal/appstore"
	"supportportal/internal/cli"
	"supportportal/internal/datadir"
	"supportportal/internal/fatalbox"
	"supportportal/internal/serverpreset"
	"supportportal/internal/shelllink"
	"supportportal/internal/starter"
)

//go:embed all:frontend/dist
var assets embed.FS

//go:embed build/appicon.png
var icon []byte

const productName = "Support Portal"

// started is as early as a Go program can note its start.
var started = time.Now()

func main() {
	os.Exit(run(os.Args[1:]))
}

func run(args []string) int {
	flags, rest := takeFlags(args, "data-dir", "server")
	flagDir := flags["data-dir"]
	if len(rest) > 0 {
		switch rest[0] {
		case "version", "--version", "-version":
			fmt.Println(app.Version)
			return 0
		case "help", "--help", "-h", "-help":
			fmt.Print(usage)
			return 0
		case "kb":
			dir, err := datadir.Resolve(flagDir)
			if err != nil {
				fmt.Fprintln(os.Stderr, "error:", err)
				return 1
			}
			return runCLI(dir, rest[1:])
		case "shortcut-appid":
			// The Windows installer's: its Start-menu shortcut carries the
			// AppUserModelID the app sets for its windows (internal/appid).
			if len(rest) != 2 {
				fmt.Fprintln(os.Stderr, "usage: supportportal shortcut-appid SHORTCUT.lnk")
				return 2
			}
			if err := shelllink.SetFileAppUserModelID(rest[1], appid.AppUserModelID); err != nil {
				fmt.Fprintln(os.Stderr, "error:", err)
				return 1
			}
			return 0
		}
	}
	dir, err := datadir.Resolve(flagDir)
	if err != nil {
		t := fatalbox.For(fatalbox.Language("", fatalbox.SystemLanguages()))
		if err := fatalbox.Show(t.Title, t.Message(err)); err != nil {
			fmt.Fprintln(os.Stderr, "error:", err)
		}
		return 1
	}
	// The system starts the app with a supportportal:// link as its
	// argument (internal/applink); a running app gets it handed over.
	link, _ := applink.FindInArgs(rest)
	return runDesktop(dir, flags["server"], link)
}

const usage = `Support Portal: get help from your software vendor's support team.

Usage:
  supportportal [--data-dir DIR] [--server URL] [LINK]    start the desktop app
  supportportal kb import PATH [--data-dir DIR]           import Markdown files or a Zendesk export
  supportportal kb search QUERY [--limit N] [--json]      search the knowledge base
  supportportal version                                   print the version

The data folder defaults to the user config folder; SUPPORTPORTAL_DATA_DIR
or --data-dir choose another (tests and second profiles use this).

The support server the app signs in to is set up by the vendor (built in,
or server-url.txt next to the program); SUPPORTPORTAL_SERVER or --server
choose another. LINK is a supportportal:// link from an invitation or
password-reset e-mail: the app opens on "Choose your password".
`

// takeFlags takes the flags named (--name VALUE, --name=VALUE, one dash
// too) out of args by hand, because in development builds Wails parses
// os.Args with its own flag set and both must coexist.
func takeFlags(args []string, names ...string) (map[string]string, []string) {
	flags := map[string]string{}
	var rest []string
next:
	for i := 0; i < len(args); i++ {
		a := args[i]
		for _, n := range names {
			switch {
			case a == "--"+n || a == "-"+n:
				if i+1 < len(args) {
					flags[n] = args[i+1]
					i++
				}
				continue next
			case strings.HasPrefix(a, "--"+n+"="), strings.HasPrefix(a, "-"+n+"="):
				flags[n] = a[strings.Index(a, "=")+1:]
				continue next
			}
		}
		rest = append(rest, a)
	}
	return flags, rest
}

// openStore opens the local store and, on first run, imports the starter
// knowledge base so the app is useful before any server is connected.
func openStore(dir string, logger *slog.Logger) (*appstore.DB, error) {
	ctx := context.Background()
	db, err := appstore.Open(ctx, datadir.StorePath(dir), appstore.Options{})
	if err != nil {
		return nil, err
	}
	if _, err := starter.EnsureStarter(ctx, db); err != nil {
		// Not fatal: the app works without the starter articles.
		logger.Warn("import starter knowledge base", "err", err)
	}
	return db, nil
}

// runCLI runs the command-line tools; they need no display.
func runCLI(dir string, args []string) int {
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	db, err := openStore(dir, logger)
	if err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		return 1
	}
	defer db.Close()
	return cli.Run(context.Background(), db, args, os.Stdout, os.Stderr)
}

func runDesktop(dir, serverFlag, link string) int {
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	db, openErr := openStore(dir, logger)
	if openErr != nil {
		// The window still opens and explains the problem; the file is not touched.
		logger.Error("open local store", "err", openErr)
	}
	// Start failures are told in the person's language, Wails' WebView2
	// check included (fatalbox).
	text := fatalbox.For(startupLanguage(db))
	// Windows: the taskbar, the Start-menu shortcut and notifications know
	// the app by one AppUserModelID, set before the first window.
	if err := appid.Setup(appid.AppUserModelID, dir, icon); err != nil {
		logger.Warn("AppUserModelID", "err", err)
	}
	// SUPPORTPORTAL_NO_KEYCHAIN=1 keeps the session token in a file in the
	// data folder (tests, machines whose keychain cannot be unlocked).
	// The server the vendor set the app up for: the sign-in form then asks
	// for e-mail and password only.
	preset, err := serverpreset.Resolve(serverpreset.Sources{Flag: serverFlag, Env: os.Getenv(serverpreset.EnvVar),
		ExeDir: exeDir(), BuiltIn: app.DefaultServer})
	if err != nil {
		logger.Error("no preconfigured server", "err", err)
	} else if preset.URL != "" {
		logger.Info("preconfigured server", "url", preset.URL, "from", preset.Source)
	}
	api := app.New(app.Config{DataDir: dir, DB: db, OpenErr: openErr, Logger: logger, Started: started,
		NoKeychain: os.Getenv("SUPPORTPORTAL_NO_KEYCHAIN") == "1", Server: preset.URL})
	host := app.NewHost(api)

	var linkOnce sync.Once
	width, height := 1200, 800
	geom, restored := host.SavedGeometry()
	if restored {
		width, height = geom.Width, geom.Height
	}
	err = wails.Run(&options.App{
		Title:            productName,
		Width:            width,
		Height:           height,
		MinWidth:         app.MinWidth,
		MinHeight:        app.MinHeight,
		WindowStartState: startState(restored && geom.Maximised),
		AssetServer:      &assetserver.Options{Assets: assets, Middleware: cspMiddleware},
		BackgroundColour: &options.RGBA{R: 248, G: 249, B: 250, A: 255},
		OnStartup: func(ctx context.Context) {
			host.Startup(ctx, app.NewWailsPlatform(ctx))
			// Dropped files reach the page as tokens, never as paths.
			runtime.OnFileDrop(ctx, host.FilesDropped)
		},
		OnDomReady: func(ctx context.Context) {
			if restored && !geom.Maximised {
				app.NewWailsPlatform(ctx).SetPosition(geom.X, geom.Y)
			}
			// The link the app was started with, once it has a window: a
			// second launch, which only hands its link over, never gets
			// here (on Linux Wails runs OnStartup before the
			// single-instance check).
			if link != "" {
				linkOnce.Do(func() { host.OpenLink(link) })
			}
		},
		OnBeforeClose: func(ctx context.Context) bool {
			host.SaveGeometry()
			return false
		},
		OnShutdown: func(ctx context.Context) {
			host.Shutdown()
			if db != nil {
				db.Close()
			}
		},
		SingleInstanceLock: &options.SingleInstanceLock{
			// One instance per data folder: a second launch focuses the
			// first window, while test runs with their own folders coexist;
			// Identity makes C:\Users\Ann and c:\users\ann one folder.
			UniqueId: "io.supportportal.desktop." + shortHash(datadir.Identity(dir)),
			// A second launch with a supportportal:// link (the system
			// starts the app for it) hands the link to this window.
			OnSecondInstanceLaunch: func(d options.SecondInstanceData) { host.SecondInstance(d.Args) },
		},
		// Files dropped on the window reach Go as paths (OnFileDrop) and
		// the page as tokens; the webview never navigates to a dropped file.
		DragAndDrop: &options.DragAndDrop{EnableFileDrop: true, DisableWebViewDrop: true},
		Bind:        []any{api},
		Linux:       &linux.Options{Icon: icon, ProgramName: "supportportal", WindowIsTranslucent: false},
		// macOS opens supportportal:// links (CFBundleURLTypes in
		// Info.plist) in the running app, launching it first if need be.
		Mac: &mac.Options{About: &mac.AboutInfo{Title: productName, Message: "Version " + app.Version, Icon: icon},
			OnUrlOpen: host.OpenLink},
		// Without the WebView2 runtime Wails stops before the window. Which
		// message it shows depends on the build's strategy tag: the Windows
		// builds here (Makefile, scripts/windows-installer.sh) use
		// wv2runtime.error, one box saying what is missing and where to get
		// it; a build without the tag offers to download and run
		// Microsoft's bootstrapper. Either way the person is told in their
		// language, and when Wails stops there it returns
		// fatalbox.ErrWebView2Missing's text.
		Windows: &windows.Options{Theme: windows.SystemDefault, Messages: text.WailsMessages()},
	})
	if err != nil {
		logger.Error("run", "err", err)
		// A -H windowsgui build has no console: say it in a box, unless
		// Wails' WebView2 check has said it already.
		if !fatalbox.AlreadyTold(err) {
			if err := fatalbox.Show(text.Title, text.Message(err)); err != nil {
				logger.Error("tell the start failure", "err", err)
			}
		}
		return 1
	}
	return 0
}

// exeDir is the program's folder, where the installer may have written
// the server address (serverpreset.FileName); "" when unknown.
func exeDir() string {
	exe, err := os.Executable()
	if err != nil {
		return ""
	}
	if real, err := filepath.EvalSymlinks(exe); err == nil {
		exe = real
	}
	return filepath.Dir(exe)
}

// startupLanguage is the language of start-failure messages: the UI
// language the person chose (the settings changed at least once, here or
// on another device), else the system's (a first start).
func startupLanguage(db *appstore.DB) string {
	stored := ""
	if db != nil {
		if s, err := appstore.NewSettingsService(db).Settings(context.Background()); err == nil && s.Version > 1 {
			stored = s.Language
		}
	}
	return fatalbox.Language(stored, fatalbox.SystemLanguages())
}

func startState(maximised bool) options.WindowStartState {
	if maximised {
		return options.Maximised
	}
	return options.Normal
}

// shortHash is 12 hex digits of s's SHA-256: a name part that is the same
// for the same s and safe in any identifier.
func shortHash(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:6])
}
