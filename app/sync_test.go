package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"supportportal/internal/appstore"
	"supportportal/internal/httpapi"
	"supportportal/internal/mailout"
	"supportportal/internal/must"
	"supportportal/internal/portal"
	"supportportal/internal/servercore"
	"supportportal/internal/serverstore"
	"supportportal/internal/syncer"
	"supportportal/internal/syncproto"
)

const pw = "correct horse battery staple"

// testServer is the real central server on loopback with one company and
// two of its people.
func testServer(t *testing.T) string {
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
	vendor, _ := st.CreateVendor(ctx, "demo", syncproto.Profile{Vendor: portal.DefaultVendorProfile(), Categories: portal.DefaultComponentCategories()})
	company, _ := st.CreateCompany(ctx, servercore.Company{VendorID: vendor, Name: "Acme", Status: servercore.CompanyActive})
	trial, _ := st.CreateCompany(ctx, servercore.Company{VendorID: vendor, Name: "Trial Co", Status: servercore.CompanyTrial})
	hash, _ := servercore.HashPassword(pw)
	for _, p := range []servercore.Person{
		{Person: syncproto.Person{CompanyID: company, Email: "ann@acme.example", Name: "Ann", ProductRole: servercore.RoleAccountOwner}},
		{Person: syncproto.Person{CompanyID: company, Email: "bob@acme.example", Name: "Bob", ProductRole: servercore.RoleAdministrator}},
		{Person: syncproto.Person{CompanyID: trial, Email: "tia@trial.example", Name: "Tia", ProductRole: servercore.RoleAccountOwner}},
	} {
		p.VendorID, p.Kind, p.PasswordHash = vendor, servercore.KindCustomer, hash
		if _, err := st.CreatePerson(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := st.CreatePerson(ctx, servercore.Person{Person: syncproto.Person{VendorID: vendor, Kind: servercore.KindAgent, Email: "maria@vendor.example", Name: "Maria"}, PasswordHash: hash}); err != nil {
		t.Fatal(err)
	}
	return srv.URL
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestSignInSyncsAndSwitchingAccountsNeverMixesData(t *testing.T) {
	base := testServer(t)
	a, _, _ := newApp(t)
	defer func() { must.Do(a.SignOut()) }()

	// Refusals say why, in the UI's error shape.
	if _, err := a.SignIn(base, "ann@acme.example", "wrong"); decode(t, err).Reason != portal.ReasonInvalidCredentials {
		t.Fatalf("wrong password: %v", err)
	}
	if _, err := a.SignIn(base, "tia@trial.example", pw); decode(t, err).Reason != portal.ReasonTrialCompany {
		t.Fatalf("trial company: %v", err)
	}
	if _, err := a.SignIn("http://support.example.com", "ann@acme.example", pw); decode(t, err).Reason != portal.ReasonInsecureServerURL {
		t.Fatalf("plain http: %v", err)
	}
	if _, err := a.SignIn("http://127.0.0.1:1", "ann@acme.example", pw); decode(t, err).Reason != portal.ReasonServerUnreachable {
		t.Fatalf("unreachable: %v", err)
	}
	if acc, _ := a.Account(); acc != nil {
		t.Fatal("a refused sign-in left an account")
	}

	// Written offline, before signing in: waits in the outbox.
	d, _ := a.SaveDraft(portal.DraftInput{Subject: "Enrollment fails", CategoryID: "courses", SubcategoryID: "courses.enrollment", Description: "Error 500"})
	c, err := a.SubmitDraft(d.ID)
	if err != nil {
		t.Fatal(err)
	}
	acc, err := a.SignIn(base, "ann@acme.example", pw)
	if err != nil || acc.Name != "Ann" || acc.CompanyName != "Acme" {
		t.Fatalf("sign in: %+v %v", acc, err)
	}
	waitFor(t, "the case to be sent", func() bool {
		got, _ := a.GetCase(c.ID)
		return got.Number == 1
	})
	st, _ := a.GetSyncStatus()
	if !st.SignedIn || st.Waiting != 0 || st.LastSyncAt == nil {
		t.Fatalf("status %+v", st)
	}

	// Bob signs in on this computer: Ann's company data is replaced by
	// Bob's view (the same company here), never merged with another's.
	if err := a.SignOut(); err != nil {
		t.Fatal(err)
	}
	d2, _ := a.SaveDraft(portal.DraftInput{Subject: "Written while signed out", CategoryID: "courses", SubcategoryID: "courses.enrollment", Description: "x"})
	must.Get(a.SubmitDraft(d2.ID))
	if _, err := a.SignIn(base, "bob@acme.example", pw); decode(t, err).Reason != portal.ReasonOutboxNotEmpty {
		t.Fatalf("switching with unsent changes: %v", err)
	}
	// Ann signs in again and her waiting case goes out.
	if _, err := a.SignIn(base, "ann@acme.example", pw); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the second case to be sent", func() bool {
		s, _ := a.GetSyncStatus()
		return s.Waiting == 0
	})
	must.Do(a.SignOut())
	if _, err := a.SignIn(base, "bob@acme.example", pw); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "Bob's first sync", func() bool {
		p, _ := a.ListCases(portal.CaseFilter{})
		return p.Total == 2
	})
	mine, _ := a.ListCases(portal.CaseFilter{Mine: true})
	if mine.Total != 0 {
		t.Fatalf("Ann's cases listed as Bob's: %+v", mine.Items)
	}
}

