package appstore_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"supportportal/internal/appstore"
	"supportportal/internal/must"
	"supportportal/internal/portal"
	"supportportal/internal/syncproto"
)

// ratingsQueued are the case.rate entries waiting in the outbox.
func ratingsQueued(t *testing.T, db *appstore.DB) []outboxRow {
	t.Helper()
	var out []outboxRow
	for _, r := range outbox(t, db) {
		if r.Kind == syncproto.KindCaseRate {
			out = append(out, r)
		}
	}
	return out
}

// answer applies the server's answers to a push, as a sync does.
func answer(t *testing.T, db *appstore.DB, rs ...syncproto.MutationResult) {
	t.Helper()
	if _, err := db.ApplyChanges(context.Background(), syncAs, appstore.Pull{Answers: rs}); err != nil {
		t.Fatal(err)
	}
}

// solvedCase is a case the server numbered and support solved.
func solvedCase(t *testing.T, db *appstore.DB, cs *appstore.Cases, subject string) portal.CaseDetail {
	t.Helper()
	c := submitted(t, cs, subject)
	serverAccepts(t, db, 4)
	d, err := cs.Case(context.Background(), c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cs.RateCase(context.Background(), c.ID, portal.RatingSatisfied, ""); portal.AsError(err).Reason != portal.ReasonRatingNotSolved {
		t.Fatalf("rating a new case: %v", err)
	}
	if d.CanRate || d.Satisfaction != nil {
		t.Fatalf("new case: canRate %v, %+v", d.CanRate, d.Satisfaction)
	}
	must.Do(serverSends(t, db, caseNow(d, portal.StatusSolved, "Re-run it.", "")))
	d, _ = cs.Case(context.Background(), c.ID)
	return d
}

// A rating is stored and queued offline, shown as waiting until the
// server answers, replaced by a newer one, refused with a reason the user
// can dismiss, and taken from the server's feed as the server has it.
func TestRateCaseOffline(t *testing.T) {
	ctx := context.Background()
	db, cs := casesFixture(t)
	c := solvedCase(t, db, cs, "Report export stops")
	if !c.CanRate {
		t.Fatal("a solved case cannot be rated")
	}

	d, err := cs.RateCase(ctx, c.ID, portal.RatingNotSatisfied, "  It stops at 10% again.\n  ")
	if err != nil {
		t.Fatal(err)
	}
	if !d.CanRate || !d.SatisfactionPending || d.SatisfactionRefused != nil || d.Satisfaction == nil ||
		d.Satisfaction.Rating != portal.RatingNotSatisfied || d.Satisfaction.Comment != "It stops at 10% again." ||
		d.Satisfaction.RatedByName != "" || time.Since(d.Satisfaction.RatedAt) > time.Minute {
		t.Fatalf("after rating: %+v %+v", d, d.Satisfaction)
	}
	q := ratingsQueued(t, db)
	if len(q) != 1 || !reflect.DeepEqual(q[0].Payload, map[string]any{"caseId": c.ID, "rating": "not_satisfied",
		"comment": "It stops at 10% again.", "ratedAt": q[0].Payload["ratedAt"]}) {
		t.Fatalf("outbox %+v", q)
	}
	// Bad input is refused and changes nothing.
	for _, bad := range []struct{ rating, comment, reason string }{
		{"great", "", "unknown_rating"},
		{portal.RatingSatisfied, "ok \u202eok", "bidi_control"},
		{portal.RatingSatisfied, "bell \a", "control_character"},
	} {
		if _, err := cs.RateCase(ctx, c.ID, bad.rating, bad.comment); portal.AsError(err).Reason != bad.reason {
			t.Errorf("%q %q: %v", bad.rating, bad.comment, err)
		}
	}
	if _, err := cs.RateCase(ctx, "0190c6a8-0000-7000-8000-000000000bad", portal.RatingSatisfied, ""); portal.AsError(err).Reason != portal.ReasonCaseNotFound {
		t.Errorf("unknown case: %v", err)
	}
	if q := ratingsQueued(t, db); len(q) != 1 {
		t.Fatalf("refused input queued: %+v", q)
	}
	// Changed offline: both go to the server in order; the latest shows.
	if d, err = cs.RateCase(ctx, c.ID, portal.RatingSatisfied, ""); err != nil || d.Satisfaction.Rating != portal.RatingSatisfied || !d.SatisfactionPending {
		t.Fatalf("changed: %+v %v", d.Satisfaction, err)
	}
	q = ratingsQueued(t, db)
	if len(q) != 2 {
		t.Fatalf("outbox %+v", q)
	}

	// The server applies the first and refuses the second (support closed
	// the case meanwhile): the first shows as the server's, with the
	// refusal of the second.
	closed := &portal.Error{Code: portal.EConflict, Reason: portal.ReasonRatingClosed, Field: "rating", Message: "closed"}
	answer(t, db, syncproto.MutationResult{ID: q[0].ID, Result: syncproto.ResultApplied, CaseID: c.ID, CaseNumber: 4, CaseStatus: portal.StatusSolved},
		syncproto.MutationResult{ID: q[1].ID, Result: syncproto.ResultRejected, Error: closed})
	d, _ = cs.Case(ctx, c.ID)
	if d.SatisfactionPending || d.Satisfaction == nil || d.Satisfaction.Rating != portal.RatingNotSatisfied ||
		d.Satisfaction.Comment != "It stops at 10% again." || !reflect.DeepEqual(d.SatisfactionRefused, closed) {
		t.Fatalf("after the answers: %+v %+v %+v", d, d.Satisfaction, d.SatisfactionRefused)
	}
	if st, _ := db.SyncStateOf(ctx, syncAs); st.Rejected != 1 || st.Waiting != 0 {
		t.Fatalf("sync state %+v", st)
	}
	// The feed brings the case, closed, with the rating and the rater's name.
	now := time.Now().UTC().Truncate(time.Millisecond)
	sat := &portal.Satisfaction{Rating: portal.RatingNotSatisfied, Comment: "It stops at 10% again.", RatedAt: now, RatedByID: syncAs.PersonID, RatedByName: "Ann Example"}
	ch := caseNow(d, portal.StatusClosed, "Re-run it.", "")
	ch.Case.Satisfaction = sat
	if err := serverSends(t, db, ch); err != nil {
		t.Fatal(err)
	}
	d, _ = cs.Case(ctx, c.ID)
	want := *sat
	want.RatedByID = "" // the app keeps the name only
	if d.CanRate || !reflect.DeepEqual(d.Satisfaction, &want) || d.SatisfactionRefused == nil {
		t.Fatalf("closed: canRate %v %+v %+v", d.CanRate, d.Satisfaction, d.SatisfactionRefused)
	}
	if _, err := cs.RateCase(ctx, c.ID, portal.RatingSatisfied, ""); portal.AsError(err).Reason != portal.ReasonRatingClosed {
		t.Fatalf("rating a closed case: %v", err)
	}
	// Read, dismissed: nothing is left in the outbox.
	if d, err = cs.DismissRating(ctx, c.ID); err != nil || d.SatisfactionRefused != nil || d.Satisfaction == nil {
		t.Fatalf("dismissed: %+v %v", d.SatisfactionRefused, err)
	}
	if n, _ := db.OutboxCount(ctx); n != 0 {
		t.Fatalf("outbox %d after dismiss", n)
	}
}

// A refused rating is replaced by the next one, and a rating this app
// does not know (a newer server's) shows as none.
func TestRatingRefusalReplacedAndUnknownRatingIgnored(t *testing.T) {
	ctx := context.Background()
	db, cs := casesFixture(t)
	c := solvedCase(t, db, cs, "SSO loops")
	if _, err := cs.RateCase(ctx, c.ID, portal.RatingSatisfied, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := cs.RateCase(ctx, c.ID, portal.RatingNotSatisfied, "long"); err != nil {
		t.Fatal(err)
	}
	q := ratingsQueued(t, db)
	answer(t, db, syncproto.MutationResult{ID: q[0].ID, Result: syncproto.ResultApplied},
		syncproto.MutationResult{ID: q[1].ID, Result: syncproto.ResultRejected, Error: &portal.Error{Code: portal.EInvalid, Reason: portal.ReasonTooLong, Field: "comment"}})
	if d, _ := cs.Case(ctx, c.ID); d.SatisfactionRefused == nil || d.SatisfactionRefused.Reason != portal.ReasonTooLong || d.Satisfaction.Rating != portal.RatingSatisfied {
		t.Fatalf("refusal not shown: %+v %+v", d.SatisfactionRefused, d.Satisfaction)
	}
	d, err := cs.RateCase(ctx, c.ID, portal.RatingNotSatisfied, "short")
	if err != nil || d.SatisfactionRefused != nil || !d.SatisfactionPending {
		t.Fatalf("rated again: %+v %v", d, err)
	}
	if st, _ := db.SyncStateOf(ctx, syncAs); st.Rejected != 0 || len(ratingsQueued(t, db)) != 1 {
		t.Fatalf("the refused rating should have gone: %+v", st)
	}
	serverAccepts(t, db)
	ch := caseNow(d, portal.StatusSolved, "Re-run it.", "")
	ch.Case.Satisfaction = &portal.Satisfaction{Rating: "delighted", RatedAt: time.Now()}
	if err := serverSends(t, db, ch); err != nil {
		t.Fatal(err)
	}
	if d, _ := cs.Case(ctx, c.ID); d.Satisfaction != nil || !d.CanRate || d.SatisfactionPending {
		t.Fatalf("unknown rating shown: %+v", d.Satisfaction)
	}
}
