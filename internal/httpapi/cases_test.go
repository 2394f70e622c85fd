package httpapi_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"supportportal/internal/httpapi"
	"supportportal/internal/must"
	"supportportal/internal/portal"
	"supportportal/internal/servercore"
	"supportportal/internal/serverstore/storetest"
	"supportportal/internal/syncproto"
)

func TestProfile(t *testing.T) {
	e := newEnv(t)
	var p syncproto.Profile
	e.expect(e.do("GET", "/v1/profile", "", nil), 200).json(t, &p)
	if p.Vendor.Name != portal.DefaultVendorProfile().Name || len(p.Categories) != len(portal.DefaultComponentCategories()) {
		t.Fatalf("profile %+v", p)
	}
	e.expect(e.do("GET", "/healthz", "", nil), 200)
}

// A push retried after a lost answer changes nothing twice and gets the
// same answer.
func TestPushIdempotent(t *testing.T) {
	e := newEnv(t)
	e.person(e.acme, servercore.RoleAdministrator, "admin@acme.example")
	tok := e.signIn("admin@acme.example")
	caseID := newID()
	batch := map[string]any{"mutations": []syncproto.Mutation{caseCreate(caseID), commentAdd(caseID, "More detail")}}
	first := e.expect(e.do("POST", "/v1/push", tok, batch), 200)
	second := e.expect(e.do("POST", "/v1/push", tok, batch), 200)
	if !bytes.Equal(first.body, second.body) {
		t.Fatalf("answers differ:\n%s\n%s", first.body, second.body)
	}
	var res pushResult
	first.json(t, &res)
	if r := res.Results[0]; r.Result != "applied" || r.CaseID != caseID || r.CaseNumber != 1 || r.CaseStatus != "new" {
		t.Fatalf("result %+v", r)
	}
	if r := res.Results[1]; r.Result != "applied" || r.CaseNumber != 1 || r.CommentID == "" {
		t.Fatalf("result %+v", r)
	}
	if cases, comments, atts := e.stored(); cases != 1 || comments != 1 || atts != 1 {
		t.Fatalf("cases %d comments %d attachments %d", cases, comments, atts)
	}
	// The same case sent again under a new mutation ID is refused, not duplicated.
	r := e.push(tok, caseCreate(caseID)).Results[0]
	if r.Result != "rejected" || r.Error.Reason != portal.ReasonCaseExists {
		t.Fatalf("result %+v %+v", r, r.Error)
	}
	// A rejection is remembered too: the retry answers the same.
	bad := caseCreate(newID())
	bad.Payload = json.RawMessage(strings.Replace(string(bad.Payload), `"subject":"Learners cannot enroll"`, `"subject":""`, 1))
	a, b := e.push(tok, bad).Results[0], e.push(tok, bad).Results[0]
	if a.Result != "rejected" || a.Error.Field != "subject" || b.Error.Reason != a.Error.Reason {
		t.Fatalf("%+v %+v", a, b)
	}
}

