//go:build linux && cgo

package memtune

import "testing"

func TestTrimThresholdIsSet(t *testing.T) {
	if !applied {
		t.Fatal("mallopt(M_TRIM_THRESHOLD) was refused")
	}
}
