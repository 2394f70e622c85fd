package appstore_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"supportportal/internal/appstore"
	"supportportal/internal/portal"
	"supportportal/internal/syncproto"
)

// A rating is stored and queued offline, shown as waiting until the
// server answers, replaced by a newer one, refused with a reason the user
// can dismiss, and taken from the server's feed as the server has it.
func TestRateCaseOffline(t *testing.T) {
	ctx := context.Background()
	db, cs := casesFixture(t)
	c := submitted(t, cs, "Report export stops")
	must(t, cs.ApplyServerCase(ctx, appstore.ServerCase{ID: c.ID, Number: 4, Status: portal.StatusNew}))
	queued := func() []outboxRow {
		var out []outboxRow
		for _, r := range outbox(t, db) {
			if r.Kind == syncproto.KindCaseRate {
				out = append(out, r)
			}
		}
		return out
	}
	if _, err := cs.RateCase(ctx, c.ID, portal.RatingSatisfied, ""); portal.AsError(err).Reason != "rating_not_solved" {
		t.Fatalf("rating a new case: %v", err)
	}
	if d, _ := cs.Case(ctx, c.ID); d.CanRate || d.Satisfaction != nil {
		t.Fatalf("new case: canRate %v, %+v", d.CanRate, d.Satisfaction)
	}
	must(t, cs.ApplyServerCase(ctx, appstore.ServerCase{ID: c.ID, Number: 4, Status: portal.StatusSolved, Solution: "Re-run it."}))

	d, err := cs.RateCase(ctx, c.ID, portal.RatingNotSatisfied, "  It stops at 10% again.\n  ")
	if err != nil {
		t.Fatal(err)
	}
	if !d.CanRate || !d.SatisfactionPending || d.SatisfactionRefused != nil || d.Satisfaction == nil ||
		d.Satisfaction.Rating != portal.RatingNotSatisfied || d.Satisfaction.Comment != "It stops at 10% again." ||
		d.Satisfaction.RatedByName != "" || time.Since(d.Satisfaction.RatedAt) > time.Minute {
		t.Fatalf("after rating: %+v %+v", d, d.Satisfaction)
	}
	q := queued()
	if len(q) != 1 || q[0].Entity != c.ID || !reflect.DeepEqual(q[0].Payload, map[string]any{"caseId": c.ID, "rating": "not_satisfied",
		"comment": "It stops at 10% again.", "ratedAt": q[0].Payload["ratedAt"]}) {
		t.Fatalf("outbox %+v", q)
	}
	// Bad input is refused and changes nothing.
	for _, bad := range []struct{ rating, comment, reason string }{
		{"great", "", "unknown_rating"},
		{portal.RatingSatisfied, "ok \u202eok", "bidi_control"},
	} {
		if _, err := cs.RateCase(ctx, c.ID, bad.rating, bad.comment); portal.AsError(err).Reason != bad.reason {
			t.Errorf("%q %q: %v", bad.rating, bad.comment, err)
		}
	}
	if _, err := cs.RateCase(ctx, "no-such-case", portal.RatingSatisfied, ""); portal.AsError(err).Reason != "case_not_found" {
		t.Errorf("unknown case: %v", err)
	}
	// Changed offline: both go to the server in order; the latest shows.
	if d, err = cs.RateCase(ctx, c.ID, portal.RatingSatisfied, ""); err != nil || d.Satisfaction.Rating != portal.RatingSatisfied || !d.SatisfactionPending {
		t.Fatalf("changed: %+v %v", d.Satisfaction, err)
	}
	if len(queued()) != 2 {
		t.Fatalf("outbox %+v", queued())
	}

	// The server applies the first and refuses the second (support closed
	// the case meanwhile): the first shows as the server's, with the
	// refusal of the second.
	ms, _ := db.PendingMutations(ctx, 10)
	var ids []string
	for _, m := range ms {
		if m.Kind == syncproto.KindCaseRate {
			ids = append(ids, m.ID)
		}
	}
	closed := &portal.Error{Code: portal.EConflict, Reason: "rating_closed", Field: "rating", Message: "closed"}
	must(t, db.ApplyPushResults(ctx, []syncproto.MutationResult{
		{ID: ids[0], Result: syncproto.ResultApplied, CaseID: c.ID, CaseNumber: 4, CaseStatus: portal.StatusSolved},
		{ID: ids[1], Result: syncproto.ResultRejected, Error: closed},
	}))
	d, _ = cs.Case(ctx, c.ID)
	if d.SatisfactionPending || d.Satisfaction == nil || d.Satisfaction.Rating != portal.RatingNotSatisfied ||
		d.Satisfaction.Comment != "It stops at 10% again." || !reflect.DeepEqual(d.SatisfactionRefused, closed) {
		t.Fatalf("after the answers: %+v %+v %+v", d, d.Satisfaction, d.SatisfactionRefused)
	}
	// The feed brings the case, closed, with the rating and the rater's name.
	now := time.Now().UTC().Truncate(time.Millisecond)
	sat := &portal.Satisfaction{Rating: portal.RatingNotSatisfied, Comment: "It stops at 10% again.", RatedAt: now, RatedByID: "p-ann", RatedByName: "Ann Example"}
	acc := appstore.SyncAccount{ServerURL: "http://server.example", PersonID: "p-ann"}
	if _, err := db.ApplyChanges(ctx, acc, appstore.Pull{Cursor: "9", Items: []syncproto.Change{{Seq: 9, Type: "case", Case: &syncproto.Case{
		ID: c.ID, Number: 4, AuthorID: "p-ann", AuthorName: "Ann Example", Subject: "Report export stops", CategoryID: "reports",
		SubcategoryID: "reports.export", Description: "x", Priority: "high", Status: portal.StatusClosed, Solution: "Re-run it.",
		Satisfaction: sat, CreatedAt: now, UpdatedAt: now}}}}); err != nil {
		t.Fatal(err)
	}
	d, _ = cs.Case(ctx, c.ID)
	want := *sat
	want.RatedByID = "" // the app keeps the name only
	if d.CanRate || !reflect.DeepEqual(d.Satisfaction, &want) || d.SatisfactionRefused == nil {
		t.Fatalf("closed: canRate %v %+v %+v", d.CanRate, d.Satisfaction, d.SatisfactionRefused)
	}
	if _, err := cs.RateCase(ctx, c.ID, portal.RatingSatisfied, ""); portal.AsError(err).Reason != "rating_closed" {
		t.Fatalf("rating a closed case: %v", err)
	}
	// Read, dismissed: the outbox is empty again.
	if d, err = cs.DismissRating(ctx, c.ID); err != nil || d.SatisfactionRefused != nil || d.Satisfaction == nil {
		t.Fatalf("dismissed: %+v %v", d.SatisfactionRefused, err)
	}
	if q := queued(); len(q) != 0 {
		t.Fatalf("outbox %+v after dismiss", q)
	}
}