func TestPortalUsersOfflineQueueAndRules(t *testing.T) {
	base := testServer(t)
	a, _, _ := newApp(t)
	defer func() { must.Do(a.SignOut()) }()
	if _, err := a.GetCompanyAccount(); decode(t, err).Reason != portal.ReasonNotSignedIn {
		t.Fatal("My Account data without a sign-in")
	}
	acc, err := a.SignIn(base, "ann@acme.example", pw)
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the company's users", func() bool {
		v, _ := a.GetCompanyAccount()
		return v.Account != nil && len(v.Account.Users) == 2
	})
	v, _ := a.GetCompanyAccount()
	if v.Account.ActiveUsers != 2 || v.Account.UserLimit != 4 || v.Me != acc.PersonID {
		t.Fatalf("account %+v", v)
	}
	var bob string
	for _, u := range v.Account.Users {
		if u.Email == "bob@acme.example" {
			bob = u.ID
		}
	}
	// Rules the server would apply, said at once.
	bad := []struct {
		req    portal.NewUserRequest
		reason string
	}{
		{portal.NewUserRequest{FirstName: "", LastName: "X", Email: "x@acme.example", ProductRole: "administrator"}, "required"},
		{portal.NewUserRequest{FirstName: "Xi", LastName: "X", Email: "not-an-address", ProductRole: "administrator"}, "invalid_email"},
		{portal.NewUserRequest{FirstName: "Xi", LastName: "X", Email: "x@acme.example", ProductRole: "other"}, "role_not_allowed"},
		{portal.NewUserRequest{FirstName: "Bob", LastName: "Again", Email: "BOB@acme.example", ProductRole: "administrator"}, "duplicate_email"},
	}
	for _, b := range bad {
		t.Run(b.reason, func(t *testing.T) {
			if _, err := a.RequestPortalUser(b.req); decode(t, err).Reason != b.reason {
				t.Fatalf("%+v: %v, want %s", b.req, err, b.reason)
			}
		})
	}
	// A good request is queued, then reaches the server as a pending request.
	q, err := a.RequestPortalUser(portal.NewUserRequest{FirstName: "Support", LastName: "Mailbox", Email: "lms-admins@acme.example", ProductRole: "administrator"})
	if err != nil || q.Kind != "request" {
		t.Fatalf("request: %+v %v", q, err)
	}
	if _, err := a.RequestPortalUser(portal.NewUserRequest{FirstName: "Twice", LastName: "Same", Email: "lms-admins@acme.example", ProductRole: "administrator"}); decode(t, err).Reason != portal.ReasonDuplicateEmail {
		t.Fatal("the same address requested twice")
	}
	must.Do(a.SyncNow())
	waitFor(t, "the request to reach the server", func() bool {
		v, _ := a.GetCompanyAccount()
		return len(v.Queued) == 0 && v.Account != nil && len(v.Account.PendingRequests) == 1
	})
	// Deactivate Bob; Ann cannot deactivate herself once she is the last.
	if err := a.SetPortalUserActive(bob, false); err != nil {
		t.Fatal(err)
	}
	must.Do(a.SyncNow())
	waitFor(t, "Bob deactivated", func() bool {
		v, _ := a.GetCompanyAccount()
		return v.Account != nil && v.Account.ActiveUsers == 1 && len(v.Queued) == 0
	})
	if err := a.SetPortalUserActive(acc.PersonID, false); decode(t, err).Reason != portal.ReasonLastActiveUser {
		t.Fatalf("last active user deactivated herself: %v", err)
	}
	if err := a.SetPortalUserActive("another-company-person", false); decode(t, err).Reason != portal.ReasonPersonNotFound {
		t.Fatal("a stranger's ID accepted")
	}
}

