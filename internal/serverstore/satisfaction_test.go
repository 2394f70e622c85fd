package serverstore_test

import (
	"context"
	"encoding/json"
	"path/filepath"
	"reflect"
	"supportportal/internal/serverstore/storetest"
	"testing"
	"time"

	"github.com/google/uuid"

	"supportportal/internal/portal"
	"supportportal/internal/servercore"
	"supportportal/internal/serverstore"
	"supportportal/internal/syncproto"
)

// csatWorld is a vendor with two companies: Ann and Bob of Acme, Gil of
// Globex, and two agents, Maria and Otto.
type csatWorld struct {
	t                          *testing.T
	db                         *serverstore.DB
	vendor                     string
	ann, bob, gil, maria, otto servercore.Caller
}

func newCSATWorld(t *testing.T) *csatWorld {
	t.Helper()
	ctx := context.Background()
	w := &csatWorld{t: t, db: open(t, filepath.Join(t.TempDir(), "server.db"))}
	var err error
	w.vendor, err = w.db.CreateVendor(ctx, "v", syncproto.Profile{Vendor: portal.DefaultVendorProfile(), Categories: portal.DefaultComponentCategories()})
	if err != nil {
		t.Fatal(err)
	}
	acme, _ := w.db.CreateCompany(ctx, servercore.Company{VendorID: w.vendor, Name: "Acme", Status: servercore.CompanyActive})
	globex, _ := w.db.CreateCompany(ctx, servercore.Company{VendorID: w.vendor, Name: "Globex", Status: servercore.CompanyActive})
	person := func(company, email, name string) servercore.Caller {
		kind := servercore.KindCustomer
		if company == "" {
			kind = servercore.KindAgent
		}
		if _, err := w.db.CreatePerson(ctx, servercore.Person{Person: syncproto.Person{VendorID: w.vendor, CompanyID: company, Kind: kind,
			Email: email, Name: name, ProductRole: servercore.RoleAdministrator}}); err != nil {
			t.Fatal(err)
		}
		p, err := w.db.PersonByEmail(ctx, email)
		if err != nil {
			t.Fatal(err)
		}
		return servercore.Caller{Person: p}
	}
	w.ann, w.bob = person(acme, "ann@acme.example", "Ann"), person(acme, "bob@acme.example", "Bob")
	w.gil = person(globex, "gil@globex.example", "Gil")
	w.maria, w.otto = person("", "maria@vendor.example", "Maria"), person("", "otto@vendor.example", "Otto")
	return w
}

func (w *csatWorld) apply(c servercore.Caller, m syncproto.Mutation) syncproto.MutationResult {
	w.t.Helper()
	r, err := w.db.Apply(context.Background(), c, m)
	if err != nil {
		w.t.Fatal(err)
	}
	return r
}

// newCase is a case of c's company in a component category.
func (w *csatWorld) newCase(c servercore.Caller, category, sub string) string {
	w.t.Helper()
	id := uuid.NewString()
	b, _ := json.Marshal(map[string]any{"caseId": id, "subject": "S", "categoryId": category, "subcategoryId": sub, "description": "D"})
	if r := w.apply(c, syncproto.Mutation{ID: uuid.NewString(), Kind: syncproto.KindCaseCreate, Payload: b}); r.Result != syncproto.ResultApplied {
		w.t.Fatalf("case: %+v", r.Error)
	}
	return id
}

func (w *csatWorld) setStatus(agent servercore.Caller, caseID, status string) {
	w.t.Helper()
	if _, err := w.db.SetStatus(context.Background(), agent, caseID, status, "", time.Now()); err != nil {
		w.t.Fatal(err)
	}
}

func rate(caseID, rating, comment string, at time.Time) syncproto.Mutation {
	m, err := syncproto.NewMutation(uuid.NewString(), &syncproto.CaseRate{CaseID: caseID, Rating: rating, Comment: comment, RatedAt: at.Format(time.RFC3339Nano)})
	if err != nil {
		panic(err)
	}
	return m
}

// caseState is what a rating may change: the case's rating, flag, seq and
// time, and the stored mutations.
type caseState struct {
	Satisfaction   *portal.Satisfaction
	NeedsAttention bool
	Seq            int64
	UpdatedAt      string
	Ratings        int
}

