package appstore_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"supportportal/internal/appstore"
	"supportportal/internal/attach"
	"supportportal/internal/must"
	"supportportal/internal/portal"
	"supportportal/internal/syncproto"
)

func casesFixture(t testing.TB) (*appstore.DB, *appstore.Cases) {
	t.Helper()
	db := openTemp(t)
	return db, appstore.NewCases(db, attach.New(filepath.Join(filepath.Dir(db.Path), "attachments")))
}

func goodDraft() portal.DraftInput {
	return portal.DraftInput{Subject: "Report export stops at 10%", CategoryID: "reports", SubcategoryID: "reports.export",
		Description: "Since Monday the CSV export of the course report stops.", Priority: "high"}
}

type outboxRow struct {
	ID, Kind string
	Payload  map[string]any
}

// outbox is what waits to be sent, as the syncer reads it.
func outbox(t *testing.T, db *appstore.DB) []outboxRow {
	t.Helper()
	ms, err := db.PendingMutations(context.Background(), 1000)
	if err != nil {
		t.Fatal(err)
	}
	var out []outboxRow
	for _, m := range ms {
		r := outboxRow{ID: m.ID, Kind: m.Kind}
		if err := json.Unmarshal(m.Payload, &r.Payload); err != nil {
			t.Fatalf("outbox %s: %v", m.Kind, err)
		}
		out = append(out, r)
	}
	return out
}

// syncAs is the account the tests sync as.
var syncAs = appstore.SyncAccount{ServerURL: "http://server.example", PersonID: "0190c6a8-0000-7000-8000-00000000a11e"}

// serverAccepts answers everything waiting in the outbox as the server
// does when a push is applied: a new case gets the next of numbers.
func serverAccepts(t *testing.T, db *appstore.DB, numbers ...int64) {
	t.Helper()
	var answers []syncproto.MutationResult
	for _, m := range outbox(t, db) {
		r := syncproto.MutationResult{ID: m.ID, Result: syncproto.ResultApplied}
		if m.Kind == syncproto.KindCaseCreate {
			r.CaseID, r.CaseNumber, r.CaseStatus = m.Payload["caseId"].(string), numbers[0], portal.StatusNew
			numbers = numbers[1:]
		}
		answers = append(answers, r)
	}
	if _, err := db.ApplyChanges(context.Background(), syncAs, appstore.Pull{Answers: answers}); err != nil {
		t.Fatal(err)
	}
}

// serverSends applies a page of the changes feed, as a sync does.
func serverSends(t *testing.T, db *appstore.DB, items ...syncproto.Change) error {
	t.Helper()
	_, err := db.ApplyChanges(context.Background(), syncAs, appstore.Pull{Items: items, Cursor: uuid.NewString()})
	return err
}

// caseNow is a case as the server has it after a change by support.
func caseNow(d portal.CaseDetail, status, solution, solutionArticle string) syncproto.Change {
	now := time.Now()
	return syncproto.Change{Type: syncproto.ChangeCase, Case: &syncproto.Case{ID: d.ID, Number: d.Number, AuthorID: syncAs.PersonID, AuthorName: "Ann Example",
		Subject: d.Subject, CategoryID: d.CategoryID, SubcategoryID: d.SubcategoryID, Description: d.Description, Priority: d.Priority,
		Status: status, Solution: solution, SolutionArticleID: solutionArticle, CreatedAt: d.CreatedAt, UpdatedAt: now}}
}

func supportReply(caseID, author, body string) syncproto.Change {
	return syncproto.Change{Type: syncproto.ChangeComment, Comment: &syncproto.Comment{ID: uuid.NewString(), CaseID: caseID,
		AuthorKind: syncproto.AuthorSupport, AuthorName: author, Body: body, CreatedAt: time.Now()}}
}

