package app_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"supportportal/internal/appstore"
	"supportportal/internal/must"
	"supportportal/internal/portal"
)

// hostileServer is a support server on loopback that answers sign-in and
// then sends whatever page of changes (or knowledge articles) the test
// sets: a compromised server as the app meets it.
type hostileServer struct {
	URL   string
	mu    sync.Mutex
	page  any // the "changes" of POST /v1/sync
	kb    any // GET /v1/kb/articles
	syncs int
}

func newHostileServer(t *testing.T) *hostileServer {
	h := &hostileServer{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.mu.Lock()
		defer h.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		var out any
		switch r.URL.Path {
		case "/v1/auth/sign-in":
			out = map[string]any{"token": "tok", "expiresAt": time.Now().Add(time.Hour),
				"person": map[string]any{"id": "0190f5a6-0000-7000-8000-000000000001", "email": "eve@evil.example", "name": "Eve", "companyName": "Evil", "productRole": "account_owner"}}
		case "/v1/sync":
			h.syncs++
			out = map[string]any{"results": []any{}, "changes": h.page}
		case "/v1/kb/articles":
			out = h.kb
		case "/v1/kb/categories":
			out = map[string]any{"items": []any{}}
		default:
			w.WriteHeader(http.StatusNotFound)
			out = map[string]string{"code": "not_found", "reason": portal.ReasonNoRoute, "message": "no"}
		}
		_ = json.NewEncoder(w).Encode(out) // a client gone away is not the test's concern
	}))
	t.Cleanup(srv.Close)
	h.URL = srv.URL
	return h
}

func (h *hostileServer) set(page, kb any) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.page, h.kb = page, kb
	return h.syncs
}

func (h *hostileServer) count() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.syncs
}

// A server sends IDs meant to be paths (../../x, absolute, Windows style)
// for cases, comments, attachments and articles. Each page is refused as a
// whole, with the reason, before anything of it is stored or used.
func TestApplyChangesRefusesHostileIDs(t *testing.T) {
	const good = "0190f5a6-7b1c-7d2e-8f30-4a5b6c7d8e9f"
	const goodComment = "0190f5a6-7b1c-7d2e-8f30-4a5b6c7d8ea0"
	outside := t.TempDir()
	c := func(id string, files ...map[string]any) map[string]any {
		if files == nil {
			files = []map[string]any{}
		}
		return map[string]any{"seq": 1, "type": "case", "case": map[string]any{"id": id, "number": 7, "subject": "s", "status": "New",
			"categoryId": "courses", "subcategoryId": "courses.enrollment", "attachments": files,
			"createdAt": time.Now(), "updatedAt": time.Now()}}
	}
	file := func(id string) map[string]any {
		return map[string]any{"id": id, "name": "report.pdf", "size": 3, "sha256": strings.Repeat("ab", 32)}
	}
	comment := func(id, caseID string, files ...map[string]any) map[string]any {
		if files == nil {
			files = []map[string]any{}
		}
		return map[string]any{"seq": 2, "type": "comment", "comment": map[string]any{"id": id, "caseId": caseID, "authorKind": "support",
			"body": "b", "attachments": files, "createdAt": time.Now()}}
	}
	page := func(items ...map[string]any) map[string]any {
		return map[string]any{"items": items, "cursor": "9", "more": false, "heads": map[string]any{"kb": "", "accountRev": 0}}
	}
	hostile := map[string]map[string]any{
		"case id ../../x":           page(c("../../x")),
		"case id absolute":          page(c(filepath.Join(outside, "x"))),
		"case id windows":           page(c(`..\..\x`)),
		"attachment id ../../x":     page(c(good, file("../../x"))),
		"attachment id absolute":    page(c(good, file(filepath.Join(outside, "x")))),
		"attachment id upper case":  page(c(good, file(strings.ToUpper(goodComment)))),
		"comment id":                page(c(good), comment("../x", good)),
		"comment case id":           page(comment(goodComment, "../../x")),
		"comment attachment id":     page(c(good), comment(goodComment, good, file("/etc/passwd"))),
		"follow-up of a path":       page(func() map[string]any { m := c(good); m["case"].(map[string]any)["followUpOf"] = "../x"; return m }()),
		"a good case, then one bad": page(c(good), c("x/../../y")),
	}
	h := newHostileServer(t)
	a, _, db := newApp(t)
	defer func() { must.Do(a.SignOut()) }()
	h.set(page(), nil)
	if _, err := a.SignIn(h.URL, "eve@evil.example", "pw"); err != nil {
		t.Fatal(err)
	}
	for name, p := range hostile {
		before := h.set(p, nil)
		must.Do(a.SyncNow())
		waitFor(t, name+" to be refused", func() bool {
			s, _ := a.GetSyncStatus()
			return h.count() > before && strings.Contains(s.LastError, "not a UUID")
		})
		assertNothingStored(t, db, name)
		// A clean page clears the error, so the next refusal is its own.
		before = h.set(page(), nil)
		must.Do(a.SyncNow())
		waitFor(t, "a clean sync", func() bool {
			s, _ := a.GetSyncStatus()
			return h.count() > before && s.LastError == "" && s.LastSyncAt != nil
		})
		must.Get(inFile(t, db).Exec(`UPDATE sync_state SET cursor = ''`))
	}
	// Articles from the knowledge feed.
	before := h.set(map[string]any{"items": []any{}, "cursor": "9", "more": false, "heads": map[string]any{"kb": "5", "accountRev": 0}},
		map[string]any{"items": []any{map[string]any{"id": "../../x", "sourceId": "s", "locale": "en", "title": "t", "body": "b",
			"publishedAt": time.Now(), "updatedAt": time.Now()}}, "cursor": "5"})
	must.Do(a.SyncNow())
	waitFor(t, "the article to be refused", func() bool {
		s, _ := a.GetSyncStatus()
		return h.count() > before && strings.Contains(s.LastError, "article.id")
	})
	var n int
	must.Do(inFile(t, db).QueryRow(`SELECT count(*) FROM kb_article`).Scan(&n))
	if n != 0 {
		t.Fatalf("%d articles stored from a hostile feed", n)
	}
	if ents, _ := os.ReadDir(outside); len(ents) != 0 {
		t.Fatalf("written outside: %v", ents)
	}
}

