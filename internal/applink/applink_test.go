package applink

import (
	"errors"
	"strings"
	"testing"

	"supportportal/internal/portal"
)

const tok = "Q2hvb3NlIGEgcGFzc3dvcmQgZm9yIHRoZSBwb3J0YWw" // 43 base64url characters

func TestSetPasswordLinkRoundTrips(t *testing.T) {
	for _, server := range []string{"", "https://support.example.com", "https://support.example.com/portal", "http://127.0.0.1:8080"} {
		raw := SetPassword(tok, server)
		if !strings.HasPrefix(raw, "supportportal://set-password?token="+tok) {
			t.Errorf("link %q", raw)
		}
		l, err := Parse(raw)
		if err != nil {
			t.Fatalf("Parse(%q): %v", raw, err)
		}
		if l != (Link{Token: tok, Server: server}) {
			t.Errorf("Parse(%q) = %+v", raw, l)
		}
	}
}

// What shells and browsers do to a link on its way to the app.
func TestParseAcceptsHarmlessVariants(t *testing.T) {
	for _, raw := range []string{
		"SUPPORTPORTAL://set-password?token=" + tok,
		"supportportal://Set-Password?token=" + tok,
		"supportportal://set-password/?token=" + tok,
		"supportportal://set-password?server=https%3A%2F%2Fs.example&token=" + tok,
	} {
		l, err := Parse(raw)
		if err != nil || l.Token != tok {
			t.Errorf("Parse(%q) = %+v, %v", raw, l, err)
		}
	}
}

func TestParseRefusesHostileLinks(t *testing.T) {
	cases := map[string]string{
		"empty":                   "",
		"web link":                "https://support.example.com/set-password?token=" + tok,
		"file link":               "file:///etc/passwd",
		"javascript":              "javascript:alert(1)",
		"other scheme, lookalike": "supportportalx://set-password?token=" + tok,
		"scheme only":             "supportportal:",
		"opaque":                  "supportportal:set-password?token=" + tok,
		"other action":            "supportportal://sign-in?token=" + tok,
		"action in path":          "supportportal://x/set-password?token=" + tok,
		"user info":               "supportportal://evil@set-password?token=" + tok,
		"port":                    "supportportal://set-password:8080?token=" + tok,
		"fragment":                "supportportal://set-password?token=" + tok + "#x",
		"no token":                "supportportal://set-password",
		"empty token":             "supportportal://set-password?token=",
		"short token":             "supportportal://set-password?token=" + tok[:42],
		"long token":              "supportportal://set-password?token=" + tok + "A",
		"token with padding":      "supportportal://set-password?token=" + tok[:42] + "=",
		"token with dot":          "supportportal://set-password?token=" + tok[:42] + ".",
		"token escaped slash":     "supportportal://set-password?token=" + tok[:42] + "%2F",
		"token twice":             "supportportal://set-password?token=" + tok + "&token=" + tok,
		"server twice":            "supportportal://set-password?token=" + tok + "&server=https://a.example&server=https://b.example",
		"empty server":            "supportportal://set-password?token=" + tok + "&server=",
		"extra parameter":         "supportportal://set-password?token=" + tok + "&email=someone@example.com",
		"semicolon":               "supportportal://set-password?token=" + tok + ";server=x",
		"bad escape":              "supportportal://set-password?token=" + tok + "&server=%zz",
		"space":                   "supportportal://set-password?token=" + tok + "&server=https://a b",
		"newline":                 "supportportal://set-password?token=" + tok + "\n",
		"nul":                     "supportportal://set-password?token=" + tok + "\x00",
		"backslash":               `supportportal:\\set-password?token=` + tok,
		"huge":                    "supportportal://set-password?token=" + tok + "&server=https://" + strings.Repeat("a", 1<<20) + ".example",
	}
	for name, raw := range cases {
		l, err := Parse(raw)
		var pe *portal.Error
		if !errors.As(err, &pe) || pe.Reason != portal.ReasonBadLink || pe.Field != "link" {
			t.Errorf("%s: Parse = %+v, %v; want a bad_link error", name, l, err)
			continue
		}
		// The token never shows in what is shown or logged.
		if strings.Contains(pe.Error(), tok[:20]) || len(pe.Params) != 0 {
			t.Errorf("%s: the error repeats the link: %q %v", name, pe.Error(), pe.Params)
		}
	}
}