func (w *csatWorld) state(caseID string) caseState {
	w.t.Helper()
	var s caseState
	if err := storetest.Peek(w.t, w.db.Path).QueryRow(`SELECT needs_attention, seq, updated_at, (SELECT count(*) FROM case_satisfaction)
		FROM support_case WHERE id = ?`, caseID).Scan(&s.NeedsAttention, &s.Seq, &s.UpdatedAt, &s.Ratings); err != nil {
		w.t.Fatal(err)
	}
	d, err := w.db.Case(context.Background(), servercore.Scope{VendorID: w.vendor}, caseID)
	if err != nil {
		w.t.Fatal(err)
	}
	s.Satisfaction = d.Satisfaction
	return s
}

// A rating is applied exactly once, shows on the case for the company's
// other devices (the changes feed), and a colleague may change it while
// the case is Solved.
func TestRatingAppliedOnceAndSynced(t *testing.T) {
	w := newCSATWorld(t)
	ctx := context.Background()
	id := w.newCase(w.ann, "courses", "courses.enrollment")
	w.setStatus(w.maria, id, portal.StatusSolved)
	before, err := w.db.Changes(ctx, w.ann.CompanyID, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	cursor := mustInt(t, before.Cursor)

	at := time.Now().Add(-time.Hour).UTC().Truncate(time.Millisecond)
	m := rate(id, portal.RatingNotSatisfied, "  The export still fails.\nSee the log.  ", at)
	first := w.apply(w.ann, m)
	if first.Result != syncproto.ResultApplied || first.CaseID != id || first.CaseNumber != 1 || first.CaseStatus != portal.StatusSolved {
		t.Fatalf("first answer %+v %+v", first, first.Error)
	}
	got := w.state(id)
	want := &portal.Satisfaction{Rating: portal.RatingNotSatisfied, Comment: "The export still fails.\nSee the log.", RatedAt: at,
		RatedByID: w.ann.ID, RatedByName: "Ann"}
	if !reflect.DeepEqual(got.Satisfaction, want) || !got.NeedsAttention || got.Ratings != 1 {
		t.Fatalf("after rating: %+v %+v", got, got.Satisfaction)
	}
	// The same mutation again (its answer was lost) answers the same and
	// changes nothing: not the rating, not the case's place in the feed.
	if again := w.apply(w.ann, m); !reflect.DeepEqual(again, first) {
		t.Fatalf("replay answered %+v, first %+v", again, first)
	}
	if s := w.state(id); !reflect.DeepEqual(s, got) {
		t.Fatalf("replay changed the case: %+v, was %+v", s, got)
	}

	// Bob's device sees the rating in the feed, as the case's state.
	page, err := w.db.Changes(ctx, w.bob.CompanyID, cursor, 100)
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 1 || page.Items[0].Case == nil || !reflect.DeepEqual(page.Items[0].Case.Satisfaction, want) {
		t.Fatalf("feed after rating: %+v", page.Items)
	}
	// Gil, of another company, does not.
	if other, _ := w.db.Changes(ctx, w.gil.CompanyID, 0, 100); len(other.Items) != 0 {
		t.Fatalf("another company's feed holds %d items", len(other.Items))
	}

	// Bob changes the rating: it replaces Ann's, and the flag goes.
	w.apply(w.bob, rate(id, portal.RatingSatisfied, "", time.Now()))
	s := w.state(id)
	if s.Satisfaction.Rating != portal.RatingSatisfied || s.Satisfaction.Comment != "" || s.Satisfaction.RatedByName != "Bob" ||
		s.NeedsAttention || s.Ratings != 1 || s.Seq <= got.Seq {
		t.Fatalf("after Bob's rating: %+v %+v", s, s.Satisfaction)
	}
	// A time ahead of the server's clock is taken as now.
	w.apply(w.bob, rate(id, portal.RatingSatisfied, "", time.Now().Add(48*time.Hour)))
	if s := w.state(id); s.Satisfaction.RatedAt.After(time.Now()) {
		t.Fatalf("rated in the future: %v", s.Satisfaction.RatedAt)
	}
}

func mustInt(t *testing.T, s string) int64 {
	t.Helper()
	var n int64
	if err := json.Unmarshal([]byte(s), &n); err != nil {
		t.Fatal(err)
	}
	return n
}

// A rating is refused, with a reason the apps translate, for a case not
// (or no longer) Solved, another company's case, an unknown rating and
// deceptive text; a refusal changes nothing and is itself answered once.
func TestRatingRefused(t *testing.T) {
	w := newCSATWorld(t)
	open := w.newCase(w.ann, "courses", "courses.enrollment")
	closed := w.newCase(w.ann, "courses", "courses.enrollment")
	w.setStatus(w.maria, closed, portal.StatusSolved)
	w.setStatus(w.maria, closed, portal.StatusClosed)
	solved := w.newCase(w.ann, "users", "users.sso")
	w.setStatus(w.maria, solved, portal.StatusSolved)
	badRating := rate(solved, "meh", "", time.Now())
	for _, c := range []struct {
		name   string
		who    servercore.Caller
		m      syncproto.Mutation
		caseID string
		reason string
		field  string
	}{
		{"new case", w.ann, rate(open, portal.RatingSatisfied, "", time.Now()), open, "rating_not_solved", "rating"},
		{"closed case", w.ann, rate(closed, portal.RatingNotSatisfied, "", time.Now()), closed, "rating_closed", "rating"},
		{"another company's case", w.gil, rate(solved, portal.RatingNotSatisfied, "", time.Now()), solved, "case_not_found", ""},
		{"no such case", w.ann, rate(uuid.NewString(), portal.RatingSatisfied, "", time.Now()), solved, "case_not_found", ""},
		{"unknown rating", w.ann, badRating, solved, "unknown_rating", "rating"},
		{"bidi override", w.ann, rate(solved, portal.RatingNotSatisfied, "ok \u202egnorw", time.Now()), solved, "bidi_control", "comment"},
		{"control character", w.ann, rate(solved, portal.RatingNotSatisfied, "ok \x1b[31m", time.Now()), solved, "control_character", "comment"},
	} {
		before := w.state(c.caseID)
		r := w.apply(c.who, c.m)
		if r.Result != syncproto.ResultRejected || r.Error == nil || r.Error.Reason != c.reason || r.Error.Field != c.field {
			t.Errorf("%s: %+v %+v, want %s on %q", c.name, r, r.Error, c.reason, c.field)
			continue
		}
		if after := w.state(c.caseID); !reflect.DeepEqual(after, before) {
			t.Errorf("%s changed the case: %+v, was %+v", c.name, after, before)
		}
		if again := w.apply(c.who, c.m); !reflect.DeepEqual(again, r) {
			t.Errorf("%s: replay answered %+v", c.name, again)
		}
	}
}

// A "not satisfied" rating flags the case for the support team without
// reopening it: the open queue lists it first, the attention filter finds
// it; an agent's reply or status change clears the flag, a customer's
// comment does not.
func TestAttentionFlag(t *testing.T) {
	w := newCSATWorld(t)
	ctx := context.Background()
	waiting := w.newCase(w.ann, "courses", "courses.enrollment")
	id := w.newCase(w.ann, "reports", "reports.export")
	w.setStatus(w.maria, id, portal.StatusSolved)
	queue := func(f servercore.QueueFilter) []servercore.QueueItem {
		t.Helper()
		p, err := w.db.Queue(ctx, w.vendor, f, 0, 25)
		if err != nil {
			t.Fatal(err)
		}
		return p.Items
	}
	if q := queue(servercore.QueueFilter{Status: "open"}); len(q) != 1 || q[0].ID != waiting {
		t.Fatalf("open queue before rating: %+v", q)
	}
	w.apply(w.ann, rate(id, portal.RatingNotSatisfied, "Did not help", time.Now()))
	if s := w.state(id); !s.NeedsAttention || s.Satisfaction == nil {
		t.Fatalf("not flagged: %+v", s)
	}
	q := queue(servercore.QueueFilter{Status: "open"})
	if len(q) != 2 || q[0].ID != id || !q[0].NeedsAttention || q[0].Status != portal.StatusSolved || q[0].Rating != portal.RatingNotSatisfied ||
		q[1].ID != waiting || q[1].NeedsAttention || q[1].Rating != "" {
		t.Fatalf("open queue after rating: %+v", q)
	}
	if q := queue(servercore.QueueFilter{Attention: true}); len(q) != 1 || q[0].ID != id {
		t.Fatalf("attention filter: %+v", q)
	}
	if q := queue(servercore.QueueFilter{Status: portal.StatusNew, Attention: true}); len(q) != 0 {
		t.Fatalf("attention and status new: %+v", q)
	}
	if flag, err := w.db.NeedsAttention(ctx, w.vendor, id); err != nil || !flag {
		t.Fatalf("NeedsAttention %v %v", flag, err)
	}
	if _, err := w.db.NeedsAttention(ctx, "other-vendor", id); portal.ErrorCode(err) != portal.ENotFound {
		t.Fatalf("another vendor's case: %v", err)
	}

	// Maria replies: the flag goes, the status stays.
	if _, err := w.db.AddSupportComment(ctx, w.maria, id, "", "Sorry, let us look again.", time.Now()); err != nil {
		t.Fatal(err)
	}
	if s := w.state(id); s.NeedsAttention || s.Satisfaction.Rating != portal.RatingNotSatisfied {
		t.Fatalf("after the reply: %+v", s)
	}
	if q := queue(servercore.QueueFilter{Attention: true}); len(q) != 0 {
		t.Fatalf("attention after the reply: %+v", q)
	}
	// Rated again: flagged again; Ann comments (the case reopens), still
	// flagged; Maria changes the status: cleared.
	w.apply(w.ann, rate(id, portal.RatingNotSatisfied, "Still not", time.Now()))
	b, _ := json.Marshal(map[string]any{"commentId": uuid.NewString(), "caseId": id, "body": "It fails again."})
	if r := w.apply(w.ann, syncproto.Mutation{ID: uuid.NewString(), Kind: syncproto.KindCommentAdd, Payload: b}); r.CaseStatus != portal.StatusInProgress {
		t.Fatalf("comment: %+v", r)
	}
	if s := w.state(id); !s.NeedsAttention {
		t.Fatal("a customer's comment cleared the flag")
	}
	w.setStatus(w.maria, id, portal.StatusWaitingOnCustomer)
	if s := w.state(id); s.NeedsAttention {
		t.Fatal("a status change left the flag")
	}
}

// Ratings are counted per agent who solved the case and per component
// category, with the satisfied share; a case re-solved and rated again
// counts once, for the agent who solved it last.
func TestSatisfactionCounts(t *testing.T) {
	w := newCSATWorld(t)
	ctx := context.Background()
	if c, err := w.db.SatisfactionCounts(ctx, w.vendor); err != nil || len(c.ByAgent) != 0 || len(c.ByCategory) != 0 || c.Percent() != -1 {
		t.Fatalf("no ratings: %+v %v", c, err)
	}
	solveAndRate := func(agent, customer servercore.Caller, cat, sub, rating string) string {
		id := w.newCase(customer, cat, sub)
		w.setStatus(agent, id, portal.StatusSolved)
		w.apply(customer, rate(id, rating, "", time.Now()))
		return id
	}
	solveAndRate(w.maria, w.ann, "courses", "courses.enrollment", portal.RatingSatisfied)
	solveAndRate(w.maria, w.gil, "courses", "courses.content", portal.RatingNotSatisfied)
	solveAndRate(w.maria, w.bob, "users", "users.sso", portal.RatingSatisfied)
	moved := solveAndRate(w.maria, w.ann, "courses", "courses.enrollment", portal.RatingNotSatisfied)
	// Reopened, solved by Otto, rated again: Otto's now.
	w.setStatus(w.otto, moved, portal.StatusInProgress)
	w.setStatus(w.otto, moved, portal.StatusSolved)
	w.apply(w.ann, rate(moved, portal.RatingSatisfied, "Thanks Otto", time.Now()))
	// Unrated and another vendor's ratings do not count.
	w.setStatus(w.otto, w.newCase(w.ann, "reports", "reports.custom"), portal.StatusSolved)

	c, err := w.db.SatisfactionCounts(ctx, w.vendor)
	if err != nil {
		t.Fatal(err)
	}
	wantAgents := []servercore.SatisfactionRow{
		{Key: w.maria.ID, Name: "Maria", Satisfied: 2, NotSatisfied: 1},
		{Key: w.otto.ID, Name: "Otto", Satisfied: 1, NotSatisfied: 0},
	}
	wantCats := []servercore.SatisfactionRow{
		{Key: "courses", Satisfied: 2, NotSatisfied: 1},
		{Key: "users", Satisfied: 1, NotSatisfied: 0},
	}
	if !reflect.DeepEqual(c.ByAgent, wantAgents) || !reflect.DeepEqual(c.ByCategory, wantCats) || c.Satisfied != 3 || c.NotSatisfied != 1 {
		t.Fatalf("counts %+v", c)
	}
	if c.Percent() != 75 || c.ByAgent[0].Percent() != 67 || c.ByAgent[1].Percent() != 100 {
		t.Fatalf("percents %d %d %d", c.Percent(), c.ByAgent[0].Percent(), c.ByAgent[1].Percent())
	}
	if other, _ := w.db.SatisfactionCounts(ctx, "other-vendor"); len(other.ByAgent) != 0 || other.Satisfied != 0 {
		t.Fatalf("another vendor sees %+v", other)
	}
}
