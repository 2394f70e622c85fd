package httpapi

import (
	"errors"
	"html/template"
	"math"
	"net/http"
	"strconv"
	"strings"

	"supportportal/internal/applink"
	"supportportal/internal/portal"
	"supportportal/internal/servercore"
)

// The set-password page is where the link in an invitation or Forgot
// Password e-mail lands: a plain HTML form, no script, so that anyone can
// create their password with only a browser.
var pageTmpl = template.Must(template.New("page").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Vendor}} Customer Portal: set your password</title>
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem;line-height:1.5}
label,input,button{display:block;width:100%;box-sizing:border-box}input{margin:.25rem 0 1rem;padding:.5rem}
button{padding:.6rem}.err{color:#b00020}.ok{color:#0a6b2d}
a.app{display:block;text-align:center;padding:.6rem;margin:1rem 0;background:#1c64d6;color:#fff;text-decoration:none;border-radius:4px}
a.app:focus-visible{outline:3px solid #0b3d91;outline-offset:2px}</style></head>
<body><h1>{{.Vendor}} Customer Portal</h1>
{{if .Done}}<p class="ok">Your password is set. Sign in to the Support Portal app as <strong>{{.Email}}</strong>.</p>
{{else}}{{if .AppLink}}<p>Is the Support Portal app installed on this computer? It can set your password and sign you in.</p>
<a class="app" href="{{.AppLink}}" data-testid="open-in-app">Open in the Support Portal app</a>
<p>Or choose it here in the browser.</p>{{end}}
<p>Choose the password for your Customer Portal account (at least {{.Min}} characters).</p>
{{if .Error}}<p class="err" role="alert">{{.Error}}</p>{{end}}
<form method="post" action="set-password">
<input type="hidden" name="token" value="{{.Token}}">
<label for="pw">New password</label><input id="pw" name="password" type="password" autocomplete="new-password" minlength="{{.Min}}" required>
<label for="pw2">Repeat the password</label><input id="pw2" name="confirm" type="password" autocomplete="new-password" required>
<button type="submit">Set password</button></form>{{end}}
</body></html>`))

type pageData struct {
	Vendor, Token, Email, Error string
	Min                         int
	Done                        bool
	// AppLink opens the desktop app on its "Choose your password" screen
	// with the same token (internal/applink); set when the token has the
	// shape of one. html/template lets only http(s) and mailto links
	// through as they are, so it is marked safe here: it is built from
	// the checked token and this server's address alone.
	AppLink template.URL
}

func (s *Server) renderPage(w http.ResponseWriter, r *http.Request, status int, d pageData) {
	d.Min = servercore.MinPasswordRunes
	if !d.Done && applink.ValidToken(d.Token) {
		d.AppLink = template.URL(applink.SetPassword(d.Token, s.core.Config().PublicURL))
	}
	if p, err := s.store.Profile(r.Context(), ""); err == nil {
		d.Vendor = p.Vendor.Name
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	// The token is in the address: never send it on as a Referer, and the
	// page runs no script and may not be framed.
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	if err := pageTmpl.Execute(w, d); err != nil {
		s.log.ErrorContext(r.Context(), "render page", "err", err.Error())
	}
}

func (s *Server) setPasswordPage(w http.ResponseWriter, r *http.Request) {
	s.renderPage(w, r, http.StatusOK, pageData{Token: r.URL.Query().Get("token")})
}

func (s *Server) setPasswordForm(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, MaxSmallBody)
	if err := r.ParseForm(); err != nil {
		s.renderPage(w, r, http.StatusBadRequest, pageData{Error: "The form could not be read; open the link from the e-mail again."})
		return
	}
	d := pageData{Token: strings.TrimSpace(r.PostForm.Get("token"))}
	pw := r.PostForm.Get("password")
	if pw != r.PostForm.Get("confirm") {
		d.Error = "The two passwords are not the same."
		s.renderPage(w, r, http.StatusBadRequest, d)
		return
	}
	p, err := s.core.ChangePassword(r.Context(), s.ClientAddr(r), d.Token, pw)
	if err != nil {
		var rl *servercore.RateLimitedError
		if errors.As(err, &rl) {
			w.Header().Set("Retry-After", strconv.Itoa(max(int(math.Ceil(rl.Wait.Seconds())), 1)))
			d.Error = "Too many attempts from your address; " + rl.Error() + "."
			s.renderPage(w, r, http.StatusTooManyRequests, d)
			return
		}
		pe := portal.AsError(err)
		if pe.Code == servercore.EUnavailable {
			retryAfterBusy(w)
		}
		if pe.Code == portal.EInternal {
			s.log.ErrorContext(r.Context(), "set password", "err", err.Error())
			d.Error = "Something went wrong on the server; try again later."
		} else {
			d.Error = pe.Message
		}
		s.renderPage(w, r, statusOf(pe.Code), d)
		return
	}
	s.log.InfoContext(r.Context(), "password set", "person", p.ID)
	s.renderPage(w, r, http.StatusOK, pageData{Done: true, Email: p.Email})
}
