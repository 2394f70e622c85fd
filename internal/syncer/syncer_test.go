package syncer_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"supportportal/internal/appstore"
	"supportportal/internal/attach"
	"supportportal/internal/httpapi"
	"supportportal/internal/mailout"
	"supportportal/internal/must"
	"supportportal/internal/portal"
	"supportportal/internal/servercore"
	"supportportal/internal/serverstore"
	"supportportal/internal/syncer"
	"supportportal/internal/syncproto"
)

const password = "correct horse battery staple"

// world is a real server on loopback (its own SQLite file) and the people
// of one company who use it.
type world struct {
	t      testing.TB
	st     *serverstore.DB
	srv    *httptest.Server
	front  *httptest.Server // the server behind a switch that can drop answers
	drop   atomic.Int32     // answers to pushes (/v1/push, /v1/sync) still to drop after applying
	vendor string
	acme   string
	// filesDir is where the server keeps attachment files.
	filesDir string
	// served collects how long the server took per request, when on.
	served *requestLog
}

// requestLog is the server's logger in tests: it drops every line but
// keeps the time of each request (the "ms" of the server's request log
// line, from the handler's start to its end) while recording is on.
type requestLog struct {
	on atomic.Bool
	mu sync.Mutex
	ms []float64
}

func (l *requestLog) Enabled(context.Context, slog.Level) bool { return l.on.Load() }
func (l *requestLog) WithAttrs([]slog.Attr) slog.Handler       { return l }
func (l *requestLog) WithGroup(string) slog.Handler            { return l }
func (l *requestLog) Handle(_ context.Context, r slog.Record) error {
	if r.Message != "request" {
		return nil
	}
	r.Attrs(func(a slog.Attr) bool {
		if a.Key == "ms" {
			l.mu.Lock()
			l.ms = append(l.ms, a.Value.Float64())
			l.mu.Unlock()
			return false
		}
		return true
	})
	return nil
}

// take returns and forgets what was recorded.
func (l *requestLog) take() []float64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := l.ms
	l.ms = nil
	return out
}

func newWorld(t testing.TB) *world {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	served := &requestLog{}
	st, err := serverstore.Open(ctx, filepath.Join(dir, "server.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	api := httpapi.New(httpapi.Config{Config: servercore.Config{
		Store: st, Mail: &mailout.Outbox{Dir: filepath.Join(dir, "mail"), From: "s@example.com"},
		Logger: slog.New(served), PublicURL: "https://portal.example.com"},
		FilesDir: filepath.Join(dir, "files"),
	})
	w := &world{t: t, st: st, filesDir: filepath.Join(dir, "files"), served: served}
	w.srv = httptest.NewServer(api)
	t.Cleanup(w.srv.Close)
	// The front lets the server apply a push, then cuts the connection
	// before the answer reaches the app: the worst moment to lose one.
	w.front = httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if (r.URL.Path == "/v1/push" || r.URL.Path == "/v1/sync") && w.drop.Load() > 0 {
			w.drop.Add(-1)
			rec := httptest.NewRecorder()
			api.ServeHTTP(rec, r)
			conn, _, err := http.NewResponseController(rw).Hijack()
			if err == nil {
				must.Do(conn.(*net.TCPConn).SetLinger(0))
				conn.Close()
			}
			return
		}
		api.ServeHTTP(rw, r)
	}))
	t.Cleanup(w.front.Close)
	w.vendor, err = st.CreateVendor(ctx, "demo", syncproto.Profile{Vendor: portal.DefaultVendorProfile(), Categories: portal.DefaultComponentCategories()})
	if err != nil {
		t.Fatal(err)
	}
	w.acme, err = st.CreateCompany(ctx, servercore.Company{VendorID: w.vendor, Name: "Acme", Status: servercore.CompanyActive})
	if err != nil {
		t.Fatal(err)
	}
	return w
}

