package syncer_test

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"supportportal/internal/must"
	"supportportal/internal/serverstore/storetest"
	"sync/atomic"
	"testing"

	"supportportal/internal/portal"
	"supportportal/internal/syncer"
)

// gate stands between the apps and the real server: offline, every
// connection is cut before the server sees the request; with drop > 0,
// the server applies a push and the answer is lost.
type gate struct {
	srv     *httptest.Server
	offline atomic.Bool
	drop    atomic.Int32
}

func newGate(t *testing.T, w *world) *gate {
	g := &gate{}
	api := w.srv.Config.Handler
	g.srv = httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		cut := func() {
			if conn, _, err := http.NewResponseController(rw).Hijack(); err == nil {
				must.Do(conn.(*net.TCPConn).SetLinger(0))
				conn.Close()
			}
		}
		if g.offline.Load() {
			cut()
			return
		}
		if (r.URL.Path == "/v1/push" || r.URL.Path == "/v1/sync") && g.drop.Load() > 0 {
			g.drop.Add(-1)
			api.ServeHTTP(httptest.NewRecorder(), r)
			cut()
			return
		}
		api.ServeHTTP(rw, r)
	}))
	t.Cleanup(g.srv.Close)
	return g
}

// The customer rates a solved case "not satisfied" with a comment while
// offline: the rating waits in the outbox, reaches the server once when
// the app is back, flags the case for support and shows on a colleague's
// device; a colleague's change whose answer was lost applies once; a
// rating the server refuses (the case was closed meanwhile) shows why.
func TestRatingGivenOfflineConverges(t *testing.T) {
	w := newWorld(t)
	w.person(w.acme, "ann@acme.example")
	w.person(w.acme, "bob@acme.example")
	w.person("", "maria@vendor.example")
	ctx := context.Background()
	g := newGate(t, w)
	ann := w.device(g.srv.URL, "ann@acme.example")
	bob := w.device(g.srv.URL, "bob@acme.example")
	agent, err := syncer.NewClient(w.srv.URL, "").SignIn(ctx, "maria@vendor.example", password)
	if err != nil {
		t.Fatal(err)
	}
	c := ann.submit(t, "Certificates are not issued")
	ann.sync(t)
	post(t, w.srv.URL+"/v1/agent/cases/"+c.ID+"/status", agent.Token, map[string]any{"status": "solved", "solution": "Enable certificates on the course."})
	ann.sync(t)
	bob.sync(t)
	if d, _ := ann.cases.Case(ctx, c.ID); d.Status != portal.StatusSolved || !d.CanRate || d.Satisfaction != nil {
		t.Fatalf("solved case on ann's app: %s %v %+v", d.Status, d.CanRate, d.Satisfaction)
	}

	// Offline: rated, kept, waiting.
	g.offline.Store(true)
	if _, err := ann.cases.RateCase(ctx, c.ID, portal.RatingNotSatisfied, "Only half of the learners got one."); err != nil {
		t.Fatal(err)
	}
	if _, err := ann.engine.SyncOnce(ctx); !syncer.IsOffline(err) {
		t.Fatalf("offline sync: %v", err)
	}
	d, _ := ann.cases.Case(ctx, c.ID)
	if !d.SatisfactionPending || d.Satisfaction.Rating != portal.RatingNotSatisfied {
		t.Fatalf("offline: %+v", d.Satisfaction)
	}
	if st, _ := ann.db.SyncStateOf(ctx, ann.engine.Account()); st.Waiting != 1 {
		t.Fatalf("waiting %d", st.Waiting)
	}
	var n int
	n = storetest.Count(t, w.st.Path, `SELECT count(*) FROM case_satisfaction`)
	if n != 0 {
		t.Fatal("the server has a rating while the app was offline")
	}

	// Back online: sent once, confirmed, with the name the server knows.
	g.offline.Store(false)
	if r := ann.sync(t); r.Pushed != 1 || r.Rejected != 0 {
		t.Fatalf("report %+v", r)
	}
	d, _ = ann.cases.Case(ctx, c.ID)
	if d.SatisfactionPending || d.Satisfaction == nil || d.Satisfaction.Rating != portal.RatingNotSatisfied ||
		d.Satisfaction.Comment != "Only half of the learners got one." || d.Satisfaction.RatedByName != "ann" || d.Status != portal.StatusSolved {
		t.Fatalf("after sync: %s %+v", d.Status, d.Satisfaction)
	}
	var attention bool
	must.Do(storetest.Peek(t, w.st.Path).QueryRow(`SELECT needs_attention FROM support_case WHERE id = ?`, c.ID).Scan(&attention))
	if !attention {
		t.Fatal("the server did not flag the case")
	}
	bob.sync(t)
	bd, _ := bob.cases.Case(ctx, c.ID)
	if bd.SatisfactionPending || bd.Satisfaction == nil || *bd.Satisfaction != *d.Satisfaction {
		t.Fatalf("bob sees %+v, ann %+v", bd.Satisfaction, d.Satisfaction)
	}

	// Bob changes it; the server applies it, the answer is lost; the next
	// sync sends it again and nothing happens twice.
	if _, err := bob.cases.RateCase(ctx, c.ID, portal.RatingSatisfied, "Fixed after all."); err != nil {
		t.Fatal(err)
	}
	g.drop.Store(1)
	if _, err := bob.engine.SyncOnce(ctx); !syncer.IsOffline(err) {
		t.Fatalf("sync with a cut answer: %v", err)
	}
	var seq int64
	must.Do(storetest.Peek(t, w.st.Path).QueryRow(`SELECT seq FROM support_case WHERE id = ?`, c.ID).Scan(&seq))
	bob.sync(t)
	var seqAfter int64
	n = storetest.Count(t, w.st.Path, `SELECT count(*) FROM case_satisfaction`)
	must.Do(storetest.Peek(t, w.st.Path).QueryRow(`SELECT needs_attention, seq FROM support_case WHERE id = ?`, c.ID).Scan(&attention, &seqAfter))
	if n != 1 || attention || seqAfter != seq {
		t.Fatalf("after the resend: %d ratings, attention %v, seq %d → %d", n, attention, seq, seqAfter)
	}
	ann.sync(t)
	if d, _ := ann.cases.Case(ctx, c.ID); d.Satisfaction.Rating != portal.RatingSatisfied || d.Satisfaction.RatedByName != "bob" {
		t.Fatalf("ann after bob's change: %+v", d.Satisfaction)
	}

	// Support closes the case while Ann, offline, rates again: refused,
	// with the reason; the server's rating stays; dismissed, nothing waits.
	post(t, w.srv.URL+"/v1/agent/cases/"+c.ID+"/status", agent.Token, map[string]any{"status": "closed"})
	if _, err := ann.cases.RateCase(ctx, c.ID, portal.RatingNotSatisfied, "Changed my mind."); err != nil {
		t.Fatal(err)
	}
	if r := ann.sync(t); r.Rejected != 1 {
		t.Fatalf("report %+v", r)
	}
	d, _ = ann.cases.Case(ctx, c.ID)
	if d.Status != portal.StatusClosed || d.CanRate || d.SatisfactionPending || d.SatisfactionRefused == nil ||
		d.SatisfactionRefused.Reason != portal.ReasonRatingClosed || d.Satisfaction.Rating != portal.RatingSatisfied {
		t.Fatalf("refused: %s %+v %+v", d.Status, d.Satisfaction, d.SatisfactionRefused)
	}
	if _, err := ann.cases.DismissRating(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	if n, _ := ann.db.OutboxCount(ctx); n != 0 {
		t.Fatalf("outbox %d after dismiss", n)
	}
}
