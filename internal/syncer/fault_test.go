package syncer_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	mrand "math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/Shopify/toxiproxy/v2"
	"github.com/Shopify/toxiproxy/v2/collectors"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/rs/zerolog"

	"supportportal/internal/attach"
	"supportportal/internal/mailout"
	"supportportal/internal/portal"
	"supportportal/internal/server"
	"supportportal/internal/serverdb"
	"supportportal/internal/sqlite"
	"supportportal/internal/syncer"
)

// faultWorld is the real server on a fixed loopback port, restartable over
// the same SQLite file, reached through Toxiproxy so tests can reset
// connections, delay them, time them out, and cut answers after the server
// has acted on a request.
type faultWorld struct {
	t      *testing.T
	dbPath string
	addr   string
	st     *serverdb.DB
	http   *http.Server
	proxy  *toxiproxy.Proxy
	vendor string
	acme   string
}

func newFaultWorld(t *testing.T) *faultWorld {
	t.Helper()
	w := &faultWorld{t: t, dbPath: filepath.Join(t.TempDir(), "server.db")}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	w.addr = l.Addr().String()
	w.startServer(l)
	ctx := context.Background()
	w.vendor, _ = w.st.CreateVendor(ctx, "demo", server.Profile{Vendor: portal.DefaultVendorProfile(), Categories: portal.DefaultComponentCategories()})
	w.acme, _ = w.st.CreateCompany(ctx, server.Company{VendorID: w.vendor, Name: "Acme", Status: server.CompanyActive})
	for _, email := range []string{"ann@acme.example", "bob@acme.example", "cid@acme.example"} {
		if _, err := w.st.CreatePerson(ctx, server.Person{VendorID: w.vendor, CompanyID: w.acme, Kind: server.KindCustomer, Email: email,
			Name: email[:3], ProductRole: server.RoleAdministrator, PasswordHash: hash}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := w.st.CreatePerson(ctx, server.Person{VendorID: w.vendor, Kind: server.KindAgent, Email: "agent@vendor.example",
		Name: "Maria", PasswordHash: hash}); err != nil {
		t.Fatal(err)
	}
	srv := toxiproxy.NewServer(toxiproxy.NewMetricsContainer(prometheus.NewRegistry()), zerolog.Nop())
	srv.Metrics.ProxyMetrics = collectors.NewProxyMetricCollectors()
	w.proxy = toxiproxy.NewProxy(srv, "server", "127.0.0.1:0", w.addr)
	if err := w.proxy.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		w.proxy.Stop()
		w.stopServer()
	})
	return w
}

func (w *faultWorld) startServer(l net.Listener) {
	w.t.Helper()
	// Right after an abrupt stop, requests of the old server may still be
	// finishing their transactions: wait for the file as a new process would.
	var st *serverdb.DB
	var err error
	for range 100 {
		if st, err = serverdb.Open(context.Background(), w.dbPath); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		w.t.Fatal(err)
	}
	w.st = st
	api := server.New(server.Config{Store: st, Mail: &mailout.Outbox{Dir: filepath.Join(filepath.Dir(w.dbPath), "mail"), From: "s@example.com"},
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), SignInAttempts: 1000, FilesDir: filepath.Join(filepath.Dir(w.dbPath), "files")})
	w.http = &http.Server{Handler: api}
	go w.http.Serve(l)
}

func (w *faultWorld) stopServer() {
	if w.http != nil {
		w.http.Close()
		w.st.Close()
		w.http = nil
	}
}

// restart stops the server abruptly (open connections are cut) and starts
// it again on the same address over the same file.
func (w *faultWorld) restart() {
	w.t.Helper()
	w.stopServer()
	var l net.Listener
	var err error
	for range 50 {
		if l, err = net.Listen("tcp", w.addr); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		w.t.Fatal(err)
	}
	w.startServer(l)
}

