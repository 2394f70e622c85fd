package app_test

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"supportportal/app"
	"supportportal/internal/must"
	"supportportal/internal/portal"
)

// drop is a native file drop on the window: Go grants the paths and the
// page hears tokens (event files:dropped), which it returns.
func drop(t *testing.T, a *app.App, rec *recorder, paths ...string) []string {
	t.Helper()
	rec.mu.Lock()
	n := len(rec.events)
	rec.mu.Unlock()
	app.NewHost(a).FilesDropped(10, 20, paths)
	rec.mu.Lock()
	defer rec.mu.Unlock()
	for _, e := range rec.events[n:] {
		if d, ok := e.(app.DroppedFiles); ok && d.X == 10 && d.Y == 20 {
			var toks []string
			for i, f := range d.Files {
				if f.Name != filepath.Base(paths[i]) || strings.Contains(f.Token, string(filepath.Separator)) {
					t.Fatalf("dropped file %d is %+v", i, f)
				}
				toks = append(toks, f.Token)
			}
			return toks
		}
	}
	t.Fatal("a drop did not reach the page")
	return nil
}

// A script in the page names local files directly, as paths: every bound
// method that reads local files refuses them (path_not_granted) and reads
// nothing. Files the user dropped work through their tokens.
func TestPagePathsNeedADropOrDialog(t *testing.T) {
	a, rec, db := newApp(t)
	dir := t.TempDir()
	secret := filepath.Join(dir, "id_rsa.txt")
	must.Do(os.WriteFile(secret, []byte("PRIVATE KEY"), 0o600))
	kbDir := filepath.Join(dir, "kb")
	must.Do(os.MkdirAll(kbDir, 0o700))
	must.Do(os.WriteFile(filepath.Join(kbDir, "a.md"), []byte("---\ntitle: Planted article\ncategory: X\n---\nbody\n"), 0o600))
	d, err := a.SaveDraft(portal.DraftInput{Subject: "x", CategoryID: "reports", SubcategoryID: "reports.export", Description: "y"})
	if err != nil {
		t.Fatal(err)
	}
	c, err := a.SubmitDraft(d.ID)
	if err != nil {
		t.Fatal(err)
	}
	d2, _ := a.SaveDraft(portal.DraftInput{Subject: "x2", CategoryID: "reports", SubcategoryID: "reports.export", Description: "y"})
	for name, call := range map[string]func() error{
		"AddAttachmentPaths":        func() error { _, err := a.AddAttachmentPaths(d2.ID, []string{secret}); return err },
		"AddCommentAttachmentPaths": func() error { _, err := a.AddCommentAttachmentPaths(c.ID, []string{secret}); return err },
		"ImportKnowledgePath":       func() error { _, err := a.ImportKnowledgePath(kbDir); return err },
		"a made-up token": func() error {
			_, err := a.AddAttachmentPaths(d2.ID, []string{"00112233445566778899aabbccddeeff"})
			return err
		},
	} {
		t.Run(name, func(t *testing.T) {
			if r := decode(t, call()).Reason; r != portal.ReasonPathNotGranted {
				t.Errorf("%s with a path: reason %q, want %s", name, r, portal.ReasonPathNotGranted)
			}
		})
	}
	var n int
	must.Do(inFile(t, db).QueryRow(`SELECT count(*) FROM attachment`).Scan(&n))
	if n != 0 {
		t.Fatalf("%d files attached from paths the page named", n)
	}
	if r, _ := a.SearchKnowledge(portal.SearchQuery{Text: "planted"}); len(r.Hits) != 0 {
		t.Fatal("a folder the page named was imported")
	}

	// One bad token among good ones refuses the whole call.
	good := drop(t, a, rec, secret)
	if _, err := a.AddAttachmentPaths(d2.ID, append(slices.Clone(good), secret)); decode(t, err).Reason != portal.ReasonPathNotGranted {
		t.Fatal("a path among tokens was accepted")
	}
	// Dropped by the user: attached and imported.
	res, err := a.AddAttachmentPaths(d2.ID, good)
	if err != nil || len(res.Attachments) != 1 || res.Attachments[0].Name != "id_rsa.txt" {
		t.Fatalf("dropped file: %+v %v", res, err)
	}
	if res, err := a.AddCommentAttachmentPaths(c.ID, drop(t, a, rec, secret)); err != nil || len(res.Attachments) != 1 {
		t.Fatalf("dropped on the comment box: %+v %v", res, err)
	}
	r, err := a.ImportKnowledgePath(drop(t, a, rec, kbDir)[0])
	if err != nil || r.Created != 1 {
		t.Fatalf("dropped folder: %+v %v", r, err)
	}
	// The native dialogs need no token: the app asks for the paths itself.
	rec.files = []string{secret}
	if res, err := a.ChooseAttachments(d2.ID, "Choose"); err != nil || len(res.Attachments) != 1 {
		t.Fatalf("dialog: %+v %v", res, err)
	}
}

