// Package shelllink reads and sets the AppUserModelID of a Windows shortcut
// (.lnk) by editing the file itself, following Microsoft's published
// formats: [MS-SHLLINK] for the shortcut, [MS-PROPSTORE] for the property
// store inside it, where IPropertyStore::Commit keeps System.AppUserModel.ID.
//
// Windows' taskbar groups a running window with its pinned or Start-menu
// shortcut only when both carry the same AppUserModelID, and an app that
// sets one for its process (internal/appid) must put it on its shortcut
// too. The installer's NSIS has no command for it (the WinShell plugin
// is not part of NSIS), so the installer runs the app's
// "shortcut-appid" command, which uses this package. It is plain Go so
// that the format is tested on every platform; the Windows tests also read
// the result back through the shell's own IPropertyStore.
package shelllink

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf16"
)

// ErrNotShortcut: the data is not a shell link, or is cut short.
var ErrNotShortcut = errors.New("not a Windows shortcut (.lnk)")

const (
	headerSize = 0x4C

	hasLinkTargetIDList = 1 << 0
	hasLinkInfo         = 1 << 1
	hasName             = 1 << 2
	hasRelativePath     = 1 << 3
	hasWorkingDir       = 1 << 4
	hasArguments        = 1 << 5
	hasIconLocation     = 1 << 6
	isUnicode           = 1 << 7

	propertyStoreSignature = 0xA0000009
	storageVersion         = 0x53505331 // "1SPS"
	vtLPWSTR               = 0x001F
	appUserModelIDPID      = 5

	// MaxIDLength is the longest AppUserModelID Windows accepts.
	MaxIDLength = 128
)

// linkCLSID is the shell link class {00021401-0000-0000-C000-000000000046}.
var linkCLSID = []byte{0x01, 0x14, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0xC0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46}

// appUserModelFMTID is the format ID of System.AppUserModel.*,
// {9F4C2855-9F79-4B39-A8D0-E1D42DE1D5F3}, in its serialized byte order.
var appUserModelFMTID = []byte{0x55, 0x28, 0x4C, 0x9F, 0x79, 0x9F, 0x39, 0x4B, 0xA8, 0xD0, 0xE1, 0xD4, 0x2D, 0xE1, 0xD5, 0xF3}

var le = binary.LittleEndian

// block is one ExtraData block of a shortcut: where it starts in the file,
// its size and its signature.
type block struct {
	off, size int
	sig       uint32
}

// extraData finds the shortcut's ExtraData blocks and where its terminal
// block starts (len(lnk) when the file ends without one).
func extraData(lnk []byte) (blocks []block, end int, err error) {
	if len(lnk) < headerSize || le.Uint32(lnk) != headerSize || !bytes.Equal(lnk[4:20], linkCLSID) {
		return nil, 0, ErrNotShortcut
	}
	flags := le.Uint32(lnk[0x14:])
	off := headerSize
	need := func(n int, what string) error {
		if n < 0 || off+n > len(lnk) {
			return fmt.Errorf("%w: %s is cut short at byte %d", ErrNotShortcut, what, off)
		}
		return nil
	}
	if flags&hasLinkTargetIDList != 0 {
		if err := need(2, "the target ID list"); err != nil {
			return nil, 0, err
		}
		n := int(le.Uint16(lnk[off:]))
		if err := need(2+n, "the target ID list"); err != nil {
			return nil, 0, err
		}
		off += 2 + n
	}
	if flags&hasLinkInfo != 0 {
		if err := need(4, "the link info"); err != nil {
			return nil, 0, err
		}
		n := int(le.Uint32(lnk[off:]))
		if n < 4 {
			return nil, 0, fmt.Errorf("%w: link info of %d bytes", ErrNotShortcut, n)
		}
		if err := need(n, "the link info"); err != nil {
			return nil, 0, err
		}
		off += n
	}
	for _, f := range []uint32{hasName, hasRelativePath, hasWorkingDir, hasArguments, hasIconLocation} {
		if flags&f == 0 {
			continue
		}
		if err := need(2, "a string"); err != nil {
			return nil, 0, err
		}
		n := int(le.Uint16(lnk[off:]))
		if flags&isUnicode != 0 {
			n *= 2
		}
		if err := need(2+n, "a string"); err != nil {
			return nil, 0, err
		}
		off += 2 + n
	}
	for off+4 <= len(lnk) {
		size := int(le.Uint32(lnk[off:]))
		if size < 4 {
			return blocks, off, nil // the terminal block
		}
		if size < 8 || off+size > len(lnk) {
			return nil, 0, fmt.Errorf("%w: extra data block of %d bytes at byte %d", ErrNotShortcut, size, off)
		}
		blocks = append(blocks, block{off: off, size: size, sig: le.Uint32(lnk[off+4:])})
		off += size
	}
	if off != len(lnk) {
		return nil, 0, fmt.Errorf("%w: %d stray bytes at the end", ErrNotShortcut, len(lnk)-off)
	}
	return blocks, off, nil
}