func (w *faultWorld) proxyURL() string { return "http://" + w.proxy.Listen }

func (w *faultWorld) toxic(name, typ, stream string, attrs string) {
	w.t.Helper()
	_, err := w.proxy.Toxics.AddToxicJson(strings.NewReader(fmt.Sprintf(
		`{"name":%q,"type":%q,"stream":%q,"toxicity":1,"attributes":%s}`, name, typ, stream, attrs)))
	if err != nil {
		w.t.Fatal(err)
	}
}

func (w *faultWorld) calm() { w.proxy.Toxics.ResetToxics(context.Background()) }

type faultDevice struct {
	name    string
	dir     string
	db      *sqlite.DB
	cases   *sqlite.Cases
	engine  *syncer.Engine
	offline bool
	files   map[string][]string // case ID → sha256 of files attached here
}

func (w *faultWorld) device(email string) *faultDevice {
	w.t.Helper()
	ctx := context.Background()
	dir := w.t.TempDir()
	db, err := sqlite.Open(ctx, filepath.Join(dir, "portal.db"), sqlite.Options{})
	if err != nil {
		w.t.Fatal(err)
	}
	w.t.Cleanup(func() { db.Close() })
	sess, err := syncer.NewClient("http://"+w.addr, "").SignIn(ctx, email, password)
	if err != nil {
		w.t.Fatal(err)
	}
	c := syncer.NewClient(w.proxyURL(), sess.Token)
	c.HTTP.Timeout = 2 * time.Second // a stalled request gives up fast in tests
	blobs := attach.New(filepath.Join(dir, "attachments"))
	e := syncer.NewEngine(db, c, sqlite.SyncAccount{ServerURL: w.proxyURL(), PersonID: sess.Person.ID}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	e.Files = blobs
	return &faultDevice{name: email, dir: dir, db: db, cases: sqlite.NewCases(db, blobs), engine: e, files: map[string][]string{}}
}

func randomFile(t *testing.T, dir string, r *mrand.Rand) string {
	b := make([]byte, 200+r.IntN(4000))
	rand.Read(b)
	p := filepath.Join(dir, fmt.Sprintf("file-%d.bin", r.Int64()))
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestThreeAppsConvergeUnderFaults runs random work on three apps of one
// company (writing cases with files, commenting, going offline, syncing)
// while the network between them and the server misbehaves and the server
// restarts; afterwards, with the network calm, every app and the server
// hold the same cases and comments: nothing lost, nothing twice.
func TestThreeAppsConvergeUnderFaults(t *testing.T) {
	ops := 1000
	if testing.Short() {
		ops = 200
	}
	w := newFaultWorld(t)
	ctx := context.Background()
	devs := []*faultDevice{w.device("ann@acme.example"), w.device("bob@acme.example"), w.device("cid@acme.example")}
	agent, _ := syncer.NewClient("http://"+w.addr, "").SignIn(ctx, "agent@vendor.example", password)
	r := mrand.New(mrand.NewPCG(7, 11))
	faults := []func(){
		func() { w.toxic("lag", "latency", "downstream", `{"latency":30,"jitter":20}`) },
		func() { w.toxic("reset", "reset_peer", "upstream", `{"timeout":5}`) },
		func() { w.toxic("cut", "limit_data", "downstream", `{"bytes":60}`) }, // the answer is lost after the server acted
		func() { w.toxic("stall", "timeout", "downstream", `{"timeout":100}`) },
	}
	submitted, comments, syncs, failed := 0, 0, 0, 0
	for i := range ops {
		d := devs[r.IntN(len(devs))]
		switch k := r.IntN(100); {
		case k < 30: // write a case, sometimes with files
			dr, err := d.cases.SaveDraft(ctx, portal.DraftInput{Subject: fmt.Sprintf("Case %d by %s", i, d.name[:3]),
				CategoryID: "reports", SubcategoryID: "reports.export", Description: "Random work item"})
			if err != nil {
				t.Fatal(err)
			}
			if r.IntN(3) == 0 {
				if _, err := d.cases.AddDraftAttachments(ctx, dr.ID, []string{randomFile(t, d.dir, r), randomFile(t, d.dir, r)}, nil); err != nil {
					t.Fatal(err)
				}
			}
			c, err := d.cases.Submit(ctx, dr.ID)
			if err != nil {
				t.Fatal(err)
			}
			det, _ := d.cases.Case(ctx, c.ID)
			for _, a := range det.Attachments {
				d.files[c.ID] = append(d.files[c.ID], a.SHA256)
			}
			submitted++
		case k < 55: // comment on a case this app knows
			page, _ := d.cases.List(ctx, portal.CaseFilter{Limit: 50, Offset: r.IntN(3) * 10})
			if len(page.Items) == 0 {
				continue
			}
			c := page.Items[r.IntN(len(page.Items))]
			if _, err := d.cases.AddComment(ctx, c.ID, fmt.Sprintf("Comment %d from %s", i, d.name[:3])); err != nil {
				t.Fatal(err)
			}
			comments++
		case k < 60: // support moves a case along (never closes: comments keep flowing)
			page, _ := d.cases.List(ctx, portal.CaseFilter{Statuses: []string{"new", "in_progress"}, Limit: 20})
			if len(page.Items) > 0 {
				c := page.Items[r.IntN(len(page.Items))]
				to := []string{"in_progress", "waiting_on_customer", "solved"}[r.IntN(3)]
				_ = postQuiet("http://"+w.addr+"/v1/agent/cases/"+c.ID+"/status", agent.Token, map[string]any{"status": to, "solution": "Try again"})
			}
		case k < 66: // going offline or coming back
			d.offline = !d.offline
		case k < 72: // the network changes
			w.calm()
			if r.IntN(3) > 0 {
				faults[r.IntN(len(faults))]()
			}
		case k < 73:
			w.restart()
		default:
			if !d.offline {
				syncs++
				if _, err := d.engine.SyncOnce(ctx); err != nil {
					failed++ // expected: that is what the faults are for
				}
			}
		}
	}
	if failed == 0 {
		t.Fatalf("none of %d syncs failed: the faults did not bite", syncs)
	}
	// Calm network, everyone online: sync until nothing moves.
	w.calm()
	for round := range 4 {
		for _, d := range devs {
			if _, err := d.engine.SyncOnce(ctx); err != nil {
				t.Fatalf("round %d, %s: %v", round, d.name, err)
			}
		}
	}

	// The server: every case and comment exactly once.
	var nCases, nComments int
	w.st.SQL().QueryRow(`SELECT count(*) FROM support_case`).Scan(&nCases)
	w.st.SQL().QueryRow(`SELECT count(*) FROM case_comment WHERE author_kind = 'customer'`).Scan(&nComments)
	if nCases != submitted || nComments != comments {
		t.Fatalf("server has %d cases and %d comments; the apps wrote %d and %d", nCases, nComments, submitted, comments)
	}
	want := snapshot(t, w.st.SQL())
	for _, d := range devs {
		if n, _ := d.db.OutboxCount(ctx); n != 0 {
			t.Fatalf("%s: %d changes still in the outbox", d.name, n)
		}
		if got := snapshot(t, d.db.SQL()); got != want {
			t.Fatalf("%s differs from the server:\n%s", d.name, firstDiff(got, want))
		}
		// Files: what each app attached is on the server, by SHA-256.
		for caseID, sums := range d.files {
			var got []string
			rows, _ := w.st.SQL().Query(`SELECT sha256 FROM attachment WHERE case_id = ? AND comment_id IS NULL ORDER BY sha256`, caseID)
			for rows.Next() {
				var s string
				rows.Scan(&s)
				got = append(got, s)
			}
			rows.Close()
			sort.Strings(sums)
			if strings.Join(got, ",") != strings.Join(sums, ",") {
				t.Fatalf("case %s: server files %v, app files %v", caseID, got, sums)
			}
			for _, sum := range sums {
				if b, err := os.ReadFile(filepath.Join(filepath.Dir(w.dbPath), "files", "blobs", sum[:2], sum)); err != nil || sha(b) != sum {
					var up, present int
					var url, kind, owner string
					d.db.SQL().QueryRow(`SELECT uploaded, present, upload_url, owner_kind, owner_id FROM attachment WHERE sha256 = ?`, sum).Scan(&up, &present, &url, &kind, &owner)
					t.Fatalf("case %s: the server lacks the bytes of %s (%v); app row uploaded=%d present=%d url=%q %s %s", caseID, sum[:12], err, up, present, url, kind, owner)
				}
			}
		}
	}
	t.Logf("%d operations: %d cases, %d comments, %d syncs of which %d failed; all three apps equal the server", ops, submitted, comments, syncs, failed)
}

// postQuiet is post for moves that may be refused (a case that changed
// meanwhile); the refusal is part of the game.
func sha(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

func postQuiet(url, token string, body any) error {
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest("POST", url, bytes.NewReader(b))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	res.Body.Close()
	return nil
}

// snapshot renders a store's cases and comments the same way for the
// server and the apps (both name the tables alike), so they can be
// compared as text.
func snapshot(t *testing.T, db *sql.DB) string {
	t.Helper()
	var b strings.Builder
	rows, err := db.Query(`SELECT id, number, status FROM support_case ORDER BY number`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id, status string
		var n int64
		rows.Scan(&id, &n, &status)
		fmt.Fprintf(&b, "case %d %s %s\n", n, id, status)
	}
	rows.Close()
	rows, _ = db.Query(`SELECT m.id, c.number FROM case_comment m JOIN support_case c ON c.id = m.case_id ORDER BY c.number, m.id`)
	for rows.Next() {
		var id string
		var n int64
		rows.Scan(&id, &n)
		fmt.Fprintf(&b, "comment %d %s\n", n, id)
	}
	rows.Close()
	return b.String()
}

func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < max(len(al), len(bl)); i++ {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			return fmt.Sprintf("line %d: app %q, server %q (app %d lines, server %d)", i+1, x, y, len(al), len(bl))
		}
	}
	return "equal"
}

// The kill -9 test runs a sync in a child process (this test binary again)
// and kills it in the middle.
func TestMain(m *testing.M) {
	if os.Getenv("SYNCER_CHILD_DB") != "" {
		childSync()
		return
	}
	os.Exit(m.Run())
}

func childSync() {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, os.Getenv("SYNCER_CHILD_DB"), sqlite.Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	c := syncer.NewClient(os.Getenv("SYNCER_CHILD_URL"), os.Getenv("SYNCER_CHILD_TOKEN"))
	e := syncer.NewEngine(db, c, sqlite.SyncAccount{ServerURL: os.Getenv("SYNCER_CHILD_URL"), PersonID: os.Getenv("SYNCER_CHILD_PERSON")}, nil)
	fmt.Println("syncing")
	if _, err := e.SyncOnce(ctx); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	db.Close()
	os.Exit(0)
}

func TestKill9MidSyncThenConverges(t *testing.T) {
	w := newFaultWorld(t)
	ctx := context.Background()
	d := w.device("ann@acme.example")
	const n = 300
	for i := range n {
		dr, _ := d.cases.SaveDraft(ctx, portal.DraftInput{Subject: fmt.Sprintf("Queued %d", i), CategoryID: "reports", SubcategoryID: "reports.export", Description: "x"})
		if _, err := d.cases.Submit(ctx, dr.ID); err != nil {
			t.Fatal(err)
		}
	}
	d.db.Close()
	sess, _ := syncer.NewClient("http://"+w.addr, "").SignIn(ctx, "ann@acme.example", password)
	child := func() *exec.Cmd {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), "SYNCER_CHILD_DB="+filepath.Join(d.dir, "portal.db"), "SYNCER_CHILD_URL="+w.proxyURL(),
			"SYNCER_CHILD_TOKEN="+sess.Token, "SYNCER_CHILD_PERSON="+sess.Person.ID)
		return cmd
	}
	// Slow answers: each kill comes the moment the server has applied a
	// new batch, while its answer is still on the way to the app.
	w.toxic("lag", "latency", "downstream", `{"latency":400}`)
	serverCount := func() int {
		var n int
		w.st.SQL().QueryRow(`SELECT count(*) FROM support_case`).Scan(&n)
		return n
	}
	for range 3 {
		before := serverCount()
		cmd := child()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(20 * time.Second)
		for serverCount() == before && time.Now().Before(deadline) {
			time.Sleep(2 * time.Millisecond)
		}
		cmd.Process.Kill() // SIGKILL
		cmd.Wait()
	}
	// The kills must have hit mid-sync: the server has taken some of the
	// cases, and the app has not stored all the answers.
	var onServer, answered int
	w.st.SQL().QueryRow(`SELECT count(*) FROM support_case`).Scan(&onServer)
	if probe, err := sqlite.Open(ctx, filepath.Join(d.dir, "portal.db"), sqlite.Options{}); err == nil {
		probe.SQL().QueryRow(`SELECT count(*) FROM support_case WHERE number > 0`).Scan(&answered)
		probe.Close()
	}
	t.Logf("after three kills: server holds %d of %d cases, the app knows the numbers of %d", onServer, n, answered)
	if onServer <= answered {
		t.Fatalf("the kills did not land mid-sync (server %d, answered %d)", onServer, answered)
	}
	w.calm()
	cmd := child()
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("sync after the kills: %v\n%s", err, out)
	}
	db, err := sqlite.Open(ctx, filepath.Join(d.dir, "portal.db"), sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var serverCases, localSent, localNumbers int
	w.st.SQL().QueryRow(`SELECT count(*) FROM support_case`).Scan(&serverCases)
	db.SQL().QueryRow(`SELECT count(*) FROM support_case WHERE number > 0`).Scan(&localSent)
	db.SQL().QueryRow(`SELECT count(DISTINCT number) FROM support_case`).Scan(&localNumbers)
	if left, _ := db.OutboxCount(ctx); serverCases != n || localSent != n || localNumbers != n || left != 0 {
		t.Fatalf("server %d cases, app %d sent with %d distinct numbers, %d left in the outbox; want %d", serverCases, localSent, localNumbers, left, n)
	}
}