// Links from articles and the vendor profile open only as web pages or
// e-mail; a mailto: may fill in the message but never attach a file.
func TestOpenExternalRefusesDangerousLinks(t *testing.T) {
	a, rec, _ := newApp(t)
	ok := []string{"https://docs.example.com/a?b=c#top", "http://example.com", "HTTPS://EXAMPLE.COM/x",
		"mailto:portalaccess@example.com", "mailto:help@example.com?subject=Hi&body=Case%201", "mailto:a@example.com?cc=b@example.com&bcc=c@example.com"}
	for _, l := range ok {
		t.Run(l, func(t *testing.T) {
			if err := a.OpenExternal(l); err != nil {
				t.Errorf("OpenExternal(%q) = %v", l, err)
			}
		})
	}
	for _, bad := range []string{
		"javascript:alert(1)", "file:///etc/passwd", "file://server/share/x.exe", "data:text/html,<script>", "", "https://", "//evil.example",
		"vbscript:x", "ms-msdt:/id PCWDiagnostic", "search-ms:query=x", "smb://evil.example/share", "ftp://example.com/x",
		"mailto:a@example.com?attach=/etc/passwd", "mailto:a@example.com?ATTACHMENT=C:\\Windows\\win.ini",
		"mailto:a@example.com?subject=x&attach=~/.ssh/id_rsa", "mailto:a@example.com?x-attach=1", "mailto:a@example.com?in-reply-to=x",
		"https://user:pass@example.com/", "https://example.com\\@evil.example", "https://exa\x00mple.com", "https://example.com/\nx",
		"mailto://evil.example", "ms-settings:", "steam://run/1",
	} {
		t.Run(bad, func(t *testing.T) {
			if pe := decode(t, a.OpenExternal(bad)); pe.Reason != portal.ReasonUnsupportedLink {
				t.Errorf("OpenExternal(%q) = %+v", bad, pe)
			}
		})
	}
	if len(rec.opened) != len(ok) {
		t.Fatalf("opened %v", rec.opened)
	}
}

// The server address for sign-in is a web address and nothing more: a user
// name (https://support.example.com@evil.example), query or fragment can
// disguise where the password goes, and other schemes are not servers.
func TestSignInRefusesOddServerAddresses(t *testing.T) {
	a, _, _ := newApp(t)
	for _, bad := range []string{
		"https://support.example.com@evil.example", "https://user:pw@support.example.com", "https://support.example.com/?next=evil",
		"https://support.example.com/#x", "https://support.example.com/?", "ftp://support.example.com", "file:///etc/passwd",
		"javascript:alert(1)", "ws://support.example.com", "https://", "https://support.example.com\\@evil.example",
		"https://support.example.com/\nx", "mailto:x@example.com",
	} {
		t.Run(bad, func(t *testing.T) {
			_, err := a.SignIn(bad, "ann@acme.example", pw)
			if r := decode(t, err).Reason; r != "invalid_server_url" && r != "insecure_server_url" {
				t.Errorf("SignIn(%q): reason %q", bad, r)
			}
		})
	}
	if acc, _ := a.Account(); acc != nil {
		t.Fatal("an odd address signed in")
	}
}

// In production the page may connect to its own origin only: no remote
// host, no websocket anywhere, no wildcard.
func TestCSPAllowsNoRemoteConnections(t *testing.T) {
	dirs := map[string][]string{}
	for _, d := range strings.Split(app.ContentSecurityPolicy, ";") {
		if f := strings.Fields(d); len(f) > 0 {
			dirs[strings.ToLower(f[0])] = f[1:]
		}
	}
	if got := dirs["connect-src"]; !slices.Equal(got, []string{"'self'"}) {
		t.Fatalf("connect-src %v, want only 'self'", got)
	}
	for _, name := range []string{"default-src", "script-src"} {
		if got := dirs[name]; !slices.Equal(got, []string{"'self'"}) {
			t.Errorf("%s %v, want only 'self'", name, got)
		}
	}
	for name, srcs := range dirs {
		for _, s := range srcs {
			if s == "*" || strings.HasSuffix(s, ":") && s != "data:" && s != "blob:" || strings.Contains(s, ".") || s == "'unsafe-eval'" {
				t.Errorf("%s allows %s", name, s)
			}
		}
	}
	for _, name := range []string{"object-src", "frame-src", "base-uri", "form-action"} {
		if got := dirs[name]; !slices.Equal(got, []string{"'none'"}) {
			t.Errorf("%s %v, want 'none'", name, got)
		}
	}
	// Every response carries it.
	rr := httptestRecorder()
	app.WithCSP(okHandler{}).ServeHTTP(rr, mustRequest("/"))
	if rr.Header().Get("Content-Security-Policy") != app.ContentSecurityPolicy {
		t.Fatalf("header %q", rr.Header().Get("Content-Security-Policy"))
	}
}

type okHandler struct{}

func (okHandler) ServeHTTP(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusOK) }

func httptestRecorder() *httptest.ResponseRecorder { return httptest.NewRecorder() }

func mustRequest(p string) *http.Request { return httptest.NewRequest(http.MethodGet, p, nil) }
