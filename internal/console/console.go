// Package console is the support team's web console, served by the
// central server under /console/: a queue of cases across companies, the
// case view to reply, change the status, set the solution and publish it
// as a knowledge article, knowledge editing, and article counts.
//
// Pages are rendered on the server with html/template (contextual
// auto-escaping); Markdown (solutions, articles) goes through
// internal/markdown's sanitizer. The pages run no script. Agents sign in
// with the same rules as the API (servercore's Authenticate); the session token
// lives in an HttpOnly, SameSite=Strict cookie, and every form post
// carries a CSRF token derived from the session.
package console

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"embed"
	"encoding/hex"
	"errors"
	"html/template"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"supportportal/internal/portal"
	"supportportal/internal/servercore"
)

// Store is what the console reads and writes: the server's store plus
// the queries only the console needs (serverstore.DB has them all).
type Store interface {
	servercore.Store
	Queue(ctx context.Context, vendorID string, f servercore.QueueFilter, offset, limit int) (servercore.QueuePage, error)
	Companies(ctx context.Context, vendorID string) ([]servercore.Company, error)
	ArticleCounts(ctx context.Context, vendorID string) ([]servercore.ArticleCounts, error)
	// SatisfactionCounts counts the customers' ratings of solved cases
	// per agent and per component category.
	SatisfactionCounts(ctx context.Context, vendorID string) (servercore.SatisfactionCounts, error)
	// NeedsAttention reports whether a case is flagged for attention (a
	// "not satisfied" rating no agent has acted on yet).
	NeedsAttention(ctx context.Context, vendorID, caseID string) (bool, error)
	// People lists a company's portal users (the vendor's view, with who
	// deactivated them and why).
	People(ctx context.Context, vendorID, companyID string) ([]servercore.AccountUser, error)
}

// Host is the HTTP server the console is mounted on
// (*httpapi.Server): it serves the console's routes beside the API's and
// knows where a request comes from.
type Host interface {
	// Handle registers a route, listed with the API's.
	Handle(pattern string, h http.HandlerFunc)
	// ClientAddr is the client's address as the API's limits see it
	// (behind a trusted proxy, from its forwarding header).
	ClientAddr(r *http.Request) string
	// SecureCookies reports whether cookies must be Secure.
	SecureCookies(r *http.Request) bool
}

// Config configures the console. Store and Auth are required.
type Config struct {
	Store Store
	// Auth signs agents in, resolves sessions and decides requests with
	// the API's rules (the same core the API calls).
	Auth   *servercore.Service
	Logger *slog.Logger
	// Now returns the current time; tests replace it.
	Now func() time.Time
}

// Console serves the pages.
type Console struct {
	cfg   Config
	store Store
	auth  *servercore.Service
	host  Host
	log   *slog.Logger
	pages map[string]*template.Template
	cats  map[string]catalog
}