// One rejected mutation never blocks the rest of the batch.
func TestPushMixedBatch(t *testing.T) {
	e := newEnv(t)
	e.person(e.acme, servercore.RoleAdministrator, "admin@acme.example")
	tok := e.signIn("admin@acme.example")
	good := newID()
	noCategory := caseCreate(newID())
	noCategory.Payload = json.RawMessage(strings.Replace(string(noCategory.Payload), `"categoryId":"courses"`, `"categoryId":"nope"`, 1))
	feedback := syncproto.Mutation{ID: newID(), Kind: syncproto.KindArticleFeedback, Payload: json.RawMessage(
		fmt.Sprintf(`{"feedbackId":%q,"articleId":"a1","sourceId":"kb/reset.md","locale":"en","helpful":true,"createdAt":"2026-01-01T00:00:00.000000Z"}`, newID()))}
	deflection := syncproto.Mutation{ID: newID(), Kind: syncproto.KindCaseDeflection, Payload: json.RawMessage(
		fmt.Sprintf(`{"deflectionId":%q,"articleId":"a1","sourceId":"kb/reset.md","createdAt":"2026-01-01T00:00:00.000000Z"}`, newID()))}
	res := e.push(tok,
		noCategory,
		caseCreate(good),
		commentAdd(newID(), "on a case that does not exist"),
		syncproto.Mutation{ID: newID(), Kind: "case.delete", Payload: json.RawMessage(`{}`)},
		syncproto.Mutation{ID: "not-a-uuid", Kind: syncproto.KindCommentAdd, Payload: json.RawMessage(`{}`)},
		commentAdd(good, "hello"),
		feedback,
		deflection,
		syncproto.Mutation{ID: newID(), Kind: syncproto.KindSettingsUpdate, Payload: json.RawMessage(`{"language":"tlh","locale":"","timeZone":""}`)},
		syncproto.Mutation{ID: newID(), Kind: syncproto.KindSettingsUpdate, Payload: json.RawMessage(`{"language":"de","locale":"de-DE","timeZone":"Mars/Olympus"}`)},
		syncproto.Mutation{ID: newID(), Kind: syncproto.KindSettingsUpdate, Payload: json.RawMessage(`{"language":"de","locale":"de-DE","timeZone":"Europe/Berlin"}`)},
	).Results
	want := []struct{ result, reason string }{
		{"rejected", "unknown_category"}, {"applied", ""}, {"rejected", "case_not_found"}, {"rejected", "unknown_kind"},
		{"rejected", "bad_mutation_id"}, {"applied", ""}, {"applied", ""}, {"applied", ""},
		{"rejected", "unknown_language"}, {"rejected", "unknown_time_zone"}, {"applied", ""},
	}
	for i, w := range want {
		r := res[i]
		reason := ""
		if r.Error != nil {
			reason = r.Error.Reason
		}
		if r.Result != w.result || reason != w.reason {
			t.Errorf("mutation %d: %s %q, want %s %q", i, r.Result, reason, w.result, w.reason)
		}
	}
	// The counts the support console shows.
	counts, err := e.st.ArticleCounts(t.Context(), e.vendorID)
	if err != nil {
		t.Fatal(err)
	}
	var fb, defl int
	for _, c := range counts {
		fb += c.Helpful + c.NotHelpful
		defl += c.Deflections
	}
	if fb != 1 || defl != 1 {
		t.Fatalf("feedback %d deflections %d", fb, defl)
	}
	// Only the valid settings were kept.
	if s := e.settings(tok); s == nil || *s != (syncproto.PersonSettings{Language: "de", Locale: "de-DE", TimeZone: "Europe/Berlin"}) {
		t.Fatalf("stored settings %+v", s)
	}
	var d syncproto.CaseDetail
	e.expect(e.do("GET", "/v1/cases/"+good, tok, nil), 200).json(t, &d)
	if d.Number != 1 || len(d.Comments) != 1 || d.Comments[0].Body != "hello" || len(d.Attachments) != 1 || d.Attachments[0].Name != "screen.png" {
		t.Fatalf("case %+v", d)
	}
}

// Case numbers are sequential per vendor with no gaps or duplicates, even
// when many pushes arrive at once.
func TestCaseNumbersConcurrent(t *testing.T) {
	e := newEnv(t)
	e.person(e.acme, servercore.RoleAdministrator, "admin@acme.example")
	e.person(e.globex, servercore.RoleAccountOwner, "owner@globex.example")
	toks := []string{e.signIn("admin@acme.example"), e.signIn("owner@globex.example")}
	const n = 50
	numbers := make([]int64, n)
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			body := must.Get(json.Marshal(map[string]any{"mutations": []syncproto.Mutation{caseCreate(newID())}}))
			req := must.Get(newRequest(e.srv.URL+"/v1/push", toks[i%2], body))
			res, err := e.srv.Client().Do(req)
			if err != nil {
				errs <- err
				return
			}
			defer res.Body.Close()
			var out pushResult
			if err := json.NewDecoder(res.Body).Decode(&out); err != nil || res.StatusCode != 200 || out.Results[0].Result != "applied" {
				errs <- fmt.Errorf("push %d: status %d %v %+v", i, res.StatusCode, err, out)
				return
			}
			numbers[i] = out.Results[0].CaseNumber
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	slices.Sort(numbers)
	for i, got := range numbers {
		if got != int64(i+1) {
			t.Fatalf("numbers %v", numbers)
		}
	}
}

