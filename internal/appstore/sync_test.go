package appstore_test

import (
	"context"
	"testing"
	"time"

	"supportportal/internal/appstore"
	"supportportal/internal/portal"
	"supportportal/internal/syncproto"
)

// TestOwnCasesAndCommentsTakeTheServersAuthorName: a case and a comment
// written on this device carry the placeholder name until the server's
// copies come back; then they carry the name the server (and so every
// colleague's device) shows.
func TestOwnCasesAndCommentsTakeTheServersAuthorName(t *testing.T) {
	db := openTemp(t)
	ctx := context.Background()
	cs := appstore.NewCases(db, nil)
	dr, err := cs.SaveDraft(ctx, portal.DraftInput{Subject: "Mine", CategoryID: "reports", SubcategoryID: "reports.export", Description: "x"})
	if err != nil {
		t.Fatal(err)
	}
	c, err := cs.Submit(ctx, dr.ID)
	if err != nil {
		t.Fatal(err)
	}
	m, err := cs.AddComment(ctx, c.ID, "More detail")
	if err != nil {
		t.Fatal(err)
	}
	acc := appstore.SyncAccount{ServerURL: "http://server.example", PersonID: "p-ann"}
	now := time.Now().UTC()
	if _, err := db.ApplyChanges(ctx, acc, appstore.Pull{Cursor: "2", Items: []syncproto.Change{
		{Seq: 1, Type: "case", Case: &syncproto.Case{ID: c.ID, Number: 7, AuthorID: "p-ann", AuthorName: "Ann Example",
			Subject: "Mine", CategoryID: "reports", SubcategoryID: "reports.export", Description: "x", Priority: "medium",
			Status: "new", CreatedAt: now, UpdatedAt: now}},
		{Seq: 2, Type: "comment", Comment: &syncproto.Comment{ID: m.ID, CaseID: c.ID, AuthorKind: "customer",
			AuthorName: "Ann Example", Body: "More detail", CreatedAt: now}},
	}}); err != nil {
		t.Fatal(err)
	}
	// The app shows no case author yet; the stored row has the name.
	var caseAuthor string
	if err := inFile(t, db).QueryRow(`SELECT author_name FROM support_case WHERE id = ?`, c.ID).Scan(&caseAuthor); err != nil {
		t.Fatal(err)
	}
	d, err := cs.Case(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if caseAuthor != "Ann Example" || len(d.Comments) != 1 || d.Comments[0].AuthorName != "Ann Example" || d.Comments[0].Pending {
		t.Fatalf("case author %q, comments %+v", caseAuthor, d.Comments)
	}
}

// TestSwitchAccountRule: the first sign-in and the same account again
// keep everything; another person or server starts afresh, but not while
// the previous account's changes wait to be sent.
func TestSwitchAccountRule(t *testing.T) {
	db := openTemp(t)
	ctx := context.Background()
	cs := appstore.NewCases(db, nil)
	dr, err := cs.SaveDraft(ctx, portal.DraftInput{Subject: "Mine", CategoryID: "reports", SubcategoryID: "reports.export", Description: "x"})
	if err != nil {
		t.Fatal(err)
	}
	c, err := cs.Submit(ctx, dr.ID) // one change waiting in the outbox
	if err != nil {
		t.Fatal(err)
	}
	ann := appstore.SyncAccount{ServerURL: "http://server.example", PersonID: "p-ann"}
	bob := appstore.SyncAccount{ServerURL: "http://server.example", PersonID: "p-bob"}
	annElsewhere := appstore.SyncAccount{ServerURL: "http://other.example", PersonID: "p-ann"}
	cases := func() int {
		page, err := cs.List(ctx, portal.CaseFilter{})
		if err != nil {
			t.Fatal(err)
		}
		return page.Total
	}
	for _, prev := range []*appstore.SyncAccount{nil, &ann} {
		if err := db.SwitchAccount(ctx, prev, ann); err != nil || cases() != 1 {
			t.Fatalf("from %v to ann: %v, %d cases", prev, err, cases())
		}
	}
	for _, next := range []appstore.SyncAccount{bob, annElsewhere} {
		if err := db.SwitchAccount(ctx, &ann, next); portal.AsError(err).Reason != portal.ReasonOutboxNotEmpty || cases() != 1 {
			t.Fatalf("to %v with a change waiting: %v, %d cases", next, err, cases())
		}
	}
	serverAccepts(t, db, 1) // the change is sent
	if err := db.SwitchAccount(ctx, &ann, bob); err != nil || cases() != 0 {
		t.Fatalf("to bob: %v, %d cases (case %s)", err, cases(), c.ID)
	}
}