func TestServerRestartMidSyncLosesNothing(t *testing.T) {
	w := newFaultWorld(t)
	ctx := context.Background()
	d := w.device("bob@acme.example")
	const n = 250
	for i := range n {
		dr, _ := d.cases.SaveDraft(ctx, portal.DraftInput{Subject: fmt.Sprintf("Before restart %d", i), CategoryID: "reports", SubcategoryID: "reports.export", Description: "x"})
		d.cases.Submit(ctx, dr.ID)
	}
	w.toxic("lag", "latency", "downstream", `{"latency":100}`)
	done := make(chan error, 1)
	go func() { _, err := d.engine.SyncOnce(ctx); done <- err }()
	time.Sleep(150 * time.Millisecond)
	w.restart()
	<-done // fails or not, depending on where the restart hit
	w.calm()
	if _, err := d.engine.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	var serverCases int
	w.st.SQL().QueryRow(`SELECT count(*) FROM support_case`).Scan(&serverCases)
	if left, _ := d.db.OutboxCount(ctx); serverCases != n || left != 0 {
		t.Fatalf("server %d cases (want %d), %d left in the outbox", serverCases, n, left)
	}
}

// countingProxy wraps the proxy URL's transport to count request bytes.
type sentCounter struct {
	base http.RoundTripper
	n    int64
}