// A refused rating is replaced by the next one, and a rating this app
// does not know (a newer server's) shows as none.
func TestRatingRefusalReplacedAndUnknownRatingIgnored(t *testing.T) {
	ctx := context.Background()
	db, cs := casesFixture(t)
	c := submitted(t, cs, "SSO loops")
	must(t, cs.ApplyServerCase(ctx, appstore.ServerCase{ID: c.ID, Number: 1, Status: portal.StatusNew}))
	must(t, cs.ApplyServerCase(ctx, appstore.ServerCase{ID: c.ID, Number: 1, Status: portal.StatusSolved}))
	ratings := func() []syncproto.Mutation {
		ms, _ := db.PendingMutations(ctx, 10)
		var out []syncproto.Mutation
		for _, m := range ms {
			if m.Kind == syncproto.KindCaseRate {
				out = append(out, m)
			}
		}
		return out
	}
	if _, err := cs.RateCase(ctx, c.ID, portal.RatingSatisfied, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := cs.RateCase(ctx, c.ID, portal.RatingNotSatisfied, "long"); err != nil {
		t.Fatal(err)
	}
	ms := ratings()
	must(t, db.ApplyPushResults(ctx, []syncproto.MutationResult{{ID: ms[0].ID, Result: syncproto.ResultApplied},
		{ID: ms[1].ID, Result: syncproto.ResultRejected, Error: &portal.Error{Code: portal.EInvalid, Reason: "too_long", Field: "comment"}}}))
	if d, _ := cs.Case(ctx, c.ID); d.SatisfactionRefused == nil || d.SatisfactionRefused.Reason != "too_long" {
		t.Fatalf("refusal not shown: %+v", d.SatisfactionRefused)
	}
	d, err := cs.RateCase(ctx, c.ID, portal.RatingNotSatisfied, "short")
	if err != nil || d.SatisfactionRefused != nil || !d.SatisfactionPending {
		t.Fatalf("rated again: %+v %v", d, err)
	}
	var refused int
	db.SQL().QueryRow(`SELECT count(*) FROM outbox WHERE state = 'rejected'`).Scan(&refused)
	if ms = ratings(); len(ms) != 1 || refused != 0 {
		t.Fatalf("outbox %+v, %d refused; the refused rating should have gone", ms, refused)
	}
	must(t, db.ApplyPushResults(ctx, []syncproto.MutationResult{{ID: ms[0].ID, Result: syncproto.ResultApplied}}))
	now := time.Now().UTC()
	if _, err := db.ApplyChanges(ctx, appstore.SyncAccount{ServerURL: "s", PersonID: "p"}, appstore.Pull{Cursor: "3", Items: []syncproto.Change{{Seq: 3, Type: "case",
		Case: &syncproto.Case{ID: c.ID, Number: 1, Subject: "SSO loops", CategoryID: "reports", SubcategoryID: "reports.export", Description: "x",
			Priority: "high", Status: portal.StatusSolved, Satisfaction: &portal.Satisfaction{Rating: "delighted", RatedAt: now}, CreatedAt: now, UpdatedAt: now}}}}); err != nil {
		t.Fatal(err)
	}
	if d, _ := cs.Case(ctx, c.ID); d.Satisfaction != nil || !d.CanRate {
		t.Fatalf("unknown rating shown: %+v", d.Satisfaction)
	}
}
