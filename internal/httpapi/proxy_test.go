package httpapi_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"

	"supportportal/internal/httpapi"
	"supportportal/internal/must"
	"supportportal/internal/servercore"
	"supportportal/internal/serverstore/storetest"
)

func TestClientAddressFromForwardingHeaders(t *testing.T) {
	proxies, err := httpapi.ParseTrustedProxies(" 127.0.0.1 , 10.0.0.0/8,::1")
	if err != nil {
		t.Fatal(err)
	}
	want := []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32"), netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("::1/128")}
	if len(proxies) != len(want) {
		t.Fatalf("%v", proxies)
	}
	for i := range want {
		if proxies[i] != want[i] {
			t.Fatalf("%v, want %v", proxies, want)
		}
	}
	for _, bad := range []string{"nonsense", "10.0.0.0/33", "1.2.3"} {
		t.Run(bad, func(t *testing.T) {
			if _, err := httpapi.ParseTrustedProxies(bad); err == nil {
				t.Errorf("%q accepted", bad)
			}
		})
	}
	withProxies := httpapi.New(httpapi.Config{TrustedProxies: proxies})
	without := httpapi.New(httpapi.Config{})
	for _, c := range []struct {
		name, peer string
		xff        []string
		fwd        string
		want, none string // with trusted proxies; without any
	}{
		{"direct, no header", "203.0.113.5:4000", nil, "", "203.0.113.5", "203.0.113.5"},
		{"direct client forging a header", "203.0.113.5:4000", []string{"198.51.100.1"}, "for=198.51.100.2", "203.0.113.5", "203.0.113.5"},
		{"one proxy", "127.0.0.1:4000", []string{"198.51.100.7"}, "", "198.51.100.7", "127.0.0.1"},
		{"forged entry left of the real one", "127.0.0.1:4000", []string{"6.6.6.6, 198.51.100.7"}, "", "198.51.100.7", "127.0.0.1"},
		{"two trusted proxies", "127.0.0.1:4000", []string{"6.6.6.6, 198.51.100.7, 10.1.2.3"}, "", "198.51.100.7", "127.0.0.1"},
		{"header on two lines", "127.0.0.1:4000", []string{"6.6.6.6", "198.51.100.7", "10.1.2.3"}, "", "198.51.100.7", "127.0.0.1"},
		{"only trusted hops", "127.0.0.1:4000", []string{"10.0.0.5, 10.0.0.6"}, "", "10.0.0.5", "127.0.0.1"},
		{"garbage hop", "127.0.0.1:4000", []string{"198.51.100.7, unknown"}, "", "127.0.0.1", "127.0.0.1"},
		{"Forwarded wins over X-Forwarded-For", "127.0.0.1:4000", []string{"198.51.100.9"}, `for=6.6.6.6, for="[2001:db8::1]:4711";proto=https`, "2001:db8::1", "127.0.0.1"},
		{"Forwarded with port", "[::1]:4000", nil, `for=192.0.2.60:8080;proto=https;by=10.0.0.1`, "192.0.2.60", "::1"},
		{"IPv4-mapped peer", "[::ffff:127.0.0.1]:4000", []string{"198.51.100.7"}, "", "198.51.100.7", "::ffff:127.0.0.1"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/healthz", nil)
			r.RemoteAddr = c.peer
			for _, v := range c.xff {
				r.Header.Add("X-Forwarded-For", v)
			}
			if c.fwd != "" {
				r.Header.Set("Forwarded", c.fwd)
			}
			if got := withProxies.ClientAddr(r); got != c.want {
				t.Errorf("%s: %s, want %s", c.name, got, c.want)
			}
			if got := without.ClientAddr(r); got != c.none {
				t.Errorf("%s without trusted proxies: %s, want %s", c.name, got, c.none)
			}
		})
	}
}

// signInFrom signs in as if through a proxy that names the client from.
func (e *env) signInFrom(from, email, password string) resp {
	e.t.Helper()
	req := must.Get(http.NewRequest("POST", e.srv.URL+"/v1/auth/sign-in",
		bytes.NewReader(must.Get(json.Marshal(map[string]string{"email": email, "password": password})))))
	req.Header.Set("Content-Type", "application/json")
	if from != "" {
		req.Header.Set("X-Forwarded-For", from)
	}
	res := must.Get(e.srv.Client().Do(req)) //nolint:bodyclose // closed on the next line; the linter does not see through must.Get
	defer res.Body.Close()
	return resp{status: res.StatusCode, header: res.Header, body: must.Get(io.ReadAll(res.Body))}
}

