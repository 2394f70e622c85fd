// Package benchutil reports latency percentiles from Go benchmarks, so that
// every benchmark in the project states p50 and p99 the same way.
package benchutil

import (
	"sort"
	"testing"
	"time"
)

// MinP99Samples is how many timed operations a p99 needs: with fewer, the
// 99th percentile is just the slowest one or two, and Report gives the
// maximum under its own name instead.
const MinP99Samples = 100

// Recorder collects one duration per operation.
type Recorder struct {
	d []time.Duration
}

// Time runs fn and records how long it took.
func (r *Recorder) Time(fn func()) {
	start := time.Now()
	fn()
	r.d = append(r.d, time.Since(start))
}

// Add records one duration.
func (r *Recorder) Add(d time.Duration) { r.d = append(r.d, d) }

// Samples is how many durations were recorded.
func (r *Recorder) Samples() int { return len(r.d) }

// Percentile returns the p-th percentile (0..100) of the recorded durations.
func (r *Recorder) Percentile(p float64) time.Duration {
	if len(r.d) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), r.d...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	i := int(float64(len(s)-1) * p / 100)
	return s[i]
}

// Metrics are the figures Report gives, by unit name: always samples and
// p50-ms; p99-ms from at least MinP99Samples durations, max-ms below that.
// A prefix ("server-") names figures of a second recorder in the same
// benchmark.
func (r *Recorder) Metrics(prefix string) map[string]float64 {
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	m := map[string]float64{prefix + "samples": float64(len(r.d)), prefix + "p50-ms": ms(r.Percentile(50))}
	if len(r.d) >= MinP99Samples {
		m[prefix+"p99-ms"] = ms(r.Percentile(99))
	} else {
		m[prefix+"max-ms"] = ms(r.Percentile(100))
	}
	return m
}

// Report adds the Metrics to the benchmark's output.
func (r *Recorder) Report(b *testing.B) { r.ReportAs(b, "") }

// ReportAs is Report with the figures' names prefixed.
func (r *Recorder) ReportAs(b *testing.B, prefix string) {
	for unit, v := range r.Metrics(prefix) {
		b.ReportMetric(v, unit)
	}
}