// Another company's case is not found, never shown.
func TestOtherCompanyCase(t *testing.T) {
	e := newEnv(t)
	e.person(e.acme, servercore.RoleAdministrator, "admin@acme.example")
	e.person(e.globex, servercore.RoleAccountOwner, "owner@globex.example")
	acme, globex := e.signIn("admin@acme.example"), e.signIn("owner@globex.example")
	m := caseCreate(newID())
	res := e.push(acme, m).Results[0]

	r := e.expect(e.do("GET", "/v1/cases/"+res.CaseID, globex, nil), 404)
	if code, reason := r.apiErr(t); code != "not_found" || reason != "case_not_found" || strings.Contains(string(r.body), "Learners") {
		t.Fatalf("%s", r.body)
	}
	var page syncproto.CasePage
	e.expect(e.do("GET", "/v1/cases", globex, nil), 200).json(t, &page)
	if page.Total != 0 || len(page.Items) != 0 {
		t.Fatalf("globex sees %+v", page)
	}
	var ch syncproto.ChangePage
	e.expect(e.do("GET", "/v1/changes", globex, nil), 200).json(t, &ch)
	if len(ch.Items) != 0 {
		t.Fatalf("globex changes %+v", ch)
	}
	// Commenting on it is refused as not found.
	if r := e.push(globex, commentAdd(res.CaseID, "let me in")).Results[0]; r.Result != "rejected" || r.Error.Reason != portal.ReasonCaseNotFound {
		t.Fatalf("%+v", r)
	}
	// Replaying acme's mutation ID does not reveal acme's answer.
	if r := e.push(globex, m).Results[0]; r.Result != "rejected" || r.Error.Reason != portal.ReasonMutationIDTaken || r.CaseNumber != 0 {
		t.Fatalf("%+v", r)
	}
	// An agent of another vendor does not find it either.
	other, err := e.st.CreatePerson(t.Context(), servercore.Person{Person: syncproto.Person{VendorID: e.agentVendor, Kind: servercore.KindAgent, Email: "agent@other.example", Name: "Other"}, PasswordHash: hashOnce})
	if err != nil || other == "" {
		t.Fatal(err)
	}
	e.expect(e.do("POST", "/v1/agent/cases/"+res.CaseID+"/status", e.signIn("agent@other.example"), map[string]string{"status": "solved"}), 404)
	e.expect(e.do("GET", "/v1/cases/"+res.CaseID, acme, nil), 200)
}

func TestChangesPaging(t *testing.T) {
	e := newEnv(t)
	e.person(e.acme, servercore.RoleAdministrator, "admin@acme.example")
	e.person(e.globex, servercore.RoleAccountOwner, "owner@globex.example")
	e.person("", "", "agent@vendor.example")
	tok, agent := e.signIn("admin@acme.example"), e.signIn("agent@vendor.example")
	var ids []string
	for range 5 {
		id, _ := e.newCase(tok)
		e.push(tok, commentAdd(id, "a comment"))
		ids = append(ids, id)
		e.newCase(e.signIn("owner@globex.example")) // other company's writes interleave
	}
	all := func(cursor string) ([]syncproto.Change, string) {
		var items []syncproto.Change
		for pages := 0; ; pages++ {
			var p syncproto.ChangePage
			e.expect(e.do("GET", "/v1/changes?limit=3&cursor="+cursor, tok, nil), 200).json(t, &p)
			if len(p.Items) > 3 || pages > 20 {
				t.Fatalf("page of %d", len(p.Items))
			}
			items = append(items, p.Items...)
			cursor = p.Cursor
			if !p.More {
				return items, cursor
			}
		}
	}
	items, cursor := all("")
	if len(items) != 10 {
		t.Fatalf("%d changes, want 5 cases and 5 comments", len(items))
	}
	var lastSeq int64
	seen := map[string]bool{}
	for _, it := range items {
		if it.Seq <= lastSeq {
			t.Fatalf("seq not increasing: %d after %d", it.Seq, lastSeq)
		}
		lastSeq = it.Seq
		key := it.Type + ":"
		if it.Case != nil {
			key += it.Case.ID
			if it.Case.CompanyID != e.acme {
				t.Fatal("another company's case in the feed")
			}
		} else {
			key += it.Comment.ID
		}
		if seen[key] {
			t.Fatalf("%s twice", key)
		}
		seen[key] = true
	}
	// Nothing new: an empty page that keeps the cursor.
	if more, c2 := all(cursor); len(more) != 0 || c2 != cursor {
		t.Fatalf("%v %s", more, c2)
	}
	// An agent's status change and comment come next.
	e.expect(e.do("POST", "/v1/agent/cases/"+ids[2]+"/status", agent, map[string]string{"status": "solved", "solution": "Re-publish the course."}), 200)
	cid := newID()
	for range 2 { // a retry adds nothing
		e.expect(e.do("POST", "/v1/agent/cases/"+ids[0]+"/comments", agent, map[string]string{"commentId": cid, "body": "We are looking into it."}), 201)
	}
	more, _ := all(cursor)
	var got []string
	for _, it := range more {
		if it.Case != nil {
			got = append(got, "case:"+it.Case.Status)
		} else {
			got = append(got, "comment:"+it.Comment.AuthorKind)
		}
	}
	// The commented case also moved up (its updated time changed).
	if !slices.Equal(got, []string{"case:solved", "comment:support", "case:new"}) {
		t.Fatalf("changes %v", got)
	}
	e.expect(e.do("GET", "/v1/changes?cursor=abc", tok, nil), 400)
}

