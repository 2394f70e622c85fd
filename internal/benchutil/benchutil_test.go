package benchutil

import (
	"testing"
	"time"
)

func TestPercentile(t *testing.T) {
	var r Recorder
	if r.Percentile(50) != 0 {
		t.Fatal("empty recorder")
	}
	for i := 100; i >= 1; i-- {
		r.Add(time.Duration(i) * time.Millisecond)
	}
	if got := r.Percentile(50); got != 50*time.Millisecond {
		t.Errorf("p50 = %v", got)
	}
	if got := r.Percentile(99); got != 99*time.Millisecond {
		t.Errorf("p99 = %v", got)
	}
	if got := r.Percentile(100); got != 100*time.Millisecond {
		t.Errorf("p100 = %v", got)
	}
}

// TestMetricsClaimP99OnlyFrom100Samples: 99 timed operations give the
// maximum and the sample count, never a p99; the 100th makes it a p99.
func TestMetricsClaimP99OnlyFrom100Samples(t *testing.T) {
	var r Recorder
	for i := 1; i <= 99; i++ {
		r.Add(time.Duration(i) * time.Millisecond)
	}
	m := r.Metrics("")
	if _, ok := m["p99-ms"]; ok || m["max-ms"] != 99 || m["samples"] != 99 || m["p50-ms"] != 50 || len(m) != 3 {
		t.Fatalf("99 samples: %v", m)
	}
	r.Add(100 * time.Millisecond)
	m = r.Metrics("server-")
	if _, ok := m["server-max-ms"]; ok || m["server-p99-ms"] != 99 || m["server-samples"] != 100 || len(m) != 3 {
		t.Fatalf("100 samples: %v", m)
	}
	var empty Recorder
	if m := empty.Metrics(""); m["samples"] != 0 || len(m) != 3 {
		t.Fatalf("no samples: %v", m)
	}
}