func TestAccessRequestWithoutLoginIsKeptUntilSent(t *testing.T) {
	base := testServer(t)
	a, _, _ := newApp(t)
	req := portal.AccessRequest{Name: "Dana Doe", Company: "Acme", Email: "dana@acme.example", ProductDomain: "acme.lms.example",
		Title: "L&D lead", Phone: "+49 30 1234567", ProductRole: "administrator"}
	bad := req
	bad.Phone = ""
	if _, err := a.RequestAccess(base, bad); decode(t, err).Field != "phone" {
		t.Fatalf("missing phone: %v", err)
	}
	// The server cannot be reached: the request is kept, waiting.
	v, err := a.RequestAccess("http://127.0.0.1:1", req)
	if err != nil || v.Status != "waiting" {
		t.Fatalf("offline request: %+v %v", v, err)
	}
	got, _ := a.GetAccessRequest()
	if got == nil || got.Request.Name != "Dana Doe" || got.Status != "waiting" {
		t.Fatalf("kept request %+v", got)
	}
	// Against the real server it is sent and pending.
	v, err = a.RequestAccess(base, req)
	if err != nil || v.Status != "pending" || v.ID == "" {
		t.Fatalf("sent request: %+v %v", v, err)
	}
	got, err = a.GetAccessRequest()
	if err != nil || got.Status != "pending" {
		t.Fatalf("status %+v %v", got, err)
	}
	if err := a.ForgetAccessRequest(); err != nil {
		t.Fatal(err)
	}
	if got, _ := a.GetAccessRequest(); got != nil {
		t.Fatal("forgotten request still there")
	}
}

func TestColleaguesAttachmentIsDownloadedWhenOpened(t *testing.T) {
	base := testServer(t)
	ann, annRec, _ := newApp(t)
	defer func() { must.Do(ann.SignOut()) }()
	if _, err := ann.SignIn(base, "ann@acme.example", pw); err != nil {
		t.Fatal(err)
	}
	d, _ := ann.SaveDraft(portal.DraftInput{Subject: "Log attached", CategoryID: "courses", SubcategoryID: "courses.enrollment", Description: "See the log"})
	logFile := filepath.Join(t.TempDir(), "enroll.log")
	must.Do(os.WriteFile(logFile, []byte("ERROR enrollment 500 at 10:32"), 0o600))
	if _, err := ann.AddAttachmentPaths(d.ID, drop(t, ann, annRec, logFile)); err != nil {
		t.Fatal(err)
	}
	c, _ := ann.SubmitDraft(d.ID)
	waitFor(t, "Ann's file to reach the server", func() bool {
		s, _ := ann.GetSyncStatus()
		got, _ := ann.GetCase(c.ID)
		return s.Waiting == 0 && got.Number > 0
	})
	must.Do(ann.SyncNow())
	time.Sleep(300 * time.Millisecond)

	bob, rec, _ := newApp(t)
	defer func() { must.Do(bob.SignOut()) }()
	if _, err := bob.SignIn(base, "bob@acme.example", pw); err != nil {
		t.Fatal(err)
	}
	var att portal.Attachment
	waitFor(t, "Bob to see the case and its file", func() bool {
		got, err := bob.GetCase(c.ID)
		if err != nil || len(got.Attachments) != 1 {
			return false
		}
		att = got.Attachments[0]
		return true
	})
	var err error
	deadline := time.Now().Add(10 * time.Second)
	for err = bob.OpenAttachment(att.ID); err != nil && time.Now().Before(deadline); err = bob.OpenAttachment(att.ID) {
		time.Sleep(100 * time.Millisecond)
	}
	if err != nil {
		t.Fatalf("open Ann's file: %v", err)
	}
	rec.mu.Lock()
	opened := append([]string(nil), rec.openedF...)
	rec.mu.Unlock()
	if len(opened) != 1 {
		t.Fatalf("opened %v", opened)
	}
	b, _ := os.ReadFile(opened[0])
	if string(b) != "ERROR enrollment 500 at 10:32" {
		t.Fatalf("Bob opened %q", b)
	}
}