func TestBodyTooLarge(t *testing.T) {
	e := newEnv(t)
	e.person(e.acme, servercore.RoleAdministrator, "admin@acme.example")
	tok := e.signIn("admin@acme.example")
	big := `{"mutations":[{"id":"x","kind":"comment.add","payload":{"body":"` + strings.Repeat("a", httpapi.MaxPushBody) + `"}}]}`
	r := e.expect(e.do("POST", "/v1/push", tok, big), 413)
	if code, reason := r.apiErr(t); code != "too_large" || reason != "body_too_large" {
		t.Fatal(code, reason)
	}
	r = e.expect(e.do("POST", "/v1/auth/sign-in", "", `{"email":"`+strings.Repeat("a", httpapi.MaxSmallBody)+`"}`), 413)
	if code, _ := r.apiErr(t); code != "too_large" {
		t.Fatal(code)
	}
	if n := storetest.Count(t, e.st.Path, `SELECT count(*) FROM applied_mutation`); n != 0 {
		t.Fatal("a too-large push was applied")
	}
}

// Status changes follow portal.CanTransition; a customer comment on a
// Solved case reopens it; a Closed case takes no comments.
func TestStatusTransitions(t *testing.T) {
	e := newEnv(t)
	e.person(e.acme, servercore.RoleAdministrator, "admin@acme.example")
	e.person("", "", "agent@vendor.example")
	tok, agent := e.signIn("admin@acme.example"), e.signIn("agent@vendor.example")
	id, _ := e.newCase(tok)
	status := func(to, solution string, want int) syncproto.CaseDetail {
		t.Helper()
		var d syncproto.CaseDetail
		r := e.expect(e.do("POST", "/v1/agent/cases/"+id+"/status", agent, map[string]string{"status": to, "solution": solution}), want)
		if want == 200 {
			r.json(t, &d)
		}
		return d
	}
	if _, reason := e.expect(e.do("POST", "/v1/agent/cases/"+id+"/status", agent, map[string]string{"status": "waiting_to_send"}), 400).apiErr(t); reason != "unknown_status" {
		t.Fatal(reason)
	}
	status("waiting_on_customer", "", 200)
	// The customer's answer hands the case back to support.
	if r := e.push(tok, commentAdd(id, "Here is the log.")).Results[0]; r.CaseStatus != "in_progress" {
		t.Fatalf("%+v", r)
	}
	d := status("solved", "Clear the browser cache.", 200)
	if d.Status != "solved" || d.Solution != "Clear the browser cache." {
		t.Fatalf("%+v", d)
	}
	// A comment on a Solved case reopens it.
	if r := e.push(tok, commentAdd(id, "Still broken.")).Results[0]; r.Result != "applied" || r.CaseStatus != "in_progress" {
		t.Fatalf("%+v", r)
	}
	status("in_progress", "", 409) // same status
	status("closed", "", 200)
	if r := e.push(tok, commentAdd(id, "One more thing")).Results[0]; r.Result != "rejected" || r.Error.Reason != portal.ReasonCaseClosed || r.Error.Code != "conflict" {
		t.Fatalf("%+v", r)
	}
	r := e.expect(e.do("POST", "/v1/agent/cases/"+id+"/status", agent, map[string]string{"status": "in_progress"}), 409)
	if _, reason := r.apiErr(t); reason != "bad_transition" {
		t.Fatal(reason)
	}
	e.expect(e.do("POST", "/v1/agent/cases/"+id+"/comments", agent, map[string]string{"body": "too late"}), 409)

	// A follow-up of a case that is not Closed is refused.
	open, _ := e.newCase(tok)
	early := caseCreate(newID())
	early.Payload = json.RawMessage(strings.Replace(string(early.Payload), `"followUpOf":""`, `"followUpOf":"`+open+`"`, 1))
	if r := e.push(tok, early).Results[0]; r.Result != "rejected" || r.Error.Reason != portal.ReasonCaseNotClosed {
		t.Fatalf("%+v", r)
	}

	var got syncproto.CaseDetail
	e.expect(e.do("GET", "/v1/cases/"+id, tok, nil), 200).json(t, &got)
	var path []string
	for _, h := range got.History {
		path = append(path, h.From+">"+h.To)
	}
	want := []string{"waiting_to_send>new", "new>waiting_on_customer", "waiting_on_customer>in_progress", "in_progress>solved", "solved>in_progress", "in_progress>closed"}
	if !slices.Equal(path, want) {
		t.Fatalf("history %v", path)
	}
	if len(got.Comments) != 2 || got.Solution != "Clear the browser cache." {
		t.Fatalf("%+v", got)
	}
	// Follow-up of the closed case is accepted and linked.
	fu := caseCreate(newID())
	fu.Payload = json.RawMessage(strings.Replace(string(fu.Payload), `"followUpOf":""`, `"followUpOf":"`+id+`"`, 1))
	if r := e.push(tok, fu).Results[0]; r.Result != "applied" || r.CaseNumber != 3 {
		t.Fatalf("%+v %+v", r, r.Error)
	}
}