// localArticle is the ID this store gave the article with sourceID.
func localArticle(t *testing.T, kb *appstore.Knowledge, sourceID string) string {
	t.Helper()
	page, err := kb.Articles(context.Background(), "en", "", 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range page.Items {
		if a.SourceID == sourceID {
			return a.ID
		}
	}
	t.Fatalf("no article %s in %+v", sourceID, page.Items)
	return ""
}

func TestDraftAutosaveAndResume(t *testing.T) {
	ctx := context.Background()
	_, cs := casesFixture(t)
	d, err := cs.SaveDraft(ctx, portal.DraftInput{Subject: "Rep"})
	if err != nil {
		t.Fatal(err)
	}
	if d.ID == "" || d.Priority != "medium" {
		t.Fatalf("created %+v", d)
	}
	in := goodDraft()
	in.ID = d.ID
	if _, err := cs.SaveDraft(ctx, in); err != nil {
		t.Fatal(err)
	}
	got, err := cs.Draft(ctx, d.ID)
	if err != nil || got.Subject != in.Subject || got.Description != in.Description || got.Priority != "high" {
		t.Fatalf("resumed %+v %v", got, err)
	}
	// Several drafts at once, most recent first.
	d2, _ := cs.SaveDraft(ctx, portal.DraftInput{Subject: "Second"})
	list, _ := cs.Drafts(ctx)
	if len(list) != 2 || list[0].ID != d2.ID {
		t.Fatalf("drafts %+v", list)
	}
	// A rejected field changes nothing else: the stored draft keeps its text.
	bad := in
	bad.Description = strings.Repeat("x", portal.MaxDescriptionRunes+1)
	if _, err := cs.SaveDraft(ctx, bad); portal.AsError(err).Reason != portal.ReasonTooLong {
		t.Fatalf("huge description: %v", err)
	}
	if got, _ := cs.Draft(ctx, d.ID); got.Description != in.Description {
		t.Fatal("a rejected save changed the draft")
	}
	// Saving to an unknown draft does not create one silently.
	if _, err := cs.SaveDraft(ctx, portal.DraftInput{ID: "no-such-draft"}); portal.AsError(err).Reason != portal.ReasonDraftNotFound {
		t.Fatalf("unknown draft: %v", err)
	}
}

func TestDraftSurvivesReopen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "portal.db")
	db, _ := appstore.Open(ctx, path, appstore.Options{})
	cs := appstore.NewCases(db, attach.New(t.TempDir()))
	d, _ := cs.SaveDraft(ctx, goodDraft())
	db.Close()
	db, err := appstore.Open(ctx, path, appstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	got, err := appstore.NewCases(db, attach.New(t.TempDir())).Draft(ctx, d.ID)
	if err != nil || got.Subject != goodDraft().Subject {
		t.Fatalf("after reopen: %+v %v", got, err)
	}
}

func TestDiscardAndUndo(t *testing.T) {
	ctx := context.Background()
	db, cs := casesFixture(t)
	d, _ := cs.SaveDraft(ctx, goodDraft())
	if err := cs.DiscardDraft(ctx, d.ID); err != nil {
		t.Fatal(err)
	}
	if list, _ := cs.Drafts(ctx); len(list) != 0 {
		t.Fatal("discarded draft still listed")
	}
	if _, err := cs.Draft(ctx, d.ID); portal.ErrorCode(err) != portal.ENotFound {
		t.Fatalf("discarded draft readable: %v", err)
	}
	if err := cs.RestoreDraft(ctx, d.ID); err != nil {
		t.Fatal(err)
	}
	if got, err := cs.Draft(ctx, d.ID); err != nil || got.Subject != goodDraft().Subject {
		t.Fatalf("restored %+v %v", got, err)
	}
	// Discarded long ago: purged; a moment sooner, it is kept.
	discarded := time.Now()
	db.Now = func() time.Time { return discarded }
	must.Do(cs.DiscardDraft(ctx, d.ID))
	db.Now = func() time.Time { return discarded.Add(appstore.DiscardedDraftTTL - time.Minute) }
	if n, err := cs.PurgeDiscarded(ctx); err != nil || n != 0 {
		t.Fatalf("purged %d before its time, %v", n, err)
	}
	db.Now = func() time.Time { return discarded.Add(appstore.DiscardedDraftTTL + time.Minute) }
	if n, err := cs.PurgeDiscarded(ctx); err != nil || n != 1 {
		t.Fatalf("purged %d, %v", n, err)
	}
	if err := cs.RestoreDraft(ctx, d.ID); portal.ErrorCode(err) != portal.ENotFound {
		t.Fatalf("restore after purge: %v", err)
	}
}

