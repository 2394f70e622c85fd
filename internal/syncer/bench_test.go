package syncer_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"supportportal/internal/benchutil"
	"supportportal/internal/portal"
	"supportportal/internal/servercore"
	"supportportal/internal/syncproto"
)

// countingTransport counts the bytes that cross the wire (bodies and a
// rough header size), to report what a sync costs on a metered link.
type countingTransport struct {
	base  http.RoundTripper
	bytes atomic.Int64
}

func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	c.bytes.Add(r.ContentLength + 200)
	res, err := c.base.RoundTrip(r)
	if err == nil {
		res.Body = &countingBody{res.Body, &c.bytes}
		c.bytes.Add(200)
	}
	return res, err
}

type countingBody struct {
	io.ReadCloser
	n *atomic.Int64
}

func (b *countingBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	b.n.Add(int64(n))
	return n, err
}

func queueCases(b *testing.B, d *device, n int, prefix string) {
	b.Helper()
	ctx := context.Background()
	for i := range n {
		dr, err := d.cases.SaveDraft(ctx, portal.DraftInput{Subject: fmt.Sprintf("%s %d", prefix, i), CategoryID: "reports",
			SubcategoryID: "reports.export", Description: "The export of the course report stops at 10 percent since the update."})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := d.cases.Submit(ctx, dr.ID); err != nil {
			b.Fatal(err)
		}
	}
}

func newBenchWorld(b *testing.B) *world { return newWorld(b) }

func companyFor(w *world, i int) servercore.Company {
	return servercore.Company{VendorID: w.vendor, Name: fmt.Sprintf("Company %d", i/4), Status: servercore.CompanyActive}
}

