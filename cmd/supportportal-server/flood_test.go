package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"supportportal/internal/benchutil"
	"supportportal/internal/must"
	"supportportal/internal/portal"
	"supportportal/internal/servercore"
	"supportportal/internal/serverstore"
	"supportportal/internal/syncproto"
)

// serverBinary builds the real server binary once per test run, without
// the race detector even when the tests have it: the flood test measures
// the memory of the server as it is deployed. A run with no Go toolchain
// beside it (the Windows tests under Wine, scripts/wine-test.sh) names a
// binary built the same way in SUPPORTPORTAL_TEST_SERVER_BIN.
var serverBinary = sync.OnceValues(func() (string, error) {
	if bin := os.Getenv("SUPPORTPORTAL_TEST_SERVER_BIN"); bin != "" {
		return bin, nil
	}
	dir, err := os.MkdirTemp("", "supportportal-server-test-")
	if err != nil {
		return "", err
	}
	binaryDir = dir
	bin := filepath.Join(dir, "supportportal-server")
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	// go test puts its own go first on PATH.
	goBin, err := exec.LookPath("go")
	if err != nil {
		return "", fmt.Errorf("go tool not found (set SUPPORTPORTAL_TEST_SERVER_BIN to a built server): %v", err)
	}
	out, err := exec.Command(goBin, "build", "-tags", "sqlite_fts5", "-o", bin, ".").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("go build (or set SUPPORTPORTAL_TEST_SERVER_BIN to a built server): %v\n%s", err, out)
	}
	return bin, nil
})

// binaryDir holds the built binary; TestMain removes it.
var binaryDir string

func TestMain(m *testing.M) {
	code := m.Run()
	if binaryDir != "" {
		os.RemoveAll(binaryDir)
	}
	os.Exit(code)
}

// serverProcess is the server running in a child process.
type serverProcess struct {
	base string
	cmd  *exec.Cmd
}

func startProcess(t testing.TB, args ...string) *serverProcess {
	t.Helper()
	bin, err := serverBinary()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...)
	stderr, err := os.Create(filepath.Join(t.TempDir(), "server.log"))
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout = stderr
	out := must.Get(cmd.StderrPipe())
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &serverProcess{cmd: cmd}
	t.Cleanup(func() {
		// Windows has no SIGTERM for another process: end it there.
		if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
			_ = cmd.Process.Kill()
		}
		_ = cmd.Wait()
		// Windows keeps an open file from being removed with the folder.
		stderr.Close()
	})
	// The server logs "listening" with its address on stderr (JSON).
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		var line struct{ Msg, Addr string }
		if json.Unmarshal(sc.Bytes(), &line) == nil && line.Msg == "listening" {
			p.base = "http://" + line.Addr
			go func() { _, _ = io.Copy(io.Discard, out) }()
			return p
		}
	}
	_ = cmd.Wait()
	t.Fatal("server did not start")
	return nil
}