func TestSubmitQueuesCaseWithAttachments(t *testing.T) {
	ctx := context.Background()
	db, cs := casesFixture(t)
	d, _ := cs.SaveDraft(ctx, goodDraft())
	src := t.TempDir()
	shot := filepath.Join(src, "screen shot.png")
	must.Do(os.WriteFile(shot, []byte("\x89PNG\r\n\x1a\nnot really"), 0o600))
	res, err := cs.AddDraftAttachments(ctx, d.ID, []string{shot, filepath.Join(src, "missing.txt"), src}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Attachments) != 1 || len(res.Errors) != 2 || res.Errors[0].Error.Reason != portal.ReasonAttachmentMissing || res.Errors[1].Error.Reason != portal.ReasonAttachmentFolder {
		t.Fatalf("attach result %+v", res)
	}
	c, err := cs.Submit(ctx, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	if c.Status != portal.StatusWaitingToSend || c.Number != 0 || c.ID != d.ID {
		t.Fatalf("submitted %+v", c)
	}
	if _, err := cs.Draft(ctx, d.ID); portal.ErrorCode(err) != portal.ENotFound {
		t.Fatal("draft still there after submit")
	}
	// Submitting again (a retried click) makes no second case.
	if _, err := cs.Submit(ctx, d.ID); portal.ErrorCode(err) != portal.ENotFound {
		t.Fatalf("second submit: %v", err)
	}
	ob := outbox(t, db)
	if len(ob) != 1 || ob[0].Kind != "case.create" || ob[0].Payload["caseId"] != c.ID || ob[0].Payload["subject"] != goodDraft().Subject {
		t.Fatalf("outbox %+v", ob)
	}
	if files := ob[0].Payload["attachments"].([]any); len(files) != 1 || files[0].(map[string]any)["name"] != "screen shot.png" {
		t.Fatalf("outbox files %+v", files)
	}
	detail, err := cs.Case(ctx, c.ID)
	if err != nil || len(detail.Attachments) != 1 || len(detail.History) != 1 || detail.History[0].To != "waiting_to_send" || !detail.CanComment {
		t.Fatalf("detail %+v %v", detail, err)
	}
	// Files of a submitted case are the record: they cannot be removed.
	if err := cs.RemoveAttachment(ctx, detail.Attachments[0].ID); portal.AsError(err).Reason != portal.ReasonAttachmentSent {
		t.Fatalf("remove sent file: %v", err)
	}
	if n, _ := db.OutboxCount(ctx); n != 1 {
		t.Fatalf("outbox count %d", n)
	}
}

func TestSubmitValidatesFields(t *testing.T) {
	ctx := context.Background()
	db, cs := casesFixture(t)
	d, _ := cs.SaveDraft(ctx, portal.DraftInput{Subject: "Only a subject"})
	_, err := cs.Submit(ctx, d.ID)
	if pe := portal.AsError(err); pe.Field != "category" || pe.Reason != portal.ReasonRequired {
		t.Fatalf("submit without category: %+v", pe)
	}
	if len(outbox(t, db)) != 0 {
		t.Fatal("a refused submit queued something")
	}
	if got, _ := cs.Draft(ctx, d.ID); got.Subject != "Only a subject" {
		t.Fatal("a refused submit lost the draft")
	}
}

func TestAttachmentLimits(t *testing.T) {
	ctx := context.Background()
	db, cs := casesFixture(t)
	vp := portal.DefaultVendorProfile()
	vp.MaxAttachments, vp.MaxAttachmentBytes = 3, 100
	must.Do(db.SaveVendorProfile(ctx, vp))
	d, _ := cs.SaveDraft(ctx, goodDraft())
	src := t.TempDir()
	var paths []string
	for i := range 4 {
		p := filepath.Join(src, fmt.Sprintf("f%d.txt", i))
		must.Do(os.WriteFile(p, []byte(fmt.Sprint("file ", i)), 0o600))
		paths = append(paths, p)
	}
	big := filepath.Join(src, "big.bin")
	must.Do(os.WriteFile(big, make([]byte, 101), 0o600))
	res, err := cs.AddDraftAttachments(ctx, d.ID, append([]string{big}, paths...), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Attachments) != 3 || len(res.Errors) != 2 || res.Errors[0].Error.Reason != portal.ReasonAttachmentTooLarge || res.Errors[1].Error.Reason != portal.ReasonAttachmentTooMany {
		t.Fatalf("result %+v", res)
	}
	// Removing one makes room.
	if err := cs.RemoveAttachment(ctx, res.Attachments[0].ID); err != nil {
		t.Fatal(err)
	}
	res, _ = cs.AddDraftAttachments(ctx, d.ID, paths[3:], nil)
	if len(res.Attachments) != 1 {
		t.Fatalf("after removing: %+v", res)
	}
	// Another draft's ID that does not exist.
	if _, err := cs.AddDraftAttachments(ctx, "not-a-draft", paths, nil); portal.ErrorCode(err) != portal.ENotFound {
		t.Fatalf("unknown draft: %v", err)
	}
}

func submitted(t *testing.T, cs *appstore.Cases, subject string) portal.CaseSummary {
	t.Helper()
	in := goodDraft()
	in.Subject = subject
	d, err := cs.SaveDraft(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	c, err := cs.Submit(context.Background(), d.ID)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestCommentsAndStatusRules(t *testing.T) {
	ctx := context.Background()
	db, cs := casesFixture(t)
	c := submitted(t, cs, "SSO login loops")
	// Comments work offline on a case that has not been sent yet.
	if _, err := cs.AddComment(ctx, c.ID, "More detail: it happens in Firefox only."); err != nil {
		t.Fatal(err)
	}
	for _, body := range []string{"", "   ", strings.Repeat("x", portal.MaxCommentRunes+1)} {
		t.Run(fmt.Sprintf("%.10q", body), func(t *testing.T) {
			if _, err := cs.AddComment(ctx, c.ID, body); portal.ErrorCode(err) != portal.EInvalid {
				t.Fatalf("comment %.10q accepted: %v", body, err)
			}
		})
	}
	if _, err := cs.AddComment(ctx, "another-company-case", "hi"); portal.ErrorCode(err) != portal.ENotFound {
		t.Fatalf("unknown case: %v", err)
	}
	// The server accepts the case and the comment, and support solves it;
	// the solution links an article by the server's ID.
	const solutionArticle = "0190c6a8-0000-7000-8000-0000000a0001"
	serverAccepts(t, db, 1042)
	d, _ := cs.Case(ctx, c.ID)
	must.Do(serverSends(t, db, supportReply(c.ID, "Maria (Support)", "Please clear the SSO cookie.")))
	must.Do(serverSends(t, db, caseNow(d, "solved", "Clear the cookie", solutionArticle)))
	d, _ = cs.Case(ctx, c.ID)
	if d.Number != 1042 || d.Status != "solved" || d.Solution == nil || d.Solution.Text != "Clear the cookie" || d.Solution.ArticleID != "" ||
		len(d.Comments) != 2 || d.Comments[0].Pending || d.Comments[1].AuthorKind != "support" || d.Comments[1].AuthorName != "Maria (Support)" {
		t.Fatalf("after solve %+v", d)
	}
	// The solution links its article once the article is here (synced
	// articles carry the server's ID as their source ID); not before.
	kb := appstore.NewKnowledge(db)
	if _, err := kb.ImportBatch(ctx, nil, []portal.ArticleInput{art(solutionArticle, "en", "Access", "Clearing the SSO cookie", "How to", "Body")}); err != nil {
		t.Fatal(err)
	}
	local := localArticle(t, kb, solutionArticle)
	if d, _ = cs.Case(ctx, c.ID); d.Solution.ArticleID != local {
		t.Fatalf("solution article %q, want %q", d.Solution.ArticleID, local)
	}
	// A customer comment on a Solved case reopens it.
	if _, err := cs.AddComment(ctx, c.ID, "Still happens after clearing the cookie."); err != nil {
		t.Fatal(err)
	}
	d, _ = cs.Case(ctx, c.ID)
	if d.Status != "in_progress" || d.History[len(d.History)-1].From != "solved" {
		t.Fatalf("after reopen %+v", d.History)
	}
	// A status the workflow does not know is refused and changes nothing.
	if err := serverSends(t, db, caseNow(d, "archived", "", "")); err == nil {
		t.Fatal("an unknown status was taken")
	}
	if d, _ = cs.Case(ctx, c.ID); d.Status != "in_progress" {
		t.Fatalf("after a refused change: %s", d.Status)
	}
	// Closed is read-only and offers a follow-up case.
	must.Do(serverSends(t, db, caseNow(d, "closed", "Clear the cookie", solutionArticle)))
	if _, err := cs.AddComment(ctx, c.ID, "one more thing"); portal.AsError(err).Reason != portal.ReasonCaseClosed {
		t.Fatalf("comment on closed: %v", err)
	}
	d, _ = cs.Case(ctx, c.ID)
	if d.CanComment || !d.CanFollowUp {
		t.Fatalf("closed case flags %+v", d)
	}
	fu, err := cs.CreateFollowUp(ctx, c.ID)
	if err != nil || fu.FollowUpOf != c.ID || fu.Subject != c.Subject {
		t.Fatalf("follow-up %+v %v", fu, err)
	}
	fu.Description = "The same problem is back since the update."
	if _, err := cs.SaveDraft(ctx, fu.DraftInput); err != nil {
		t.Fatal(err)
	}
	fuCase, err := cs.Submit(ctx, fu.ID)
	if err != nil {
		t.Fatal(err)
	}
	fd, _ := cs.Case(ctx, fuCase.ID)
	if fd.FollowUpOfCase == nil || fd.FollowUpOfCase.Number != 1042 {
		t.Fatalf("follow-up link %+v", fd.FollowUpOfCase)
	}
	other := submitted(t, cs, "Open case")
	if _, err := cs.CreateFollowUp(ctx, other.ID); portal.AsError(err).Reason != portal.ReasonCaseNotClosed {
		t.Fatalf("follow-up of open case: %v", err)
	}
	kinds := []string{}
	for _, r := range outbox(t, db) {
		kinds = append(kinds, r.Kind)
	}
	if strings.Join(kinds, ",") != "comment.add,case.create,case.create" {
		t.Fatalf("outbox order %v", kinds)
	}
}

func TestCommentDraftAndAttachments(t *testing.T) {
	ctx := context.Background()
	_, cs := casesFixture(t)
	c := submitted(t, cs, "Comment with a file")
	must.Do(cs.SaveCommentDraft(ctx, c.ID, "Here is the log"))
	p := filepath.Join(t.TempDir(), "app.log")
	must.Do(os.WriteFile(p, []byte("ERROR 42"), 0o600))
	res, err := cs.AddCommentAttachments(ctx, c.ID, []string{p}, nil)
	if err != nil || len(res.Attachments) != 1 {
		t.Fatalf("stage %+v %v", res, err)
	}
	d, _ := cs.Case(ctx, c.ID)
	if d.CommentDraft != "Here is the log" || len(d.CommentDraftAttachments) != 1 {
		t.Fatalf("comment draft %+v", d)
	}
	m, err := cs.AddComment(ctx, c.ID, "Here is the log")
	if err != nil || len(m.Attachments) != 1 {
		t.Fatalf("comment %+v %v", m, err)
	}
	d, _ = cs.Case(ctx, c.ID)
	if d.CommentDraft != "" || len(d.CommentDraftAttachments) != 0 || len(d.Comments[0].Attachments) != 1 || !d.Comments[0].Pending {
		t.Fatalf("after send %+v", d)
	}
}

func TestCaseListFiltersSortsAndSearches(t *testing.T) {
	ctx := context.Background()
	db, cs := casesFixture(t)
	a := submitted(t, cs, "Certificate PDF is blank")
	b := submitted(t, cs, "Enrollment emails not sent")
	serverAccepts(t, db, 7, 8)
	cc := submitted(t, cs, "Zertifikat ohne Logo")
	bd, _ := cs.Case(ctx, b.ID)
	must.Do(serverSends(t, db, caseNow(bd, "in_progress", "", "")))

	page, err := cs.List(ctx, portal.CaseFilter{})
	if err != nil || page.Total != 3 || page.Items[0].ID != b.ID {
		t.Fatalf("default list %+v %v", page, err)
	}
	page, _ = cs.List(ctx, portal.CaseFilter{Statuses: []string{"waiting_to_send"}})
	if page.Total != 1 || page.Items[0].ID != cc.ID {
		t.Fatalf("by status %+v", page)
	}
	page, _ = cs.List(ctx, portal.CaseFilter{Sort: "number"})
	if page.Items[0].Number != 7 || page.Items[2].Number != 0 {
		t.Fatalf("by number %+v", page.Items)
	}
	page, _ = cs.List(ctx, portal.CaseFilter{Query: "certif"})
	if page.Total != 1 || page.Items[0].ID != a.ID {
		t.Fatalf("prefix search %+v", page)
	}
	page, _ = cs.List(ctx, portal.CaseFilter{Query: "#8"})
	if page.Total != 1 || page.Items[0].ID != b.ID {
		t.Fatalf("number search %+v", page)
	}
	page, _ = cs.List(ctx, portal.CaseFilter{Query: "zertifikat"})
	if page.Total != 1 || page.Items[0].ID != cc.ID {
		t.Fatalf("german search %+v", page)
	}
	page, _ = cs.List(ctx, portal.CaseFilter{Limit: 2, Offset: 2})
	if page.Total != 3 || len(page.Items) != 1 {
		t.Fatalf("paging %+v", page)
	}
	// Hostile input just searches.
	for _, q := range []string{`"`, `*`, `-`, `:`, `(`, `AND`, `NEAR(a b)`, `subject:x`, "🔥", "שלום", `'; DROP TABLE support_case; --`, strings.Repeat("ab ", 5000)} {
		t.Run(fmt.Sprintf("%.20q", q), func(t *testing.T) {
			if _, err := cs.List(ctx, portal.CaseFilter{Query: q}); err != nil {
				t.Fatalf("query %.20q: %v", q, err)
			}
		})
	}
	if p, _ := cs.List(ctx, portal.CaseFilter{}); p.Total != 3 {
		t.Fatal("a hostile query changed the cases")
	}
}

func TestDeflection(t *testing.T) {
	ctx := context.Background()
	db, cs := casesFixture(t)
	kb := appstore.NewKnowledge(db)
	if _, err := kb.ImportBatch(ctx, nil, []portal.ArticleInput{art("users", "en", "Access", "The four-user limit", "Up to four users.", "Body")}); err != nil {
		t.Fatal(err)
	}
	articleID := localArticle(t, kb, "users")
	d, _ := cs.SaveDraft(ctx, goodDraft())
	must.Do(cs.RecordDeflection(ctx, d.ID, articleID))
	if err := cs.RecordDeflection(ctx, d.ID, "no-such-article"); portal.ErrorCode(err) != portal.ENotFound {
		t.Fatalf("unknown article: %v", err)
	}
	// One deflection goes to the vendor, naming the article as the server
	// knows it.
	ob := outbox(t, db)
	if len(ob) != 1 || ob[0].Kind != "case.deflection" || ob[0].Payload["articleId"] != articleID || ob[0].Payload["sourceId"] != "users" {
		t.Fatalf("outbox %+v", ob)
	}
}

// The app refuses deceptive text before it saves (portal.CheckTextChars,
// the check the server repeats on push), naming the field; nothing is
// stored or queued.
func TestDraftRefusesDeceptiveText(t *testing.T) {
	ctx := context.Background()
	_, cs := casesFixture(t)
	for _, c := range []struct {
		in            portal.DraftInput
		field, reason string
	}{
		{portal.DraftInput{Subject: "Close \u202eti"}, "subject", "bidi_control"},
		{portal.DraftInput{Subject: "ok", Description: "a\x07b"}, "description", "control_character"},
	} {
		t.Run(c.field, func(t *testing.T) {
			_, err := cs.SaveDraft(ctx, c.in)
			if e := portal.AsError(err); err == nil || e.Field != c.field || e.Reason != c.reason {
				t.Errorf("%+v: %v", c.in, err)
			}
		})
	}
	drafts, err := cs.Drafts(ctx)
	if err != nil || len(drafts) != 0 {
		t.Fatalf("drafts %v %v", drafts, err)
	}
}

// The product version (issue 13) is autosaved with the draft, sent with
// case.create and shown on the case; a colleague's case brings the
// server's.
func TestProductVersionTravelsWithTheCase(t *testing.T) {
	ctx := context.Background()
	db, cs := casesFixture(t)
	in := goodDraft()
	in.ProductVersion = " 7.4.2 "
	d, err := cs.SaveDraft(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	d.ProductVersion = "7.4.3 "
	if _, err := cs.SaveDraft(ctx, d.DraftInput); err != nil {
		t.Fatal(err)
	}
	if got, err := cs.Draft(ctx, d.ID); err != nil || got.ProductVersion != "7.4.3 " {
		t.Fatalf("draft %+v, %v", got, err)
	}
	// Too long or two lines: refused, and the draft keeps what it had.
	for _, bad := range []struct{ version, reason string }{
		{strings.Repeat("7", portal.MaxProductVersionRunes+1), portal.ReasonTooLong},
		{"7.4\n3", portal.ReasonControlCharacter},
	} {
		d.ProductVersion = bad.version
		if _, err := cs.SaveDraft(ctx, d.DraftInput); portal.AsError(err).Reason != bad.reason || portal.AsError(err).Field != "productVersion" {
			t.Errorf("save %q: %v, want %s on productVersion", bad.version, err, bad.reason)
		}
	}
	if got, _ := cs.Draft(ctx, d.ID); got.ProductVersion != "7.4.3 " {
		t.Fatalf("a refused save changed the product version to %q", got.ProductVersion)
	}
	c, err := cs.Submit(ctx, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	ob := outbox(t, db)
	if len(ob) != 1 || ob[0].Kind != syncproto.KindCaseCreate || ob[0].Payload["productVersion"] != "7.4.3" {
		t.Fatalf("outbox %+v", ob)
	}
	if detail, err := cs.Case(ctx, c.ID); err != nil || detail.ProductVersion != "7.4.3" {
		t.Fatalf("own case %q, %v", detail.ProductVersion, err)
	}

	// A colleague's case arrives with the version the server keeps; one
	// without (an older server) shows none.
	now := time.Now().UTC()
	colleague := func(id, version string) syncproto.Change {
		return syncproto.Change{Type: syncproto.ChangeCase, Case: &syncproto.Case{ID: id, Number: 8, AuthorID: "p-bob", AuthorName: "Bob",
			Subject: "Quiz grading", CategoryID: "assessments", SubcategoryID: "assessments.grading", Description: "Wrong scores",
			Priority: "low", Status: portal.StatusNew, ProductVersion: version, CreatedAt: now, UpdatedAt: now}}
	}
	withVersion, without := uuid.NewString(), uuid.NewString()
	if err := serverSends(t, db, colleague(withVersion, "8.0 beta"), colleague(without, "")); err != nil {
		t.Fatal(err)
	}
	for id, want := range map[string]string{withVersion: "8.0 beta", without: ""} {
		if detail, err := cs.Case(ctx, id); err != nil || detail.ProductVersion != want || detail.Subject != "Quiz grading" {
			t.Errorf("colleague's case: product version %q, %v; want %q", detail.ProductVersion, err, want)
		}
	}
}
