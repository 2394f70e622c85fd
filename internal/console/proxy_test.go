package console_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"supportportal/internal/httpapi"
)

func behindProxy(c *httpapi.Config) {
	p, err := httpapi.ParseTrustedProxies("127.0.0.1,::1")
	if err != nil {
		panic(err)
	}
	c.TrustedProxies = p
	c.PublicURL = "https://support.example.com"
}

// TLS ends at the proxy, so the console sees plain http; the https public
// URL still makes every console cookie Secure and adds HSTS.
func TestConsoleSecureCookiesAndHSTSBehindProxy(t *testing.T) {
	e := newEnv(t, behindProxy)
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.Get(e.srv.URL + "/console/sign-in")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.Header.Get("Strict-Transport-Security") == "" {
		t.Error("no HSTS on the sign-in page")
	}
	var pre *http.Cookie
	for _, ck := range res.Cookies() {
		if ck.Name == "sp_console_pre" {
			pre = ck
		}
	}
	if pre == nil || !pre.Secure || !pre.HttpOnly {
		t.Fatalf("pre-session cookie %+v", pre)
	}
	// The form, with the cookie sent back by hand, so that the answer's
	// cookies can be read.
	req, _ := http.NewRequest("POST", e.srv.URL+"/console/sign-in", strings.NewReader(url.Values{
		"csrf": {pre.Value}, "email": {"agent@vendor.example"}, "password": {password}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.AddCookie(&http.Cookie{Name: pre.Name, Value: pre.Value})
	res, err = c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-in %d", res.StatusCode)
	}
	found := false
	for _, ck := range res.Cookies() {
		if ck.Name == "sp_console" && ck.Value != "" {
			found = true
			if !ck.Secure || !ck.HttpOnly || ck.SameSite != http.SameSiteStrictMode {
				t.Errorf("session cookie %+v", ck)
			}
		}
	}
	if !found {
		t.Fatal("no session cookie")
	}
	// Without an https public URL over plain http: not Secure (it would
	// never come back), and no HSTS.
	plain := newEnv(t)
	res, err = c.Get(plain.srv.URL + "/console/sign-in")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.Header.Get("Strict-Transport-Security") != "" || len(res.Cookies()) == 0 || res.Cookies()[0].Secure {
		t.Errorf("plain http: %v %v", res.Header, res.Cookies())
	}
}

// An attacker behind the same proxy as an agent guesses the agent's
// console password until limited; the agent still signs in.
func TestConsoleAttackerCannotLockOutAgentBehindProxy(t *testing.T) {
	e := newEnv(t, behindProxy)
	attacker := e.browser()
	attacker.from = "198.51.100.66"
	limited := false
	for range 8 {
		form := attacker.get("/console/sign-in")
		res := attacker.do("POST", "/console/sign-in", url.Values{"csrf": {csrfOf(t, form)}, "email": {"agent@vendor.example"}, "password": {"wrong password!"}})
		if res.status == http.StatusTooManyRequests {
			limited = true
		} else if res.status != http.StatusUnauthorized {
			t.Fatalf("attacker: %d", res.status)
		}
	}
	if !limited {
		t.Fatal("the attacker was never limited")
	}
	victim := e.browser()
	victim.from = "198.51.100.7"
	// (Go's cookie jar sends Secure cookies to loopback addresses, as
	// browsers do, so the jar works here.)
	res, _ := victim.signIn("agent@vendor.example")
	if res.status != http.StatusSeeOther || res.location != "/console/queue" {
		t.Fatalf("victim: %d %s", res.status, res.location)
	}
}
