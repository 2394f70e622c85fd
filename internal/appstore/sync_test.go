package appstore_test

import (
	"context"
	"testing"
	"time"

	"supportportal/internal/appstore"
	"supportportal/internal/portal"
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
	if _, err := db.ApplyChanges(ctx, acc, appstore.Pull{Cursor: "2", Items: []appstore.Change{
		{Seq: 1, Type: "case", Case: &appstore.RemoteCase{ID: c.ID, Number: 7, AuthorID: "p-ann", AuthorName: "Ann Example",
			Subject: "Mine", CategoryID: "reports", SubcategoryID: "reports.export", Description: "x", Priority: "medium",
			Status: "new", CreatedAt: now, UpdatedAt: now}},
		{Seq: 2, Type: "comment", Comment: &appstore.RemoteComment{ID: m.ID, CaseID: c.ID, AuthorKind: "customer",
			AuthorName: "Ann Example", Body: "More detail", CreatedAt: now}},
	}}); err != nil {
		t.Fatal(err)
	}
	var caseAuthor string
	if err := db.SQL().QueryRow(`SELECT author_name FROM support_case WHERE id = ?`, c.ID).Scan(&caseAuthor); err != nil {
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