// BenchmarkFirstSync: a new device's first sync of a company with 2,000
// cases and a vendor with 10,000 knowledge articles (about 1 KB each).
// Target: under 5 s on loopback.
func BenchmarkFirstSync(b *testing.B) {
	w := newBenchWorld(b)
	w.person(w.acme, "ann@acme.example")
	w.person(w.acme, "bob@acme.example")
	seed := w.device(w.srv.URL, "ann@acme.example")
	queueCases(b, seed, 2000, "Seeded")
	ctx := context.Background()
	cat, err := w.st.SaveKBCategory(ctx, w.vendor, syncproto.KBCategory{NameEn: "Reports", NameDe: "Berichte"}, time.Now())
	if err != nil {
		b.Fatal(err)
	}
	words := strings.Fields("report export course learner enrollment certificate grade quiz survey branch group import users roles single sign-on video scorm upload timeout error blank slow missing invoice domain logo notification email password")
	for i := range 10_000 {
		var body strings.Builder
		for j := range 150 {
			body.WriteString(words[(i*7+j*13)%len(words)])
			body.WriteByte(' ')
		}
		if _, err := w.st.SaveKBArticle(ctx, w.vendor, syncproto.KBArticle{SourceID: fmt.Sprint("bench-", i), Locale: "en",
			Title: fmt.Sprintf("Article %d about %s", i, words[i%len(words)]), Summary: "How to " + words[(i+3)%len(words)],
			Body: body.String(), CategoryID: cat.ID}, time.Now()); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := seed.engine.SyncOnce(ctx); err != nil {
		b.Fatal(err)
	}
	var rec benchutil.Recorder
	var bytes int64
	for b.Loop() {
		b.StopTimer()
		d := w.device(w.srv.URL, "bob@acme.example")
		ct := &countingTransport{base: http.DefaultTransport}
		d.client.HTTP.Transport = ct
		b.StartTimer()
		start := time.Now()
		r, err := d.engine.SyncOnce(ctx)
		rec.Add(time.Since(start))
		if err != nil || r.Pulled < 2000 || r.Articles != 10_000 {
			b.Fatalf("first sync pulled %d cases and %d articles: %v", r.Pulled, r.Articles, err)
		}
		bytes = ct.bytes.Load()
	}
	rec.Report(b)
	b.ReportMetric(float64(bytes)/1e6, "MB-transferred")
}

// BenchmarkSyncNothingToDo: the periodic sync when nothing changed
// anywhere (one push check, one pull). Target p99 under 20 ms.
func BenchmarkSyncNothingToDo(b *testing.B) {
	w := newBenchWorld(b)
	w.person(w.acme, "ann@acme.example")
	d := w.device(w.srv.URL, "ann@acme.example")
	queueCases(b, d, 50, "Some")
	ctx := context.Background()
	if _, err := d.engine.SyncOnce(ctx); err != nil {
		b.Fatal(err)
	}
	ct := &countingTransport{base: http.DefaultTransport}
	d.client.HTTP.Transport = ct
	var rec benchutil.Recorder
	for b.Loop() {
		rec.Time(func() {
			if _, err := d.engine.SyncOnce(ctx); err != nil {
				b.Fatal(err)
			}
		})
	}
	rec.Report(b)
	b.ReportMetric(float64(ct.bytes.Load())/float64(b.N), "bytes/sync")
}

// BenchmarkPush1000Cases: sending 1,000 cases written offline.
func BenchmarkPush1000Cases(b *testing.B) {
	w := newBenchWorld(b)
	w.person(w.acme, "ann@acme.example")
	ctx := context.Background()
	var rec benchutil.Recorder
	for b.Loop() {
		b.StopTimer()
		d := w.device(w.srv.URL, "ann@acme.example")
		queueCases(b, d, 1000, "Offline")
		b.StartTimer()
		start := time.Now()
		r, err := d.engine.SyncOnce(ctx)
		rec.Add(time.Since(start))
		if err != nil || r.Pushed != 1000 {
			b.Fatalf("pushed %d: %v", r.Pushed, err)
		}
	}
	rec.Report(b)
}

// BenchmarkManyAppsAtOnce: 200 apps of 50 companies (four portal users each) sync at the same
// moment (each with one new case) against one server. Target: p99 under
// 250 ms, no errors.
func BenchmarkManyAppsAtOnce(b *testing.B) {
	w := newBenchWorld(b)
	ctx := context.Background()
	const apps = 200
	devs := make([]*device, apps)
	companies := map[int]string{}
	for i := range apps {
		company, ok := companies[i/4]
		if !ok {
			var err error
			if company, err = w.st.CreateCompany(ctx, companyFor(w, i)); err != nil {
				b.Fatal(err)
			}
			companies[i/4] = company
		}
		email := fmt.Sprintf("user%d@c%d.example", i, i/4)
		w.person(company, email)
		devs[i] = w.device(w.srv.URL, email)
		// Each app is its own process with its own connections; sharing
		// http.DefaultTransport (two idle connections per host) would
		// make 198 of them dial anew for every request.
		devs[i].client.HTTP.Transport = http.DefaultTransport.(*http.Transport).Clone()
		if _, err := devs[i].engine.SyncOnce(ctx); err != nil {
			b.Fatal(err)
		}
	}
	// burst queues one case in every app, then syncs all 200 at once.
	burst := func(rec *benchutil.Recorder) (errs int) {
		b.StopTimer()
		for _, d := range devs {
			queueCases(b, d, 1, "Burst")
		}
		b.StartTimer()
		var mu sync.Mutex
		var wg sync.WaitGroup
		for _, d := range devs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				start := time.Now()
				_, err := d.engine.SyncOnce(ctx)
				mu.Lock()
				rec.Add(time.Since(start))
				if err != nil {
					errs++
				}
				mu.Unlock()
			}()
		}
		wg.Wait()
		return errs
	}
	// The first burst is measured apart, as first-burst-p99-ms: it is
	// slower every time, also after a sync of each app one by one, so it is
	// the process warming up its concurrent path (heap, goroutine stacks,
	// connection buffers), not the apps' state; in a short run that one
	// burst would decide the p99 on its own.
	var first, rec benchutil.Recorder
	errs := burst(&first)
	w.served.on.Store(true)
	w.served.take()
	for b.Loop() {
		errs += burst(&rec)
	}
	w.served.on.Store(false)
	rec.Report(b)
	// The server's own time per request in the burst (from its handler's
	// start to its end), apart from the apps' local work and the queueing
	// of 200 goroutines for two cores.
	var served benchutil.Recorder
	for _, ms := range w.served.take() {
		served.Add(time.Duration(ms * float64(time.Millisecond)))
	}
	served.ReportAs(b, "server-")
	first.ReportAs(b, "first-burst-")
	b.ReportMetric(float64(errs), "errors")
	if errs > 0 {
		b.Fatalf("%d syncs failed", errs)
	}
}
