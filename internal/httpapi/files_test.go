package httpapi_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"supportportal/internal/must"
	"supportportal/internal/portal"
	"supportportal/internal/servercore"
	"supportportal/internal/serverstore/storetest"
	"supportportal/internal/syncproto"
)

// tus sends one tus request as the holder of tok.
func (e *env) tus(method, url, tok string, hdr map[string]string, body []byte) resp {
	e.t.Helper()
	if url[0] == '/' {
		url = e.srv.URL + url
	}
	req, err := http.NewRequest(method, url, bytes.NewReader(body))
	if err != nil {
		e.t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("Tus-Resumable", "1.0.0")
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/offset+octet-stream")
	}
	res, err := e.srv.Client().Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return resp{status: res.StatusCode, header: res.Header, body: b}
}

func sumOf(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

func shaMeta(sum string) string {
	return "sha256 " + base64.StdEncoding.EncodeToString([]byte(sum))
}

// startUpload creates an upload of length bytes for sum; it returns the
// upload's URL.
func (e *env) startUpload(tok, sum string, length int) string {
	e.t.Helper()
	r := e.tus("POST", "/v1/uploads/", tok, map[string]string{"Upload-Length": strconv.Itoa(length), "Upload-Metadata": shaMeta(sum)}, nil)
	if r.status != http.StatusCreated || r.header.Get("Location") == "" {
		e.t.Fatalf("create upload: %d %s", r.status, r.body)
	}
	return r.header.Get("Location")
}

// upload sends a whole file the way the app does: a case naming it
// first, then the bytes.
func (e *env) upload(tok string, data []byte) string {
	e.t.Helper()
	sum := sumOf(data)
	if r := e.push(tok, caseWithFile(newID(), sum, int64(len(data)))).Results[0]; r.Result != syncproto.ResultApplied {
		e.t.Fatalf("case not applied: %+v", r.Error)
	}
	loc := e.startUpload(tok, sum, len(data))
	if r := e.tus("PATCH", loc, tok, map[string]string{"Upload-Offset": "0"}, data); r.status != http.StatusNoContent {
		e.t.Fatalf("patch: %d %s", r.status, r.body)
	}
	return sum
}

func (e *env) incoming() []string {
	e.t.Helper()
	ents, _ := os.ReadDir(filepath.Join(e.st.Path, "..", "files", "incoming"))
	var out []string
	for _, ent := range ents {
		out = append(out, ent.Name())
	}
	return out
}

// The attack of issue 12: company B names company A's file hash in a
// case (which proves nothing about having the bytes) and asks for the
// file. The server neither serves it nor tells that it exists, and A's
// upload in progress is not B's to inspect, continue or learn about.
func TestAnotherCompanyCannotReadAFileByNamingItsHash(t *testing.T) {
	e := newEnv(t)
	e.person(e.acme, servercore.RoleAdministrator, "admin@acme.example")
	e.person(e.acme, servercore.RoleAccountOwner, "owner@acme.example")
	e.person(e.globex, servercore.RoleAdministrator, "mallory@globex.example")
	e.person("", "", "agent@vendor.example")
	acme, colleague, mallory, agent := e.signIn("admin@acme.example"), e.signIn("owner@acme.example"), e.signIn("mallory@globex.example"), e.signIn("agent@vendor.example")
	// An agent of another vendor on the same server.
	must.Get(e.st.CreatePerson(t.Context(), servercore.Person{Person: syncproto.Person{VendorID: e.agentVendor, Kind: servercore.KindAgent, Email: "agent@other.example", Name: "Other"}, PasswordHash: hashOnce}))
	otherAgent := e.signIn("agent@other.example")

	secret := []byte("Acme's payroll export, not for Globex\n")
	sum := e.upload(acme, secret)
	if got := e.expect(e.do("GET", "/v1/files/"+sum, acme, nil), 200).body; !bytes.Equal(got, secret) {
		t.Fatalf("the uploader reads %q", got)
	}
	if got := e.expect(e.do("GET", "/v1/files/"+sum, colleague, nil), 200).body; !bytes.Equal(got, secret) {
		t.Fatalf("a colleague reads %q", got)
	}
	if got := e.expect(e.do("GET", "/v1/files/"+sum, agent, nil), 200).body; !bytes.Equal(got, secret) {
		t.Fatalf("the vendor's agent reads %q", got)
	}
	if len(e.incoming()) != 0 {
		t.Fatalf("a finished upload left %v in incoming/", e.incoming())
	}
	// An upload of Acme's still in progress.
	pending := []byte("Acme's second file, half sent")
	psum := sumOf(pending)
	if r := e.push(acme, caseWithFile(newID(), psum, int64(len(pending)))).Results[0]; r.Result != syncproto.ResultApplied {
		t.Fatalf("%+v", r.Error)
	}
	loc := e.startUpload(acme, psum, len(pending))
	e.expect(e.tus("PATCH", loc, acme, map[string]string{"Upload-Offset": "0"}, pending[:10]), 204)

	// Globex names both hashes with the right sizes: accepted (an honest
	// app pushes its case before the bytes), but it reads nothing.
	for _, m := range []syncproto.Mutation{caseWithFile(newID(), sum, int64(len(secret))), caseWithFile(newID(), psum, int64(len(pending)))} {
		if r := e.push(mallory, m).Results[0]; r.Result != syncproto.ResultApplied {
			t.Fatalf("%+v", r.Error)
		}
	}
	for _, tok := range []string{mallory, otherAgent} {
		for _, method := range []string{"GET", "HEAD"} {
			r := e.do(method, "/v1/files/"+sum, tok, nil)
			if r.status != http.StatusNotFound || bytes.Contains(r.body, secret) {
				t.Fatalf("%s of another company's file: %d %q", method, r.status, r.body)
			}
		}
		// Exactly the answer for a hash nobody holds: existence is not told.
		none := e.do("HEAD", "/v1/files/"+sumOf([]byte("nobody has this")), tok, nil)
		held := e.do("HEAD", "/v1/files/"+sum, tok, nil)
		if none.status != held.status || none.header.Get("Content-Length") != held.header.Get("Content-Length") {
			t.Fatalf("HEAD tells a held file (%d %v) from an unknown one (%d %v)", held.status, held.header, none.status, none.header)
		}
	}
	for _, method := range []string{"HEAD", "PATCH"} {
		t.Run(method, func(t *testing.T) {
			r := e.tus(method, loc, mallory, map[string]string{"Upload-Offset": "10"}, []byte("forged tail"))
			if r.status != http.StatusNotFound || r.header.Get("Upload-Offset") != "" {
				t.Fatalf("%s on another company's upload: %d %v %s", method, r.status, r.header, r.body)
			}
		})
	}
	// Acme's upload is untouched and finishes.
	if r := e.tus("HEAD", loc, acme, nil, nil); r.status != 200 || r.header.Get("Upload-Offset") != "10" {
		t.Fatalf("Acme's upload after the attack: %d %v", r.status, r.header)
	}
	e.expect(e.tus("PATCH", loc, acme, map[string]string{"Upload-Offset": "10"}, pending[10:]), 204)
	if got := e.expect(e.do("GET", "/v1/files/"+psum, acme, nil), 200).body; !bytes.Equal(got, pending) {
		t.Fatalf("Acme reads %q", got)
	}
	e.expect(e.do("GET", "/v1/files/"+psum, mallory, nil), 404)

	// Globex holding the same bytes itself: its own upload grants it.
	e.expect(e.do("HEAD", "/v1/files/"+sum, mallory, nil), 404)
	loc = e.startUpload(mallory, sum, len(secret))
	e.expect(e.tus("PATCH", loc, mallory, map[string]string{"Upload-Offset": "0"}, secret), 204)
	e.expect(e.do("HEAD", "/v1/files/"+sum, mallory, nil), 200)
}

// A signed-in customer cannot fill the disk: every upload declares its
// length, which must be the size a case of the company gave the file and
// within the vendor's limit; the bytes cannot outgrow it; and the
// company's files and uploads in progress stay within its storage quota.
// A refused upload leaves nothing behind.
func TestUploadsAreBoundedByDeclaredSizeAndCompanyQuota(t *testing.T) {
	const quota = 3000
	e := newEnvWith(t, func(p *portal.VendorProfile) { p.StorageQuotaBytes = quota })
	e.person(e.acme, servercore.RoleAdministrator, "admin@acme.example")
	e.person(e.globex, servercore.RoleAdministrator, "admin@globex.example")
	acme, globex := e.signIn("admin@acme.example"), e.signIn("admin@globex.example")
	file := func(n int, c byte) []byte { return bytes.Repeat([]byte{c}, n) }
	big := file(1800, 'a')
	sum := sumOf(big)
	if r := e.push(acme, caseWithFile(newID(), sum, int64(len(big)))).Results[0]; r.Result != syncproto.ResultApplied {
		t.Fatalf("%+v", r.Error)
	}
	create := func(tok string, hdr map[string]string) resp {
		return e.tus("POST", "/v1/uploads/", tok, hdr, nil)
	}
	// Uploads in progress are not listed anywhere: read the file.
	uploads := func() int { return storetest.Count(t, e.st.Path, `SELECT count(*) FROM file_upload`) }
	// No length, a deferred one, or one other than the case's.
	wantReason(t, create(acme, map[string]string{"Upload-Metadata": shaMeta(sum)}), 400, portal.ReasonUploadLengthRequired)
	wantReason(t, create(acme, map[string]string{"Upload-Metadata": shaMeta(sum), "Upload-Defer-Length": "1"}), 400, portal.ReasonUploadLengthRequired)
	wantReason(t, create(acme, map[string]string{"Upload-Metadata": shaMeta(sum), "Upload-Length": "2000000000"}), 413, portal.ReasonFileTooLarge)
	wantReason(t, create(acme, map[string]string{"Upload-Metadata": shaMeta(sum), "Upload-Length": "1799"}), 400, portal.ReasonUploadSizeMismatch)
	// A hash no case of the company names.
	wantReason(t, create(globex, map[string]string{"Upload-Metadata": shaMeta(sum), "Upload-Length": "1800"}), 404, portal.ReasonAttachmentNotFound)
	if n := uploads(); n != 0 || len(e.incoming()) != 0 {
		t.Fatalf("refused uploads left %d rows and files %v", n, e.incoming())
	}

	// The declared length holds: bytes beyond it are refused.
	loc := e.startUpload(acme, sum, len(big))
	if r := e.tus("PATCH", loc, acme, map[string]string{"Upload-Offset": "0"}, append(big, 'x')); r.status/100 == 2 {
		t.Fatalf("a PATCH past the declared length: %d", r.status)
	}
	if r := e.tus("HEAD", loc, acme, nil, nil); r.header.Get("Upload-Offset") != "0" {
		t.Fatalf("offset after the refused PATCH: %v", r.header)
	}

	// The upload in progress counts against the quota already: a second
	// file that would pass it is refused, changing nothing.
	small := file(1500, 'b')
	ssum := sumOf(small)
	if r := e.push(acme, caseWithFile(newID(), ssum, int64(len(small)))).Results[0]; r.Result != syncproto.ResultApplied {
		t.Fatalf("%+v", r.Error)
	}
	before := e.incoming()
	r := create(acme, map[string]string{"Upload-Metadata": shaMeta(ssum), "Upload-Length": "1500"})
	wantReason(t, r, http.StatusRequestEntityTooLarge, portal.ReasonStorageQuotaExceeded)
	var body struct{ Params map[string]string }
	r.json(t, &body)
	if body.Params["quota"] != "3000" || body.Params["used"] != "1800" {
		t.Fatalf("params %v", body.Params)
	}
	if n := uploads(); n != 1 || len(e.incoming()) != len(before) {
		t.Fatalf("the refused upload left %d rows, files %v (before %v)", n, e.incoming(), before)
	}
	// Finished, the file still counts; another company's quota is its own.
	e.expect(e.tus("PATCH", loc, acme, map[string]string{"Upload-Offset": "0"}, big), 204)
	wantReason(t, create(acme, map[string]string{"Upload-Metadata": shaMeta(ssum), "Upload-Length": "1500"}), 413, portal.ReasonStorageQuotaExceeded)
	e.upload(globex, small)
	// Within the quota, a file is taken.
	tiny := file(1000, 'c')
	e.upload(acme, tiny)
	if got := e.expect(e.do("GET", "/v1/files/"+sumOf(tiny), acme, nil), 200).body; !bytes.Equal(got, tiny) {
		t.Fatal("tiny file")
	}
}

// Uploads abandoned for more than a day end: the janitor (hourly in the
// server) removes their partial files and frees the quota they held; a
// newer upload and stray files younger than a day stay.
func TestJanitorExpiresAbandonedUploads(t *testing.T) {
	e := newEnvWith(t, func(p *portal.VendorProfile) { p.StorageQuotaBytes = 1000 })
	e.person(e.acme, servercore.RoleAdministrator, "admin@acme.example")
	acme := e.signIn("admin@acme.example")
	old := bytes.Repeat([]byte("o"), 800)
	osum := sumOf(old)
	if r := e.push(acme, caseWithFile(newID(), osum, 800)).Results[0]; r.Result != syncproto.ResultApplied {
		t.Fatalf("%+v", r.Error)
	}
	loc := e.startUpload(acme, osum, 800)
	e.expect(e.tus("PATCH", loc, acme, map[string]string{"Upload-Offset": "0"}, old[:300]), 204)
	// A stray file of a server that died mid-upload (no upload row).
	stray := filepath.Join(e.st.Path, "..", "files", "incoming", "stray")
	if err := os.WriteFile(stray, []byte("left over"), 0o600); err != nil {
		t.Fatal(err)
	}

	e.advance(23 * time.Hour)
	if err := e.api.SweepUploads(t.Context()); err != nil {
		t.Fatal(err)
	}
	if r := e.tus("HEAD", loc, acme, nil, nil); r.status != 200 || r.header.Get("Upload-Offset") != "300" {
		t.Fatalf("an upload younger than a day: %d %v", r.status, r.header)
	}
	newer := bytes.Repeat([]byte("n"), 150)
	nsum := sumOf(newer)
	if r := e.push(acme, caseWithFile(newID(), nsum, 150)).Results[0]; r.Result != syncproto.ResultApplied {
		t.Fatalf("%+v", r.Error)
	}
	nloc := e.startUpload(acme, nsum, 150)
	// The abandoned upload still holds its 800 bytes of the quota.
	wantReason(t, e.tus("POST", "/v1/uploads/", acme, map[string]string{"Upload-Length": "800", "Upload-Metadata": shaMeta(osum)}, nil),
		http.StatusRequestEntityTooLarge, portal.ReasonStorageQuotaExceeded)

	e.advance(2 * time.Hour)
	if err := e.api.SweepUploads(t.Context()); err != nil {
		t.Fatal(err)
	}
	if r := e.tus("HEAD", loc, acme, nil, nil); r.status != http.StatusNotFound {
		t.Fatalf("an upload abandoned for 25 hours: %d %v", r.status, r.header)
	}
	id := loc[strings.LastIndex(loc, "/")+1:]
	nid := nloc[strings.LastIndex(nloc, "/")+1:]
	got := e.incoming()
	slices.Sort(got)
	if want := []string{nid, nid + ".info"}; !slices.Equal(got, want) {
		t.Fatalf("incoming/ holds %v, want %v (expired %s)", got, want, id)
	}
	// The quota it held is free again: 150 in progress and 800 fit 1,000.
	loc = e.startUpload(acme, osum, 800)
	e.expect(e.tus("PATCH", loc, acme, map[string]string{"Upload-Offset": "0"}, old), 204)
	e.expect(e.tus("PATCH", nloc, acme, map[string]string{"Upload-Offset": "0"}, newer), 204)
	if got := e.incoming(); len(got) != 0 {
		t.Fatalf("incoming/ after both finished: %v", got)
	}
}