// storage is one serialized property storage: its format ID and its
// values, each value's bytes whole (size field included).
type storage struct {
	fmtid  []byte
	values [][]byte
}

// parseStore splits a property store (the PropertyStoreDataBlock after
// its size and signature) into storages.
func parseStore(ps []byte) ([]storage, error) {
	var out []storage
	for p := 0; ; {
		if p+4 > len(ps) {
			return nil, fmt.Errorf("%w: property store without its end", ErrNotShortcut)
		}
		size := int(le.Uint32(ps[p:]))
		if size == 0 {
			return out, nil
		}
		if size < 24+4 || p+size > len(ps) || le.Uint32(ps[p+4:]) != storageVersion {
			return nil, fmt.Errorf("%w: property storage of %d bytes at byte %d", ErrNotShortcut, size, p)
		}
		st := storage{fmtid: ps[p+8 : p+24]}
		vals := ps[p+24 : p+size]
		for v := 0; ; {
			if v+4 > len(vals) {
				return nil, fmt.Errorf("%w: property storage without its end", ErrNotShortcut)
			}
			vs := int(le.Uint32(vals[v:]))
			if vs == 0 {
				break
			}
			if vs < 9 || v+vs > len(vals) {
				return nil, fmt.Errorf("%w: property value of %d bytes", ErrNotShortcut, vs)
			}
			st.values = append(st.values, vals[v:v+vs])
			v += vs
		}
		out = append(out, st)
		p += size
	}
}

// serialize writes storages as a property store, terminator included.
func serialize(sts []storage) []byte {
	var b []byte
	for _, st := range sts {
		size := 4 + 4 + 16 + 4
		for _, v := range st.values {
			size += len(v)
		}
		b = le.AppendUint32(b, uint32(size))
		b = le.AppendUint32(b, storageVersion)
		b = append(b, st.fmtid...)
		for _, v := range st.values {
			b = append(b, v...)
		}
		b = le.AppendUint32(b, 0)
	}
	return le.AppendUint32(b, 0)
}

// stringValue is an integer-named value holding a VT_LPWSTR: size, ID, a
// reserved byte, the type and its padding, the length in characters with
// the terminating NUL, and the UTF-16 characters padded to 4 bytes.
func stringValue(pid uint32, s string) []byte {
	chars := append(utf16.Encode([]rune(s)), 0)
	n := 2 * len(chars)
	padded := (n + 3) &^ 3
	size := 4 + 4 + 1 + 2 + 2 + 4 + padded
	b := le.AppendUint32(nil, uint32(size))
	b = le.AppendUint32(b, pid)
	b = append(b, 0)
	b = le.AppendUint16(b, vtLPWSTR)
	b = le.AppendUint16(b, 0)
	b = le.AppendUint32(b, uint32(len(chars)))
	for _, c := range chars {
		b = le.AppendUint16(b, c)
	}
	return append(b, make([]byte, padded-n)...)
}

// readString decodes a value made by stringValue.
func readString(v []byte) (string, error) {
	if len(v) < 17 || le.Uint16(v[9:]) != vtLPWSTR {
		return "", fmt.Errorf("%w: System.AppUserModel.ID is not a string", ErrNotShortcut)
	}
	n := int(le.Uint32(v[13:]))
	if n < 1 || 17+2*n > len(v) {
		return "", fmt.Errorf("%w: System.AppUserModel.ID of %d characters", ErrNotShortcut, n)
	}
	chars := make([]uint16, n)
	for i := range chars {
		chars[i] = le.Uint16(v[17+2*i:])
	}
	if chars[n-1] == 0 {
		chars = chars[:n-1]
	}
	return string(utf16.Decode(chars)), nil
}

