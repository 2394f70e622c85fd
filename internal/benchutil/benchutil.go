// Package benchutil reports latency percentiles from Go benchmarks, so that
// every benchmark in the project states p50 and p99 the same way.
package benchutil

import (
	"sort"
	"testing"
	"time"
)

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

// Report adds p50-ms and p99-ms to the benchmark's output.
func (r *Recorder) Report(b *testing.B) {
	b.ReportMetric(float64(r.Percentile(50).Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(r.Percentile(99).Microseconds())/1000, "p99-ms")
}
