package console_test

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"supportportal/internal/console"
	"supportportal/internal/httpapi"
	"supportportal/internal/mailout"
	"supportportal/internal/must"
	"supportportal/internal/portal"
	"supportportal/internal/servercore"
	"supportportal/internal/serverstore"
	"supportportal/internal/syncproto"
)

const password = "correct horse battery staple"

var hash = func() string {
	h, err := servercore.HashPassword(password)
	if err != nil {
		panic(err)
	}
	return h
}()

// env is the server with the console over a real SQLite file on loopback.
type env struct {
	t                 *testing.T
	st                *serverstore.DB
	srv               *httptest.Server
	vendor            string
	acme, globex      string
	customerToken     string
	customerGlobexTok string
	outbox            string
}

// newEnv starts the server with the console; opts change the server's
// configuration first.
func newEnv(t *testing.T, opts ...func(*httpapi.Config)) *env {
	t.Helper()
	ctx := context.Background()
	st, err := serverstore.Open(ctx, filepath.Join(t.TempDir(), "server.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	log := slog.New(slog.NewJSONHandler(io.Discard, nil))
	outbox := t.TempDir()
	cfg := httpapi.Config{Config: servercore.Config{Store: st, Mail: &mailout.Outbox{Dir: outbox}, Logger: log}}
	for _, o := range opts {
		o(&cfg)
	}
	api := httpapi.New(cfg)
	console.Mount(api, console.Config{Store: st, Auth: api.Core(), Logger: log})
	e := &env{t: t, st: st, srv: httptest.NewServer(api), outbox: outbox}
	t.Cleanup(e.srv.Close)
	e.vendor = must.Get(st.CreateVendor(ctx, "demo", syncproto.Profile{Vendor: portal.DefaultVendorProfile(), Categories: portal.DefaultComponentCategories()}))
	e.acme = must.Get(st.CreateCompany(ctx, servercore.Company{VendorID: e.vendor, Name: "Acme", Status: servercore.CompanyActive}))
	e.globex = must.Get(st.CreateCompany(ctx, servercore.Company{VendorID: e.vendor, Name: "Globex", Status: servercore.CompanyActive}))
	e.person(e.acme, "owner@acme.example", "Olivia Owner")
	e.person(e.globex, "admin@globex.example", "Gina Globex")
	e.person("", "agent@vendor.example", "Sam Support")
	e.customerToken = e.apiSignIn("owner@acme.example")
	e.customerGlobexTok = e.apiSignIn("admin@globex.example")
	return e
}

// exists reports whether anyone has the e-mail address (the store's
// PersonByEmail, which sign-in looks people up with).
func (e *env) exists(email string) bool {
	e.t.Helper()
	_, err := e.st.PersonByEmail(context.Background(), email)
	if portal.ErrorCode(err) == portal.ENotFound {
		return false
	} else if err != nil {
		e.t.Fatal(err)
	}
	return true
}

// comments counts the comments on every case of the vendor, as the
// console reads cases (the store's ListCases and Case).
func (e *env) comments() int {
	e.t.Helper()
	ctx := context.Background()
	scope := servercore.Scope{VendorID: e.vendor}
	n := 0
	for offset := 0; ; {
		page, err := e.st.ListCases(ctx, scope, offset, 100)
		if err != nil {
			e.t.Fatal(err)
		}
		for _, s := range page.Items {
			d, err := e.st.Case(ctx, scope, s.ID)
			if err != nil {
				e.t.Fatal(err)
			}
			n += len(d.Comments)
		}
		offset += len(page.Items)
		if len(page.Items) == 0 || offset >= page.Total {
			return n
		}
	}
}

func (e *env) person(company, email, name string) {
	p := servercore.Person{Person: syncproto.Person{VendorID: e.vendor, CompanyID: company, Kind: servercore.KindCustomer, Email: email, Name: name, ProductRole: servercore.RoleAccountOwner}, PasswordHash: hash}
	if company == "" {
		p.Kind = servercore.KindAgent
	}
	must.Get(e.st.CreatePerson(context.Background(), p))
}

// api calls the JSON API with a bearer token.
func (e *env) api(method, path, token string, body any) (int, []byte) {
	e.t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = strings.NewReader(string(b))
	}
	req, _ := http.NewRequest(method, e.srv.URL+path, rd)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, b
}

func (e *env) apiSignIn(email string) string {
	e.t.Helper()
	status, b := e.api("POST", "/v1/auth/sign-in", "", map[string]string{"email": email, "password": password})
	if status != 200 {
		e.t.Fatalf("sign-in %s: %d %s", email, status, b)
	}
	var out struct{ Token string }
	must.Do(json.Unmarshal(b, &out))
	return out.Token
}

// newCase creates a case through the customer API's push.
func (e *env) newCase(token, subject, priority string, created time.Time) string {
	e.t.Helper()
	id := uuid.NewString()
	payload, _ := json.Marshal(map[string]any{"caseId": id, "subject": subject, "categoryId": "courses", "subcategoryId": "courses.enrollment",
		"description": "It fails.", "priority": priority, "attachments": []any{}, "createdAt": created.UTC().Format(time.RFC3339Nano)})
	status, b := e.api("POST", "/v1/push", token, map[string]any{"mutations": []syncproto.Mutation{{ID: uuid.NewString(), Kind: syncproto.KindCaseCreate, Payload: payload}}})
	if status != 200 || !strings.Contains(string(b), `"applied"`) {
		e.t.Fatalf("push: %d %s", status, b)
	}
	return id
}

// browser is a cookie-keeping client that does not follow redirects, so
// tests see where the console sends it.
type browser struct {
	e      *env
	c      *http.Client
	lang   string
	origin string
	// from is sent as X-Forwarded-For (a client behind a proxy).
	from string
}

func (e *env) browser() *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{e: e, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

type page struct {
	status   int
	location string
	body     string
	header   http.Header
}

func (b *browser) do(method, path string, form url.Values) page {
	b.e.t.Helper()
	var rd io.Reader
	if form != nil {
		rd = strings.NewReader(form.Encode())
	}
	req, _ := http.NewRequest(method, b.e.srv.URL+path, rd)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if b.lang != "" {
		req.Header.Set("Accept-Language", b.lang)
	}
	if b.origin != "" {
		req.Header.Set("Origin", b.origin)
	}
	if b.from != "" {
		req.Header.Set("X-Forwarded-For", b.from)
	}
	res, err := b.c.Do(req)
	if err != nil {
		b.e.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return page{status: res.StatusCode, location: res.Header.Get("Location"), body: string(body), header: res.Header}
}

func (b *browser) get(path string) page { return b.do("GET", path, nil) }

var csrfRe = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func csrfOf(t *testing.T, p page) string {
	t.Helper()
	m := csrfRe.FindStringSubmatch(p.body)
	if m == nil {
		t.Fatalf("no csrf field in page:\n%s", p.body)
	}
	return m[1]
}

// signIn signs the browser in through the form and returns the CSRF token
// of the pages that follow.
func (b *browser) signIn(email string) (page, string) {
	t := b.e.t
	t.Helper()
	form := b.get("/console/sign-in")
	res := b.do("POST", "/console/sign-in", url.Values{"csrf": {csrfOf(t, form)}, "email": {email}, "password": {password}})
	if res.status != http.StatusSeeOther {
		return res, ""
	}
	q := b.get("/console/queue")
	if q.status != 200 {
		t.Fatalf("queue after sign-in: %d", q.status)
	}
	return res, csrfOf(t, q)
}

func (b *browser) agent() string {
	b.e.t.Helper()
	res, tok := b.signIn("agent@vendor.example")
	if res.status != http.StatusSeeOther || res.location != "/console/queue" {
		b.e.t.Fatalf("agent sign-in: %d %s %s", res.status, res.location, res.body)
	}
	return tok
}

func wantStatus(t *testing.T, p page, status int) page {
	t.Helper()
	if p.status != status {
		t.Fatalf("status %d, want %d (location %q):\n%s", p.status, status, p.location, p.body)
	}
	return p
}

func TestEveryPageNeedsAnAgentSession(t *testing.T) {
	e := newEnv(t)
	id := e.newCase(e.customerToken, "Printer on fire", "high", time.Now().Add(-time.Hour))
	gets := []string{"/console/", "/console/queue", "/console/cases/" + id, "/console/kb", "/console/kb/articles/new",
		"/console/kb/articles/x", "/console/counts", "/console/requests", "/console/audit"}
	posts := []string{"/console/sign-out", "/console/cases/" + id + "/reply", "/console/cases/" + id + "/status",
		"/console/cases/" + id + "/publish", "/console/kb/articles", "/console/kb/articles/x", "/console/kb/categories", "/console/kb/categories/x",
		"/console/requests/x/approve", "/console/requests/x/reject"}
	b := e.browser()
	for _, p := range gets {
		t.Run(p, func(t *testing.T) {
			res := b.get(p)
			if p == "/console/" {
				// The root only redirects to the queue, which then needs the session.
				res = b.get(res.location)
			}
			if res.status != http.StatusSeeOther || res.location != "/console/sign-in" {
				t.Errorf("GET %s: %d %q", p, res.status, res.location)
			}
		})
	}
	for _, p := range posts {
		t.Run(p, func(t *testing.T) {
			res := b.do("POST", p, url.Values{"body": {"hello"}, "status": {"solved"}})
			if res.status != http.StatusSeeOther || res.location != "/console/sign-in" {
				t.Errorf("POST %s: %d %q", p, res.status, res.location)
			}
		})
	}
	// An ended session is no session either.
	tok := b.agent()
	wantStatus(t, b.do("POST", "/console/sign-out", url.Values{"csrf": {tok}}), http.StatusSeeOther)
	if res := b.get("/console/queue"); res.location != "/console/sign-in" {
		t.Fatalf("after sign-out: %d %q", res.status, res.location)
	}
	// The sign-in page itself and the style sheet are public.
	wantStatus(t, b.get("/console/sign-in"), 200)
	css := wantStatus(t, b.get("/console/console.css"), 200)
	if !strings.HasPrefix(css.header.Get("Content-Type"), "text/css") {
		t.Fatalf("css type %q", css.header.Get("Content-Type"))
	}
	if count := e.comments(); count != 0 {
		t.Fatalf("%d comments written without a session", count)
	}
}

func TestSessionCookieAndHeaders(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	form := b.get("/console/sign-in")
	res := b.do("POST", "/console/sign-in", url.Values{"csrf": {csrfOf(t, form)}, "email": {"agent@vendor.example"}, "password": {password}})
	wantStatus(t, res, http.StatusSeeOther)
	var session *http.Cookie
	for _, c := range (&http.Response{Header: res.header}).Cookies() {
		if c.Name == "sp_console" {
			session = c
		}
	}
	if session == nil || !session.HttpOnly || session.SameSite != http.SameSiteStrictMode || session.Path != "/console/" || session.Value == "" {
		t.Fatalf("session cookie %+v", session)
	}
	q := wantStatus(t, b.get("/console/queue"), 200)
	csp := q.header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "default-src 'none'") || strings.Contains(csp, "script-src") || q.header.Get("Cache-Control") != "no-store" {
		t.Fatalf("headers %v", q.header)
	}
	if strings.Contains(q.body, "<script") {
		t.Fatal("the console runs no script")
	}
}

// Over TLS the session cookie is Secure as well.
func TestSecureCookieOverTLS(t *testing.T) {
	e := newEnv(t)
	tlsSrv := httptest.NewTLSServer(e.srv.Config.Handler)
	defer tlsSrv.Close()
	jar, _ := cookiejar.New(nil)
	c := tlsSrv.Client()
	c.Jar = jar
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	res, err := c.Get(tlsSrv.URL + "/console/sign-in")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	tok := csrfOf(t, page{body: string(body)})
	res, err = c.PostForm(tlsSrv.URL+"/console/sign-in", url.Values{"csrf": {tok}, "email": {"agent@vendor.example"}, "password": {password}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	var found bool
	for _, ck := range res.Cookies() {
		if ck.Name == "sp_console" {
			found = true
			if !ck.Secure || !ck.HttpOnly || ck.SameSite != http.SameSiteStrictMode {
				t.Fatalf("cookie %+v", ck)
			}
		}
	}
	if res.StatusCode != http.StatusSeeOther || !found {
		t.Fatalf("sign-in over TLS: %d, cookie %v", res.StatusCode, found)
	}
}

func TestWrongRoleRefused(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	res, _ := b.signIn("owner@acme.example")
	wantStatus(t, res, http.StatusForbidden)
	if !strings.Contains(res.body, "The console is for the support team") {
		t.Fatalf("no explanation:\n%s", res.body)
	}
	for _, c := range (&http.Response{Header: res.header}).Cookies() {
		if c.Name == "sp_console" && c.Value != "" {
			t.Fatal("a customer got a console session")
		}
	}
	// A customer's API session presented as the cookie is refused too.
	u, _ := url.Parse(e.srv.URL + "/console/")
	b.c.Jar.SetCookies(u, []*http.Cookie{{Name: "sp_console", Value: e.customerToken, Path: "/console/"}})
	wantStatus(t, b.get("/console/queue"), http.StatusForbidden)
	// Wrong password: refused with the message, no session.
	b2 := e.browser()
	res, _ = b2.signIn("agent@vendor.example-nope")
	wantStatus(t, res, http.StatusUnauthorized)
	if !strings.Contains(res.body, "The e-mail address or password is not correct.") {
		t.Fatalf("no message:\n%s", res.body)
	}
}

func TestCSRFRejected(t *testing.T) {
	e := newEnv(t)
	id := e.newCase(e.customerToken, "Printer on fire", "high", time.Now().Add(-time.Hour))
	b := e.browser()
	tok := b.agent()
	for i, form := range []url.Values{{"body": {"no token"}}, {"body": {"wrong token"}, "csrf": {strings.Repeat("0", len(tok))}}} {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			res := wantStatus(t, b.do("POST", "/console/cases/"+id+"/reply", form), http.StatusForbidden)
			if !strings.Contains(res.body, "did not come from the console") {
				t.Fatalf("no explanation:\n%s", res.body)
			}
		})
	}
	// The right token from another origin is refused as well.
	b.origin = "https://evil.example"
	wantStatus(t, b.do("POST", "/console/cases/"+id+"/reply", url.Values{"body": {"x"}, "csrf": {tok}}), http.StatusForbidden)
	b.origin = ""
	if n := e.comments(); n != 0 {
		t.Fatalf("%d comments written by forged posts", n)
	}
	// The sign-in form needs its own token (against login CSRF).
	b2 := e.browser()
	wantStatus(t, b2.do("POST", "/console/sign-in", url.Values{"email": {"agent@vendor.example"}, "password": {password}}), http.StatusForbidden)
	// Another session's token does not work in this one.
	b3 := e.browser()
	other := b3.agent()
	if other == tok {
		t.Fatal("two sessions share a CSRF token")
	}
	wantStatus(t, b.do("POST", "/console/cases/"+id+"/reply", url.Values{"body": {"x"}, "csrf": {other}}), http.StatusForbidden)
}

func TestReplyReachesCustomer(t *testing.T) {
	e := newEnv(t)
	id := e.newCase(e.customerToken, "Printer on fire", "high", time.Now().Add(-time.Hour))
	b := e.browser()
	tok := b.agent()
	cp := wantStatus(t, b.get("/console/cases/"+id), 200)
	commentID := regexp.MustCompile(`name="commentId" value="([^"]+)"`).FindStringSubmatch(cp.body)[1]
	form := url.Values{"csrf": {tok}, "commentId": {commentID}, "body": {"Please restart the printer.\nThen try again."}}
	res := wantStatus(t, b.do("POST", "/console/cases/"+id+"/reply", form), http.StatusSeeOther)
	// A double-submitted form adds the reply once.
	wantStatus(t, b.do("POST", "/console/cases/"+id+"/reply", form), http.StatusSeeOther)
	cp = wantStatus(t, b.get(res.location), 200)
	if !strings.Contains(cp.body, "Your reply was sent.") || !strings.Contains(cp.body, "Please restart the printer.\nThen try again.") {
		t.Fatalf("case page after reply:\n%s", cp.body)
	}
	status, body := e.api("GET", "/v1/cases/"+id, e.customerToken, nil)
	var d syncproto.CaseDetail
	must.Do(json.Unmarshal(body, &d))
	if status != 200 || len(d.Comments) != 1 || d.Comments[0].AuthorKind != "support" || d.Comments[0].AuthorName != "Sam Support" ||
		d.Comments[0].Body != "Please restart the printer.\nThen try again." {
		t.Fatalf("customer sees %d %s", status, body)
	}
	// An empty reply is refused with a message, and nothing is added.
	res = wantStatus(t, b.do("POST", "/console/cases/"+id+"/reply", url.Values{"csrf": {tok}, "body": {"  "}}), http.StatusBadRequest)
	if !strings.Contains(res.body, "A required field is empty.") {
		t.Fatalf("no message:\n%s", res.body)
	}
}

func TestStatusTransitions(t *testing.T) {
	e := newEnv(t)
	id := e.newCase(e.customerToken, "Printer on fire", "high", time.Now().Add(-time.Hour))
	b := e.browser()
	tok := b.agent()
	cp := wantStatus(t, b.get("/console/cases/"+id), 200)
	// A New case offers exactly the moves the workflow allows.
	sel := regexp.MustCompile(`(?s)<select id="status" name="status">(.*?)</select>`).FindStringSubmatch(cp.body)[1]
	for _, s := range []string{"in_progress", "waiting_on_customer", "solved", "closed"} {
		if !strings.Contains(sel, `value="`+s+`"`) {
			t.Errorf("status %s not offered: %s", s, sel)
		}
	}
	if strings.Contains(sel, `value="new"`) {
		t.Errorf("the current status is offered: %s", sel)
	}
	wantStatus(t, b.do("POST", "/console/cases/"+id+"/status", url.Values{"csrf": {tok}, "status": {"solved"}, "solution": {"Restart it."}}), http.StatusSeeOther)
	// Solved → Waiting on customer is not a move of the workflow.
	res := wantStatus(t, b.do("POST", "/console/cases/"+id+"/status", url.Values{"csrf": {tok}, "status": {"waiting_on_customer"}}), http.StatusConflict)
	if !strings.Contains(res.body, "A case cannot go from Solved to Waiting on customer.") {
		t.Fatalf("no message:\n%s", res.body)
	}
	b.lang = "de"
	res = wantStatus(t, b.do("POST", "/console/cases/"+id+"/status", url.Values{"csrf": {tok}, "status": {"waiting_on_customer"}}), http.StatusConflict)
	if !strings.Contains(res.body, "Ein Fall kann nicht von Gelöst zu Wartet auf Kunde wechseln.") {
		t.Fatalf("no German message:\n%s", res.body)
	}
	status, body := e.api("GET", "/v1/cases/"+id, e.customerToken, nil)
	var d syncproto.CaseDetail
	must.Do(json.Unmarshal(body, &d))
	if status != 200 || d.Status != "solved" || d.Solution != "Restart it." {
		t.Fatalf("case %d %s", status, body)
	}
}

func TestPublishSolution(t *testing.T) {
	e := newEnv(t)
	id := e.newCase(e.customerToken, "Enrollment fails", "medium", time.Now().Add(-time.Hour))
	b := e.browser()
	tok := b.agent()
	wantStatus(t, b.do("POST", "/console/kb/categories", url.Values{"csrf": {tok}, "nameEn": {"Courses"}, "nameDe": {"Kurse"}}), http.StatusSeeOther)
	cats, _ := e.st.KBCategories(context.Background(), e.vendor)
	if len(cats) != 1 {
		t.Fatalf("categories %+v", cats)
	}
	// Not solved yet: the page explains and a post is refused.
	cp := wantStatus(t, b.get("/console/cases/"+id), 200)
	if strings.Contains(cp.body, "/publish\"") {
		t.Fatal("publish offered before the case is solved")
	}
	res := wantStatus(t, b.do("POST", "/console/cases/"+id+"/publish", url.Values{"csrf": {tok}}), http.StatusConflict)
	if !strings.Contains(res.body, "Only the solution of a solved or closed case can be published.") {
		t.Fatalf("no message:\n%s", res.body)
	}
	wantStatus(t, b.do("POST", "/console/cases/"+id+"/status", url.Values{"csrf": {tok}, "status": {"solved"},
		"solution": {"Re-enroll the learner from **Course → Members**."}}), http.StatusSeeOther)
	cp = wantStatus(t, b.get("/console/cases/"+id), 200)
	if !strings.Contains(cp.body, "<strong>Course → Members</strong>") || !strings.Contains(cp.body, "Publish as knowledge article") {
		t.Fatalf("solved case page:\n%s", cp.body)
	}
	res = wantStatus(t, b.do("POST", "/console/cases/"+id+"/publish", url.Values{"csrf": {tok}, "title": {"Learners cannot enroll"},
		"categoryId": {cats[0].ID}, "locale": {"en"}, "tags": {"enrollment, courses"}}), http.StatusSeeOther)
	cp = wantStatus(t, b.get(res.location), 200)
	if !strings.Contains(cp.body, "The solution is published as a knowledge article.") || !strings.Contains(cp.body, `id="solution-article"`) {
		t.Fatalf("case page after publishing:\n%s", cp.body)
	}
	status, body := e.api("GET", "/v1/cases/"+id, e.customerToken, nil)
	var d syncproto.CaseDetail
	must.Do(json.Unmarshal(body, &d))
	if status != 200 || d.SolutionArticleID == "" {
		t.Fatalf("customer's case %s", body)
	}
	a, err := e.st.KBArticle(context.Background(), e.vendor, d.SolutionArticleID)
	if err != nil || a.FromCaseID != id || a.Title != "Learners cannot enroll" || a.Body != d.Solution || a.CategoryID != cats[0].ID ||
		strings.Join(a.Tags, "|") != "enrollment|courses" {
		t.Fatalf("article %+v %v", a, err)
	}
	// Publishing twice is refused; the knowledge page lists the article with its case.
	wantStatus(t, b.do("POST", "/console/cases/"+id+"/publish", url.Values{"csrf": {tok}}), http.StatusConflict)
	kb := wantStatus(t, b.get("/console/kb"), 200)
	if !strings.Contains(kb.body, "Learners cannot enroll") || !strings.Contains(kb.body, "/console/cases/"+id) {
		t.Fatalf("kb page:\n%s", kb.body)
	}
	// Edit the article: preview does not save, save bumps the version,
	// and a stale version is refused.
	ap := "/console/kb/articles/" + a.ID
	form := url.Values{"csrf": {tok}, "version": {"1"}, "title": {"Learners cannot enroll"}, "body": {"# Fix\nRe-enroll them."},
		"locale": {"en"}, "categoryId": {cats[0].ID}, "tags": {"enrollment"}, "action": {"preview"}}
	pv := wantStatus(t, b.do("POST", ap, form), 200)
	if !strings.Contains(pv.body, "<h1>Fix</h1>") || !strings.Contains(pv.body, "Preview (not saved yet)") {
		t.Fatalf("preview:\n%s", pv.body)
	}
	if cur, _ := e.st.KBArticle(context.Background(), e.vendor, a.ID); cur.Version != 1 {
		t.Fatal("preview saved the article")
	}
	form.Set("action", "save")
	wantStatus(t, b.do("POST", ap, form), http.StatusSeeOther)
	res = wantStatus(t, b.do("POST", ap, form), http.StatusConflict)
	if !strings.Contains(res.body, "Someone else saved this article") {
		t.Fatalf("no stale message:\n%s", res.body)
	}
}

// Whatever customers or agents type is shown as text, and Markdown is
// rendered through the sanitizer: nothing typed into a case or article
// becomes markup that runs.
func TestXSSRendersInert(t *testing.T) {
	e := newEnv(t)
	evil := `<script>alert("subject")</script><img src=x onerror=alert(1)>`
	id := e.newCase(e.customerToken, evil, "urgent", time.Now().Add(-time.Hour))
	b := e.browser()
	tok := b.agent()
	wantStatus(t, b.do("POST", "/console/cases/"+id+"/reply", url.Values{"csrf": {tok}, "body": {`<iframe src="javascript:alert(2)"></iframe>` + evil}}), http.StatusSeeOther)
	wantStatus(t, b.do("POST", "/console/cases/"+id+"/status", url.Values{"csrf": {tok}, "status": {"solved"},
		"solution": {"Fixed <script>alert(3)</script> [click](javascript:alert(4)) <img src=x onerror=alert(5)> **bold**"}}), http.StatusSeeOther)
	wantStatus(t, b.do("POST", "/console/cases/"+id+"/publish", url.Values{"csrf": {tok}, "title": {`"><script>alert(6)</script>`}}), http.StatusSeeOther)

	var pages []page
	pages = append(pages, wantStatus(t, b.get("/console/queue?status="), 200), wantStatus(t, b.get("/console/cases/"+id), 200), wantStatus(t, b.get("/console/kb"), 200))
	status, body := e.api("GET", "/v1/cases/"+id, e.customerToken, nil)
	var d syncproto.CaseDetail
	must.Do(json.Unmarshal(body, &d))
	if status != 200 || d.SolutionArticleID == "" {
		t.Fatalf("case %s", body)
	}
	pages = append(pages, wantStatus(t, b.get("/console/kb/articles/"+d.SolutionArticleID), 200))
	// Escaped text may still read "onerror=": what must not exist is an
	// element or attribute a browser would act on.
	active := regexp.MustCompile(`(?i)<script|<iframe|<img[^>]*\son[a-z]+\s*=|\s(href|src)\s*=\s*"?\s*javascript:`)
	for i, p := range pages {
		if m := active.FindString(p.body); m != "" {
			t.Errorf("page %d contains active markup %q:\n%s", i, m, p.body)
		}
	}
	if !strings.Contains(pages[0].body, html.EscapeString(`<script>alert("subject")</script>`)) {
		t.Errorf("subject not shown escaped in the queue:\n%s", pages[0].body)
	}
	if !strings.Contains(pages[1].body, "<strong>bold</strong>") || !strings.Contains(pages[1].body, "&lt;iframe") {
		t.Errorf("case page:\n%s", pages[1].body)
	}
}

func TestQueueFiltersAndOrder(t *testing.T) {
	e := newEnv(t)
	now := time.Now()
	old := e.newCase(e.customerToken, "Old acme case", "low", now.Add(-10*24*time.Hour))
	e.newCase(e.customerGlobexTok, "Globex urgent case", "urgent", now.Add(-2*time.Hour))
	newer := e.newCase(e.customerToken, "New acme case", "high", now.Add(-time.Hour))
	b := e.browser()
	tok := b.agent()
	// Touch the old case: it has waited less now, so it moves down.
	wantStatus(t, b.do("POST", "/console/cases/"+newer+"/status", url.Values{"csrf": {tok}, "status": {"in_progress"}}), http.StatusSeeOther)
	q := wantStatus(t, b.get("/console/queue"), 200).body
	i1, i2, i3 := strings.Index(q, "Old acme case"), strings.Index(q, "Globex urgent case"), strings.Index(q, "New acme case")
	if i1 < 0 || i2 < 0 || i3 < 0 || !(i1 < i2 && i2 < i3) {
		t.Fatalf("order %d %d %d:\n%s", i1, i2, i3, q)
	}
	cases := func(query string) []string {
		body := wantStatus(t, b.get("/console/queue?"+query), 200).body
		var out []string
		for _, s := range []string{"Old acme case", "Globex urgent case", "New acme case"} {
			if strings.Contains(body, s) {
				out = append(out, s)
			}
		}
		// In the order of the page.
		slices.SortFunc(out, func(a, b string) int { return strings.Index(body, a) - strings.Index(body, b) })
		return out
	}
	check := func(query string, want ...string) {
		t.Helper()
		if got := cases(query); strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("%s: %v, want %v", query, got, want)
		}
	}
	check("company="+e.globex+"&status=open", "Globex urgent case")
	check("priority=urgent&status=", "Globex urgent case")
	check("status=in_progress", "New acme case")
	check("status=open&age=7", "Old acme case")
	check("status=solved")
	wantStatus(t, b.do("POST", "/console/cases/"+old+"/status", url.Values{"csrf": {tok}, "status": {"closed"}}), http.StatusSeeOther)
	check("", "Globex urgent case", "New acme case") // open by default
	check("status=", "Globex urgent case", "New acme case", "Old acme case")
}

func TestQueuePaging(t *testing.T) {
	e := newEnv(t)
	for i := 0; i < 27; i++ {
		e.newCase(e.customerToken, "Case number "+string(rune('A'+i)), "medium", time.Now().Add(-time.Duration(30-i)*time.Minute))
	}
	b := e.browser()
	b.agent()
	p1 := wantStatus(t, b.get("/console/queue"), 200).body
	if !strings.Contains(p1, "Cases 1–25 of 27.") || !strings.Contains(p1, `rel="next"`) || strings.Contains(p1, `rel="prev"`) {
		t.Fatalf("page 1:\n%s", p1)
	}
	next := html.UnescapeString(regexp.MustCompile(`href="([^"]+)" rel="next"`).FindStringSubmatch(p1)[1])
	p2 := wantStatus(t, b.get(next), 200).body
	if !strings.Contains(p2, "Cases 26–27 of 27.") || !strings.Contains(p2, `rel="prev"`) {
		t.Fatalf("page 2:\n%s", p2)
	}
}

func TestLanguageChoice(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	b.lang = "de-CH, en;q=0.5"
	p := wantStatus(t, b.get("/console/sign-in"), 200)
	if !strings.Contains(p.body, `<html lang="de">`) || !strings.Contains(p.body, "Melden Sie sich mit Ihrem Support-Konto an.") {
		t.Fatalf("not German:\n%s", p.body)
	}
	// ?lang= wins and is remembered.
	p = wantStatus(t, b.get("/console/sign-in?lang=en"), 200)
	if !strings.Contains(p.body, `<html lang="en">`) {
		t.Fatalf("not English:\n%s", p.body)
	}
	p = wantStatus(t, b.get("/console/sign-in"), 200)
	if !strings.Contains(p.body, "Sign in with your support agent account.") {
		t.Fatalf("choice not remembered:\n%s", p.body)
	}
	b.agent()
	b.lang = "fr"
	p = wantStatus(t, b.get("/console/queue?lang=de"), 200)
	if !strings.Contains(p.body, "Fälle aller Firmen") || !strings.Contains(p.body, "Wartet auf Kunde") {
		t.Fatalf("queue not German:\n%s", p.body)
	}
}

func TestCountsAndRequests(t *testing.T) {
	e := newEnv(t)
	mut := func(kind string, payload map[string]any) syncproto.Mutation {
		b, _ := json.Marshal(payload)
		return syncproto.Mutation{ID: uuid.NewString(), Kind: kind, Payload: b}
	}
	ms := []syncproto.Mutation{
		mut(syncproto.KindCaseDeflection, map[string]any{"deflectionId": uuid.NewString(), "articleId": "art-1", "sourceId": "kb/reset.md"}),
		mut(syncproto.KindCaseDeflection, map[string]any{"deflectionId": uuid.NewString(), "articleId": "art-1", "sourceId": "kb/reset.md"}),
		mut(syncproto.KindArticleFeedback, map[string]any{"feedbackId": uuid.NewString(), "articleId": "art-1", "sourceId": "kb/reset.md", "locale": "en", "helpful": true}),
		mut(syncproto.KindArticleFeedback, map[string]any{"feedbackId": uuid.NewString(), "articleId": "art-2", "locale": "en", "helpful": false}),
	}
	status, body := e.api("POST", "/v1/push", e.customerToken, map[string]any{"mutations": ms})
	if status != 200 || strings.Contains(string(body), "rejected") {
		t.Fatalf("push %d %s", status, body)
	}
	b := e.browser()
	b.agent()
	p := wantStatus(t, b.get("/console/counts"), 200).body
	if !strings.Contains(p, `<strong id="total-deflections">2</strong>`) || !strings.Contains(p, "art-2") || !strings.Contains(p, "kb/reset.md") {
		t.Fatalf("counts page:\n%s", p)
	}
	r := wantStatus(t, b.get("/console/requests"), 200).body
	if !strings.Contains(r, `id="requests-empty"`) || strings.Contains(r, "<table") {
		t.Fatalf("requests page:\n%s", r)
	}
	wantStatus(t, b.get("/console/nope"), 404)
}