func TestFindInArgs(t *testing.T) {
	link := SetPassword(tok, "")
	for _, c := range []struct {
		args []string
		want string
	}{
		{nil, ""},
		{[]string{"--data-dir", "/tmp/x"}, ""},
		{[]string{link}, link},
		{[]string{"--data-dir", "/tmp/x", "SupportPortal:" + link[len("supportportal:"):]}, "SupportPortal:" + link[len("supportportal:"):]},
		{[]string{"supportportal"}, ""},
		{[]string{"supportportal:"}, "supportportal:"}, // found, and Parse refuses it
		{[]string{"https://x.example", link}, link},
	} {
		got, ok := FindInArgs(c.args)
		if got != c.want || ok != (c.want != "") {
			t.Errorf("FindInArgs(%q) = %q, %v; want %q", c.args, got, ok, c.want)
		}
	}
}

func TestValidTokenMatchesTheServersTokens(t *testing.T) {
	if !ValidToken(tok) || ValidToken("") || ValidToken(strings.Repeat("a", 44)) || ValidToken(strings.Repeat("+", 43)) {
		t.Fatal("ValidToken")
	}
}

func TestChooseServer(t *testing.T) {
	const cfg, other = "https://support.example.com", "https://evil.example"
	for _, c := range []struct {
		name        string
		link        string
		known       []string
		want        string
		confirm     bool
		otherServer bool
	}{
		{"the configured server", cfg, []string{cfg, ""}, cfg, false, false},
		{"the configured server, other case", "HTTPS://Support.Example.com", []string{cfg}, cfg, false, false},
		{"the last account's server", other, []string{"", other}, other, false, false},
		{"no server in the link: the configured one", "", []string{cfg, other}, cfg, false, false},
		{"no server in the link: the last one", "", []string{"", other}, other, false, false},
		{"another server", other, []string{cfg}, "", false, true},
		{"another path on the server", cfg + "/other", []string{cfg}, "", false, true},
		{"plain http of the same host", "http://support.example.com", []string{cfg}, "", false, true},
		{"nothing known: ask", other, []string{"", ""}, other, true, false},
		{"nothing known, no server: ask", "", nil, "", true, false},
	} {
		got, confirm, err := ChooseServer(c.link, c.known)
		var pe *portal.Error
		if c.otherServer {
			if !errors.As(err, &pe) || pe.Reason != portal.ReasonLinkOtherServer || pe.Params["value"] != c.link || pe.Params["server"] != c.known[0] {
				t.Errorf("%s: ChooseServer = %q, %v, %v; want link_other_server", c.name, got, confirm, err)
			}
			continue
		}
		if err != nil || got != c.want || confirm != c.confirm {
			t.Errorf("%s: ChooseServer = %q, %v, %v; want %q, %v", c.name, got, confirm, err, c.want, c.confirm)
		}
	}
	if err := CheckServer(other, []string{cfg}); portal.AsError(err).Reason != portal.ReasonLinkOtherServer {
		t.Errorf("CheckServer another server: %v", err)
	}
	if err := CheckServer(other, nil); err != nil {
		t.Errorf("CheckServer with nothing known: %v", err)
	}
}

func FuzzParse(f *testing.F) {
	f.Add(SetPassword(tok, "https://support.example.com"))
	f.Add("supportportal://set-password?token=" + tok + "&x=1")
	f.Fuzz(func(t *testing.T, raw string) {
		l, err := Parse(raw)
		if err != nil {
			if portal.AsError(err).Reason != portal.ReasonBadLink {
				t.Fatalf("error %v", err)
			}
			return
		}
		if !ValidToken(l.Token) || len(raw) > MaxLen {
			t.Fatalf("accepted %q as %+v", raw, l)
		}
		link := SetPassword(l.Token, l.Server)
		if len(link) > MaxLen {
			return
		}
		again, err := Parse(link)
		if err != nil || again != l {
			t.Fatalf("round trip of %+v: %+v, %v", l, again, err)
		}
	})
}
