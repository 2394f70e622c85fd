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
