package app_test

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"supportportal/internal/httpapi"
	"supportportal/internal/mailout"
	"supportportal/internal/must"
	"supportportal/internal/portal"
	"supportportal/internal/servercore"
	"supportportal/internal/serverstore"
	"supportportal/internal/syncproto"
)

// vendorServer is a real central server on loopback for one vendor with
// one customer (e-mail who, password pw) and one knowledge article.
func vendorServer(t *testing.T, slug, who, catName, title, body string) string {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	st, err := serverstore.Open(ctx, filepath.Join(dir, "server.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	srv := httptest.NewServer(httpapi.New(httpapi.Config{Config: servercore.Config{
		Store: st, Mail: &mailout.Outbox{Dir: filepath.Join(dir, "mail"), From: "s@example.com"},
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))},
		FilesDir: filepath.Join(dir, "files"),
	}))
	t.Cleanup(srv.Close)
	prof := syncproto.Profile{Vendor: portal.DefaultVendorProfile(), Categories: portal.DefaultComponentCategories()}
	prof.Vendor.Name = slug
	vendor, err := st.CreateVendor(ctx, slug, prof)
	if err != nil {
		t.Fatal(err)
	}
	company, _ := st.CreateCompany(ctx, servercore.Company{VendorID: vendor, Name: slug + " customer", Status: servercore.CompanyActive})
	hash, _ := servercore.HashPassword(pw)
	if _, err := st.CreatePerson(ctx, servercore.Person{Person: syncproto.Person{VendorID: vendor, CompanyID: company, Kind: servercore.KindCustomer, Email: who, Name: "Cam", ProductRole: servercore.RoleAccountOwner}, PasswordHash: hash}); err != nil {
		t.Fatal(err)
	}
	cat, err := st.SaveKBCategory(ctx, vendor, syncproto.KBCategory{NameEn: catName}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.SaveKBArticle(ctx, vendor, syncproto.KBArticle{Locale: "en", Title: title, Body: body, CategoryID: cat.ID}, time.Now()); err != nil {
		t.Fatal(err)
	}
	return srv.URL
}

func search(t *testing.T, a interface {
	SearchKnowledge(portal.SearchQuery) (portal.SearchResults, error)
}, q string) []string {
	t.Helper()
	r, err := a.SearchKnowledge(portal.SearchQuery{Text: q})
	if err != nil {
		t.Fatal(err)
	}
	var titles []string
	for _, h := range r.Hits {
		titles = append(titles, h.Title)
	}
	return titles
}

// Signed in to Northwind's server, the app holds Northwind's articles, a
// vote and a case. Signing in to Contoso's server removes every row that
// came from Northwind (articles, their index rows, votes, recently viewed,
// categories, cases) and keeps what was imported from files here.
func TestSwitchingServersForgetsTheOldVendorsKnowledge(t *testing.T) {
	north := vendorServer(t, "northwind", "cam@north.example", "Licensing", "Northwind license keys", "Enter the northwind key under Settings.")
	contoso := vendorServer(t, "contoso", "cam@contoso.example", "Printing", "Contoso printer drivers", "Install the contoso driver.")
	a, rec, db := newApp(t)
	defer func() { must.Do(a.SignOut()) }()

	// An article imported from files on this computer.
	dir := t.TempDir()
	must.Do(os.WriteFile(filepath.Join(dir, "local.md"), []byte("---\ntitle: Local wiki page\ncategory: Notes\nid: local\n---\nOur own zebra notes.\n"), 0o600))
	rec.folder = dir
	if r, err := a.ImportKnowledge("Choose"); err != nil || r.Created != 1 {
		t.Fatalf("local import: %+v %v", r, err)
	}

	if _, err := a.SignIn(north, "cam@north.example", pw); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "Northwind's article", func() bool { return len(search(t, a, "northwind license")) == 1 })
	hit, _ := a.SearchKnowledge(portal.SearchQuery{Text: "northwind license"})
	northArticle := hit.Hits[0].ID
	if _, err := a.KnowledgeArticle(northArticle); err != nil { // recently viewed
		t.Fatal(err)
	}
	if err := a.ArticleFeedback(northArticle, true); err != nil {
		t.Fatal(err)
	}
	d, _ := a.SaveDraft(portal.DraftInput{Subject: "Key rejected", CategoryID: "courses", SubcategoryID: "courses.enrollment", Description: "x"})
	if _, err := a.SubmitDraft(d.ID); err != nil {
		t.Fatal(err)
	}
	must.Do(a.SyncNow())
	waitFor(t, "the vote and the case to be sent", func() bool {
		s, _ := a.GetSyncStatus()
		return s.Waiting == 0 && s.Rejected == 0
	})
	count := func(q string, args ...any) int {
		var n int
		if err := inFile(t, db).QueryRow(q, args...).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if count(`SELECT count(*) FROM kb_article WHERE origin = ?`, north) != 1 || count(`SELECT count(*) FROM kb_feedback`) != 1 ||
		count(`SELECT count(*) FROM kb_recent`) != 1 || count(`SELECT count(*) FROM support_case`) != 1 {
		t.Fatal("the Northwind data to forget is not all there")
	}

	if err := a.SignOut(); err != nil {
		t.Fatal(err)
	}
	if _, err := a.SignIn(contoso, "cam@contoso.example", pw); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "Contoso's article", func() bool { return len(search(t, a, "contoso printer")) == 1 })

	if got := search(t, a, "northwind license"); len(got) != 0 {
		t.Fatalf("Northwind's knowledge is still searchable: %v", got)
	}
	if _, err := a.KnowledgeArticle(northArticle); decode(t, err).Reason != portal.ReasonArticleNotFound {
		t.Fatalf("Northwind's article still opens: %v", err)
	}
	for what, n := range map[string]int{
		"Northwind articles":     count(`SELECT count(*) FROM kb_article WHERE origin = ?`, north),
		"Northwind index rows":   count(`SELECT count(*) FROM kb_fts WHERE kb_fts MATCH 'northwind'`),
		"Northwind title index":  count(`SELECT count(*) FROM kb_head WHERE kb_head MATCH 'northwind'`),
		"Northwind categories":   count(`SELECT count(*) FROM kb_category WHERE origin = ?`, north),
		"votes":                  count(`SELECT count(*) FROM kb_feedback`),
		"recently viewed":        count(`SELECT count(*) FROM kb_recent`),
		"Northwind cases":        count(`SELECT count(*) FROM support_case WHERE subject = 'Key rejected'`),
		"Northwind feed cursors": count(`SELECT count(*) FROM app_state WHERE key = ?`, "kb_cursor:"+north),
	} {
		if n != 0 {
			t.Errorf("%s: %d rows left after switching servers", what, n)
		}
	}
	if got := search(t, a, "zebra"); len(got) != 1 || got[0] != "Local wiki page" {
		t.Fatalf("the article imported from files went too: %v", got)
	}
	if count(`SELECT count(*) FROM kb_article WHERE origin = ?`, contoso) != 1 {
		t.Fatal("Contoso's article is not recorded as Contoso's")
	}

	// Back to Northwind: its knowledge comes back whole (the feed starts over).
	must.Do(a.SignOut())
	if _, err := a.SignIn(north, "cam@north.example", pw); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "Northwind's article again", func() bool { return len(search(t, a, "northwind license")) == 1 })
	if got := search(t, a, "contoso printer"); len(got) != 0 {
		t.Fatalf("Contoso's knowledge is still searchable: %v", got)
	}
}