// Cookie names. The session cookie is scoped to /console/ so the API
// never sees it: the API takes bearer tokens only, which is what keeps it
// free of CSRF.
const (
	sessionCookie  = "sp_console"
	preCSRFCookie  = "sp_console_pre"
	langCookie     = "sp_console_lang"
	cookiePath     = "/console/"
	maxFormBody    = 1 << 20
	queuePageSize  = 25
	maxListedItems = 500
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static/console.css
var consoleCSS []byte

// Mount registers the console's routes on the server.
func Mount(srv Host, cfg Config) *Console {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	c := &Console{cfg: cfg, store: cfg.Store, auth: cfg.Auth, host: srv, log: cfg.Logger,
		pages: mustParsePages(), cats: mustLoadCatalogs()}
	srv.Handle("GET /console/", c.root)
	srv.Handle("GET /console/console.css", c.css)
	srv.Handle("GET /console/sign-in", c.signInPage)
	srv.Handle("POST /console/sign-in", c.signIn)
	srv.Handle("POST /console/sign-out", c.agent(c.signOut))
	srv.Handle("GET /console/queue", c.agent(c.queue))
	srv.Handle("GET /console/cases/{id}", c.agent(c.casePage))
	srv.Handle("POST /console/cases/{id}/reply", c.agent(c.reply))
	srv.Handle("POST /console/cases/{id}/status", c.agent(c.status))
	srv.Handle("POST /console/cases/{id}/publish", c.agent(c.publish))
	srv.Handle("GET /console/kb", c.agent(c.kb))
	srv.Handle("GET /console/kb/articles/new", c.agent(c.articlePage))
	srv.Handle("POST /console/kb/articles", c.agent(c.saveArticle))
	srv.Handle("GET /console/kb/articles/{id}", c.agent(c.articlePage))
	srv.Handle("POST /console/kb/articles/{id}", c.agent(c.saveArticle))
	srv.Handle("POST /console/kb/categories", c.agent(c.saveCategory))
	srv.Handle("POST /console/kb/categories/{id}", c.agent(c.saveCategory))
	srv.Handle("GET /console/counts", c.agent(c.counts))
	srv.Handle("GET /console/requests", c.agent(c.requests))
	srv.Handle("POST /console/requests/{id}/approve", c.agent(c.approveRequest))
	srv.Handle("POST /console/requests/{id}/reject", c.agent(c.rejectRequest))
	srv.Handle("GET /console/audit", c.agent(c.audit))
	srv.Handle("GET /console/people", c.agent(c.people))
	srv.Handle("POST /console/people/{id}/access", c.agent(c.setAccess))
	return c
}

var pageNames = []string{"signin", "queue", "case", "kb", "article", "counts", "requests", "audit", "people", "message"}

func mustParsePages() map[string]*template.Template {
	out := map[string]*template.Template{}
	for _, name := range pageNames {
		t := template.Must(template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/"+name+".html"))
		out[name] = t
	}
	return out
}

var funcs = template.FuncMap{
	"join": strings.Join,
	"add":  func(a, b int) int { return a + b },
}

// view is what every page template gets: the translator, the agent, the
// CSRF token for forms, messages, and the page's own data.
type view struct {
	Lang    string
	Title   string
	Nav     string
	Agent   servercore.Caller
	CSRF    string
	Flash   string
	Error   string
	Data    any
	cat     catalog
	request *http.Request
	now     time.Time
}

// T translates a key of the catalog; args are name, value pairs that fill
// {name} placeholders. A missing key shows itself, which the catalog test
// prevents for every key the templates use.
func (v *view) T(key string, args ...any) string {
	return v.cat.format(key, args...)
}

// LangURL is the current page in another language (?lang= keeps the rest
// of the query, so the queue's filters survive the switch).
func (v *view) LangURL(lang string) string {
	q := v.request.URL.Query()
	q.Set("lang", lang)
	q.Del("done")
	return v.request.URL.Path + "?" + q.Encode()
}

// Time shows a time in UTC, to the minute: agents in different places
// talk about the same moment.
func (v *view) Time(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02 15:04") + " UTC"
}

// Age says how long ago t was, coarsely.
func (v *view) Age(t time.Time) string {
	d := v.now.Sub(t)
	switch {
	case d < time.Hour:
		return v.T("age.minutes", "n", max(int(d.Minutes()), 0))
	case d < 48*time.Hour:
		return v.T("age.hours", "n", int(d.Hours()))
	}
	return v.T("age.days", "n", int(d.Hours()/24))
}

// Status and Priority label a case's status and priority; Rating a
// customer's satisfaction rating.
func (v *view) Status(s string) string   { return v.T("status." + s) }
func (v *view) Priority(p string) string { return v.T("priority." + p) }
func (v *view) Rating(r string) string   { return v.T("rating." + r) }

// Percent shows a share of satisfied ratings; -1 (no ratings) as a dash.
func (v *view) Percent(p int) string {
	if p < 0 {
		return "–"
	}
	return v.T("csat.percent", "n", p)
}

func (c *Console) newView(r *http.Request, title string) *view {
	lang := c.language(r)
	v := &view{Lang: lang, cat: c.cats[lang], request: r, now: c.cfg.Now()}
	v.Title = v.T(title)
	if a, ok := r.Context().Value(agentKey{}).(servercore.Caller); ok {
		v.Agent = a
		v.CSRF = csrfToken(r.Context().Value(tokenKey{}).(string))
	}
	if d := r.URL.Query().Get("done"); d != "" && v.cat.has("done."+d) {
		// Only known keys: the query cannot put arbitrary text on the page.
		v.Flash = v.T("done." + d)
	}
	return v
}

func securityHeaders(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	// No script at all; styles from our own file; images in articles may
	// come from the web, everything else is ours.
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self' https:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
}

func (c *Console) render(w http.ResponseWriter, r *http.Request, status int, page string, v *view) {
	securityHeaders(w)
	c.rememberLanguage(w, r)
	w.WriteHeader(status)
	if err := c.pages[page].ExecuteTemplate(w, "layout.html", v); err != nil {
		c.log.ErrorContext(r.Context(), "render console page", "page", page, "err", err.Error())
	}
}

// message renders a page that only says something (not found, refused).
func (c *Console) message(w http.ResponseWriter, r *http.Request, status int, title, text string) {
	v := c.newView(r, title)
	v.Error = text
	c.render(w, r, status, "message", v)
}

// errorText is the agent's language's message for an error; internal
// errors are logged and never shown.
func (c *Console) errorText(r *http.Request, v *view, err error) (int, string) {
	pe := portal.AsError(err)
	var rl *servercore.RateLimitedError
	switch {
	case errors.As(err, &rl):
		return http.StatusTooManyRequests, v.T("error.too_many_attempts", "seconds", int(rl.Wait.Seconds())+1)
	case pe.Code == portal.EInternal:
		c.log.ErrorContext(r.Context(), "console request failed", "path", r.URL.Path, "err", err.Error())
		return http.StatusInternalServerError, v.T("error.internal")
	}
	status := map[string]int{portal.EInvalid: 400, portal.ENotFound: 404, portal.EConflict: 409,
		servercore.EUnauthorized: 401, servercore.EForbidden: 403, servercore.EUnavailable: 503}[pe.Code]
	if status == 0 {
		status = http.StatusBadRequest
	}
	key := "error." + pe.Reason
	if pe.Field != "" && v.cat.has(key+"."+pe.Field) {
		// A more precise message for this field (which one is required).
		key += "." + pe.Field
	}
	if pe.Reason != "" && v.cat.has(key) {
		var args []any
		for k, val := range pe.Params {
			switch {
			case k == "from" || k == "to":
				val = v.Status(val)
			case k == "status" && pe.Reason == portal.ReasonRequestDecided:
				val = v.RequestStatus(val)
			}
			args = append(args, k, val)
		}
		return status, v.T(key, args...)
	}
	return status, pe.Message
}

type agentKey struct{}
type tokenKey struct{}

// agent admits a request with a live session of a support agent. Without
// one the browser goes to the sign-in page; a customer's session is
// refused, since the console is the support team's.
func (c *Console) agent(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ck, err := r.Cookie(sessionCookie)
		if err != nil || ck.Value == "" {
			c.toSignIn(w, r)
			return
		}
		caller, err := c.auth.CallerOfToken(r.Context(), ck.Value)
		if portal.ErrorCode(err) == portal.ENotFound {
			c.toSignIn(w, r)
			return
		} else if err != nil {
			v := c.newView(r, "signin.title")
			status, text := c.errorText(r, v, err)
			c.message(w, r, status, "signin.title", text)
			return
		}
		if caller.Kind != servercore.KindAgent {
			v := c.newView(r, "signin.title")
			c.message(w, r, http.StatusForbidden, "signin.title", v.T("error.agents_only"))
			return
		}
		ctx := context.WithValue(context.WithValue(r.Context(), agentKey{}, caller), tokenKey{}, ck.Value)
		r = r.WithContext(ctx)
		if r.Method == http.MethodPost {
			if !c.checkPost(w, r) {
				return
			}
		}
		next(w, r)
	}
}

func (c *Console) toSignIn(w http.ResponseWriter, r *http.Request) {
	http.Redirect(w, r, "/console/sign-in", http.StatusSeeOther)
}

// csrfToken is derived from the session token: it changes with every
// session, needs no storage, and cannot be computed without the cookie,
// which another site's page never sees (HttpOnly) nor sends (Strict).
func csrfToken(session string) string {
	h := sha256.Sum256([]byte("supportportal console csrf\x00" + session))
	return hex.EncodeToString(h[:16])
}

// checkPost reads the form and refuses a post whose CSRF token is wrong
// or that comes from another origin.
func (c *Console) checkPost(w http.ResponseWriter, r *http.Request) bool {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBody)
	v := c.newView(r, "error.title")
	if err := r.ParseForm(); err != nil {
		c.message(w, r, http.StatusBadRequest, "error.title", v.T("error.bad_form"))
		return false
	}
	want := csrfToken(r.Context().Value(tokenKey{}).(string))
	if !sameOrigin(r) || subtle.ConstantTimeCompare([]byte(r.PostForm.Get("csrf")), []byte(want)) != 1 {
		c.log.InfoContext(r.Context(), "console post refused", "reason", "csrf", "path", r.URL.Path)
		c.message(w, r, http.StatusForbidden, "error.title", v.T("error.csrf"))
		return false
	}
	return true
}

