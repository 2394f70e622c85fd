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
	"strconv"
	"strings"
	"testing"

	"supportportal/internal/servercore"
	"supportportal/internal/syncproto"
)

// caseNamingFile pushes a case that names a file with these bytes, so the
// server accepts an upload of it, and returns the file's SHA-256.
func (e *env) caseNamingFile(token string, data []byte) string {
	e.t.Helper()
	sum := sha256.Sum256(data)
	hexSum := hex.EncodeToString(sum[:])
	if r := e.push(token, caseWithFile(newID(), hexSum, int64(len(data)))).Results[0]; r.Result != syncproto.ResultApplied {
		e.t.Fatalf("case not applied: %+v", r.Error)
	}
	return hexSum
}

// uploadAs creates an upload declaring sum and sends body in one PATCH,
// returning the PATCH's answer.
func (e *env) uploadAs(token, sum string, body []byte) resp {
	e.t.Helper()
	send := func(req *http.Request) resp {
		e.t.Helper()
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Tus-Resumable", "1.0.0")
		res, err := e.srv.Client().Do(req)
		if err != nil {
			e.t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return resp{status: res.StatusCode, header: res.Header, body: b}
	}
	req, _ := http.NewRequest("POST", e.srv.URL+"/v1/uploads/", nil)
	req.Header.Set("Upload-Length", strconv.Itoa(len(body)))
	req.Header.Set("Upload-Metadata", "sha256 "+base64.StdEncoding.EncodeToString([]byte(sum)))
	created := send(req)
	if created.status != http.StatusCreated {
		e.t.Fatalf("create upload: %d %s", created.status, created.body)
	}
	loc := created.header.Get("Location")
	if !strings.HasPrefix(loc, "http") {
		loc = e.srv.URL + loc
	}
	req, _ = http.NewRequest("PATCH", loc, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/offset+octet-stream")
	req.Header.Set("Upload-Offset", "0")
	return send(req)
}

// A finished upload is checked against its declared SHA-256 and then
// served under it; one whose bytes differ is refused and never served.
// On Windows the store's rename failed while the checked upload was still
// open (ERR_SHA256_MISMATCH for every good upload): the file is closed
// before it is linked into the store.
func TestUploadIsCheckedAndStored(t *testing.T) {
	e := newEnv(t)
	e.person(e.acme, servercore.RoleAdministrator, "admin@acme.example")
	tok := e.signIn("admin@acme.example")
	filesDir := filepath.Join(filepath.Dir(e.st.Path), "files")

	data := bytes.Repeat([]byte("attachment bytes\r\n"), 4000)
	sum := e.caseNamingFile(tok, data)
	if r := e.uploadAs(tok, sum, data); r.status != http.StatusNoContent {
		t.Fatalf("upload: %d %s", r.status, r.body)
	}
	got := e.expect(e.do("GET", "/v1/files/"+sum, tok, nil), 200)
	if !bytes.Equal(got.body, data) || got.header.Get("X-Content-SHA256") != sum {
		t.Fatalf("served %d bytes (want %d), X-Content-SHA256 %q", len(got.body), len(data), got.header.Get("X-Content-SHA256"))
	}
	stored, err := os.ReadFile(filepath.Join(filesDir, "blobs", sum[:2], sum))
	if err != nil || !bytes.Equal(stored, data) {
		t.Fatalf("stored blob: %d bytes, %v", len(stored), err)
	}
	// The same bytes again (a second app, a retry): accepted, one copy.
	if r := e.uploadAs(tok, sum, data); r.status != http.StatusNoContent {
		t.Fatalf("second upload: %d %s", r.status, r.body)
	}

	// Bytes that do not match the declared hash.
	want := []byte("the file the case names")
	other := e.caseNamingFile(tok, want)
	forged := []byte("another file, same size")
	r := e.uploadAs(tok, other, forged)
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(string(r.body), "ERR_SHA256_MISMATCH") {
		t.Fatalf("forged upload: %d %s", r.status, r.body)
	}
	if code, reason := e.expect(e.do("GET", "/v1/files/"+other, tok, nil), 404).apiErr(t); code != "not_found" || reason != "attachment_not_found" {
		t.Fatalf("forged file served? %s %s", code, reason)
	}
	blobs, _ := filepath.Glob(filepath.Join(filesDir, "blobs", "*", "*"))
	if len(blobs) != 1 || filepath.Base(blobs[0]) != sum {
		t.Fatalf("blob store holds %v, want only %s", blobs, sum)
	}
}
