package syncer_test

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	mrand "math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/Shopify/toxiproxy/v2"
	"github.com/Shopify/toxiproxy/v2/collectors"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/rs/zerolog"

	"supportportal/internal/appstore"
	"supportportal/internal/attach"
	"supportportal/internal/httpapi"
	"supportportal/internal/mailout"
	"supportportal/internal/must"
	"supportportal/internal/portal"
	"supportportal/internal/servercore"
	"supportportal/internal/serverstore"
	"supportportal/internal/serverstore/storetest"
	"supportportal/internal/syncer"
	"supportportal/internal/syncproto"
)

// faultWorld is the real server on a fixed loopback port, restartable over
// the same SQLite file, reached through Toxiproxy so tests can reset
// connections, delay them, time them out, and cut answers after the server
// has acted on a request.
type faultWorld struct {
	t      *testing.T
	dbPath string
	addr   string
	st     *serverstore.DB
	http   *http.Server
	proxy  *toxiproxy.Proxy
	vendor string
	acme   string
	// mutations counts the server's answers across restarts: recorded
	// for the first time, or replayed from the stored answer.
	mutations *serverstore.MutationCounts
	// pause, when set, holds the next request that applies a mutation for
	// the first time, right after its commit and before any answer.
	pause atomic.Pointer[applyPause]
	// inflight counts the server's requests still being handled.
	inflight atomic.Int64
}

// applyPause is one hold of the server between applying and answering.
type applyPause struct {
	applied chan struct{} // told once the mutation is committed
	release chan struct{} // closed to let the request go on
}

// pauseAfterNextApply arms a hold of the next first-time apply.
func (w *faultWorld) pauseAfterNextApply() *applyPause {
	p := &applyPause{applied: make(chan struct{}, 1), release: make(chan struct{})}
	w.pause.Store(p)
	w.t.Cleanup(func() {
		select {
		case <-p.release:
		default:
			close(p.release)
		}
	})
	return p
}

// hookedStore is the server's store with the test's hold after a
// first-time apply.
type hookedStore struct {
	*serverstore.DB
	w *faultWorld
}

func (s hookedStore) Apply(ctx context.Context, c servercore.Caller, m syncproto.Mutation) (syncproto.MutationResult, error) {
	before := s.DB.Mutations.Recorded.Load()
	res, err := s.DB.Apply(ctx, c, m)
	if err == nil && s.DB.Mutations.Recorded.Load() > before {
		if p := s.w.pause.Swap(nil); p != nil {
			p.applied <- struct{}{}
			<-p.release
		}
	}
	return res, err
}

func newFaultWorld(t *testing.T) *faultWorld {
	t.Helper()
	w := &faultWorld{t: t, dbPath: filepath.Join(t.TempDir(), "server.db"), mutations: &serverstore.MutationCounts{}}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	w.addr = l.Addr().String()
	w.startServer(l)
	ctx := context.Background()
	w.vendor, _ = w.st.CreateVendor(ctx, "demo", syncproto.Profile{Vendor: portal.DefaultVendorProfile(), Categories: portal.DefaultComponentCategories()})
	w.acme, _ = w.st.CreateCompany(ctx, servercore.Company{VendorID: w.vendor, Name: "Acme", Status: servercore.CompanyActive})
	for _, email := range []string{"ann@acme.example", "bob@acme.example", "cid@acme.example"} {
		if _, err := w.st.CreatePerson(ctx, servercore.Person{Person: syncproto.Person{VendorID: w.vendor, CompanyID: w.acme, Kind: servercore.KindCustomer, Email: email, Name: email[:3], ProductRole: servercore.RoleAdministrator}, PasswordHash: hash}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := w.st.CreatePerson(ctx, servercore.Person{Person: syncproto.Person{VendorID: w.vendor, Kind: servercore.KindAgent, Email: "agent@vendor.example", Name: "Maria"}, PasswordHash: hash}); err != nil {
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
	var st *serverstore.DB
	var err error
	for range 100 {
		if st, err = serverstore.Open(context.Background(), w.dbPath); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		w.t.Fatal(err)
	}
	st.Mutations = w.mutations
	w.st = st
	api := httpapi.New(httpapi.Config{Config: servercore.Config{
		Store: hookedStore{st, w}, Mail: &mailout.Outbox{Dir: filepath.Join(filepath.Dir(w.dbPath), "mail"), From: "s@example.com"},
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), SignInAttempts: 1000},
		FilesDir: filepath.Join(filepath.Dir(w.dbPath), "files"),
	})
	w.http = &http.Server{Handler: http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		w.inflight.Add(1)
		defer w.inflight.Add(-1)
		api.ServeHTTP(rw, r)
	})}
	go func() { _ = w.http.Serve(l) }() // ErrServerClosed when the test ends
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

// waitIdle waits until the server has finished every request, also those
// whose client is gone.
func (w *faultWorld) waitIdle() {
	w.t.Helper()
	for deadline := time.Now().Add(30 * time.Second); w.inflight.Load() > 0; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			w.t.Fatalf("%d requests still running after 30 s", w.inflight.Load())
		}
	}
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
	db      *appstore.DB
	cases   *appstore.Cases
	engine  *syncer.Engine
	offline bool
	files   map[string][]string // "case "/"comment " + ID → sha256 of files attached here
}