func TestSupportReplyReachesTheUIAsNotice(t *testing.T) {
	base := testServer(t)
	a, rec, _ := newApp(t)
	defer func() { must.Do(a.SignOut()) }()
	if _, err := a.SignIn(base, "ann@acme.example", pw); err != nil {
		t.Fatal(err)
	}
	d, _ := a.SaveDraft(portal.DraftInput{Subject: "Quiz scores missing", CategoryID: "assessments", SubcategoryID: "assessments.grading", Description: "x"})
	c, _ := a.SubmitDraft(d.ID)
	waitFor(t, "the case to be sent", func() bool { got, _ := a.GetCase(c.ID); return got.Number > 0 })
	// Support replies (through the agent API of the same server).
	agentReply(t, base, c.ID, "Please re-grade the quiz.")
	must.Do(a.SyncNow())
	waitFor(t, "the notice event", func() bool {
		rec.mu.Lock()
		defer rec.mu.Unlock()
		for _, e := range rec.events {
			if n, ok := e.([]appstore.Notice); ok && len(n) > 0 && n[0].Kind == "reply" && n[0].Subject == "Quiz scores missing" {
				return true
			}
		}
		return false
	})
	a.Notify("New reply on case #1", "Quiz scores missing")
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if len(rec.notes) != 1 {
		t.Fatalf("notifications %v", rec.notes)
	}
}

// agentReply answers a case as the support team does.
func agentReply(t *testing.T, base, caseID, body string) {
	t.Helper()
	sess, err := syncer.NewClient(base, "").SignIn(context.Background(), "maria@vendor.example", pw)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(map[string]string{"body": body})
	req, _ := http.NewRequest("POST", base+"/v1/agent/cases/"+caseID+"/comments", bytes.NewReader(b))
	req.Header.Set("Authorization", "Bearer "+sess.Token)
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil || res.StatusCode >= 300 {
		t.Fatalf("agent reply: %v %v", res, err)
	}
	res.Body.Close()
}

// Through the bound API: a language and time zone chosen in one app reach
// the server, and the same person signing in on a second device finds
// them there; the theme stays with each device.
func TestSettingsChosenInOneAppArriveOnTheNextDevice(t *testing.T) {
	base := testServer(t)
	first, _, _ := newApp(t)
	defer func() { must.Do(first.SignOut()) }()
	if _, err := first.SignIn(base, "bob@acme.example", pw); err != nil {
		t.Fatal(err)
	}
	de, zone, dark := "de", "Europe/Vienna", "dark"
	if _, err := first.UpdateSettings(portal.SettingsUpdate{Language: &de, TimeZone: &zone, Theme: &dark}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the settings to be sent", func() bool {
		st, _ := first.GetSyncStatus()
		return st.Waiting == 0
	})
	second, _, _ := newApp(t)
	defer func() { must.Do(second.SignOut()) }()
	if _, err := second.SignIn(base, "bob@acme.example", pw); err != nil {
		t.Fatal(err)
	}
	s, err := second.GetSettings()
	if err != nil || s.Language != "de" || s.TimeZone != "Europe/Vienna" || s.Theme != "system" {
		t.Fatalf("the second device has %+v %v", s, err)
	}
}
