package shelllink

import (
	"bytes"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"
)

// sampleLink is a shortcut as the shell writes one: header, target ID
// list, link info, Unicode strings (relative path, working folder, icon),
// the given extra data blocks and the terminal block.
func sampleLink(blocks ...[]byte) []byte {
	h := make([]byte, headerSize)
	le.PutUint32(h, headerSize)
	copy(h[4:], linkCLSID)
	le.PutUint32(h[0x14:], hasLinkTargetIDList|hasLinkInfo|hasRelativePath|hasWorkingDir|hasIconLocation|isUnicode)
	le.PutUint32(h[0x3C:], 1) // ShowCommand: normal
	b := h
	idList := append([]byte{0x14, 0x00, 0x1F, 0x50}, bytes.Repeat([]byte{0xE0}, 16)...) // one item of 20 bytes
	idList = append(idList, 0, 0)                                                       // terminator
	b = le.AppendUint16(b, uint16(len(idList)))
	b = append(b, idList...)
	info := make([]byte, 0x1C)
	le.PutUint32(info, 0x1C)
	le.PutUint32(info[4:], 0x1C)
	b = append(b, info...)
	for _, s := range []string{`.\supportportal.exe`, `C:\Users\Ann\AppData\Local\Programs\Support Portal`, `C:\Users\Ann\AppData\Local\Programs\Support Portal\supportportal.exe`} {
		u := utf16.Encode([]rune(s))
		b = le.AppendUint16(b, uint16(len(u)))
		for _, c := range u {
			b = le.AppendUint16(b, c)
		}
	}
	for _, blk := range blocks {
		b = append(b, blk...)
	}
	return le.AppendUint32(b, 0)
}

// specialFolder is a SpecialFolderDataBlock (signature 0xA0000005).
func specialFolder() []byte {
	b := le.AppendUint32(nil, 0x10)
	b = le.AppendUint32(b, 0xA0000005)
	b = le.AppendUint32(b, 0x26)
	return le.AppendUint32(b, 0x4E)
}

// The property store block for "supportportal.exe", byte by byte from
// [MS-SHLLINK] 2.5.7 and [MS-PROPSTORE] 2.2-2.3, written out by hand so
// that it does not depend on the code under test.
var wantBlock = strings.Join([]string{
	"5d000000", "090000a0", // block size 93, PropertyStoreDataBlock
	"51000000", "31535053", // storage size 81, version "1SPS"
	"55284c9f799f394ba8d0e1d42de1d5f3", // FMTID {9F4C2855-9F79-4B39-A8D0-E1D42DE1D5F3}
	"35000000", "05000000", "00",       // value size 53, property ID 5, reserved
	"1f00", "0000", "12000000", // VT_LPWSTR, padding, 18 characters with the NUL
	hex.EncodeToString(utf16le("supportportal.exe\x00")), // 36 bytes: a multiple of 4, no padding
	"00000000", // end of values
	"00000000", // end of storages
}, "")

func utf16le(s string) []byte {
	var b []byte
	for _, c := range utf16.Encode([]rune(s)) {
		b = le.AppendUint16(b, c)
	}
	return b
}

func TestSetAddsThePropertyStore(t *testing.T) {
	lnk := sampleLink(specialFolder())
	orig := bytes.Clone(lnk)
	out, err := SetAppUserModelID(lnk, "supportportal.exe")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(lnk, orig) {
		t.Fatal("the input was changed")
	}
	// Everything up to the terminal block stays; the block goes before it.
	end := len(orig) - 4
	if !bytes.Equal(out[:end], orig[:end]) {
		t.Fatal("bytes before the new block changed")
	}
	if got := hex.EncodeToString(out[end : len(out)-4]); got != wantBlock {
		t.Fatalf("property store block\n got %s\nwant %s", got, wantBlock)
	}
	if !bytes.Equal(out[len(out)-4:], []byte{0, 0, 0, 0}) {
		t.Fatal("no terminal block at the end")
	}
	id, err := AppUserModelID(out)
	if err != nil || id != "supportportal.exe" {
		t.Fatalf("AppUserModelID = %q, %v", id, err)
	}
	if id, err := AppUserModelID(orig); err != nil || id != "" {
		t.Fatalf("AppUserModelID of a shortcut without one = %q, %v", id, err)
	}
}

func TestSetAgainReplaces(t *testing.T) {
	once, err := SetAppUserModelID(sampleLink(), "supportportal.exe")
	if err != nil {
		t.Fatal(err)
	}
	twice, err := SetAppUserModelID(once, "supportportal.exe")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(once, twice) {
		t.Fatal("setting the same ID again changed the file")
	}
	other, err := SetAppUserModelID(once, "Vendor.Product.Ümlaut_2")
	if err != nil {
		t.Fatal(err)
	}
	if id, _ := AppUserModelID(other); id != "Vendor.Product.Ümlaut_2" {
		t.Fatalf("after a second ID: %q", id)
	}
	if n := bytes.Count(other, appUserModelFMTID); n != 1 {
		t.Fatalf("%d System.AppUserModel storages, want 1", n)
	}
	// 22 characters and the NUL are 46 bytes, padded to 48.
	odd, err := SetAppUserModelID(sampleLink(), "Vendor.Product.Umlaut2")
	if err != nil {
		t.Fatal(err)
	}
	if id, _ := AppUserModelID(odd); id != "Vendor.Product.Umlaut2" {
		t.Fatalf("odd length: %q", id)
	}
	if v := stringValue(5, "Vendor.Product.Umlaut2"); len(v) != 17+48 || int(le.Uint32(v)) != len(v) || !bytes.Equal(v[len(v)-4:], []byte{0, 0, 0, 0}) {
		t.Fatalf("value of %d bytes (size field %d, ends %x), want 65 ending in the NUL and 2 bytes of padding", len(v), le.Uint32(v), v[len(v)-4:])
	}
}

