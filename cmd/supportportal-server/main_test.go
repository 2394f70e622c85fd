package main

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"io"
	"math/big"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"supportportal/internal/must"
)

// start runs the serve command in the background and returns its address
// and a function that stops it (as SIGINT/SIGTERM would) and returns the
// exit code.
func start(t *testing.T, args ...string) (string, func() int) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	addrc := make(chan string, 1)
	codec := make(chan int, 1)
	var stderr bytes.Buffer
	go func() {
		codec <- run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...), io.Discard, &stderr, func(a string) { addrc <- a })
	}()
	select {
	case a := <-addrc:
		return a, func() int {
			cancel()
			return <-codec
		}
	case code := <-codec:
		cancel()
		t.Fatalf("serve exited %d: %s", code, stderr.String())
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not start")
	}
	return "", nil
}

func TestSeedServeAndShutdown(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "server.db")
	mail := filepath.Join(dir, "mail")
	var out, errb bytes.Buffer
	if code := run(context.Background(), []string{"seed", "--db", db, "--mail-dir", mail}, &out, &errb, nil); code != 0 {
		t.Fatalf("seed exit %d: %s", code, errb.String())
	}
	links := regexp.MustCompile(`set-password\?token=([A-Za-z0-9_-]+)`).FindAllStringSubmatch(out.String(), -1)
	if len(links) != 4 || !strings.Contains(out.String(), "trial_company") || !strings.Contains(out.String(), "role_not_allowed") {
		t.Fatalf("seed output:\n%s", out.String())
	}
	if ents, _ := os.ReadDir(mail); len(ents) != 4 {
		t.Fatalf("%d mails", len(ents))
	}
	if code := run(context.Background(), []string{"seed", "--db", db, "--mail-dir", mail}, io.Discard, io.Discard, nil); code != 1 {
		t.Fatalf("second seed exit %d", code)
	}

	// Configuration from the environment.
	t.Setenv("SUPPORTPORTAL_SERVER_DB", db)
	t.Setenv("SUPPORTPORTAL_SERVER_MAIL_DIR", mail)
	addr, stop := start(t)
	base := "http://" + addr
	get := func(path string) int {
		res, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	if get("/healthz") != 200 || get("/v1/profile") != 200 {
		t.Fatal("server not serving the seeded store")
	}
	post := func(path string, body any) int {
		b, _ := json.Marshal(body)
		res, err := http.Post(base+path, "application/json", bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	owner := links[0][1]
	if code := post("/v1/auth/set-password", map[string]string{"token": owner, "password": "a long enough password"}); code != 200 {
		t.Fatalf("set password %d", code)
	}
	if code := post("/v1/auth/sign-in", map[string]string{"email": "owner@contoso.example", "password": "a long enough password"}); code != 200 {
		t.Fatalf("sign in %d", code)
	}
	if code := stop(); code != 0 {
		t.Fatalf("exit code %d after shutdown", code)
	}
	if _, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
		t.Fatal("still listening after shutdown")
	}

	// Admin commands.
	if code := run(context.Background(), []string{"deactivate", "--email", "owner@contoso.example"}, &out, &errb, nil); code != 0 {
		t.Fatalf("deactivate exit %d: %s", code, errb.String())
	}
	if code := run(context.Background(), []string{"invite", "--email", "nobody@example.com"}, io.Discard, io.Discard, nil); code != 1 {
		t.Fatalf("invite of unknown person exit %d", code)
	}
	if code := run(context.Background(), []string{"bogus"}, io.Discard, io.Discard, nil); code != 2 {
		t.Fatalf("unknown command exit %d", code)
	}
}

func TestTLS(t *testing.T) {
	dir := t.TempDir()
	cert, key := selfSigned(t, dir)
	addr, stop := start(t, "--db", filepath.Join(dir, "s.db"), "--mail-dir", filepath.Join(dir, "mail"), "--tls-cert", cert, "--tls-key", key)
	defer stop()
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(must.Get(os.ReadFile(cert)))
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	res, err := client.Get("https://" + addr + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 || res.TLS == nil {
		t.Fatalf("status %d", res.StatusCode)
	}
	if code := run(context.Background(), []string{"serve", "--tls-cert", cert}, io.Discard, io.Discard, nil); code != 1 {
		t.Fatalf("cert without key exit %d", code)
	}
}

func selfSigned(t *testing.T, dir string) (string, string) {
	t.Helper()
	k := must.Get(ecdsa.GenerateKey(elliptic.P256(), rand.Reader))
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour)}
	der := must.Get(x509.CreateCertificate(rand.Reader, tmpl, tmpl, &k.PublicKey, k))
	cert, key := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	must.Do(os.WriteFile(cert, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600))
	must.Do(os.WriteFile(key, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: must.Get(x509.MarshalECPrivateKey(k))}), 0o600))
	return cert, key
}

// The server builds without the desktop libraries: nothing of Wails or of
// app/ may be linked in.
func TestNoDesktopDependencies(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go tool not found")
	}
	out, err := exec.Command(goBin, "list", "-deps", "-tags", "sqlite_fts5", ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	for _, dep := range strings.Fields(string(out)) {
		if strings.Contains(dep, "wailsapp") || dep == "supportportal/app" || strings.HasPrefix(dep, "supportportal/app/") ||
			dep == "supportportal/internal/appstore" {
			t.Errorf("the server depends on %s", dep)
		}
	}
}