func pid(v []byte) uint32 { return le.Uint32(v[4:]) }

// AppUserModelID returns the shortcut's System.AppUserModel.ID, "" when it
// has none.
func AppUserModelID(lnk []byte) (string, error) {
	blocks, _, err := extraData(lnk)
	if err != nil {
		return "", err
	}
	for _, b := range blocks {
		if b.sig != propertyStoreSignature {
			continue
		}
		sts, err := parseStore(lnk[b.off+8 : b.off+b.size])
		if err != nil {
			return "", err
		}
		for _, st := range sts {
			if !bytes.Equal(st.fmtid, appUserModelFMTID) {
				continue
			}
			for _, v := range st.values {
				if pid(v) == appUserModelIDPID {
					return readString(v)
				}
			}
		}
	}
	return "", nil
}

// CheckID reports whether id can be an AppUserModelID: 1 to 128
// characters, no spaces (Microsoft's rules).
func CheckID(id string) error {
	if id == "" || len(utf16.Encode([]rune(id))) > MaxIDLength || strings.ContainsAny(id, " \t\r\n") {
		return fmt.Errorf("AppUserModelID %q: it must be 1 to %d characters without spaces", id, MaxIDLength)
	}
	return nil
}

// SetAppUserModelID returns lnk with its System.AppUserModel.ID set to id:
// in its property store, which it gets when it has none; everything else
// in the file stays as it is. lnk itself is not changed.
func SetAppUserModelID(lnk []byte, id string) ([]byte, error) {
	if err := CheckID(id); err != nil {
		return nil, err
	}
	blocks, end, err := extraData(lnk)
	if err != nil {
		return nil, err
	}
	value := stringValue(appUserModelIDPID, id)
	at, old := end, 0 // where the block goes and how many bytes it replaces
	var sts []storage
	for _, b := range blocks {
		if b.sig != propertyStoreSignature {
			continue
		}
		if sts, err = parseStore(lnk[b.off+8 : b.off+b.size]); err != nil {
			return nil, err
		}
		at, old = b.off, b.size
		break
	}
	found := false
	for i, st := range sts {
		if !bytes.Equal(st.fmtid, appUserModelFMTID) {
			continue
		}
		var vals [][]byte
		for _, v := range st.values {
			if pid(v) != appUserModelIDPID {
				vals = append(vals, v)
			}
		}
		sts[i].values = append(vals, value)
		found = true
		break
	}
	if !found {
		sts = append(sts, storage{fmtid: appUserModelFMTID, values: [][]byte{value}})
	}
	store := serialize(sts)
	blk := le.AppendUint32(nil, uint32(8+len(store)))
	blk = le.AppendUint32(blk, propertyStoreSignature)
	blk = append(blk, store...)

	out := make([]byte, 0, len(lnk)+len(blk)+4)
	out = append(out, lnk[:at]...)
	out = append(out, blk...)
	out = append(out, lnk[at+old:]...)
	if end == len(lnk) && old == 0 {
		out = le.AppendUint32(out, 0) // the file had no terminal block
	}
	return out, nil
}

// SetFileAppUserModelID sets the AppUserModelID of the shortcut at path.
// The new file replaces the old one whole (written beside it, then
// renamed), so a failure leaves the shortcut as it was.
func SetFileAppUserModelID(path, id string) error {
	fi, err := os.Stat(path)
	if err != nil {
		return err
	}
	lnk, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	out, err := SetAppUserModelID(lnk, id)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".shelllink-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(out); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), fi.Mode().Perm()); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// FileAppUserModelID returns the AppUserModelID of the shortcut at path.
func FileAppUserModelID(path string) (string, error) {
	lnk, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	id, err := AppUserModelID(lnk)
	if err != nil {
		return "", fmt.Errorf("%s: %w", path, err)
	}
	return id, nil
}