// A property store that is there already (the shell keeps other
// properties in it) keeps every other value and storage.
func TestSetKeepsOtherProperties(t *testing.T) {
	otherFMTID := bytes.Repeat([]byte{0xAB}, 16)
	relaunch := stringValue(2, `"C:\app.exe" --flag`) // System.AppUserModel.RelaunchCommand
	title := stringValue(4, "Title")
	store := serialize([]storage{{fmtid: otherFMTID, values: [][]byte{title}}, {fmtid: appUserModelFMTID, values: [][]byte{relaunch, stringValue(5, "Old.ID")}}})
	blk := le.AppendUint32(nil, uint32(8+len(store)))
	blk = le.AppendUint32(blk, propertyStoreSignature)
	blk = append(blk, store...)
	lnk := sampleLink(specialFolder(), blk, specialFolder())
	if id, err := AppUserModelID(lnk); err != nil || id != "Old.ID" {
		t.Fatalf("before: %q, %v", id, err)
	}

	out, err := SetAppUserModelID(lnk, "supportportal.exe")
	if err != nil {
		t.Fatal(err)
	}
	if id, err := AppUserModelID(out); err != nil || id != "supportportal.exe" {
		t.Fatalf("after: %q, %v", id, err)
	}
	blocks, _, err := extraData(out)
	if err != nil {
		t.Fatal(err)
	}
	var sigs []uint32
	var ps []byte
	for _, b := range blocks {
		sigs = append(sigs, b.sig)
		if b.sig == propertyStoreSignature {
			ps = out[b.off+8 : b.off+b.size]
		}
	}
	if len(sigs) != 3 || sigs[0] != 0xA0000005 || sigs[1] != propertyStoreSignature || sigs[2] != 0xA0000005 {
		t.Fatalf("blocks %x, want special folder, property store, special folder", sigs)
	}
	sts, err := parseStore(ps)
	if err != nil {
		t.Fatal(err)
	}
	if len(sts) != 2 || !bytes.Equal(sts[0].fmtid, otherFMTID) || len(sts[0].values) != 1 || !bytes.Equal(sts[0].values[0], title) {
		t.Fatalf("the other storage changed: %+v", sts)
	}
	if len(sts[1].values) != 2 || !bytes.Equal(sts[1].values[0], relaunch) || pid(sts[1].values[1]) != 5 {
		t.Fatalf("System.AppUserModel storage: %+v", sts[1])
	}
}

func TestBadInput(t *testing.T) {
	good := sampleLink(specialFolder())
	truncated := bytes.Clone(good[:len(good)-10])
	badBlock := sampleLink(specialFolder())
	le.PutUint32(badBlock[len(badBlock)-4-16:], 0x7FFF) // the block claims more than the file has
	notLink := bytes.Clone(good)
	notLink[4] = 0
	for _, c := range []struct {
		name string
		lnk  []byte
	}{
		{"empty", nil},
		{"a text file", []byte("just text, long enough to be a header? no: it has no link CLSID at all, so it is not one")},
		{"wrong class", notLink},
		{"cut short", truncated},
		{"block larger than the file", badBlock},
		{"strings cut short", good[:headerSize+30]},
	} {
		t.Run(c.name, func(t *testing.T) {
			in := bytes.Clone(c.lnk)
			if _, err := SetAppUserModelID(c.lnk, "supportportal.exe"); !errors.Is(err, ErrNotShortcut) {
				t.Errorf("Set: %v, want ErrNotShortcut", err)
			}
			if _, err := AppUserModelID(c.lnk); !errors.Is(err, ErrNotShortcut) {
				t.Errorf("Get: %v, want ErrNotShortcut", err)
			}
			if !bytes.Equal(in, c.lnk) {
				t.Error("the input was changed")
			}
		})
	}
	for _, id := range []string{"", "has space", strings.Repeat("a", MaxIDLength+1)} {
		if _, err := SetAppUserModelID(good, id); err == nil || errors.Is(err, ErrNotShortcut) || !strings.Contains(err.Error(), "AppUserModelID") {
			t.Errorf("ID %q: %v, want an error naming the AppUserModelID", id, err)
		}
	}
	if _, err := SetAppUserModelID(good, strings.Repeat("a", MaxIDLength)); err != nil {
		t.Errorf("an ID of %d characters: %v", MaxIDLength, err)
	}
}

func TestFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "Support Portal.lnk")
	if err := os.WriteFile(path, sampleLink(), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := SetFileAppUserModelID(path, "supportportal.exe"); err != nil {
		t.Fatal(err)
	}
	if id, err := FileAppUserModelID(path); err != nil || id != "supportportal.exe" {
		t.Fatalf("FileAppUserModelID = %q, %v", id, err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Fatalf("folder holds %d entries, want only the shortcut", len(entries))
	}

	bad := filepath.Join(dir, "notes.lnk")
	if err := os.WriteFile(bad, []byte("not a shortcut"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := SetFileAppUserModelID(bad, "supportportal.exe"); !errors.Is(err, ErrNotShortcut) || !strings.Contains(err.Error(), "notes.lnk") {
		t.Fatalf("bad file: %v, want ErrNotShortcut naming the file", err)
	}
	if b, _ := os.ReadFile(bad); string(b) != "not a shortcut" {
		t.Fatal("a file that is not a shortcut was changed")
	}
	if err := SetFileAppUserModelID(filepath.Join(dir, "missing.lnk"), "supportportal.exe"); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("missing file: %v", err)
	}
}