func (c *sentCounter) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.ContentLength > 0 {
		c.n += r.ContentLength
	}
	return c.base.RoundTrip(r)
}

func TestInterrupted50MBUploadResumesFromItsOffset(t *testing.T) {
	w := newFaultWorld(t)
	ctx := context.Background()
	d := w.device("ann@acme.example")
	big := filepath.Join(d.dir, "screen-recording.bin")
	b := make([]byte, 50<<20)
	rand.Read(b)
	if err := os.WriteFile(big, b, 0o600); err != nil {
		t.Fatal(err)
	}
	small := randomFile(t, d.dir, mrand.New(mrand.NewPCG(3, 3)))
	dr, _ := d.cases.SaveDraft(ctx, portal.DraftInput{Subject: "Video", CategoryID: "courses", SubcategoryID: "courses.content", Description: "x"})
	res, err := d.cases.AddDraftAttachments(ctx, dr.ID, []string{big, small}, nil)
	if err != nil || len(res.Attachments) != 2 {
		t.Fatalf("attach %+v %v", res, err)
	}
	d.cases.Submit(ctx, dr.ID)
	// The connection breaks after 20 MB have gone up.
	w.toxic("cut", "limit_data", "upstream", `{"bytes":20971520}`)
	counter := &sentCounter{base: http.DefaultTransport}
	d.engine.Client().HTTP.Transport = counter
	d.engine.Client().HTTP.Timeout = 30 * time.Second
	if _, err := d.engine.SyncOnce(ctx); err == nil {
		t.Fatal("the cut upload did not fail")
	}
	first := counter.n
	w.calm()
	counter.n = 0
	r, err := d.engine.SyncOnce(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("first attempt sent %d MB, the resumed one %d MB", first>>20, counter.n>>20)
	if counter.n >= 45<<20 {
		t.Fatalf("the resumed upload sent %d bytes: it started over", counter.n)
	}
	if r.Files < 1 {
		t.Fatalf("report %+v", r)
	}
	got, err := os.ReadFile(filepath.Join(filepath.Dir(w.dbPath), "files", "blobs", res.Attachments[0].SHA256[:2], res.Attachments[0].SHA256))
	if err != nil || sha(got) != res.Attachments[0].SHA256 {
		t.Fatalf("server copy: %v", err)
	}
}

func TestOneBadFileNeverBlocksTheRest(t *testing.T) {
	w := newFaultWorld(t)
	ctx := context.Background()
	d := w.device("ann@acme.example")
	r := mrand.New(mrand.NewPCG(5, 5))
	dr, _ := d.cases.SaveDraft(ctx, portal.DraftInput{Subject: "Two files", CategoryID: "reports", SubcategoryID: "reports.export", Description: "x"})
	res, _ := d.cases.AddDraftAttachments(ctx, dr.ID, []string{randomFile(t, d.dir, r), randomFile(t, d.dir, r)}, nil)
	d.cases.Submit(ctx, dr.ID)
	// The first file's bytes are damaged on this device after attaching.
	p := filepath.Join(d.dir, "attachments", res.Attachments[0].SHA256[:2], res.Attachments[0].SHA256)
	os.WriteFile(p, []byte("damaged"), 0o600)
	rep, err := d.engine.SyncOnce(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Files != 1 || rep.FilesFailed != 1 {
		t.Fatalf("report %+v", rep)
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(w.dbPath), "files", "blobs", res.Attachments[1].SHA256[:2], res.Attachments[1].SHA256)); err != nil {
		t.Fatal("the good file did not reach the server")
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(w.dbPath), "files", "blobs", res.Attachments[0].SHA256[:2], res.Attachments[0].SHA256)); err == nil {
		t.Fatal("the server kept a file whose content does not match its SHA-256")
	}
}
