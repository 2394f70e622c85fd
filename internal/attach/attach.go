// Package attach keeps attachment files in the app's data folder,
// content-addressed by SHA-256: the same bytes are stored once, a case keeps
// its files even when the originals move, and a file's name in the store
// proves its content.
package attach

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	_ "image/gif" // decoders for thumbnails
	_ "image/jpeg"
	"image/png"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/image/draw"

	"supportportal/internal/portal"
)

// Store is a folder of blobs named by their SHA-256.
type Store struct{ dir string }

// New returns a store in dir (created on first Put).
func New(dir string) *Store { return &Store{dir: dir} }

// Blob is a stored file.
type Blob struct {
	SHA256    string
	Size      int64
	MimeType  string
	Thumbnail string // data: URL, images only
}

// Path is where the blob with this hash lives.
func (s *Store) Path(sum string) (string, error) {
	if len(sum) != 64 || strings.Trim(sum, "0123456789abcdef") != "" {
		return "", fmt.Errorf("attachment hash %q is malformed", sum)
	}
	return filepath.Join(s.dir, sum[:2], sum), nil
}

// Check returns a user-facing error when path cannot be attached: it is
// missing, unreadable, a folder, empty, or larger than maxBytes.
func Check(path string, maxBytes int64) (os.FileInfo, error) {
	name := filepath.Base(path)
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, fileErr(portal.ReasonAttachmentMissing, name, "%s does not exist", name)
	case err != nil:
		return nil, fileErr(portal.ReasonAttachmentUnreadable, name, "%s cannot be read: %v", name, err)
	case fi.IsDir():
		return nil, fileErr(portal.ReasonAttachmentFolder, name, "%s is a folder; attach the files in it instead", name)
	case !fi.Mode().IsRegular():
		return nil, fileErr(portal.ReasonAttachmentUnreadable, name, "%s is not a regular file", name)
	case fi.Size() == 0:
		return nil, fileErr(portal.ReasonAttachmentEmpty, name, "%s is empty", name)
	case fi.Size() > maxBytes:
		e := fileErr(portal.ReasonAttachmentTooLarge, name, "%s is %d bytes; files can be at most %d bytes", name, fi.Size(), maxBytes)
		e.Params["maxMb"] = fmt.Sprint(maxBytes >> 20)
		return nil, e
	}
	return fi, nil
}

func fileErr(reason, name, format string, args ...any) *portal.Error {
	return &portal.Error{Code: portal.EInvalid, Reason: reason, Field: "attachments",
		Params: map[string]string{"name": name}, Message: fmt.Sprintf(format, args...)}
}