var hash = func() string {
	h, err := servercore.HashPassword(password)
	if err != nil {
		panic(err)
	}
	return h
}()

func (w *world) person(company, email string) {
	w.t.Helper()
	p := servercore.Person{Person: syncproto.Person{VendorID: w.vendor, CompanyID: company, Kind: servercore.KindCustomer, Email: email, Name: strings.Split(email, "@")[0], ProductRole: servercore.RoleAccountOwner}, PasswordHash: hash}
	if company == "" {
		p.Kind = servercore.KindAgent
	}
	if _, err := w.st.CreatePerson(context.Background(), p); err != nil {
		w.t.Fatal(err)
	}
}

// device is one desktop app: its own store, signed in as someone.
type device struct {
	blobs  *attach.Store
	db     *appstore.DB
	cases  *appstore.Cases
	engine *syncer.Engine
	client *syncer.Client
}

func (w *world) device(base, email string) *device {
	w.t.Helper()
	ctx := context.Background()
	dir := w.t.TempDir()
	db, err := appstore.Open(ctx, filepath.Join(dir, "portal.db"), appstore.Options{})
	if err != nil {
		w.t.Fatal(err)
	}
	w.t.Cleanup(func() { db.Close() })
	sess, err := syncer.NewClient(base, "").SignIn(ctx, email, password)
	if err != nil {
		w.t.Fatal(err)
	}
	c := syncer.NewClient(base, sess.Token)
	blobs := attach.New(filepath.Join(dir, "attachments"))
	e := syncer.NewEngine(db, c, appstore.SyncAccount{ServerURL: base, PersonID: sess.Person.ID}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	e.Files = blobs
	return &device{db: db, cases: appstore.NewCases(db, blobs), client: c, engine: e, blobs: blobs}
}

func (d *device) submit(t *testing.T, subject string) portal.CaseSummary {
	t.Helper()
	ctx := context.Background()
	dr, err := d.cases.SaveDraft(ctx, portal.DraftInput{Subject: subject, CategoryID: "courses", SubcategoryID: "courses.enrollment", Description: "Details of " + subject})
	if err != nil {
		t.Fatal(err)
	}
	c, err := d.cases.Submit(ctx, dr.ID)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func (d *device) sync(t *testing.T) syncer.Report {
	t.Helper()
	r, err := d.engine.SyncOnce(context.Background())
	if err != nil {
		t.Fatalf("sync: %v", err)
	}
	return r
}

func TestCaseWrittenOfflineReachesTheServerAndColleagues(t *testing.T) {
	w := newWorld(t)
	w.person(w.acme, "ann@acme.example")
	w.person(w.acme, "bob@acme.example")
	ctx := context.Background()
	ann := w.device(w.srv.URL, "ann@acme.example")
	bob := w.device(w.srv.URL, "bob@acme.example")

	c := ann.submit(t, "Learners cannot enroll")
	if _, err := ann.cases.AddComment(ctx, c.ID, "It started on Monday."); err != nil {
		t.Fatal(err)
	}
	if r := ann.sync(t); r.Pushed != 2 || r.Rejected != 0 {
		t.Fatalf("report %+v", r)
	}
	d, _ := ann.cases.Case(ctx, c.ID)
	if d.Number != 1 || d.Status != portal.StatusNew || d.Comments[0].Pending {
		t.Fatalf("after sync: number %d status %s pending %v", d.Number, d.Status, d.Comments[0].Pending)
	}
	if n, _ := ann.db.OutboxCount(ctx); n != 0 {
		t.Fatalf("outbox %d after sync", n)
	}
	// A second sync has nothing to do and changes nothing.
	ann.sync(t)
	if d2, _ := ann.cases.Case(ctx, c.ID); len(d2.Comments) != 1 || len(d2.History) != len(d.History) {
		t.Fatalf("second sync changed the case: %+v", d2)
	}

	// Bob's app pulls the company's cases: Ann's case, not marked as his.
	bob.sync(t)
	page, _ := bob.cases.List(ctx, portal.CaseFilter{})
	if page.Total != 1 || page.Items[0].Number != 1 || page.Items[0].Mine {
		t.Fatalf("bob's list %+v", page)
	}
	if mine, _ := bob.cases.List(ctx, portal.CaseFilter{Mine: true}); mine.Total != 0 {
		t.Fatal("Ann's case listed as Bob's own")
	}
	bd, _ := bob.cases.Case(ctx, c.ID)
	if len(bd.Comments) != 1 || bd.Comments[0].Body != "It started on Monday." {
		t.Fatalf("bob's view %+v", bd.Comments)
	}

	// Support answers and solves it; both apps show it after their sync.
	w.person("", "maria@vendor.example")
	agent := syncer.NewClient(w.srv.URL, "")
	sess, err := agent.SignIn(ctx, "maria@vendor.example", password)
	if err != nil {
		t.Fatal(err)
	}
	post(t, w.srv.URL+"/v1/agent/cases/"+c.ID+"/comments", sess.Token, map[string]any{"body": "Please re-publish the course."})
	post(t, w.srv.URL+"/v1/agent/cases/"+c.ID+"/status", sess.Token, map[string]any{"status": "solved", "solution": "Re-publish the course."})
	ann.sync(t)
	d, _ = ann.cases.Case(ctx, c.ID)
	if d.Status != portal.StatusSolved || d.Solution == nil || d.Solution.Text != "Re-publish the course." || len(d.Comments) != 2 || d.Comments[1].AuthorKind != "support" {
		t.Fatalf("after support answered: %+v", d)
	}
	// Ann comments on the Solved case: it reopens here and on the server.
	if _, err := ann.cases.AddComment(ctx, c.ID, "Still failing."); err != nil {
		t.Fatal(err)
	}
	ann.sync(t)
	bob.sync(t)
	bd, _ = bob.cases.Case(ctx, c.ID)
	if bd.Status != portal.StatusInProgress || len(bd.Comments) != 3 {
		t.Fatalf("bob after reopen: status %s, %d comments", bd.Status, len(bd.Comments))
	}
}

func post(t *testing.T, url, token string, body any) {
	t.Helper()
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest("POST", url, bytes.NewReader(b))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode >= 300 {
		msg, _ := io.ReadAll(res.Body)
		t.Fatalf("POST %s: %d %s", url, res.StatusCode, msg)
	}
}

func TestLostPushAnswerSendsNothingTwice(t *testing.T) {
	w := newWorld(t)
	w.person(w.acme, "ann@acme.example")
	ctx := context.Background()
	ann := w.device(w.front.URL, "ann@acme.example")
	c1 := ann.submit(t, "First")
	c2 := ann.submit(t, "Second")
	w.drop.Store(1)
	if _, err := ann.engine.SyncOnce(ctx); !syncer.IsOffline(err) {
		t.Fatalf("sync with a cut answer: %v", err)
	}
	// The server applied both; the app does not know yet.
	if d, _ := ann.cases.Case(ctx, c1.ID); d.Number != 0 || d.Status != portal.StatusWaitingToSend {
		t.Fatalf("app changed without an answer: %+v", d.CaseSummary)
	}
	ann.sync(t) // pushes the same mutations again
	if n := serverCaseCount(t, w.st, w.vendor); n != 2 {
		t.Fatalf("server holds %d cases, want 2", n)
	}
	d1, _ := ann.cases.Case(ctx, c1.ID)
	d2, _ := ann.cases.Case(ctx, c2.ID)
	if d1.Number != 1 || d2.Number != 2 {
		t.Fatalf("numbers %d, %d", d1.Number, d2.Number)
	}
	if n, _ := ann.db.OutboxCount(ctx); n != 0 {
		t.Fatalf("outbox %d", n)
	}
}

func TestRejectedMutationKeepsDataAndNeverBlocksTheRest(t *testing.T) {
	w := newWorld(t)
	w.person(w.acme, "ann@acme.example")
	ctx := context.Background()
	ann := w.device(w.srv.URL, "ann@acme.example")
	c := ann.submit(t, "Will be closed")
	ann.sync(t)
	// Support closes the case while Ann, offline, writes a comment.
	w.person("", "maria@vendor.example")
	sess, _ := syncer.NewClient(w.srv.URL, "").SignIn(ctx, "maria@vendor.example", password)
	post(t, w.srv.URL+"/v1/agent/cases/"+c.ID+"/status", sess.Token, map[string]any{"status": "closed"})
	if _, err := ann.cases.AddComment(ctx, c.ID, "One more detail"); err != nil {
		t.Fatal(err)
	}
	later := ann.submit(t, "Another problem")
	r := ann.sync(t)
	if r.Rejected != 1 || r.Pushed != 1 {
		t.Fatalf("report %+v", r)
	}
	st, _ := ann.db.SyncStateOf(ctx, ann.engine.Account())
	if st.Rejected != 1 || st.Waiting != 0 {
		t.Fatalf("state %+v", st)
	}
	// The rejected comment's text is still there for the user.
	d, _ := ann.cases.Case(ctx, c.ID)
	found := false
	for _, m := range d.Comments {
		found = found || m.Body == "One more detail"
	}
	if !found || d.Status != portal.StatusClosed {
		t.Fatalf("after rejection: status %s comments %+v", d.Status, d.Comments)
	}
	if dl, _ := ann.cases.Case(ctx, later.ID); dl.Number == 0 {
		t.Fatal("the case after the rejected comment was not sent")
	}
}

func TestRefusedSessionSignsOut(t *testing.T) {
	w := newWorld(t)
	w.person(w.acme, "ann@acme.example")
	ann := w.device(w.srv.URL, "ann@acme.example")
	ann.client.Token = "not-a-session"
	_, err := ann.engine.SyncOnce(context.Background())
	if !syncer.Unauthorized(err) {
		t.Fatalf("got %v", err)
	}
}

func TestNormalizeServerURL(t *testing.T) {
	good := map[string]string{
		"support.example.com":          "https://support.example.com",
		"https://support.example.com/": "https://support.example.com",
		"http://127.0.0.1:8080":        "http://127.0.0.1:8080",
	}
	for in, want := range good {
		t.Run(in, func(t *testing.T) {
			if got, err := syncer.NormalizeServerURL(in); err != nil || got != want {
				t.Errorf("%q → %q, %v", in, got, err)
			}
		})
	}
	for _, bad := range []string{"", "ftp://x", "http://support.example.com", "https://user:pw@x.example", "javascript:alert(1)"} {
		t.Run(bad, func(t *testing.T) {
			if _, err := syncer.NormalizeServerURL(bad); portal.ErrorCode(err) != portal.EInvalid {
				t.Errorf("%q accepted", bad)
			}
		})
	}
}

func TestBackoffGrowsAndIsCapped(t *testing.T) {
	prev := syncer.Backoff(1)
	if prev < syncer.MinBackoff/2 || prev > syncer.MinBackoff {
		t.Fatalf("first backoff %v", prev)
	}
	for n := 1; n < 30; n++ {
		if b := syncer.Backoff(n); b > syncer.MaxBackoff || b < syncer.MinBackoff/2 {
			t.Fatalf("backoff(%d) = %v", n, b)
		}
	}
	if syncer.Backoff(30) < syncer.MaxBackoff/2 {
		t.Fatal("backoff does not reach the cap")
	}
}

func TestPublishedSolutionArrivesAsArticleAndLinks(t *testing.T) {
	w := newWorld(t)
	w.person(w.acme, "ann@acme.example")
	w.person("", "maria@vendor.example")
	ctx := context.Background()
	ann := w.device(w.srv.URL, "ann@acme.example")
	c := ann.submit(t, "Gradebook export empty")
	ann.sync(t)
	sess, _ := syncer.NewClient(w.srv.URL, "").SignIn(ctx, "maria@vendor.example", password)
	post(t, w.srv.URL+"/v1/agent/cases/"+c.ID+"/status", sess.Token, map[string]any{"status": "solved", "solution": "Choose **All terms** before exporting the gradebook."})
	post(t, w.srv.URL+"/v1/agent/cases/"+c.ID+"/publish", sess.Token, map[string]any{})
	r := ann.sync(t)
	if r.Articles != 1 {
		t.Fatalf("report %+v", r)
	}
	d, _ := ann.cases.Case(ctx, c.ID)
	if d.Solution == nil || d.Solution.ArticleID == "" {
		t.Fatalf("solution not linked: %+v", d.Solution)
	}
	kb := appstore.NewKnowledge(ann.db)
	res, err := kb.Search(ctx, portal.SearchQuery{Text: "gradebook export"})
	if err != nil || len(res.Hits) == 0 || res.Hits[0].ID != d.Solution.ArticleID {
		t.Fatalf("the published article is not found by search: %+v %v", res.Hits, err)
	}
	// Nothing new: the next sync imports nothing again.
	if r := ann.sync(t); r.Articles != 0 {
		t.Fatalf("second sync imported %d articles", r.Articles)
	}
}

func TestSupportRepliesAndStatusChangesAreNoticed(t *testing.T) {
	w := newWorld(t)
	w.person(w.acme, "ann@acme.example")
	w.person("", "maria@vendor.example")
	ctx := context.Background()
	ann := w.device(w.srv.URL, "ann@acme.example")
	var got []appstore.Notice
	ann.engine.OnNotice = func(n []appstore.Notice) { got = append(got, n...) }
	c := ann.submit(t, "Certificates are blank")
	ann.sync(t)
	if len(got) != 0 {
		t.Fatalf("sending a case is not news: %+v", got)
	}
	sess, _ := syncer.NewClient(w.srv.URL, "").SignIn(ctx, "maria@vendor.example", password)
	post(t, w.srv.URL+"/v1/agent/cases/"+c.ID+"/comments", sess.Token, map[string]any{"body": "Which template?"})
	post(t, w.srv.URL+"/v1/agent/cases/"+c.ID+"/status", sess.Token, map[string]any{"status": "waiting_on_customer"})
	ann.sync(t)
	kinds := map[string]bool{}
	for _, n := range got {
		kinds[n.Kind] = true
		if n.CaseID != c.ID || n.Number != 1 || n.Subject != "Certificates are blank" {
			t.Fatalf("notice %+v", n)
		}
	}
	if !kinds["reply"] || !kinds["status"] || len(got) != 2 {
		t.Fatalf("notices %+v", got)
	}
	// Ann's own comment coming back is not news either.
	got = nil
	must.Get(ann.cases.AddComment(ctx, c.ID, "The blue one"))
	ann.sync(t)
	ann.sync(t)
	for _, n := range got {
		if n.Kind == "reply" {
			t.Fatalf("own comment noticed: %+v", got)
		}
	}
	// A new device's first sync brings history, not notifications.
	bob := w.device(w.srv.URL, "ann@acme.example")
	var first []appstore.Notice
	bob.engine.OnNotice = func(n []appstore.Notice) { first = append(first, n...) }
	bob.sync(t)
	if len(first) != 0 {
		t.Fatalf("first sync noticed %+v", first)
	}
}

// pathLog records the requests a client makes ("POST /v1/sync").
type pathLog struct {
	mu    sync.Mutex
	paths []string
}

func (l *pathLog) RoundTrip(r *http.Request) (*http.Response, error) {
	l.mu.Lock()
	l.paths = append(l.paths, r.Method+" "+r.URL.Path)
	l.mu.Unlock()
	return http.DefaultTransport.RoundTrip(r)
}

func (l *pathLog) take() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := l.paths
	l.paths = nil
	return out
}

// A periodic sync with nothing new makes one request; the heads that
// come with its page of changes send the app for the company account or
// the knowledge base exactly when those changed, whoever changed them.
func TestQuietSyncAsksOnlyForChanges(t *testing.T) {
	w := newWorld(t)
	w.person(w.acme, "ann@acme.example")
	ctx := context.Background()
	ann := w.device(w.srv.URL, "ann@acme.example")
	log := &pathLog{}
	ann.client.HTTP.Transport = log
	clock := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	ann.db.Now = func() time.Time { return clock }
	ann.sync(t)
	if got := log.take(); !slices.Contains(got, "GET /v1/account") {
		t.Fatalf("first sync did not fetch the account: %v", got)
	}
	accounts := appstore.NewAccounts(ann.db)
	_, fetched, _ := accounts.CompanyAccount(ctx)

	clock = clock.Add(time.Hour)
	ann.sync(t)
	if got := log.take(); !slices.Equal(got, []string{"POST /v1/sync"}) {
		t.Fatalf("a quiet sync made %v", got)
	}
	acc, confirmed, _ := accounts.CompanyAccount(ctx)
	if !confirmed.Equal(clock) || !confirmed.After(fetched) {
		t.Fatalf("My Account's copy is shown as of %v after a sync at %v", confirmed, clock)
	}
	if len(acc.Users) != 1 {
		t.Fatalf("users %+v", acc.Users)
	}

	// Support adds a portal user (the console or the command line): the
	// account rev moves and the next sync fetches the account, once.
	w.person(w.acme, "bob@acme.example")
	ann.sync(t)
	if got := log.take(); !slices.Equal(got, []string{"POST /v1/sync", "GET /v1/account"}) {
		t.Fatalf("after a new user the sync made %v", got)
	}
	if acc, _, _ := accounts.CompanyAccount(ctx); len(acc.Users) != 2 {
		t.Fatalf("the new user did not arrive: %+v", acc.Users)
	}
	ann.sync(t)
	if got := log.take(); !slices.Equal(got, []string{"POST /v1/sync"}) {
		t.Fatalf("the account was fetched again without a change: %v", got)
	}

	// Another company's change is not this company's news.
	other, err := w.st.CreateCompany(ctx, servercore.Company{VendorID: w.vendor, Name: "Globex", Status: servercore.CompanyActive})
	if err != nil {
		t.Fatal(err)
	}
	w.person(other, "gil@globex.example")
	ann.sync(t)
	if got := log.take(); !slices.Equal(got, []string{"POST /v1/sync"}) {
		t.Fatalf("another company's new user made this sync %v", got)
	}

	// A new article of the vendor: the knowledge base is fetched.
	if _, err := w.st.SaveKBArticle(ctx, w.vendor, syncproto.KBArticle{Locale: "en", Title: "Exporting the gradebook",
		Summary: "How to export", Body: "Choose **All terms**."}, time.Now()); err != nil {
		t.Fatal(err)
	}
	r := ann.sync(t)
	if got := log.take(); !slices.Contains(got, "GET /v1/kb/articles") || slices.Contains(got, "GET /v1/account") {
		t.Fatalf("after a new article the sync made %v", got)
	}
	if r.Articles != 1 {
		t.Fatalf("report %+v", r)
	}
	ann.sync(t)
	if got := log.take(); !slices.Equal(got, []string{"POST /v1/sync"}) {
		t.Fatalf("the knowledge base was fetched again without a change: %v", got)
	}
}

// Queued work and the changes it causes travel in one round trip: the
// last batch of the outbox goes with the request for changes, whose page
// already carries the server's answers (the case numbers). Full batches
// go ahead on their own.
func TestOneRoundTripPushesAndPulls(t *testing.T) {
	w := newWorld(t)
	w.person(w.acme, "ann@acme.example")
	ctx := context.Background()
	ann := w.device(w.srv.URL, "ann@acme.example")
	log := &pathLog{}
	ann.client.HTTP.Transport = log
	ann.sync(t)
	log.take()

	c1, c2 := ann.submit(t, "First"), ann.submit(t, "Second")
	if r := ann.sync(t); r.Pushed != 2 {
		t.Fatalf("report %+v", r)
	}
	if got := log.take(); !slices.Equal(got, []string{"POST /v1/sync"}) {
		t.Fatalf("a sync with two queued cases made %v", got)
	}
	d1, _ := ann.cases.Case(ctx, c1.ID)
	d2, _ := ann.cases.Case(ctx, c2.ID)
	if d1.Number != 1 || d2.Number != 2 || d1.Status != portal.StatusNew {
		t.Fatalf("after one round trip: #%d %s, #%d", d1.Number, d1.Status, d2.Number)
	}

	for i := range syncer.PushBatch + 1 {
		ann.submit(t, fmt.Sprintf("Queued %d", i))
	}
	if r := ann.sync(t); r.Pushed != syncer.PushBatch+1 {
		t.Fatalf("report %+v", r)
	}
	if got := log.take(); !slices.Equal(got, []string{"POST /v1/push", "POST /v1/sync"}) {
		t.Fatalf("a sync with %d queued cases made %v", syncer.PushBatch+1, got)
	}
	if n, _ := ann.db.OutboxCount(ctx); n != 0 {
		t.Fatalf("outbox %d", n)
	}
	if n := serverCaseCount(t, w.st, w.vendor); n != syncer.PushBatch+3 {
		t.Fatalf("server holds %d cases", n)
	}
}

// An app newer than its server: a server without POST /v1/sync answers
// as it does for any path it lacks, and the app pushes and pulls apart,
// as before, from then on without asking again.
func TestServerWithoutOneRoundTrip(t *testing.T) {
	w := newWorld(t)
	w.person(w.acme, "ann@acme.example")
	ctx := context.Background()
	api := w.srv.Config.Handler
	old := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/v1/sync" {
			r.URL.Path = "/v1/no-such-endpoint"
		}
		api.ServeHTTP(rw, r)
	}))
	t.Cleanup(old.Close)
	ann := w.device(old.URL, "ann@acme.example")
	log := &pathLog{}
	ann.client.HTTP.Transport = log
	c1 := ann.submit(t, "First")
	if r := ann.sync(t); r.Pushed != 1 {
		t.Fatalf("report %+v", r)
	}
	if got := log.take(); len(got) < 3 || !slices.Equal(got[:3], []string{"POST /v1/sync", "POST /v1/push", "GET /v1/changes"}) {
		t.Fatalf("first sync against an older server made %v", got)
	}
	c2 := ann.submit(t, "Second")
	ann.sync(t)
	if got := log.take(); !slices.Equal(got, []string{"POST /v1/push", "GET /v1/changes"}) {
		t.Fatalf("next sync made %v", got)
	}
	d1, _ := ann.cases.Case(ctx, c1.ID)
	d2, _ := ann.cases.Case(ctx, c2.ID)
	if d1.Number != 1 || d2.Number != 2 {
		t.Fatalf("numbers %d, %d", d1.Number, d2.Number)
	}
}