func assertNothingStored(t *testing.T, db *appstore.DB, name string) {
	t.Helper()
	for _, table := range []string{"support_case", "case_comment", "attachment"} {
		var n int
		if err := inFile(t, db).QueryRow(`SELECT count(*) FROM ` + table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Fatalf("%s: %d rows in %s after a refused page", name, n, table)
		}
	}
	var cursor string
	must.Do(inFile(t, db).QueryRow(`SELECT cursor FROM sync_state`).Scan(&cursor))
	if cursor != "" {
		t.Fatalf("%s: the cursor moved to %q past a refused page", name, cursor)
	}
}

// A store written before the check (or changed behind the app's back) may
// hold an attachment with a hostile ID and name: opening it writes nothing
// outside dataDir/opened, and a program type is never handed to the system.
func TestOpenAttachmentWithHostileRowsWritesNothingOutside(t *testing.T) {
	a, rec, db := newApp(t)
	dir := t.TempDir()
	src := filepath.Join(dir, "x.txt")
	must.Do(os.WriteFile(src, []byte("hello"), 0o600))
	d, err := a.SaveDraft(portal.DraftInput{Subject: "x", CategoryID: "reports", SubcategoryID: "reports.export", Description: "y"})
	if err != nil {
		t.Fatal(err)
	}
	rec.files = []string{src}
	res, err := a.ChooseAttachments(d.ID, "t")
	if err != nil || len(res.Attachments) != 1 {
		t.Fatalf("attach: %+v %v", res, err)
	}
	att := res.Attachments[0]
	for _, row := range []struct{ id, name string }{{"../../../escaped", "x.txt"}, {"0190f5a6-7b1c-7d2e-8f30-4a5b6c7d8e9f", "../../escaped.txt"}, {"0190f5a6-7b1c-7d2e-8f30-4a5b6c7d8e9e", "tool.exe"}} {
		t.Run(row.id+" "+row.name, func(t *testing.T) {
			if _, err := inFile(t, db).Exec(`INSERT INTO attachment (id, owner_kind, owner_id, name, size, sha256, mime_type, created_at, uploaded, present)
			SELECT ?, owner_kind, owner_id, ?, size, sha256, mime_type, created_at, uploaded, present FROM attachment WHERE id = ?`, row.id, row.name, att.ID); err != nil {
				t.Fatal(err)
			}
			err := a.OpenAttachment(row.id)
			if err == nil {
				t.Errorf("opened %q (%q)", row.id, row.name)
			}
			if r := decode(t, err).Reason; r != portal.ReasonAttachmentBadPath && r != portal.ReasonAttachmentUnsafe {
				t.Errorf("%q (%q): reason %q", row.id, row.name, r)
			}
		})
	}
	if len(rec.openedF) != 0 {
		t.Fatalf("handed to the system: %v", rec.openedF)
	}
	var found []string
	must.Do(filepath.WalkDir(filepath.Dir(filepath.Dir(db.Path)), func(p string, d os.DirEntry, err error) error {
		if err == nil && strings.Contains(d.Name(), "escaped") {
			found = append(found, p)
		}
		return nil
	}))
	if len(found) != 0 {
		t.Fatalf("written: %v", found)
	}
	// The honest one opens, marked and in its folder.
	if err := a.OpenAttachment(att.ID); err != nil {
		t.Fatal(err)
	}
	if len(rec.openedF) != 1 || rec.openedF[0] != filepath.Join(filepath.Dir(db.Path), "opened", att.ID, "x.txt") {
		t.Fatalf("opened %v", rec.openedF)
	}
}