// floodDB creates a server database with n agents, each with a valid
// set-password token, and returns its path and the tokens.
func floodDB(t testing.TB, n int) (string, []string) {
	t.Helper()
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "server.db")
	st, err := serverstore.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	vendor := must.Get(st.CreateVendor(ctx, "demo", syncproto.Profile{Vendor: portal.DefaultVendorProfile(), Categories: portal.DefaultComponentCategories()}))
	var toks []string
	for i := range n {
		id := must.Get(st.CreatePerson(ctx, servercore.Person{Person: syncproto.Person{VendorID: vendor, Kind: servercore.KindAgent, Email: fmt.Sprintf("agent%d@example.com", i), Name: fmt.Sprint("Agent ", i)}}))
		tok, hash := must.Get2(servercore.NewToken())
		if err := st.CreatePasswordToken(ctx, servercore.PasswordToken{TokenHash: hash, PersonID: id, Purpose: "invite",
			CreatedAt: time.Now(), ExpiresAt: time.Now().Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
		toks = append(toks, tok)
	}
	return db, toks
}

func floodClient() *http.Client {
	return &http.Client{Timeout: time.Minute, Transport: &http.Transport{MaxIdleConnsPerHost: 1000, DisableCompression: true}}
}

// post sends a JSON body as if through the trusted proxy at 127.0.0.1 for
// the client address from, and returns the status.
func post(c *http.Client, url, from string, body any) (int, error) {
	req, err := http.NewRequest("POST", url, strings.NewReader(string(must.Get(json.Marshal(body)))))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Forwarded-For", from)
	res, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	_, _ = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res.StatusCode, nil
}

// 1,000 parallel set-password requests, each from an address of its own
// (through a trusted proxy, so no per-address limit hides the hashing):
// 900 with made-up tokens and 100 with real ones. Before the fix every
// one of them hashed 19 MiB first (400 took the server to 7.6 GB); now a
// made-up token costs one read, and the real ones wait for one of the
// hash slots. The server process's peak memory must stay small and every
// answer must be one that was meant.
func TestSetPasswordFloodKeepsMemorySmall(t *testing.T) {
	db, toks := floodDB(t, 100)
	p := startProcess(t, "--db", db, "--mail-dir", filepath.Join(t.TempDir(), "mail"), "--trusted-proxies", "127.0.0.1/32,::1")
	c := floodClient()
	url := p.base + "/v1/auth/set-password"
	if st, err := post(c, p.base+"/healthz", "10.0.0.1", nil); err != nil || st != 405 {
		// POST /healthz: only proves the server answers.
		t.Fatalf("healthz %d %v", st, err)
	}
	before := p.peakRSS(t)
	var wg sync.WaitGroup
	start := make(chan struct{})
	var mu sync.Mutex
	counts := map[string]int{}
	for i := range 1000 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tok, kind := fmt.Sprintf("made-up-%d", i), "fake"
			if i%10 == 0 {
				tok, kind = toks[i/10], "real"
			}
			<-start
			st, err := post(c, url, fmt.Sprintf("10.%d.%d.%d", i>>16&255, i>>8&255, i&255), map[string]string{"token": tok, "password": "a long enough password " + strconv.Itoa(i)})
			key := fmt.Sprint(kind, " ", st)
			if err != nil {
				key = kind + " error: " + err.Error()
			}
			mu.Lock()
			counts[key]++
			mu.Unlock()
		}()
	}
	close(start)
	wg.Wait()
	peak := p.peakRSS(t)
	t.Logf("peak RSS %d MB (before the flood %d MB); answers %v", peak>>20, before>>20, counts)
	if counts["fake 404"] != 900 {
		t.Errorf("made-up tokens: %v", counts)
	}
	if counts["real 200"]+counts["real 503"] != 100 || counts["real 200"] < 5 {
		t.Errorf("real tokens: %v", counts)
	}
	if peak > 350<<20 {
		t.Errorf("peak RSS %d MB, want under 350 MB", peak>>20)
	}
	if st, err := post(c, url, "10.255.0.1", map[string]string{"token": "x", "password": "a long enough password"}); err != nil || st != 404 {
		t.Fatalf("after the flood: %d %v", st, err)
	}
}

// BenchmarkHealthzUnderFlood times GET /healthz while 200 clients, each
// request from another address through the trusted proxy, keep sending
// set-password requests with made-up tokens and sign-ins of unknown
// addresses (each a real argon2id check in a hash slot).
func BenchmarkHealthzUnderFlood(b *testing.B) {
	db, _ := floodDB(b, 1)
	p := startProcess(b, "--db", db, "--mail-dir", filepath.Join(b.TempDir(), "mail"), "--trusted-proxies", "127.0.0.1/32,::1")
	c := floodClient()
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	var sent, busy atomic.Int64
	for w := range 200 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ctx.Err() == nil; i++ {
				from := fmt.Sprintf("10.%d.%d.%d", w, i>>8&255, i&255)
				var st int
				if i%2 == 0 {
					st, _ = post(c, p.base+"/v1/auth/set-password", from, map[string]string{"token": "made-up", "password": "a long enough password"})
				} else {
					st, _ = post(c, p.base+"/v1/auth/sign-in", from, map[string]string{"email": fmt.Sprintf("nobody%d@example.com", i), "password": "a long enough password"})
				}
				sent.Add(1)
				if st == 503 {
					busy.Add(1)
				}
			}
		}()
	}
	defer func() {
		cancel()
		wg.Wait()
	}()
	// Let the flood build up before timing.
	for sent.Load() < 400 {
		runtime.Gosched()
	}
	var rec benchutil.Recorder
	hc := &http.Client{Timeout: time.Minute}
	n := max(b.N, 200)
	b.ResetTimer()
	for range n {
		rec.Time(func() {
			res, err := hc.Get(p.base + "/healthz")
			if err != nil || res.StatusCode != 200 {
				b.Fatalf("healthz %v", err)
			}
			_, _ = io.Copy(io.Discard, res.Body)
			res.Body.Close()
		})
	}
	b.StopTimer()
	rec.Report(b)
	b.ReportMetric(float64(n), "healthz-samples")
	b.ReportMetric(float64(p.peakRSS(b)>>20), "peak-RSS-MB")
	b.Logf("%d flood requests sent, %d answered server_busy", sent.Load(), busy.Load())
}