func trustLoopback(c *httpapi.Config) {
	c.TrustedProxies = must.Get(httpapi.ParseTrustedProxies("127.0.0.1,::1"))
}

// A client cannot escape the sign-in limits by writing its own forwarding
// header: without a trusted proxy the header is ignored, and behind one
// only the entry the proxy wrote counts.
func TestForgedForwardedForDoesNotEscapeLimit(t *testing.T) {
	t.Run("no trusted proxy", func(t *testing.T) {
		e := newEnv(t)
		e.person(e.acme, servercore.RoleAccountOwner, "olivia@acme.example")
		for i := range 5 {
			e.expect(e.signInFrom("198.51.100."+string(rune('1'+i)), "olivia@acme.example", "wrong password!"), 401)
		}
		r := e.expect(e.signInFrom("203.0.113.99", "olivia@acme.example", testPassword), 429)
		if _, reason := r.apiErr(t); reason != "too_many_attempts" {
			t.Fatal(reason)
		}
	})
	t.Run("forged entries left of the proxy's", func(t *testing.T) {
		e := newEnv(t, trustLoopback)
		e.person(e.acme, servercore.RoleAccountOwner, "olivia@acme.example")
		for i := range 5 {
			e.expect(e.signInFrom("6.6.6."+string(rune('1'+i))+", 198.51.100.66", "olivia@acme.example", "wrong password!"), 401)
		}
		e.expect(e.signInFrom("6.6.6.99, 198.51.100.66", "olivia@acme.example", testPassword), 429)
	})
	t.Run("guessing across accounts locks the address", func(t *testing.T) {
		e := newEnv(t, trustLoopback, func(c *httpapi.Config) { c.SignInAddressAttempts = 6 })
		e.person(e.acme, servercore.RoleAccountOwner, "olivia@acme.example")
		for i := range 6 {
			e.expect(e.signInFrom("198.51.100.66", "user"+string(rune('a'+i))+"@acme.example", "wrong password!"), 401)
		}
		// Locked for every account, even with the right password...
		e.expect(e.signInFrom("198.51.100.66", "olivia@acme.example", testPassword), 429)
		// ...but only that address.
		e.expect(e.signInFrom("198.51.100.7", "olivia@acme.example", testPassword), 200)
	})
}

// Attacker and victim reach the server through the same reverse proxy.
// Before --trusted-proxies both had the proxy's address, and five wrong
// passwords locked the victim out; now the attacker's own address is
// locked and the victim signs in.
func TestAttackerCannotLockOutUserBehindProxy(t *testing.T) {
	e := newEnv(t, trustLoopback)
	e.person(e.acme, servercore.RoleAccountOwner, "olivia@acme.example")
	const attacker, victim = "198.51.100.66", "198.51.100.7"
	locked := false
	for range 30 {
		r := e.signInFrom(attacker, "olivia@acme.example", "wrong password!")
		if r.status == 429 {
			locked = true
			continue
		}
		e.expect(r, 401)
	}
	if !locked {
		t.Fatal("the attacker was never limited")
	}
	e.expect(e.signInFrom(attacker, "olivia@acme.example", testPassword), 429)
	r := e.expect(e.signInFrom(victim, "olivia@acme.example", testPassword), 200)
	var out struct{ Token string }
	r.json(t, &out)
	e.expect(e.do("GET", "/v1/me", out.Token, nil), 200)
	// The session records the client, not the proxy (no product path
	// shows it: read the file).
	var remote string
	if err := storetest.Peek(t, e.st.Path).QueryRow(`SELECT remote_addr FROM session WHERE token_hash = ?`, servercore.TokenHash(out.Token)).Scan(&remote); err != nil || remote != victim {
		t.Fatalf("session remote %q %v", remote, err)
	}
}

func TestHSTSWithHTTPSPublicURL(t *testing.T) {
	e := newEnv(t) // public URL https://portal.example.com/
	for _, path := range []string{"/healthz", "/set-password?token=x", "/v1/profile", "/no-such-route"} {
		t.Run(path, func(t *testing.T) {
			r := e.do("GET", path, "", nil)
			if got := r.header.Get("Strict-Transport-Security"); got != "max-age=31536000" {
				t.Errorf("%s: HSTS %q", path, got)
			}
		})
	}
	plain := newEnv(t, func(c *httpapi.Config) { c.PublicURL = "http://127.0.0.1:8080" })
	if got := plain.do("GET", "/healthz", "", nil).header.Get("Strict-Transport-Security"); got != "" {
		t.Errorf("HSTS over an http public URL: %q", got)
	}
}
