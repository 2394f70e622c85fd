package app_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"supportportal/app"
	"supportportal/internal/appstore"
	"supportportal/internal/must"
	"supportportal/internal/portal"
)

func TestCaseFlowThroughBindings(t *testing.T) {
	a, rec, _ := newApp(t)
	d, err := a.SaveDraft(portal.DraftInput{Subject: "Export fails", CategoryID: "reports", SubcategoryID: "reports.export", Description: "Stops at 10%"})
	if err != nil {
		t.Fatal(err)
	}
	src := t.TempDir()
	shot := filepath.Join(src, "shot.txt")
	must.Do(os.WriteFile(shot, []byte("a screenshot, in spirit"), 0o600))
	rec.files = []string{shot}
	res, err := a.ChooseAttachments(d.ID, "Attach files")
	if err != nil || len(res.Attachments) != 1 {
		t.Fatalf("choose %+v %v", res, err)
	}
	rec.mu.Lock()
	events := append([]any(nil), rec.events...)
	rec.mu.Unlock()
	if len(events) == 0 {
		t.Fatal("no copy progress emitted")
	}
	p := events[len(events)-1].(portal.AttachmentProgress)
	if p.DraftID != d.ID || p.Copied != p.Total || p.Name != "shot.txt" {
		t.Fatalf("progress %+v", p)
	}
	// Cancelling the dialog attaches nothing and is not an error.
	rec.files = nil
	if res, err := a.ChooseAttachments(d.ID, "Attach files"); err != nil || len(res.Attachments) != 0 {
		t.Fatalf("cancelled dialog %+v %v", res, err)
	}
	c, err := a.SubmitDraft(d.ID)
	if err != nil || c.Status != "waiting_to_send" {
		t.Fatalf("submit %+v %v", c, err)
	}
	if n, _ := a.OutboxCount(); n != 1 {
		t.Fatalf("outbox %d", n)
	}
	detail, err := a.GetCase(c.ID)
	if err != nil || len(detail.Attachments) != 1 {
		t.Fatalf("case %+v %v", detail, err)
	}
	// Open copies the file out under its own name and hands it to the desktop.
	if err := a.OpenAttachment(detail.Attachments[0].ID); err != nil {
		t.Fatal(err)
	}
	if len(rec.openedF) != 1 || filepath.Base(rec.openedF[0]) != "shot.txt" {
		t.Fatalf("opened %v", rec.openedF)
	}
	// Save as writes where the user chose.
	rec.saveTo = filepath.Join(t.TempDir(), "saved.txt")
	if err := a.SaveAttachmentAs(detail.Attachments[0].ID); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(rec.saveTo); string(b) != "a screenshot, in spirit" {
		t.Fatalf("saved %q", b)
	}
	if _, err := a.AddComment(c.ID, "  "); decode(t, err).Field != "body" {
		t.Fatal("empty comment accepted")
	}
}

func TestBindingsRefuseBadInput(t *testing.T) {
	a, rec, _ := newApp(t)
	if _, err := a.SubmitDraft("../../etc/passwd"); decode(t, err).Reason != portal.ReasonDraftNotFound {
		t.Fatal("unknown draft submitted")
	}
	if _, err := a.GetCase("another-company's-case"); decode(t, err).Code != portal.ENotFound {
		t.Fatal("unknown case returned")
	}
	if _, err := a.ListCases(portal.CaseFilter{Sort: "1; DROP TABLE support_case"}); decode(t, err).Reason != portal.ReasonUnknownSort {
		t.Fatal("bad sort accepted")
	}
	d, _ := a.SaveDraft(portal.DraftInput{Subject: "x", CategoryID: "reports", SubcategoryID: "reports.export", Description: "y"})
	exe := filepath.Join(t.TempDir(), "setup.exe")
	must.Do(os.WriteFile(exe, []byte("MZ"), 0o600))
	res, _ := a.AddAttachmentPaths(d.ID, drop(t, a, rec, exe))
	must.Get(a.SubmitDraft(d.ID))
	if err := a.OpenAttachment(res.Attachments[0].ID); decode(t, err).Reason != portal.ReasonAttachmentUnsafe {
		t.Fatal("an executable was opened")
	}
	if len(rec.openedF) != 0 {
		t.Fatal("desktop asked to open an executable")
	}
}

func TestImportKnowledgeFromChosenFolder(t *testing.T) {
	a, rec, _ := newApp(t)
	// Cancelling the folder dialog imports nothing.
	if r, err := a.ImportKnowledge("Choose"); err != nil || r != nil {
		t.Fatalf("cancelled: %+v %v", r, err)
	}
	dir := t.TempDir()
	must.Do(os.WriteFile(filepath.Join(dir, "good.md"), []byte("---\ntitle: Exporting grades\ncategory: Reports/Export\nid: grades-export\n---\nUse **Export** on the grade book.\n"), 0o600))
	must.Do(os.WriteFile(filepath.Join(dir, "bad.md"), []byte("---\ntitle: [unclosed\n---\nbody"), 0o600))
	rec.folder = dir
	r, err := a.ImportKnowledge("Choose")
	if err != nil || r == nil || r.Created != 1 || len(r.Skipped) != 1 || r.Skipped[0].File != "bad.md" {
		t.Fatalf("import: %+v %v", r, err)
	}
	res, err := a.SearchKnowledge(portal.SearchQuery{Text: "grade book export"})
	if err != nil || len(res.Hits) == 0 || res.Hits[0].Title != "Exporting grades" {
		t.Fatalf("imported article not found: %+v %v", res, err)
	}
}