func TestListCasesPaging(t *testing.T) {
	e := newEnv(t)
	e.person(e.acme, servercore.RoleAdministrator, "admin@acme.example")
	tok := e.signIn("admin@acme.example")
	for range 7 {
		e.newCase(tok)
	}
	var p syncproto.CasePage
	e.expect(e.do("GET", "/v1/cases?limit=3&offset=6", tok, nil), 200).json(t, &p)
	if p.Total != 7 || len(p.Items) != 1 {
		t.Fatalf("%+v", p)
	}
	e.expect(e.do("GET", "/v1/cases?limit=x", tok, nil), 400)
}

func TestUnknownRoute(t *testing.T) {
	e := newEnv(t)
	if code, _ := e.expect(e.do("GET", "/v1/nothing", "", nil), 404).apiErr(t); code != "not_found" {
		t.Fatal(code)
	}
	r := e.expect(e.do("DELETE", "/v1/cases", "", nil), 405)
	if r.header.Get("Allow") == "" {
		t.Fatal("no Allow header")
	}
	r.apiErr(t)
}

// The vendor profile's attachment limit decides how large an upload may
// be, also after it changes; tus's own ceiling is far above it.
func TestUploadLengthFollowsTheProfileLimit(t *testing.T) {
	e := newEnv(t)
	e.person(e.acme, servercore.RoleAdministrator, "admin@acme.example")
	tok := e.signIn("admin@acme.example")
	limit := portal.DefaultVendorProfile().MaxAttachmentBytes
	sum := strings.Repeat("ab", 32)
	if r := e.push(tok, caseWithFile(newID(), sum, limit)).Results[0]; r.Result != "applied" {
		t.Fatalf("push %+v", r)
	}
	create := func(length int64) resp {
		t.Helper()
		req, _ := http.NewRequest("POST", e.srv.URL+"/v1/uploads/", nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		req.Header.Set("Tus-Resumable", "1.0.0")
		req.Header.Set("Upload-Length", strconv.FormatInt(length, 10))
		req.Header.Set("Upload-Metadata", "sha256 "+base64.StdEncoding.EncodeToString([]byte(strings.Repeat("ab", 32))))
		res, err := e.srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return resp{status: res.StatusCode, header: res.Header, body: b}
	}
	wantReason(t, create(limit+1), http.StatusRequestEntityTooLarge, portal.ReasonFileTooLarge)
	if r := create(limit); r.status != http.StatusCreated {
		t.Fatalf("an upload at the limit: %d %s", r.status, r.body)
	}
	// Raised in the profile while the server runs (no product path
	// changes this limit): a larger file is taken at once.
	storetest.EditVendorProfile(t, e.st.Path, e.vendorID, func(p *portal.VendorProfile) { p.MaxAttachmentBytes = 3 * limit })
	if r := e.push(tok, caseWithFile(newID(), sum, 2*limit)).Results[0]; r.Result != "applied" {
		t.Fatalf("push %+v", r)
	}
	if r := create(2 * limit); r.status != http.StatusCreated {
		t.Fatalf("an upload under the raised limit: %d %s", r.status, r.body)
	}
}

// POST /v1/sync applies the mutations, then reads the page of changes, so
// the page already holds what they did; it sees only the caller's company;
// and a bad cursor or limit is refused before anything is applied.
func TestSyncPushesThenPages(t *testing.T) {
	e := newEnv(t)
	e.person(e.acme, servercore.RoleAdministrator, "admin@acme.example")
	e.person(e.globex, servercore.RoleAccountOwner, "owner@globex.example")
	acme, globex := e.signIn("admin@acme.example"), e.signIn("owner@globex.example")
	e.newCase(globex) // another company's case: never in acme's page

	type syncAnswer struct {
		Results []syncproto.MutationResult
		Changes syncproto.ChangePage
	}
	caseID := newID()
	settings := syncproto.Mutation{ID: newID(), Kind: syncproto.KindSettingsUpdate,
		Payload: json.RawMessage(`{"language":"de","locale":"de-DE","timeZone":"Europe/Berlin"}`)}
	batch := map[string]any{"mutations": []syncproto.Mutation{caseCreate(caseID), commentAdd(caseID, "More detail"), settings}}
	var first syncAnswer
	e.expect(e.do("POST", "/v1/sync", acme, batch), 200).json(t, &first)
	if len(first.Results) != 3 || first.Results[0].Result != "applied" || first.Results[0].CaseNumber == 0 {
		t.Fatalf("results %+v", first.Results)
	}
	num := first.Results[0].CaseNumber // numbers count per vendor: globex's case came first
	var got []string
	for _, it := range first.Changes.Items {
		if it.Case != nil {
			got = append(got, fmt.Sprintf("case:%s:%d", it.Case.ID, it.Case.Number))
		} else {
			got = append(got, "comment:"+it.Comment.Body)
		}
	}
	wantCase := fmt.Sprintf("case:%s:%d", caseID, num)
	if !slices.Equal(got, []string{"comment:More detail", wantCase}) && !slices.Equal(got, []string{wantCase, "comment:More detail"}) {
		t.Fatalf("page %v", got)
	}
	if s := first.Changes.Heads.Settings; s == nil || s.Language != "de" || s.TimeZone != "Europe/Berlin" {
		t.Fatalf("heads carry the settings from before the push: %+v", s)
	}

	// Retried after a lost answer: the same results, nothing applied twice;
	// from the cursor it got, nothing new.
	batch["cursor"] = first.Changes.Cursor
	var again syncAnswer
	e.expect(e.do("POST", "/v1/sync", acme, batch), 200).json(t, &again)
	if !slices.Equal(again.Results, first.Results) || len(again.Changes.Items) != 0 || again.Changes.Cursor != first.Changes.Cursor {
		t.Fatalf("retry: %+v", again)
	}

	// Nothing to push is a plain page.
	var quiet syncAnswer
	e.expect(e.do("POST", "/v1/sync", acme, map[string]any{"cursor": first.Changes.Cursor}), 200).json(t, &quiet)
	if len(quiet.Results) != 0 || len(quiet.Changes.Items) != 0 || quiet.Changes.More {
		t.Fatalf("quiet: %+v", quiet)
	}

	// What was applied is the exactly-once bookkeeping, which no product
	// path shows: read the file.
	applied := func() int { return storetest.Count(t, e.st.Path, `SELECT count(*) FROM applied_mutation`) }
	before := applied()
	bad := []syncproto.Mutation{caseCreate(newID())}
	for _, tc := range []struct {
		body   map[string]any
		reason string
	}{
		{map[string]any{"mutations": bad, "cursor": "abc"}, "bad_cursor"},
		{map[string]any{"mutations": bad, "cursor": "-1"}, "bad_cursor"},
		{map[string]any{"mutations": bad, "limit": -5}, "bad_number"},
		{map[string]any{"mutations": slices.Repeat(bad, httpapi.MaxPushMutations+1)}, "too_many_mutations"},
	} {
		t.Run(tc.reason, func(t *testing.T) {
			r := e.expect(e.do("POST", "/v1/sync", acme, tc.body), 400)
			if _, reason := r.apiErr(t); reason != tc.reason {
				t.Fatalf("%v: reason %s, want %s", tc.body["cursor"], reason, tc.reason)
			}
		})
	}
	e.expect(e.do("POST", "/v1/sync", acme, `{"mutations": "none"}`), 400)
	if after := applied(); after != before {
		t.Fatalf("a refused sync applied %d mutations", after-before)
	}
	// Without a session: nothing.
	e.expect(e.do("POST", "/v1/sync", "", batch), 401)
}
