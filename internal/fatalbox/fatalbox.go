// Package fatalbox tells the person why the desktop app cannot start, where
// they see it: a message box on Windows, whose release build (-H
// windowsgui) has no console, so standard error alone would be a silent
// exit; standard error on macOS and Linux, where a start failure before the
// window is a developer's or a packager's problem (WKWebView and WebKitGTK
// are part of the system or the package's dependencies).
//
// It also holds the words of those messages in every UI language, and the
// ones Wails shows when the WebView2 runtime is missing (see WebView2).
package fatalbox

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/wailsapp/wails/v2/pkg/options/windows"

	"supportportal/internal/portal"
)

// Show tells the person title and message and returns once they have
// dismissed it (Windows) or it is written (elsewhere). It also writes the
// message to standard error, for logs and terminals.
func Show(title, message string) error {
	fmt.Fprintf(os.Stderr, "%s: %s\n", title, message)
	return show(title, message)
}

// WebView2DownloadURL is Microsoft's link to the Evergreen bootstrapper of
// the WebView2 runtime; it installs for the current user without
// administrator rights. The installer (build/windows/installer) names the
// same link; a test keeps the two equal.
const WebView2DownloadURL = "https://go.microsoft.com/fwlink/p/?LinkId=2124703"

// Text is what the start-failure messages say in one language.
type Text struct {
	// Title is the message box's title.
	Title string
	// Failed introduces an unexpected start error; the error follows.
	Failed string
	// Contact closes that message: what to do next.
	Contact string
	// WebView2 are the words of Wails' WebView2 runtime check.
	WebView2 WebView2Text
}

// WebView2Text are the messages Wails shows before the window when the
// WebView2 runtime is missing or too old; the field names are Wails'
// (options/windows.Messages), which one it shows depends on the build's
// strategy tag (see WebView2).
type WebView2Text struct {
	// ContactAdmin is the box of the "error" strategy (wv2runtime.error),
	// the one this project builds with: what is missing and where to get it.
	ContactAdmin string
	// InstallationRequired and UpdateRequired ask OK/Cancel before the
	// default strategy downloads and runs Microsoft's bootstrapper.
	InstallationRequired string
	UpdateRequired       string
	// MissingRequirements titles those questions.
	MissingRequirements string
	// FailedToInstall: the bootstrapper failed.
	FailedToInstall string
	// DownloadPage asks before the "browser" strategy opens the download
	// page; Wails appends the minimum version.
	DownloadPage     string
	PressOKToInstall string
	// InvalidFixedWebview2: a fixed runtime shipped with the app is broken
	// (this app ships none).
	InvalidFixedWebview2 string
	// ProcessCrash: the runtime's browser process ended while running.
	ProcessCrash string
}

// Message is the text of the box for an unexpected start error.
func (t Text) Message(err error) string {
	return t.Failed + "\n\n" + err.Error() + "\n\n" + t.Contact
}

// ErrWebView2Missing is the error Wails' WebView2 check returns (its
// Webview2NotInstalled message) once it has told the person itself: with
// the error strategy in its own box, with the default strategy after they
// declined the download. AlreadyTold recognises it so that no second box
// follows.
var ErrWebView2Missing = errors.New("webview2: the WebView2 runtime is missing")

// AlreadyTold reports whether err comes from a check that has shown its
// own message already. Wails makes a new error from the message text, so
// the text is what is compared.
func AlreadyTold(err error) bool {
	return err != nil && err.Error() == ErrWebView2Missing.Error()
}

// WailsMessages are t's WebView2 messages as Wails takes them
// (options.App.Windows.Messages).
func (t Text) WailsMessages() *windows.Messages {
	w := t.WebView2
	return &windows.Messages{
		InstallationRequired: w.InstallationRequired,
		UpdateRequired:       w.UpdateRequired,
		MissingRequirements:  w.MissingRequirements,
		Webview2NotInstalled: ErrWebView2Missing.Error(),
		Error:                t.Title,
		FailedToInstall:      w.FailedToInstall,
		DownloadPage:         w.DownloadPage,
		PressOKToInstall:     w.PressOKToInstall,
		ContactAdmin:         w.ContactAdmin,
		InvalidFixedWebview2: w.InvalidFixedWebview2,
		WebView2ProcessCrash: w.ProcessCrash,
	}
}