// Language, locale and time zone follow the person: a change made in one
// app reaches the server with the next sync, and a new device takes them
// at sign-in, unless a change made there first is still waiting.
func TestSettingsFollowThePersonToANewDevice(t *testing.T) {
	w := newWorld(t)
	w.person(w.acme, "ann@acme.example")
	ctx := context.Background()
	ann := w.device(w.srv.URL, "ann@acme.example")
	settings := appstore.NewSettingsService(ann.db)
	settings.SignedIn = func() bool { return true }
	de, locale, zone, dark := "de", "de-DE", "Europe/Berlin", "dark"
	if _, err := settings.UpdateSettings(ctx, portal.SettingsUpdate{Theme: &dark}); err != nil {
		t.Fatal(err)
	}
	if r := ann.sync(t); r.Pushed != 0 {
		t.Fatalf("a theme change was sent: %+v", r)
	}
	if _, err := settings.UpdateSettings(ctx, portal.SettingsUpdate{Language: &de, Locale: &locale, TimeZone: &zone}); err != nil {
		t.Fatal(err)
	}
	if r := ann.sync(t); r.Pushed != 1 {
		t.Fatalf("the settings were not sent: %+v", r)
	}
	// The answer comes with the heads of the same request: they carry the
	// change just made, not the settings read with the session before it.
	if got, _ := settings.Settings(ctx); got.Language != "de" || got.TimeZone != "Europe/Berlin" {
		t.Fatalf("the app's own change was undone by its sync: %+v", got)
	}

	sess, err := syncer.NewClient(w.srv.URL, "").SignIn(ctx, "ann@acme.example", password)
	if err != nil {
		t.Fatal(err)
	}
	got := sess.Person.Settings
	if got == nil || got.Language != "de" || got.Locale != "de-DE" || got.TimeZone != "Europe/Berlin" {
		t.Fatalf("the server keeps %+v", got)
	}
	laptop := w.device(w.srv.URL, "ann@acme.example")
	s, err := appstore.NewSettingsService(laptop.db).AdoptServerSettings(ctx, got.Language, got.Locale, got.TimeZone)
	if err != nil || s.Language != "de" || s.TimeZone != "Europe/Berlin" || s.Theme != "system" {
		t.Fatalf("the new device has %+v %v", s, err)
	}

	// A device whose own change waits keeps it.
	tablet := w.device(w.srv.URL, "ann@acme.example")
	ts := appstore.NewSettingsService(tablet.db)
	ts.SignedIn = func() bool { return true }
	en := "en"
	if _, err := ts.UpdateSettings(ctx, portal.SettingsUpdate{Language: &en, Locale: &locale}); err != nil {
		t.Fatal(err)
	}
	if s, _ := ts.AdoptServerSettings(ctx, "de", "de-DE", "Europe/Berlin"); s.Language != "en" {
		t.Fatalf("a waiting change was overwritten: %+v", s)
	}
	// Values the server would refuse are refused here too, and change nothing.
	if _, err := appstore.NewSettingsService(laptop.db).AdoptServerSettings(ctx, "xx", "", ""); err == nil || portal.AsError(err).Reason != portal.ReasonUnknownLanguage {
		t.Fatalf("adopting a bad language: %v", err)
	}

	// A device already signed in takes a later change with its next sync.
	chicago := "America/Chicago"
	if _, err := settings.UpdateSettings(ctx, portal.SettingsUpdate{Language: &en, TimeZone: &chicago}); err != nil {
		t.Fatal(err)
	}
	ann.sync(t)
	laptop.sync(t)
	if s, _ := appstore.NewSettingsService(laptop.db).Settings(ctx); s.Language != "en" || s.TimeZone != "America/Chicago" || s.Locale != "de-DE" {
		t.Fatalf("the signed-in laptop has %+v", s)
	}
	// ...and the tablet, whose own change waits, sends it rather than
	// taking the server's: the server then has the tablet's.
	tablet.sync(t)
	if s, _ := ts.Settings(ctx); s.Language != "en" || s.Locale != "de-DE" || s.TimeZone != "" {
		t.Fatalf("the tablet has %+v", s)
	}
	laptop.sync(t)
	if s, _ := appstore.NewSettingsService(laptop.db).Settings(ctx); s.TimeZone != "" {
		t.Fatalf("the tablet's later change did not reach the laptop: %+v", s)
	}
}
