package httpapi_test

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
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"

	"supportportal/internal/httpapi"
	"supportportal/internal/mailout"
	"supportportal/internal/must"
	"supportportal/internal/portal"
	"supportportal/internal/servercore"
	"supportportal/internal/serverstore"
	"supportportal/internal/syncproto"
)

const testPassword = "correct horse battery staple"

// env is a real server on loopback over a real SQLite file.
type env struct {
	t        *testing.T
	st       *serverstore.DB
	api      *httpapi.Server
	srv      *httptest.Server
	mailDir  string
	vendorID string
	// companies
	acme, globex, trial string
	agentVendor         string
	// skew moves the server's clock ahead of the real one (advance).
	skew atomic.Int64
}

// advance moves the server's clock d ahead.
func (e *env) advance(d time.Duration) { e.skew.Add(int64(d)) }

// newEnv starts the server; opts change its configuration first.
func newEnv(t *testing.T, opts ...func(*httpapi.Config)) *env {
	t.Helper()
	return newEnvWith(t, nil, opts...)
}

// newEnvWith is newEnv with the vendor's profile changed by profile
// before the vendor is created, as the seed would create it.
func newEnvWith(t *testing.T, profile func(*portal.VendorProfile), opts ...func(*httpapi.Config)) *env {
	t.Helper()
	dir := t.TempDir()
	ctx := context.Background()
	st, err := serverstore.Open(ctx, filepath.Join(dir, "server.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	e := &env{t: t, st: st, mailDir: filepath.Join(dir, "mail")}
	log := slog.New(slog.NewJSONHandler(io.Discard, nil))
	if testing.Verbose() {
		log = slog.New(slog.NewJSONHandler(os.Stderr, nil))
	}
	cfg := httpapi.Config{Config: servercore.Config{
		Store: st, Mail: &mailout.Outbox{Dir: e.mailDir, From: "support@example.com"},
		Logger: log, PublicURL: "https://portal.example.com/", Now: func() time.Time { return time.Now().Add(time.Duration(e.skew.Load())) }},
		FilesDir: filepath.Join(dir, "files"),
	}
	for _, o := range opts {
		o(&cfg)
	}
	e.api = httpapi.New(cfg)
	e.srv = httptest.NewServer(e.api)
	t.Cleanup(e.srv.Close)

	vendor := portal.DefaultVendorProfile()
	if profile != nil {
		profile(&vendor)
	}
	e.vendorID = must.Get(st.CreateVendor(ctx, "demo", syncproto.Profile{Vendor: vendor, Categories: portal.DefaultComponentCategories()}))
	e.agentVendor = must.Get(st.CreateVendor(ctx, "other", syncproto.Profile{Vendor: portal.DefaultVendorProfile()}))
	e.acme = must.Get(st.CreateCompany(ctx, servercore.Company{VendorID: e.vendorID, Name: "Acme", Status: servercore.CompanyActive}))
	e.globex = must.Get(st.CreateCompany(ctx, servercore.Company{VendorID: e.vendorID, Name: "Globex", Status: servercore.CompanyActive}))
	e.trial = must.Get(st.CreateCompany(ctx, servercore.Company{VendorID: e.vendorID, Name: "Trial Co", Status: servercore.CompanyTrial}))
	return e
}

// hashOnce keeps tests fast: argon2id is slow on purpose.
var hashOnce = must.Get(servercore.HashPassword(testPassword))

// person creates a person with testPassword and returns their ID.
func (e *env) person(company, role, email string) string {
	e.t.Helper()
	p := servercore.Person{Person: syncproto.Person{VendorID: e.vendorID, CompanyID: company, Kind: servercore.KindCustomer, Email: email, Name: strings.Split(email, "@")[0], ProductRole: role}, PasswordHash: hashOnce}
	if company == "" {
		p.Kind = servercore.KindAgent
	}
	id, err := e.st.CreatePerson(context.Background(), p)
	if err != nil {
		e.t.Fatal(err)
	}
	return id
}

type resp struct {
	status int
	header http.Header
	body   []byte
}

func (r resp) json(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("decode %s: %v", r.body, err)
	}
}

// apiErr decodes the JSON error shape.
func (r resp) apiErr(t *testing.T) (code, reason string) {
	t.Helper()
	var e struct{ Code, Reason, Message, Field string }
	r.json(t, &e)
	if e.Code == "" || e.Message == "" {
		t.Fatalf("not the JSON error shape: %s", r.body)
	}
	return e.Code, e.Reason
}

func (e *env) do(method, path, token string, body any) resp {
	e.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case []byte:
		rd = bytes.NewReader(b)
	case string:
		rd = strings.NewReader(b)
	default:
		rd = bytes.NewReader(must.Get(json.Marshal(b)))
	}
	req, err := http.NewRequest(method, e.srv.URL+path, rd)
	if err != nil {
		e.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := e.srv.Client().Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	return resp{status: res.StatusCode, header: res.Header, body: b}
}

func (e *env) expect(r resp, status int) resp {
	e.t.Helper()
	if r.status != status {
		e.t.Fatalf("status %d, want %d: %s", r.status, status, r.body)
	}
	return r
}

func (e *env) signIn(email string) string {
	e.t.Helper()
	r := e.expect(e.do("POST", "/v1/auth/sign-in", "", map[string]string{"email": email, "password": testPassword}), 200)
	var out struct{ Token string }
	r.json(e.t, &out)
	return out.Token
}

// mails returns the .eml files written so far, oldest first.
func (e *env) mails() []string {
	e.t.Helper()
	ents, _ := os.ReadDir(e.mailDir)
	var out []string
	for _, ent := range ents {
		if strings.HasSuffix(ent.Name(), ".eml") {
			out = append(out, string(must.Get(os.ReadFile(filepath.Join(e.mailDir, ent.Name())))))
		}
	}
	return out
}

var tokenRe = regexp.MustCompile(`set-password\?token=([A-Za-z0-9_-]+)`)

func mailToken(t *testing.T, mail string) string {
	t.Helper()
	m := tokenRe.FindStringSubmatch(mail)
	if m == nil {
		t.Fatalf("no token in mail:\n%s", mail)
	}
	return m[1]
}

func newID() string { return uuid.Must(uuid.NewV7()).String() }

func caseCreate(caseID string) syncproto.Mutation {
	return syncproto.Mutation{ID: newID(), Kind: syncproto.KindCaseCreate, Payload: must.Get(json.Marshal(map[string]any{
		"caseId": caseID, "subject": "Learners cannot enroll", "categoryId": "courses", "subcategoryId": "courses.enrollment",
		"description": "Enrolling in a course fails with an error.", "priority": "high", "followUpOf": "",
		"attachments": []map[string]any{{"id": newID(), "name": "screen.png", "size": 1234, "sha256": strings.Repeat("ab", 32), "mimeType": "image/png"}},
		"createdAt":   time.Now().UTC().Add(-time.Hour).Format("2006-01-02T15:04:05.000000Z"),
	}))}
}

// caseWithFile is a case.create naming one file of the given hash and size.
func caseWithFile(caseID, sum string, size int64) syncproto.Mutation {
	return syncproto.Mutation{ID: newID(), Kind: syncproto.KindCaseCreate, Payload: must.Get(json.Marshal(map[string]any{
		"caseId": caseID, "subject": "Report attached", "categoryId": "courses", "subcategoryId": "courses.enrollment",
		"description": "The report is attached.", "priority": "medium", "followUpOf": "",
		"attachments": []map[string]any{{"id": newID(), "name": "report.pdf", "size": size, "sha256": sum, "mimeType": "application/pdf"}},
		"createdAt":   time.Now().UTC().Format(time.RFC3339Nano),
	}))}
}

func commentAdd(caseID, body string) syncproto.Mutation {
	return syncproto.Mutation{ID: newID(), Kind: syncproto.KindCommentAdd, Payload: must.Get(json.Marshal(map[string]any{
		"commentId": newID(), "caseId": caseID, "body": body, "attachments": []any{}, "createdAt": time.Now().UTC().Format(time.RFC3339Nano),
	}))}
}

type pushResult struct {
	Results []syncproto.MutationResult
}

func (e *env) push(token string, ms ...syncproto.Mutation) pushResult {
	e.t.Helper()
	var out pushResult
	e.expect(e.do("POST", "/v1/push", token, map[string]any{"mutations": ms}), 200).json(e.t, &out)
	if len(out.Results) != len(ms) {
		e.t.Fatalf("%d results for %d mutations", len(out.Results), len(ms))
	}
	return out
}

// newCase pushes a case and returns its ID and number.
func (e *env) newCase(token string) (string, int64) {
	e.t.Helper()
	id := newID()
	r := e.push(token, caseCreate(id)).Results[0]
	if r.Result != syncproto.ResultApplied {
		e.t.Fatalf("case not applied: %+v", r.Error)
	}
	return id, r.CaseNumber
}

func newRequest(url, token string, body []byte) (*http.Request, error) {
	req, err := http.NewRequest("POST", url, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	return req, nil
}