// sameOrigin rejects a post a browser says came from another origin; a
// request without Origin (older browsers, tests) relies on the token.
func sameOrigin(r *http.Request) bool {
	o := r.Header.Get("Origin")
	if o == "" {
		return true
	}
	u, err := url.Parse(o)
	return err == nil && u.Host == r.Host
}

func (c *Console) root(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/console/" {
		http.Redirect(w, r, "/console/queue", http.StatusSeeOther)
		return
	}
	v := c.newView(r, "notfound.title")
	c.message(w, r, http.StatusNotFound, "notfound.title", v.T("notfound.text"))
}

func (c *Console) css(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/css; charset=utf-8")
	w.Header().Set("Cache-Control", "max-age=3600")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	_, _ = w.Write(consoleCSS) // a client gone away is no error of ours
}

// setCookie sets a console cookie; it is Secure whenever the request came
// over TLS or the server's public address is https (TLS ending at a
// reverse proxy).
func (c *Console) setCookie(w http.ResponseWriter, r *http.Request, name, value string, expires time.Time, httpOnly bool) {
	ck := &http.Cookie{Name: name, Value: value, Path: cookiePath, HttpOnly: httpOnly,
		SameSite: http.SameSiteStrictMode, Secure: c.host.SecureCookies(r)}
	if expires.IsZero() {
		ck.MaxAge = -1
	} else {
		ck.Expires = expires
	}
	http.SetCookie(w, ck)
}
