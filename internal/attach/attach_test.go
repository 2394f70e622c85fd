package attach_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"supportportal/internal/attach"
	"supportportal/internal/must"
	"supportportal/internal/portal"
)

func write(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestPutIsContentAddressed(t *testing.T) {
	src := t.TempDir()
	s := attach.New(filepath.Join(t.TempDir(), "blobs"))
	data := []byte("hello support team")
	p := write(t, src, "note.txt", data)
	var last [2]int64
	b, err := s.Put(p, 1<<20, func(c, total int64) { last = [2]int64{c, total} })
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(data)
	if b.SHA256 != hex.EncodeToString(sum[:]) || b.Size != int64(len(data)) || !strings.HasPrefix(b.MimeType, "text/plain") {
		t.Fatalf("blob = %+v", b)
	}
	if last != [2]int64{int64(len(data)), int64(len(data))} {
		t.Fatalf("progress ended at %v", last)
	}
	stored, _ := s.Path(b.SHA256)
	got, err := os.ReadFile(stored)
	if err != nil || !bytes.Equal(got, data) {
		t.Fatalf("stored copy = %q, %v", got, err)
	}
	// The case keeps the file when the original moves or changes.
	os.Remove(p)
	if err := s.Verify(b.SHA256); err != nil {
		t.Fatalf("verify after original removed: %v", err)
	}
	// Same bytes under another name: stored once.
	p2 := write(t, src, "copy.txt", data)
	b2, err := s.Put(p2, 1<<20, nil)
	if err != nil || b2.SHA256 != b.SHA256 {
		t.Fatalf("second put: %+v %v", b2, err)
	}
	entries, _ := os.ReadDir(filepath.Dir(stored))
	if len(entries) != 1 {
		t.Fatalf("%d files in blob folder, want 1", len(entries))
	}
	// A damaged blob is noticed.
	must.Do(os.WriteFile(stored, []byte("tampered"), 0o600))
	if err := s.Verify(b.SHA256); err == nil {
		t.Fatal("tampered blob verified")
	}
}

func TestPutRefusesBadFiles(t *testing.T) {
	src := t.TempDir()
	s := attach.New(filepath.Join(t.TempDir(), "blobs"))
	empty := write(t, src, "empty.log", nil)
	big := write(t, src, "big.bin", bytes.Repeat([]byte{1}, 2048))
	folder := filepath.Join(src, "folder")
	must.Do(os.Mkdir(folder, 0o700))
	unreadable := write(t, src, "secret.txt", []byte("x"))
	tests := map[string]string{
		empty:                         "attachment_empty",
		big:                           "attachment_too_large",
		folder:                        "attachment_folder",
		filepath.Join(src, "missing"): "attachment_missing",
	}
	if makeUnreadable(t, unreadable) {
		tests[unreadable] = "attachment_unreadable"
	}
	for p, reason := range tests {
		t.Run(filepath.Base(p), func(t *testing.T) {
			_, err := s.Put(p, 1024, nil)
			if err == nil {
				t.Errorf("%s: accepted, want reason %s", filepath.Base(p), reason)
				return
			}
			pe := portal.AsError(err)
			if pe.Code != portal.EInvalid || pe.Reason != reason || pe.Params["name"] != filepath.Base(p) {
				t.Errorf("%s: got %+v, want reason %s", filepath.Base(p), pe, reason)
			}
		})
	}
	// Nothing half-written is left behind.
	if m, _ := filepath.Glob(filepath.Join(s.Dir(), ".incoming-*")); len(m) != 0 {
		t.Fatalf("temporary files left: %v", m)
	}
}

func TestThumbnailForImages(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 640, 320))
	for x := 0; x < 640; x++ {
		for y := 0; y < 320; y++ {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), 200, 255})
		}
	}
	var buf bytes.Buffer
	must.Do(png.Encode(&buf, img))
	src := t.TempDir()
	s := attach.New(filepath.Join(t.TempDir(), "blobs"))
	b, err := s.Put(write(t, src, "screen.png", buf.Bytes()), 10<<20, nil)
	if err != nil {
		t.Fatal(err)
	}
	if b.MimeType != "image/png" || !strings.HasPrefix(b.Thumbnail, "data:image/png;base64,") {
		t.Fatalf("mime %q thumbnail %.40q", b.MimeType, b.Thumbnail)
	}
	// A file that claims to be an image but is not gets no thumbnail and no error.
	b, err = s.Put(write(t, src, "fake.png", append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{0}, 100)...)), 10<<20, nil)
	if err != nil || b.Thumbnail != "" {
		t.Fatalf("fake png: %+v %v", b, err)
	}
}

func TestCopyTo(t *testing.T) {
	src := t.TempDir()
	s := attach.New(filepath.Join(t.TempDir(), "blobs"))
	b, _ := s.Put(write(t, src, "a.txt", []byte("content")), 1024, nil)
	dst := filepath.Join(t.TempDir(), "saved.txt")
	if err := s.CopyTo(b.SHA256, dst); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(dst); string(got) != "content" {
		t.Fatalf("saved %q", got)
	}
	if err := s.CopyTo("../../etc/passwd", dst); err == nil {
		t.Fatal("malformed hash accepted")
	}
}
