//go:build windows

package shelllink

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"unsafe"

	"golang.org/x/sys/windows"
)

// The shell's own shortcut object (CLSID_ShellLink) through its COM
// interfaces: it writes the shortcut this package edits and reads the
// result back, as Explorer and the taskbar do.

var (
	ole32                = windows.NewLazySystemDLL("ole32.dll")
	procCoCreateInstance = ole32.NewProc("CoCreateInstance")
	procPropVariantClear = ole32.NewProc("PropVariantClear")

	clsidShellLink   = windows.GUID{Data1: 0x00021401, Data4: [8]byte{0xC0, 0, 0, 0, 0, 0, 0, 0x46}}
	iidShellLinkW    = windows.GUID{Data1: 0x000214F9, Data4: [8]byte{0xC0, 0, 0, 0, 0, 0, 0, 0x46}}
	iidPersistFile   = windows.GUID{Data1: 0x0000010B, Data4: [8]byte{0xC0, 0, 0, 0, 0, 0, 0, 0x46}}
	iidPropertyStore = windows.GUID{Data1: 0x886D8EEB, Data2: 0x8CF2, Data3: 0x4446, Data4: [8]byte{0x8D, 0x02, 0xCD, 0xBA, 0x1D, 0xBD, 0xCF, 0x99}}
	// PKEY_AppUserModel_ID
	pkeyAppUserModelID = propertyKey{windows.GUID{Data1: 0x9F4C2855, Data2: 0x9F79, Data3: 0x4B39, Data4: [8]byte{0xA8, 0xD0, 0xE1, 0xD4, 0x2D, 0xE1, 0xD5, 0xF3}}, 5}
)

// Vtable slots.
const (
	slotQueryInterface = 0
	slotRelease        = 2
	slotGetPath        = 3  // IShellLinkW
	slotSetPath        = 20 // IShellLinkW
	slotLoad           = 5  // IPersistFile
	slotSave           = 6  // IPersistFile
	slotGetValue       = 5  // IPropertyStore
)

type propertyKey struct {
	fmtid windows.GUID
	pid   uint32
}

// propVariant is PROPVARIANT on 64-bit Windows, for a VT_LPWSTR.
type propVariant struct {
	vt      uint16
	_, _, _ uint16
	str     *uint16
	_       uintptr
}

type comObject struct{ p unsafe.Pointer }

func (o comObject) call(slot int, args ...uintptr) uintptr {
	vtbl := *(*unsafe.Pointer)(o.p)
	fn := *(*uintptr)(unsafe.Add(vtbl, slot*int(unsafe.Sizeof(uintptr(0)))))
	r, _, _ := syscall.SyscallN(fn, append([]uintptr{uintptr(o.p)}, args...)...)
	return r
}

func (o comObject) query(t *testing.T, iid *windows.GUID) comObject {
	t.Helper()
	var p unsafe.Pointer
	if hr := o.call(slotQueryInterface, uintptr(unsafe.Pointer(iid)), uintptr(unsafe.Pointer(&p))); hr != 0 {
		t.Fatalf("QueryInterface %v: HRESULT %#x", iid, hr)
	}
	return comObject{p}
}

func (o comObject) release() { o.call(slotRelease) }

func newShellLink(t *testing.T) comObject {
	t.Helper()
	var p unsafe.Pointer
	hr, _, _ := procCoCreateInstance.Call(uintptr(unsafe.Pointer(&clsidShellLink)), 0, 1, /* CLSCTX_INPROC_SERVER */
		uintptr(unsafe.Pointer(&iidShellLinkW)), uintptr(unsafe.Pointer(&p)))
	if hr != 0 {
		t.Fatalf("CoCreateInstance(ShellLink): HRESULT %#x", hr)
	}
	return comObject{p}
}

func wstr(s string) uintptr {
	p, _ := windows.UTF16PtrFromString(s)
	return uintptr(unsafe.Pointer(p))
}

func underWine() bool {
	return windows.NewLazySystemDLL("ntdll.dll").NewProc("wine_get_version").Find() == nil
}

// A shortcut the shell wrote gets the ID; the shell still loads it and
// finds its target, and (real Windows) reads the ID through
// IPropertyStore, which is what the taskbar does.
func TestShellReadsTheID(t *testing.T) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	if err := windows.CoInitializeEx(0, windows.COINIT_APARTMENTTHREADED); err != nil {
		t.Fatalf("CoInitializeEx: %v", err)
	}
	defer windows.CoUninitialize()

	target, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "Support Portal.lnk")

	link := newShellLink(t)
	if hr := link.call(slotSetPath, wstr(target)); hr != 0 {
		t.Fatalf("SetPath: HRESULT %#x", hr)
	}
	pf := link.query(t, &iidPersistFile)
	if hr := pf.call(slotSave, wstr(path), 1); hr != 0 {
		t.Fatalf("IPersistFile::Save: HRESULT %#x", hr)
	}
	pf.release()
	link.release()

	const id = "supportportal.exe"
	if err := SetFileAppUserModelID(path, id); err != nil {
		t.Fatalf("the shell's own shortcut: %v", err)
	}
	if got, err := FileAppUserModelID(path); err != nil || got != id {
		t.Fatalf("FileAppUserModelID = %q, %v", got, err)
	}

	link = newShellLink(t)
	defer link.release()
	pf = link.query(t, &iidPersistFile)
	defer pf.release()
	if hr := pf.call(slotLoad, wstr(path), 0 /* STGM_READ */); hr != 0 {
		t.Fatalf("the shell cannot load the edited shortcut: IPersistFile::Load HRESULT %#x", hr)
	}
	buf := make([]uint16, windows.MAX_PATH)
	if hr := link.call(slotGetPath, uintptr(unsafe.Pointer(&buf[0])), uintptr(len(buf)), 0, 0); hr != 0 {
		t.Fatalf("IShellLinkW::GetPath: HRESULT %#x", hr)
	}
	if got := windows.UTF16ToString(buf); !strings.EqualFold(got, target) {
		t.Fatalf("the edited shortcut points to %q, want %q", got, target)
	}

	if underWine() {
		// Wine 8's shell link has no property store (its IPropertyStore
		// methods in shell32/shelllink.c are stubs); real Windows, CI's
		// go-native job, reads the ID back below.
		t.Log("Wine: the shell loads the edited shortcut and finds its target; its IPropertyStore is a stub, so the ID is read back on real Windows only")
		return
	}
	ps := link.query(t, &iidPropertyStore)
	defer ps.release()
	var pv propVariant
	if hr := ps.call(slotGetValue, uintptr(unsafe.Pointer(&pkeyAppUserModelID)), uintptr(unsafe.Pointer(&pv))); hr != 0 {
		t.Fatalf("IPropertyStore::GetValue(PKEY_AppUserModel_ID): HRESULT %#x", hr)
	}
	defer func() { _, _, _ = procPropVariantClear.Call(uintptr(unsafe.Pointer(&pv))) }()
	if pv.vt != vtLPWSTR || pv.str == nil {
		t.Fatalf("the shell reads System.AppUserModel.ID as type %#x", pv.vt)
	}
	if got := windows.UTF16PtrToString(pv.str); got != id {
		t.Fatalf("the shell reads System.AppUserModel.ID %q, want %q", got, id)
	}
}