var texts = map[string]Text{
	"en": {
		Title:   "Support Portal cannot start",
		Failed:  "Support Portal could not start:",
		Contact: "If this happens again, please send this message to your software vendor's support team.",
		WebView2: WebView2Text{
			ContactAdmin: "Support Portal needs the Microsoft Edge WebView2 Runtime, which is missing or too old on this computer.\n\n" +
				"Install it from " + WebView2DownloadURL + " (or ask your IT department), then start Support Portal again.",
			InstallationRequired: "Support Portal needs the Microsoft Edge WebView2 Runtime, which is not installed. Press OK to download and install it; this takes a moment.",
			UpdateRequired:       "Support Portal needs a newer Microsoft Edge WebView2 Runtime. Press OK to download and install it; this takes a moment.",
			MissingRequirements:  "Support Portal: WebView2 Runtime missing",
			FailedToInstall:      "The WebView2 Runtime could not be installed. Please install it from " + WebView2DownloadURL + ".",
			DownloadPage:         "Support Portal needs the Microsoft Edge WebView2 Runtime. Press OK to open the download page. Minimum version: ",
			PressOKToInstall:     "Press OK to install it.",
			InvalidFixedWebview2: "The WebView2 Runtime shipped with Support Portal is damaged. Please install Support Portal again.",
			ProcessCrash:         "The Microsoft Edge WebView2 Runtime stopped unexpectedly. Please start Support Portal again.",
		},
	},
	"de": {
		Title:   "Support Portal kann nicht starten",
		Failed:  "Support Portal konnte nicht gestartet werden:",
		Contact: "Wenn das wieder passiert, senden Sie diese Meldung bitte an das Support-Team Ihres Softwareanbieters.",
		WebView2: WebView2Text{
			ContactAdmin: "Support Portal benötigt die Microsoft Edge WebView2 Runtime, die auf diesem Computer fehlt oder zu alt ist.\n\n" +
				"Installieren Sie sie von " + WebView2DownloadURL + " (oder fragen Sie Ihre IT-Abteilung) und starten Sie Support Portal dann erneut.",
			InstallationRequired: "Support Portal benötigt die Microsoft Edge WebView2 Runtime, die nicht installiert ist. Klicken Sie auf OK, um sie herunterzuladen und zu installieren; das dauert einen Moment.",
			UpdateRequired:       "Support Portal benötigt eine neuere Microsoft Edge WebView2 Runtime. Klicken Sie auf OK, um sie herunterzuladen und zu installieren; das dauert einen Moment.",
			MissingRequirements:  "Support Portal: WebView2 Runtime fehlt",
			FailedToInstall:      "Die WebView2 Runtime konnte nicht installiert werden. Bitte installieren Sie sie von " + WebView2DownloadURL + ".",
			DownloadPage:         "Support Portal benötigt die Microsoft Edge WebView2 Runtime. Klicken Sie auf OK, um die Download-Seite zu öffnen. Mindestversion: ",
			PressOKToInstall:     "Klicken Sie auf OK, um sie zu installieren.",
			InvalidFixedWebview2: "Die mit Support Portal gelieferte WebView2 Runtime ist beschädigt. Bitte installieren Sie Support Portal erneut.",
			ProcessCrash:         "Die Microsoft Edge WebView2 Runtime wurde unerwartet beendet. Bitte starten Sie Support Portal erneut.",
		},
	},
}

// For returns the text in lang, English for a language without one.
func For(lang string) Text {
	if t, ok := texts[lang]; ok {
		return t
	}
	return texts["en"]
}

// Language chooses the language of the messages: the UI language the
// person chose in the app (stored, "" when they never chose one: the app
// then shows English, but a start failure on a fresh installation is
// better said in the system's language), else the first of the system's
// preferred languages (BCP 47 or POSIX locale names, best first) that the
// UI is translated into, else English.
func Language(stored string, system []string) string {
	if supported(stored) {
		return stored
	}
	for _, s := range system {
		if l := primary(s); supported(l) {
			return l
		}
	}
	return "en"
}

// primary is the language subtag of a BCP 47 tag ("de-AT") or a POSIX
// locale name ("de_AT.UTF-8@euro"), lower-cased.
func primary(tag string) string {
	tag = strings.TrimSpace(tag)
	if i := strings.IndexAny(tag, "-_.@"); i >= 0 {
		tag = tag[:i]
	}
	return strings.ToLower(tag)
}

func supported(lang string) bool {
	for _, l := range portal.Languages {
		if l == lang {
			return true
		}
	}
	return false
}
