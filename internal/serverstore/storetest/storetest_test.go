package storetest_test

import (
	"context"
	"path/filepath"
	"testing"

	"supportportal/internal/portal"
	"supportportal/internal/serverstore"
	"supportportal/internal/serverstore/storetest"
	"supportportal/internal/syncproto"
)

// Peek sees what the running store committed and cannot change the file;
// EditVendorProfile's change is what the store reads next.
func TestPeekReadsOnlyAndEditIsSeen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "server.db")
	st, err := serverstore.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	vendor, err := st.CreateVendor(ctx, "demo", syncproto.Profile{Vendor: portal.DefaultVendorProfile()})
	if err != nil {
		t.Fatal(err)
	}
	if n := storetest.Count(t, path, `SELECT count(*) FROM vendor WHERE id = ?`, vendor); n != 1 {
		t.Fatalf("peek sees %d vendors", n)
	}
	first, again := storetest.Peek(t, path), storetest.Peek(t, path)
	if first != again {
		t.Fatal("a second Peek in one test opened the file again")
	}
	if _, err := storetest.Peek(t, path).Exec(`DELETE FROM vendor`); err == nil {
		t.Fatal("a write through Peek succeeded")
	}
	storetest.EditVendorProfile(t, path, vendor, func(p *portal.VendorProfile) { p.StorageQuotaBytes = 1234 })
	p, err := st.Profile(ctx, vendor)
	want := portal.DefaultVendorProfile()
	want.StorageQuotaBytes = 1234
	if err != nil || p.Vendor != want {
		t.Fatalf("profile after the edit %+v (%v), want %+v", p.Vendor, err, want)
	}
}