// Opening an attachment again while the program showing it still holds
// the opened copy works: on Windows a file open in another program cannot
// be replaced, and rewriting the copy each time made the second open fail
// with "Access is denied". A copy changed in the program is put back to
// the attachment's bytes.
func TestOpeningAnAttachmentAgainWhileItsViewerHoldsIt(t *testing.T) {
	a, rec, _ := newApp(t)
	d, err := a.SaveDraft(portal.DraftInput{Subject: "Report is empty", CategoryID: "reports", SubcategoryID: "reports.export", Description: "See the file"})
	if err != nil {
		t.Fatal(err)
	}
	report := filepath.Join(t.TempDir(), "report.pdf")
	want := []byte("%PDF-1.4 the report, in spirit")
	must.Do(os.WriteFile(report, want, 0o600))
	rec.files = []string{report}
	res, err := a.ChooseAttachments(d.ID, "Attach files")
	if err != nil || len(res.Attachments) != 1 {
		t.Fatalf("attach %+v %v", res, err)
	}
	id := res.Attachments[0].ID
	if err := a.OpenAttachment(id); err != nil {
		t.Fatal(err)
	}
	opened := rec.openedF[0]
	viewer, err := os.Open(opened) // the PDF reader keeps its file open
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { viewer.Close() })
	if err := a.OpenAttachment(id); err != nil {
		t.Fatalf("second open while the viewer holds the file: %v", err)
	}
	if len(rec.openedF) != 2 || rec.openedF[1] != opened {
		t.Fatalf("opened %v", rec.openedF)
	}
	if b, _ := os.ReadFile(opened); !bytes.Equal(b, want) {
		t.Fatalf("opened copy holds %q", b)
	}
	viewer.Close()
	// Changed in the program and closed: the next open shows the attachment.
	if err := os.WriteFile(opened, []byte("annotated"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := a.OpenAttachment(id); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(opened); !bytes.Equal(b, want) {
		t.Fatalf("changed copy not restored: %q", b)
	}
}

// A data folder whose path is longer than Windows' classic 260-character
// limit (MAX_PATH) works: the store, attachments and opened copies.
func TestDataFolderPastMaxPath(t *testing.T) {
	dir := t.TempDir()
	for len(dir) < 300 {
		dir = filepath.Join(dir, "a folder with a rather long name, as OneDrive makes them")
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	db, err := appstore.Open(context.Background(), filepath.Join(dir, "portal.db"), appstore.Options{})
	if err != nil {
		t.Fatalf("open a store %d characters deep: %v", len(dir), err)
	}
	t.Cleanup(func() { db.Close() })
	a := app.New(app.Config{DataDir: dir, DB: db, NoKeychain: true})
	rec := &recorder{}
	app.NewHost(a).Startup(context.Background(), rec)
	d, err := a.SaveDraft(portal.DraftInput{Subject: "Long paths", CategoryID: "reports", SubcategoryID: "reports.export", Description: "Deep folder"})
	if err != nil {
		t.Fatal(err)
	}
	src := filepath.Join(dir, "log.txt")
	if err := os.WriteFile(src, []byte("log lines"), 0o600); err != nil {
		t.Fatal(err)
	}
	rec.files = []string{src}
	res, err := a.ChooseAttachments(d.ID, "Attach files")
	if err != nil || len(res.Attachments) != 1 || len(res.Errors) != 0 {
		t.Fatalf("attach %+v %v", res, err)
	}
	c, err := a.SubmitDraft(d.ID)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.OpenAttachment(res.Attachments[0].ID); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(rec.openedF[0]); err != nil || string(b) != "log lines" || len(rec.openedF[0]) <= 260 {
		t.Fatalf("opened %s (%d characters): %q %v", rec.openedF[0], len(rec.openedF[0]), b, err)
	}
	db.Close()
	db2, err := appstore.Open(context.Background(), filepath.Join(dir, "portal.db"), appstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db2.Close() })
	a2 := app.New(app.Config{DataDir: dir, DB: db2, NoKeychain: true})
	app.NewHost(a2).Startup(context.Background(), &recorder{})
	got, err := a2.GetCase(c.ID)
	if err != nil || got.Subject != "Long paths" || len(got.Attachments) != 1 || got.Attachments[0].Name != "log.txt" {
		t.Fatalf("after reopening: %+v %v", got, err)
	}
}

// Two attachments whose names differ only in case are two files, also on
// Windows, where Report.pdf and report.pdf are one name: each keeps its
// own bytes when attached and when opened.
func TestNamesDifferingOnlyInCaseStayApart(t *testing.T) {
	a, rec, _ := newApp(t)
	d, err := a.SaveDraft(portal.DraftInput{Subject: "Two reports", CategoryID: "reports", SubcategoryID: "reports.export", Description: "Before and after"})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"Report.pdf": "%PDF before", "report.pdf": "%PDF after"}
	var paths []string
	for name, body := range want {
		p := filepath.Join(t.TempDir(), name) // own folders: one name on Windows
		must.Do(os.WriteFile(p, []byte(body), 0o600))
		paths = append(paths, p)
	}
	rec.files = paths
	res, err := a.ChooseAttachments(d.ID, "Attach files")
	if err != nil || len(res.Attachments) != 2 || len(res.Errors) != 0 {
		t.Fatalf("attach %+v %v", res, err)
	}
	for _, att := range res.Attachments {
		if err := a.OpenAttachment(att.ID); err != nil {
			t.Fatal(err)
		}
		opened := rec.openedF[len(rec.openedF)-1]
		if b, _ := os.ReadFile(opened); filepath.Base(opened) != att.Name || string(b) != want[att.Name] {
			t.Errorf("%s opened as %s holding %q", att.Name, opened, b)
		}
	}
	if len(rec.openedF) != 2 || rec.openedF[0] == rec.openedF[1] {
		t.Fatalf("opened %v", rec.openedF)
	}
}
