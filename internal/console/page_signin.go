package console

import (
	"crypto/subtle"
	"net/http"
	"strings"
	"time"

	"supportportal/internal/servercore"
)

type signInData struct {
	Email   string
	PreCSRF string
}

// signInPage shows the form. Before there is a session, the form's CSRF
// token is a random value also set as a cookie (double submit), so
// another site cannot sign a browser in to an account of its choosing.
func (c *Console) signInPage(w http.ResponseWriter, r *http.Request) {
	c.renderSignIn(w, r, http.StatusOK, "", "")
}

func (c *Console) renderSignIn(w http.ResponseWriter, r *http.Request, status int, email, errText string) {
	tok, _, err := servercore.NewToken()
	if err != nil {
		c.message(w, r, http.StatusInternalServerError, "error.title", c.newView(r, "error.title").T("error.internal"))
		return
	}
	c.setCookie(w, r, preCSRFCookie, tok, c.cfg.Now().Add(2*time.Hour), true)
	v := c.newView(r, "signin.title")
	v.Error = errText
	v.Data = signInData{Email: email, PreCSRF: tok}
	c.render(w, r, status, "signin", v)
}

func (c *Console) signIn(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	v := c.newView(r, "signin.title")
	if err := r.ParseForm(); err != nil {
		c.renderSignIn(w, r, http.StatusBadRequest, "", v.T("error.bad_form"))
		return
	}
	email := strings.TrimSpace(r.PostForm.Get("email"))
	pre, err := r.Cookie(preCSRFCookie)
	if err != nil || pre.Value == "" || !sameOrigin(r) || subtle.ConstantTimeCompare([]byte(r.PostForm.Get("csrf")), []byte(pre.Value)) != 1 {
		c.renderSignIn(w, r, http.StatusForbidden, email, v.T("error.csrf"))
		return
	}
	if email == "" {
		c.renderSignIn(w, r, http.StatusBadRequest, email, v.T("error.email_required"))
		return
	}
	// The client's address as the API's sign-in limits see it (behind a
	// trusted proxy, from its forwarding header).
	remote := c.host.ClientAddr(r)
	p, err := c.auth.Authenticate(r.Context(), email, r.PostForm.Get("password"), remote)
	if err != nil {
		status, text := c.errorText(r, v, err)
		c.renderSignIn(w, r, status, email, text)
		return
	}
	// Checked before a session exists: a customer gets no console session.
	if p.Kind != servercore.KindAgent {
		c.log.InfoContext(r.Context(), "console sign-in refused", "person", p.ID, "reason", "agents_only")
		c.renderSignIn(w, r, http.StatusForbidden, email, v.T("error.agents_only"))
		return
	}
	tok, exp, err := c.auth.StartSession(r.Context(), p, remote)
	if err != nil {
		status, text := c.errorText(r, v, err)
		c.renderSignIn(w, r, status, email, text)
		return
	}
	c.setCookie(w, r, sessionCookie, tok, exp, true)
	c.setCookie(w, r, preCSRFCookie, "", time.Time{}, true)
	c.log.InfoContext(r.Context(), "console signed in", "person", p.ID)
	http.Redirect(w, r, "/console/queue", http.StatusSeeOther)
}

func (c *Console) signOut(w http.ResponseWriter, r *http.Request) {
	if err := c.auth.EndSession(r.Context(), r.Context().Value(tokenKey{}).(string)); err != nil {
		v := c.newView(r, "error.title")
		status, text := c.errorText(r, v, err)
		c.message(w, r, status, "error.title", text)
		return
	}
	c.setCookie(w, r, sessionCookie, "", time.Time{}, true)
	http.Redirect(w, r, "/console/sign-in", http.StatusSeeOther)
}