func (w *faultWorld) device(email string) *faultDevice {
	w.t.Helper()
	ctx := context.Background()
	dir := w.t.TempDir()
	db, err := appstore.Open(ctx, filepath.Join(dir, "portal.db"), appstore.Options{})
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
	e := syncer.NewEngine(db, c, appstore.SyncAccount{ServerURL: w.proxyURL(), PersonID: sess.Person.ID}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	e.Files = blobs
	return &faultDevice{name: email, dir: dir, db: db, cases: appstore.NewCases(db, blobs), engine: e, files: map[string][]string{}}
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
// company (writing cases with files, commenting with files, going offline,
// syncing) while support moves cases along, the network between the apps
// and the server misbehaves and the server restarts; afterwards, with the
// network calm, every app holds exactly the server's cases, comments and
// attachment records, field by field; the server holds every file's bytes;
// each change was applied once, and answers lost after the server applied
// a change were replayed from the stored answer, not applied again.
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
	submitted, comments, commentFiles, moves, syncs, failed := 0, 0, 0, 0, 0, 0
	attached := func(d *faultDevice, key string, as []portal.Attachment) {
		for _, a := range as {
			d.files[key] = append(d.files[key], a.SHA256)
		}
	}
	for i := range ops {
		d := devs[r.IntN(len(devs))]
		switch k := r.IntN(100); {
		case k < 30: // write a case, sometimes with files
			dr, err := d.cases.SaveDraft(ctx, portal.DraftInput{Subject: fmt.Sprintf("Case %d by %s", i, d.name[:3]),
				CategoryID: "reports", SubcategoryID: "reports.export", Description: fmt.Sprintf("Random work item %d", i)})
			if err != nil {
				t.Fatal(err)
			}
			if r.IntN(3) == 0 {
				// One or two files: every file is a few more round trips
				// through the faults, and the test stays about as long as
				// before comments had files.
				files := []string{randomFile(t, d.dir, r)}
				if r.IntN(2) == 0 {
					files = append(files, randomFile(t, d.dir, r))
				}
				if _, err := d.cases.AddDraftAttachments(ctx, dr.ID, files, nil); err != nil {
					t.Fatal(err)
				}
			}
			c, err := d.cases.Submit(ctx, dr.ID)
			if err != nil {
				t.Fatal(err)
			}
			det, _ := d.cases.Case(ctx, c.ID)
			attached(d, "case "+c.ID, det.Attachments)
			submitted++
		case k < 55: // comment on a case this app knows, sometimes with a file
			page, _ := d.cases.List(ctx, portal.CaseFilter{Limit: 50, Offset: r.IntN(3) * 10})
			if len(page.Items) == 0 {
				continue
			}
			c := page.Items[r.IntN(len(page.Items))]
			if r.IntN(4) == 0 {
				if _, err := d.cases.AddCommentAttachments(ctx, c.ID, []string{randomFile(t, d.dir, r)}, nil); err != nil {
					t.Fatal(err)
				}
				commentFiles++
			}
			m, err := d.cases.AddComment(ctx, c.ID, fmt.Sprintf("Comment %d from %s", i, d.name[:3]))
			if err != nil {
				t.Fatal(err)
			}
			attached(d, "comment "+m.ID, m.Attachments)
			comments++
		case k < 60: // support moves a case along (never closes: comments keep flowing)
			var open []syncproto.CaseSummary
			for _, c := range serverCaseList(t, w.st, w.vendor) {
				if c.Status != portal.StatusClosed {
					open = append(open, c)
				}
			}
			if len(open) == 0 {
				continue
			}
			pick := open[r.IntN(len(open))]
			id, from := pick.ID, pick.Status
			var tos []string
			for _, to := range []string{"in_progress", "waiting_on_customer", "solved"} {
				if portal.CanTransition(from, to) {
					tos = append(tos, to)
				}
			}
			to := tos[r.IntN(len(tos))]
			solution := fmt.Sprintf("Solution %d", i)
			// post fails the test on any answer but success.
			post(t, "http://"+w.addr+"/v1/agent/cases/"+id+"/status", agent.Token, map[string]any{"status": to, "solution": solution})
			if now := serverCase(t, w.st, w.vendor, id).Status; now != to {
				t.Fatalf("support moved case %s to %s; the server holds %s", id, to, now)
			}
			moves++
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
	if failed == 0 || commentFiles == 0 || moves == 0 {
		t.Fatalf("the run did not exercise what it claims: %d of %d syncs failed, %d comment files, %d status moves", failed, syncs, commentFiles, moves)
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
	onServer := serverCases(t, w.st, w.vendor)
	nCases, nComments := len(onServer), 0
	for _, c := range onServer {
		for _, m := range c.Comments {
			if m.AuthorKind == syncproto.AuthorCustomer {
				nComments++
			}
		}
	}
	if nCases != submitted || nComments != comments {
		t.Fatalf("server has %d cases and %d comments; the apps wrote %d and %d", nCases, nComments, submitted, comments)
	}
	// Every change applied once; lost answers replayed, not re-applied.
	// The stored answers are the exactly-once bookkeeping, which no
	// product path shows: read the file.
	var unique, applied int
	must.Do(storetest.Peek(t, w.dbPath).QueryRow(`SELECT count(*), coalesce(sum(json_extract(result, '$.result') = 'applied'), 0) FROM applied_mutation`).Scan(&unique, &applied))
	recorded, replayed := w.mutations.Recorded.Load(), w.mutations.Replayed.Load()
	if unique != submitted+comments || applied != unique || recorded != int64(unique) {
		t.Fatalf("the apps made %d changes; the server stored %d answers (%d applied) and recorded %d first answers", submitted+comments, unique, applied, recorded)
	}
	if replayed == 0 {
		t.Fatal("no answer was lost after the server applied a change: the replay path was never taken")
	}
	want := serverSnapshot(onServer)
	files := map[string][]string{} // "case ID" or "comment ID": the SHA-256 of each file, sorted
	for _, c := range onServer {
		for _, a := range c.Attachments {
			files["case "+c.ID] = append(files["case "+c.ID], a.SHA256)
		}
		for _, m := range c.Comments {
			for _, a := range m.Attachments {
				files["comment "+m.ID] = append(files["comment "+m.ID], a.SHA256)
			}
		}
	}
	for _, sums := range files {
		sort.Strings(sums)
	}
	for _, d := range devs {
		if n, _ := d.db.OutboxCount(ctx); n != 0 {
			t.Fatalf("%s: %d changes still in the outbox", d.name, n)
		}
		if got := snapshot(t, inFile(t, d.db.Path), appSnapshot); got != want {
			t.Fatalf("%s differs from the server:\n%s", d.name, firstDiff(got, want))
		}
		// Files: what each app attached is on the server, by SHA-256.
		for key, sums := range d.files {
			got := files[key]
			sort.Strings(sums)
			if strings.Join(got, ",") != strings.Join(sums, ",") {
				t.Fatalf("%s: server files %v, app files %v", key, got, sums)
			}
		}
	}
	// The server holds the bytes of every file it names.
	var sums []string
	for _, s := range files {
		sums = append(sums, s...)
	}
	slices.Sort(sums)
	sums = slices.Compact(sums)
	for _, sum := range sums {
		if b, err := os.ReadFile(filepath.Join(filepath.Dir(w.dbPath), "files", "blobs", sum[:2], sum)); err != nil || sha(b) != sum {
			t.Fatalf("the server lacks the bytes of %s (%v)", sum[:12], err)
		}
	}
	t.Logf("%d operations: %d cases, %d comments (%d with a file), %d files, %d status moves, %d syncs of which %d failed, %d answers replayed; all three apps equal the server",
		ops, submitted, comments, commentFiles, len(sums), moves, syncs, failed, replayed)
}

func sha(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// An app's records as rows of its store, to compare with the server's
// (serverSnapshot): cases (number, ID, author's name, subject,
// description, category, priority, status, solution), comments (case
// number, ID, author, body) and attachment records (case number, comment,
// ID, name, size, SHA-256, type).
var appSnapshot = []string{
	`SELECT number, id, author_name, subject, description, category_id, subcategory_id, priority, status, solution FROM support_case ORDER BY number`,
	`SELECT c.number, m.id, m.author_kind, m.author_name, m.body FROM case_comment m JOIN support_case c ON c.id = m.case_id ORDER BY c.number, m.id`,
	`SELECT c.number, '', a.id, a.name, a.size, a.sha256, a.mime_type FROM attachment a JOIN support_case c ON c.id = a.owner_id WHERE a.owner_kind = 'case'
	UNION ALL
	SELECT c.number, m.id, a.id, a.name, a.size, a.sha256, a.mime_type FROM attachment a JOIN case_comment m ON m.id = a.owner_id
	JOIN support_case c ON c.id = m.case_id WHERE a.owner_kind = 'comment'
	ORDER BY 1, 2, 3`,
}

// snapshot renders the rows of the queries as text, one line a row, so the
// server and an app can be compared line by line.
// inFile opens an app's store file as another program would, to compare
// it row by row with the server's.
func inFile(t *testing.T, path string) *sql.DB {
	t.Helper()
	f, err := sql.Open("sqlite3", path+"?_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func snapshot(t *testing.T, db *sql.DB, queries []string) string {
	t.Helper()
	var b strings.Builder
	for i, q := range queries {
		rows, err := db.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for j := range vals {
				ptrs[j] = &vals[j]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(&b, "%d", i)
			for _, v := range vals {
				if s, ok := v.([]byte); ok {
					v = string(s)
				}
				fmt.Fprintf(&b, " %q", fmt.Sprint(v))
			}
			b.WriteByte('\n')
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
	}
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
	db, err := appstore.Open(ctx, os.Getenv("SYNCER_CHILD_DB"), appstore.Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	c := syncer.NewClient(os.Getenv("SYNCER_CHILD_URL"), os.Getenv("SYNCER_CHILD_TOKEN"))
	e := syncer.NewEngine(db, c, appstore.SyncAccount{ServerURL: os.Getenv("SYNCER_CHILD_URL"), PersonID: os.Getenv("SYNCER_CHILD_PERSON")}, nil)
	fmt.Println("syncing")
	if _, err := e.SyncOnce(ctx); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	db.Close()
	os.Exit(0)
}

// TestKill9MidSyncThenConverges kills the syncing app (SIGKILL) three
// times, each time while the server has applied part of a batch and has
// not answered it: the server holds the request right after its first new
// commit until the app is dead. The next sync replays what was applied
// (answered from the stored answers) and converges: every case once.
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
	serverIDs := func() map[string]bool {
		ids := map[string]bool{}
		for _, c := range serverCaseList(t, w.st, w.vendor) {
			ids[c.ID] = true
		}
		return ids
	}
	for kill := 1; kill <= 3; kill++ {
		before := serverIDs()
		hold := w.pauseAfterNextApply()
		cmd := child()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		select {
		case <-hold.applied:
		case <-time.After(30 * time.Second):
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
			t.Fatalf("kill %d: the app's sync applied nothing new on the server", kill)
		}
		// The server has committed part of a batch and holds the answer.
		now := serverIDs()
		var fresh []string
		for id := range now {
			if !before[id] {
				fresh = append(fresh, id)
			}
		}
		_ = cmd.Process.Kill() // SIGKILL
		_ = cmd.Wait()
		close(hold.release)
		// The killed attempt's request may go on applying its batch; the
		// next attempt starts when it is over.
		w.waitIdle()
		if len(fresh) == 0 || len(fresh) >= syncer.PushBatch {
			t.Fatalf("kill %d: %d cases of a batch of %d applied at the kill; want part of it", kill, len(fresh), syncer.PushBatch)
		}
		// None of what the server applied in this attempt was answered.
		probe, err := appstore.Open(ctx, filepath.Join(d.dir, "portal.db"), appstore.Options{})
		if err != nil {
			t.Fatal(err)
		}
		var answered int
		for _, id := range fresh {
			c, err := appstore.NewCases(probe, nil).Case(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if c.Number > 0 {
				answered++
			}
		}
		probe.Close()
		if answered > 0 {
			t.Fatalf("kill %d: the app had stored %d answers of the %d cases applied in the killed attempt", kill, answered, len(fresh))
		}
		t.Logf("kill %d: the server had applied %d new case(s) of a batch, none answered; %d on the server", kill, len(fresh), len(now))
	}
	w.calm()
	cmd := child()
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("sync after the kills: %v\n%s", err, out)
	}
	db, err := appstore.Open(ctx, filepath.Join(d.dir, "portal.db"), appstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	onServer := serverCaseCount(t, w.st, w.vendor)
	var localSent, localNumbers int
	must.Do(inFile(t, db.Path).QueryRow(`SELECT count(*) FROM support_case WHERE number > 0`).Scan(&localSent))
	must.Do(inFile(t, db.Path).QueryRow(`SELECT count(DISTINCT number) FROM support_case`).Scan(&localNumbers))
	if left, _ := db.OutboxCount(ctx); onServer != n || localSent != n || localNumbers != n || left != 0 {
		t.Fatalf("server %d cases, app %d sent with %d distinct numbers, %d left in the outbox; want %d", onServer, localSent, localNumbers, left, n)
	}
	if rec, rep := w.mutations.Recorded.Load(), w.mutations.Replayed.Load(); rec != n || rep < 3 {
		t.Fatalf("server recorded %d first answers (want %d) and replayed %d (want at least one per kill)", rec, n, rep)
	}
}

// TestServerRestartMidSyncLosesNothing restarts the server while it is in
// the middle of a batch (applied in part, not answered): the interrupted
// sync fails, and the next one brings every case to the server once.
func TestServerRestartMidSyncLosesNothing(t *testing.T) {
	w := newFaultWorld(t)
	ctx := context.Background()
	d := w.device("bob@acme.example")
	const n = 250
	for i := range n {
		dr, _ := d.cases.SaveDraft(ctx, portal.DraftInput{Subject: fmt.Sprintf("Before restart %d", i), CategoryID: "reports", SubcategoryID: "reports.export", Description: "x"})
		if _, err := d.cases.Submit(ctx, dr.ID); err != nil {
			t.Fatal(err)
		}
	}
	hold := w.pauseAfterNextApply()
	done := make(chan error, 1)
	go func() { _, err := d.engine.SyncOnce(ctx); done <- err }()
	select {
	case <-hold.applied:
	case err := <-done:
		t.Fatalf("the sync ended (%v) before the server applied anything", err)
	}
	atRestart := serverCaseCount(t, w.st, w.vendor)
	w.restart()
	close(hold.release)
	if err := <-done; err == nil {
		t.Fatal("the sync the restart interrupted succeeded: the restart missed it")
	}
	if atRestart == 0 || atRestart >= syncer.PushBatch {
		t.Fatalf("%d cases applied at the restart; want part of a batch of %d", atRestart, syncer.PushBatch)
	}
	if _, err := d.engine.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	onServer := serverCaseCount(t, w.st, w.vendor)
	if left, _ := d.db.OutboxCount(ctx); onServer != n || left != 0 {
		t.Fatalf("server %d cases (want %d), %d left in the outbox", onServer, n, left)
	}
	if rec, rep := w.mutations.Recorded.Load(), w.mutations.Replayed.Load(); rec != n || rep < int64(atRestart) {
		t.Fatalf("server recorded %d first answers (want %d) and replayed %d (want the %d applied before the restart)", rec, n, rep, atRestart)
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
	must.Get(d.cases.Submit(ctx, dr.ID))
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
	must.Get(d.cases.Submit(ctx, dr.ID))
	// The first file's bytes are damaged on this device after attaching.
	p := filepath.Join(d.dir, "attachments", res.Attachments[0].SHA256[:2], res.Attachments[0].SHA256)
	must.Do(os.WriteFile(p, []byte("damaged"), 0o600))
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
