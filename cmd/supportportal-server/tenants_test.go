package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"supportportal/internal/must"
	"supportportal/internal/portal"
	"supportportal/internal/servercore"
	"supportportal/internal/serverstore"
	"supportportal/internal/serverstore/storetest"
	"supportportal/internal/syncproto"
)

// victimIDs says, for the path segment before a route's wildcard, which
// of the victim's records the wildcard is filled with. A route whose
// wildcard is not here fails the test: a new route is covered when it is
// added, not when someone remembers.
type victimIDs map[string][]string

// Every route the server registers (the API and the support console) is
// called as a customer of another company of the same vendor and as an
// agent of another vendor, with the victim's IDs in the path: a route
// naming a victim's record answers 403 or 404 and changes nothing, and no
// answer of any route carries the victim's data. The routes come from the
// server itself, the production composition of newServer.
func TestEveryRouteKeepsTenantsApart(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st := must.Get(serverstore.Open(ctx, filepath.Join(dir, "server.db")))
	t.Cleanup(func() { st.Close() })
	log := slog.New(slog.NewJSONHandler(io.Discard, nil))
	api := must.Get(newServer(st, &config{mailDir: filepath.Join(dir, "mail"), filesDir: filepath.Join(dir, "files"), publicURL: "http://127.0.0.1"}, log))
	srv := httptest.NewServer(api)
	t.Cleanup(srv.Close)
	now := time.Now()

	// The victim: company Victim Corp of vendor "victim", its people, a
	// case with a comment and a file, an upload in progress, a request for
	// a new portal user, an access request and the vendor's knowledge base.
	vendor := must.Get(st.CreateVendor(ctx, "victim", syncproto.Profile{Vendor: portal.DefaultVendorProfile(), Categories: portal.DefaultComponentCategories()}))
	otherVendor := must.Get(st.CreateVendor(ctx, "other", syncproto.Profile{Vendor: portal.DefaultVendorProfile(), Categories: portal.DefaultComponentCategories()}))
	victimCo := must.Get(st.CreateCompany(ctx, servercore.Company{VendorID: vendor, Name: "Victim Corp", Domain: "victim.example", Status: servercore.CompanyActive}))
	bystander := must.Get(st.CreateCompany(ctx, servercore.Company{VendorID: vendor, Name: "Bystander Inc", Status: servercore.CompanyActive}))
	person := func(vendorID, company, email string) string {
		p := servercore.Person{Person: syncproto.Person{VendorID: vendorID, CompanyID: company, Kind: servercore.KindCustomer, Email: email, Name: "Name of " + email, ProductRole: servercore.RoleAdministrator}}
		if company == "" {
			p.Kind, p.ProductRole = servercore.KindAgent, ""
		}
		return must.Get(st.CreatePerson(ctx, p))
	}
	session := func(personID string) string {
		tok, hash := must.Get2(servercore.NewToken())
		if err := st.CreateSession(ctx, servercore.Session{TokenHash: hash, PersonID: personID, CreatedAt: now, ExpiresAt: now.Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
		return tok
	}
	victimOwner := person(vendor, victimCo, "owner@victim.example")
	victimColleague := person(vendor, victimCo, "colleague@victim.example")
	victimAgent := person(vendor, "", "agent@victim-vendor.example")
	customer := person(vendor, bystander, "mallory@bystander.example")
	agent := person(otherVendor, "", "eve@other-vendor.example")
	victimTok := session(victimOwner)

	call := func(method, path, tok string, hdr map[string]string, body []byte) (int, http.Header, string) {
		t.Helper()
		req := must.Get(http.NewRequest(method, srv.URL+path, bytes.NewReader(body)))
		if tok != "" {
			req.Header.Set("Authorization", "Bearer "+tok)
		}
		for k, v := range hdr {
			req.Header.Set(k, v)
		}
		res := must.Get(noRedirect.Do(req)) //nolint:bodyclose // closed on the next line; the linter does not see through must.Get
		defer res.Body.Close()
		b := must.Get(io.ReadAll(res.Body))
		return res.StatusCode, res.Header, string(b)
	}
	push := func(kind string, payload map[string]any) {
		t.Helper()
		body := must.Get(json.Marshal(map[string]any{"mutations": []any{map[string]any{"id": uuid.NewString(), "kind": kind, "payload": payload}}}))
		status, _, out := call("POST", "/v1/push", victimTok, nil, body)
		if status != 200 || !strings.Contains(out, `"applied"`) {
			t.Fatalf("victim's %s: %d %s", kind, status, out)
		}
	}
	secret := []byte("VICTIM-FILE-CONTENT payroll 2026")
	sumb := sha256.Sum256(secret)
	sum := hex.EncodeToString(sumb[:])
	pending := []byte("VICTIM-PENDING-CONTENT half sent")
	pendb := sha256.Sum256(pending)
	psum := hex.EncodeToString(pendb[:])
	caseID, commentID := uuid.NewString(), uuid.NewString()
	stamp := now.UTC().Format(time.RFC3339Nano)
	push(syncproto.KindCaseCreate, map[string]any{"caseId": caseID, "subject": "VICTIM-SUBJECT merger plans", "categoryId": "courses",
		"subcategoryId": "courses.enrollment", "description": "VICTIM-DESCRIPTION confidential", "priority": "high", "createdAt": stamp,
		"attachments": []any{
			map[string]any{"id": uuid.NewString(), "name": "VICTIM-FILENAME.pdf", "size": len(secret), "sha256": sum},
			map[string]any{"id": uuid.NewString(), "name": "half.bin", "size": len(pending), "sha256": psum}}})
	push(syncproto.KindCommentAdd, map[string]any{"commentId": commentID, "caseId": caseID, "body": "VICTIM-COMMENT the password is hunter2", "createdAt": stamp})
	requestID := uuid.NewString()
	push(syncproto.KindPortalUserRequest, map[string]any{"requestId": requestID, "firstName": "Newbie", "lastName": "Victim",
		"email": "newbie@victim.example", "productRole": "administrator", "createdAt": stamp})
	tus := func(method, path string, hdr map[string]string, body []byte) (int, http.Header) {
		t.Helper()
		h := map[string]string{"Tus-Resumable": "1.0.0", "Content-Type": "application/offset+octet-stream"}
		for k, v := range hdr {
			h[k] = v
		}
		status, header, out := call(method, path, victimTok, h, body)
		if status/100 != 2 {
			t.Fatalf("victim's %s %s: %d %s", method, path, status, out)
		}
		return status, header
	}
	meta := func(s string) string { return "sha256 " + base64.StdEncoding.EncodeToString([]byte(s)) }
	_, h := tus("POST", "/v1/uploads/", map[string]string{"Upload-Length": fmt.Sprint(len(secret)), "Upload-Metadata": meta(sum)}, nil)
	tus("PATCH", must.Get(url.Parse(h.Get("Location"))).Path, map[string]string{"Upload-Offset": "0"}, secret)
	_, h = tus("POST", "/v1/uploads/", map[string]string{"Upload-Length": fmt.Sprint(len(pending)), "Upload-Metadata": meta(psum)}, nil)
	uploadPath := must.Get(url.Parse(h.Get("Location"))).Path
	tus("PATCH", uploadPath, map[string]string{"Upload-Offset": "0"}, pending[:8])
	uploadID := uploadPath[strings.LastIndex(uploadPath, "/")+1:]
	access := must.Get(st.CreateAccessRequest(ctx, portal.AccessRequest{Name: "Vic Tim", Company: "Victim Corp", Email: "access@victim.example",
		Title: "CTO", Phone: "555", ProductRole: portal.RoleAdministrator}, "h-"+uuid.NewString(), "127.0.0.1", now))
	cat := must.Get(st.SaveKBCategory(ctx, vendor, syncproto.KBCategory{NameEn: "VENDORKB-CATEGORY internal"}, now))
	article := must.Get(st.SaveKBArticle(ctx, vendor, syncproto.KBArticle{SourceID: "victim-1", Locale: "en", Title: "VENDORKB-ARTICLE roadmap",
		Body: "VENDORKB-ARTICLE-BODY", CategoryID: cat.ID}, now))

	// The customer has named the victim's file hashes in a case of their
	// own (issue 12's attack): that proves nothing about having the bytes.
	mallory := session(customer)
	body := must.Get(json.Marshal(map[string]any{"mutations": []any{map[string]any{"id": uuid.NewString(), "kind": syncproto.KindCaseCreate,
		"payload": map[string]any{"caseId": uuid.NewString(), "subject": "Mine", "categoryId": "courses", "subcategoryId": "courses.enrollment",
			"description": "Mine", "priority": "low", "createdAt": stamp, "attachments": []any{
				map[string]any{"id": uuid.NewString(), "name": "a.pdf", "size": len(secret), "sha256": sum},
				map[string]any{"id": uuid.NewString(), "name": "b.bin", "size": len(pending), "sha256": psum}}}}}}))
	if status, _, out := call("POST", "/v1/push", mallory, nil, body); status != 200 || !strings.Contains(out, `"applied"`) {
		t.Fatalf("the customer's case: %d %s", status, out)
	}

	ids := victimIDs{
		"cases":           {caseID},
		"users":           {victimColleague},
		"people":          {victimColleague},
		"access-requests": {access.ID},
		"requests":        {requestID, access.ID},
		"articles":        {article.ID},
		"categories":      {cat.ID},
		"uploads":         {uploadID},
		"files":           {sum},
	}
	// What neither attacker may see. The customer shares the vendor, so
	// the vendor's knowledge base is theirs to read; the other vendor's
	// agent may not see it either.
	companyData := []string{"VICTIM-", "victim.example", "Victim Corp", "hunter2", "newbie@victim", string(secret)}
	vendorData := append(slices.Clone(companyData), "VENDORKB-")

	type attacker struct {
		name   string
		person string
		leaks  []string
	}
	csrfRe := regexp.MustCompile(`name="csrf" value="([0-9a-f]+)"`)
	before := victimState(t, st, vendor, victimCo)
	routes := api.Routes()
	calls := 0
	if len(routes) < 40 {
		t.Fatalf("only %d routes listed: %v", len(routes), routes)
	}
	for _, a := range []attacker{{"customer of another company", customer, companyData}, {"agent of another vendor", agent, vendorData}} {
		t.Run(a.name, func(t *testing.T) {
			for _, route := range routes {
				method, pattern, _ := strings.Cut(route, " ")
				paths := expand(t, pattern, ids)
				for _, path := range paths {
					// A fresh session for every call: a sign-out route ends only
					// its own.
					tok := session(a.person)
					csrf := ""
					if m := csrfRe.FindStringSubmatch(consoleGet(t, srv.URL, tok)); m != nil {
						csrf = m[1]
					}
					status, body := attack(t, srv.URL, method, path, tok, csrf, caseID)
					calls++
					named := path != pattern
					if named && status != http.StatusForbidden && status != http.StatusNotFound {
						t.Errorf("%s: %s %s answered %d, want 403 or 404: %.300s", a.name, method, path, status, body)
					}
					for _, s := range a.leaks {
						if strings.Contains(body, s) {
							t.Errorf("%s: %s %s (%d) shows the victim's %q: %.300s", a.name, method, path, status, s, body)
						}
					}
				}
			}
		})
	}
	t.Logf("%d routes, %d calls per attacker", len(routes), calls/2)
	if after := victimState(t, st, vendor, victimCo); after != before {
		t.Errorf("the victim's data changed:\nbefore %s\nafter  %s", before, after)
	}
	// The IDs are the right ones: their owners reach every GET route
	// that names them.
	for _, route := range routes {
		method, pattern, _ := strings.Cut(route, " ")
		if method != "GET" && method != "HEAD" || !strings.Contains(pattern, "{") {
			continue
		}
		for _, path := range expand(t, pattern, ids) {
			if strings.Contains(path, "/access-requests/") || strings.Contains(path, "/requests/") {
				continue // no GET of a request by ID for its owners
			}
			ok := false
			for _, p := range []string{victimOwner, victimAgent} {
				tok := session(p)
				if status, _ := attack(t, srv.URL, method, path, tok, "", caseID); status/100 == 2 {
					ok = true
				}
			}
			if !ok {
				t.Errorf("%s %s: neither the victim nor the victim's agent reach it; the test's IDs are wrong", method, path)
			}
		}
	}
}

// noRedirect shows a redirect as it is (the console sends people without
// a session to its sign-in page).
var noRedirect = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// expand fills a pattern's wildcards with the victim's IDs.
func expand(t *testing.T, pattern string, ids victimIDs) []string {
	t.Helper()
	open := strings.Index(pattern, "{")
	if open < 0 {
		return []string{pattern}
	}
	end := strings.Index(pattern, "}")
	segs := strings.Split(strings.TrimSuffix(pattern[:open], "/"), "/")
	vals, ok := ids[segs[len(segs)-1]]
	if !ok {
		t.Fatalf("route %s: the test has no victim's record for %s; add one to victimIDs", pattern, pattern[open:end+1])
	}
	var out []string
	for _, v := range vals {
		out = append(out, expand(t, pattern[:open]+v+pattern[end+1:], ids)...)
	}
	return out
}

// consoleGet fetches the console's queue with tok as the session cookie,
// for the CSRF token an agent's forms carry.
func consoleGet(t *testing.T, base, tok string) string {
	t.Helper()
	req := must.Get(http.NewRequest("GET", base+"/console/queue", nil))
	req.AddCookie(&http.Cookie{Name: "sp_console", Value: tok})
	res := must.Get(noRedirect.Do(req)) //nolint:bodyclose // closed on the next line; the linter does not see through must.Get
	defer res.Body.Close()
	return string(must.Get(io.ReadAll(res.Body)))
}

// attack calls a route as the holder of tok the way a client of it
// would: the API with a bearer token and a JSON body that would pass
// validation, the console with the session cookie and a form carrying
// the caller's own CSRF token, tus with its headers.
func attack(t *testing.T, base, method, path, tok, csrf, caseID string) (int, string) {
	t.Helper()
	fields := map[string]any{"id": uuid.NewString(), "commentId": uuid.NewString(), "body": "ATTACK body", "status": "closed",
		"solution": "ATTACK solution", "title": "ATTACK title", "locale": "en", "sourceId": "attack", "nameEn": "ATTACK",
		"reason": "ATTACK", "productRole": "administrator", "caseId": caseID, "version": 1}
	var body []byte
	req := must.Get(http.NewRequest(method, base+path+"?token=not-the-victims&status=all", nil))
	switch {
	case strings.HasPrefix(path, "/console/"):
		req.AddCookie(&http.Cookie{Name: "sp_console", Value: tok})
		form := url.Values{"csrf": {csrf}}
		for k, v := range fields {
			form.Set(k, fmt.Sprint(v))
		}
		body = []byte(form.Encode())
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	case strings.HasPrefix(path, "/v1/uploads/"):
		req.Header.Set("Authorization", "Bearer "+tok)
		req.Header.Set("Tus-Resumable", "1.0.0")
		req.Header.Set("Upload-Offset", "8")
		req.Header.Set("Content-Type", "application/offset+octet-stream")
		body = []byte("ATTACK bytes")
	default:
		req.Header.Set("Authorization", "Bearer "+tok)
		req.Header.Set("Content-Type", "application/json")
		body = must.Get(json.Marshal(fields))
	}
	if method == "POST" || method == "PUT" || method == "PATCH" {
		req.Body = io.NopCloser(bytes.NewReader(body))
		req.ContentLength = int64(len(body))
	}
	res := must.Get(noRedirect.Do(req)) //nolint:bodyclose // closed on the next line; the linter does not see through must.Get
	defer res.Body.Close()
	return res.StatusCode, string(must.Get(io.ReadAll(res.Body)))
}

// victimState is everything of the victim's that an attack could change,
// read from the file: no product path shows all of it (uploads in
// progress, file grants, sessions), and the point is what is stored.
func victimState(t *testing.T, st *serverstore.DB, vendor, company string) string {
	t.Helper()
	var b strings.Builder
	for _, q := range []string{
		`SELECT id, status, solution, solution_article_id, subject, description, updated_at, seq FROM support_case WHERE company_id = ?1 ORDER BY id`,
		`SELECT id, body, author_id FROM case_comment WHERE company_id = ?1 ORDER BY id`,
		`SELECT count(*) FROM case_status_history h JOIN support_case c ON c.id = h.case_id WHERE c.company_id = ?1`,
		`SELECT id, email, portal_access, product_role FROM person WHERE company_id = ?1 ORDER BY id`,
		`SELECT id, status, person_id FROM portal_user_request WHERE company_id = ?1 ORDER BY id`,
		`SELECT id, status, person_id, company_id FROM access_request WHERE vendor_id = ?2 ORDER BY id`,
		`SELECT id, title, body, version FROM kb_article WHERE vendor_id = ?2 ORDER BY id`,
		`SELECT id, name_en, parent_id FROM kb_category WHERE vendor_id = ?2 ORDER BY id`,
		`SELECT id, length FROM file_upload WHERE company_id = ?1 ORDER BY id`,
		`SELECT sha256, company_id FROM file_grant ORDER BY 1, 2`,
		`SELECT count(*) FROM session s JOIN person p ON p.id = s.person_id WHERE p.company_id = ?1`,
	} {
		rows, err := storetest.Peek(t, st.Path).Query(q, company, vendor)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		cols := must.Get(rows.Columns())
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintln(&b, vals...)
		}
		rows.Close()
	}
	return b.String()
}