// Put copies the file at path into the store, reporting progress, and
// returns its hash. The copy goes to a temporary file first and is renamed
// into place only when complete, so a crash never leaves a partial blob
// under a valid name. A file that changes size while being copied is refused.
func (s *Store) Put(path string, maxBytes int64, progress func(copied, total int64)) (Blob, error) {
	fi, err := Check(path, maxBytes)
	if err != nil {
		return Blob{}, err
	}
	src, err := os.Open(path)
	if err != nil {
		return Blob{}, fileErr(portal.ReasonAttachmentUnreadable, filepath.Base(path), "%s cannot be read: %v", filepath.Base(path), err)
	}
	defer src.Close()
	if err := os.MkdirAll(s.dir, 0o700); err != nil {
		return Blob{}, fmt.Errorf("attachment store: %w", err)
	}
	tmp, err := os.CreateTemp(s.dir, ".incoming-*")
	if err != nil {
		return Blob{}, fmt.Errorf("attachment store: %w", err)
	}
	defer os.Remove(tmp.Name()) // no-op after the rename
	h := sha256.New()
	head := &headBuffer{max: 512}
	w := io.MultiWriter(tmp, h, head)
	total := fi.Size()
	var copied int64
	buf := make([]byte, 1<<20)
	for {
		n, rerr := src.Read(buf)
		if n > 0 {
			if _, err := w.Write(buf[:n]); err != nil {
				tmp.Close()
				return Blob{}, fmt.Errorf("attachment store: write: %w", err)
			}
			copied += int64(n)
			if copied > maxBytes {
				tmp.Close()
				return Blob{}, fileErr(portal.ReasonAttachmentChanged, fi.Name(), "%s changed while it was being attached", fi.Name())
			}
			if progress != nil {
				progress(copied, total)
			}
		}
		if rerr == io.EOF {
			break
		} else if rerr != nil {
			tmp.Close()
			return Blob{}, fileErr(portal.ReasonAttachmentUnreadable, fi.Name(), "%s could not be read to the end: %v", fi.Name(), rerr)
		}
	}
	if copied == 0 {
		tmp.Close()
		return Blob{}, fileErr(portal.ReasonAttachmentEmpty, fi.Name(), "%s is empty", fi.Name())
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return Blob{}, fmt.Errorf("attachment store: sync: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return Blob{}, fmt.Errorf("attachment store: %w", err)
	}
	sum := hex.EncodeToString(h.Sum(nil))
	dst, _ := s.Path(sum)
	if err := os.MkdirAll(filepath.Dir(dst), 0o700); err != nil {
		return Blob{}, fmt.Errorf("attachment store: %w", err)
	}
	if _, err := os.Stat(dst); err != nil { // same bytes already stored: keep the one copy
		if err := os.Rename(tmp.Name(), dst); err != nil {
			return Blob{}, fmt.Errorf("attachment store: %w", err)
		}
	}
	b := Blob{SHA256: sum, Size: copied, MimeType: http.DetectContentType(head.Bytes())}
	if strings.HasPrefix(b.MimeType, "image/") {
		b.Thumbnail = thumbnail(dst)
	}
	return b, nil
}

// Verify checks that its content still matches its
// hash, so a damaged store is noticed rather than sent.
func (s *Store) Verify(sum string) error {
	p, err := s.Path(sum)
	if err != nil {
		return err
	}
	f, err := os.Open(p)
	if err != nil {
		return fmt.Errorf("attachment %s: %w", sum[:12], err)
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return fmt.Errorf("attachment %s: %w", sum[:12], err)
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != sum {
		return fmt.Errorf("attachment %s is damaged (content hash %s)", sum[:12], got[:12])
	}
	return nil
}

// CopyTo writes the blob to dst (Save as…), through a temporary file so a
// failed copy never leaves half a file under the chosen name.
func (s *Store) CopyTo(sum, dst string) error {
	p, err := s.Path(sum)
	if err != nil {
		return err
	}
	src, err := os.Open(p)
	if err != nil {
		return fmt.Errorf("save attachment: %w", err)
	}
	defer src.Close()
	tmp, err := os.CreateTemp(filepath.Dir(dst), ".saving-*")
	if err != nil {
		return fmt.Errorf("save attachment: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := io.Copy(tmp, src); err != nil {
		tmp.Close()
		return fmt.Errorf("save attachment: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("save attachment: %w", err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("save attachment: %w", err)
	}
	return os.Rename(tmp.Name(), dst)
}

// headBuffer keeps the first bytes written, for content sniffing.
type headBuffer struct {
	bytes.Buffer
	max int
}

func (h *headBuffer) Write(p []byte) (int, error) {
	if room := h.max - h.Len(); room > 0 {
		h.Buffer.Write(p[:min(room, len(p))])
	}
	return len(p), nil
}

// ThumbSize is the longest side of a thumbnail in pixels.
const ThumbSize = 96

// thumbnail returns a small PNG of an image as a data: URL, or "" when the
// image cannot be decoded. Images over 40 megapixels are skipped so a
// hostile file cannot make the app allocate gigabytes.
func thumbnail(path string) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	cfg, _, err := image.DecodeConfig(f)
	if err != nil || cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width*cfg.Height > 40_000_000 {
		return ""
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return ""
	}
	img, _, err := image.Decode(f)
	if err != nil {
		return ""
	}
	w, h := cfg.Width, cfg.Height
	if w >= h {
		w, h = ThumbSize, max(1, h*ThumbSize/w)
	} else {
		w, h = max(1, w*ThumbSize/h), ThumbSize
	}
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.CatmullRom.Scale(dst, dst.Bounds(), img, img.Bounds(), draw.Over, nil)
	var buf bytes.Buffer
	if err := png.Encode(&buf, dst); err != nil {
		return ""
	}
	return "data:image/png;base64," + base64.StdEncoding.EncodeToString(buf.Bytes())
}

// Dir is the folder the blobs live in.
func (s *Store) Dir() string { return s.dir }
