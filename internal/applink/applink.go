// Package applink is the app's own URL scheme, supportportal://: the link
// in an invitation or password-reset e-mail (and the button on the
// browser's set-password page) that opens the desktop app instead of a
// browser. The server builds the links (SetPassword); the app checks them
// (Parse) before anything else sees them, and decides on which server the
// password is set (ChooseServer, CheckServer), so that a link never makes
// the app talk to a server the person did not choose.
//
// A link is supportportal://set-password?token=T&server=S: T is the
// one-time set-password token, S (optional) the server that sent it. The
// token never appears in an error or a log.
package applink

import (
	"net/url"
	"strings"

	"supportportal/internal/portal"
)

// Scheme is the URL scheme the installers register for the app.
const Scheme = "supportportal"

// ActionSetPassword is the one thing a link asks for: choose a password
// (an invitation and a reset alike).
const ActionSetPassword = "set-password"

// MaxLen bounds what is read of a link: a set-password link with a long
// server address is some 200 bytes; anything past this is not a link the
// server wrote.
const MaxLen = 2048

// TokenLen is the length of a set-password token: 32 random bytes in
// unpadded base64url (servercore.NewToken).
const TokenLen = 43

// Link is a checked supportportal:// link.
type Link struct {
	Token string
	// Server is the address the link names, as written in it (the app
	// normalises it); "" when the link names none.
	Server string
}

// SetPassword is the link that opens the app's "Choose your password"
// screen for token; server ("" for none) is the server's public address.
func SetPassword(token, server string) string {
	q := "token=" + url.QueryEscape(token)
	if server != "" {
		q += "&server=" + url.QueryEscape(server)
	}
	return Scheme + "://" + ActionSetPassword + "?" + q
}

// ValidToken reports whether s has the shape of a set-password token. It
// says nothing of whether the server knows it.
func ValidToken(s string) bool {
	if len(s) != TokenLen {
		return false
	}
	for _, c := range []byte(s) {
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// IsLink reports whether a command-line argument is meant as one of the
// app's links (it may still be refused by Parse).
func IsLink(arg string) bool {
	return len(arg) > len(Scheme) && strings.EqualFold(arg[:len(Scheme)+1], Scheme+":")
}

// FindInArgs returns the first argument that is one of the app's links:
// how Windows and Linux start the app for a link ("supportportal.exe"
// "%1", Exec=supportportal %u), and what a second launch hands to the
// running one. ok is false when there is none.
func FindInArgs(args []string) (string, bool) {
	for _, a := range args {
		if IsLink(a) {
			return a, true
		}
	}
	return "", false
}

func badLink(format string, args ...any) error {
	return portal.Invalid("link", portal.ReasonBadLink, "", format, args...)
}

// Parse checks a link: the scheme, the set-password action, a token of the
// right shape, at most one server address, and nothing else. The error
// never repeats the token.
func Parse(raw string) (Link, error) {
	if len(raw) > MaxLen {
		return Link{}, badLink("the link is longer than %d bytes", MaxLen)
	}
	if strings.ContainsAny(raw, "\x00\r\n\t \\") {
		return Link{}, badLink("the link contains spaces or control characters")
	}
	u, err := url.Parse(raw)
	if err != nil {
		return Link{}, badLink("the link is not a valid address")
	}
	if !strings.EqualFold(u.Scheme, Scheme) {
		return Link{}, badLink("the link is not a %s:// link", Scheme)
	}
	// Browsers and shells sometimes add a slash after the host.
	if u.Opaque != "" || u.User != nil || u.Fragment != "" || u.Port() != "" || (u.Path != "" && u.Path != "/") {
		return Link{}, badLink("the link has parts a %s:// link does not have", Scheme)
	}
	if !strings.EqualFold(u.Host, ActionSetPassword) {
		return Link{}, badLink("the link asks for something the app does not do")
	}
	q, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		return Link{}, badLink("the link's parameters cannot be read")
	}
	var l Link
	for k, vs := range q {
		if len(vs) != 1 {
			return Link{}, badLink("the link repeats %q", k)
		}
		switch k {
		case "token":
			l.Token = vs[0]
		case "server":
			if vs[0] == "" {
				return Link{}, badLink("the link's server address is empty")
			}
			l.Server = vs[0]
		default:
			return Link{}, badLink("the link has a parameter the app does not know")
		}
	}
	if !ValidToken(l.Token) {
		return Link{}, badLink("the link's token is missing or malformed")
	}
	return l, nil
}

// SameServer reports whether two normalised server addresses name the same
// server: scheme and host compare without regard to case.
func SameServer(a, b string) bool {
	ua, err1 := url.Parse(a)
	ub, err2 := url.Parse(b)
	if err1 != nil || err2 != nil || a == "" || b == "" {
		return false
	}
	return strings.EqualFold(ua.Scheme, ub.Scheme) && strings.EqualFold(ua.Host, ub.Host) && ua.Path == ub.Path
}

// ChooseServer decides on which server a link's password is set. known are
// the servers this app is already set up for (the configured one, the one
// signed in to last), normalised; linkServer is the link's server,
// normalised, or "". A link for a server the app knows uses it; a link
// without one uses the first known. A link naming another server is
// refused. Only when the app knows no server yet, the person is asked
// (confirm): the screen shows the server, editable, before anything is
// sent.
func ChooseServer(linkServer string, known []string) (server string, confirm bool, err error) {
	known = compact(known)
	if linkServer == "" {
		if len(known) > 0 {
			return known[0], false, nil
		}
		return "", true, nil
	}
	if len(known) == 0 {
		return linkServer, true, nil
	}
	for _, k := range known {
		if SameServer(linkServer, k) {
			return k, false, nil
		}
	}
	return "", false, CheckServer(linkServer, known)
}

// CheckServer refuses a server the app does not know when it knows any:
// the check on the address the "Choose your password" screen sends back.
func CheckServer(server string, known []string) error {
	known = compact(known)
	if len(known) == 0 {
		return nil
	}
	for _, k := range known {
		if SameServer(server, k) {
			return nil
		}
	}
	return &portal.Error{Code: portal.EInvalid, Reason: portal.ReasonLinkOtherServer, Field: "serverUrl",
		Params:  map[string]string{"value": server, "server": known[0]},
		Message: "the link is for " + server + ", but this app is set up for " + known[0]}
}

func compact(ss []string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}
