// Package openfile writes the copy of an attachment that the desktop opens
// with the system's program for its type. Every part of the copy's path is
// checked here: the folder is the attachment's UUID and the name a plain
// file name, so whatever a server sent, the copy lands under
// dataDir/opened and nowhere else. Only an allow-list of document, image,
// text and archive types is opened; anything else is refused, and the
// user can save it instead. Opened copies carry the operating system's
// mark for files from the internet (Mark of the Web on Windows, the
// quarantine attribute on macOS), so the system warns as it would for a
// download.
package openfile

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"supportportal/internal/portal"
)

// openable are the extensions the app hands to the system's program:
// documents, images, text and archives. An archive is opened by an archive
// program, which shows its files without running them.
var openable = map[string]bool{
	// documents
	".pdf": true, ".doc": true, ".docx": true, ".xls": true, ".xlsx": true, ".ppt": true, ".pptx": true,
	".odt": true, ".ods": true, ".odp": true, ".rtf": true, ".pages": true, ".numbers": true,
	// images
	".png": true, ".jpg": true, ".jpeg": true, ".gif": true, ".bmp": true, ".webp": true, ".tif": true, ".tiff": true,
	".heic": true, ".heif": true, ".ico": true,
	// text
	".txt": true, ".log": true, ".csv": true, ".tsv": true, ".md": true, ".json": true, ".xml": true, ".yaml": true,
	".yml": true, ".ini": true, ".conf": true, ".cfg": true,
	// archives
	".zip": true, ".7z": true, ".rar": true, ".tar": true, ".gz": true, ".tgz": true, ".bz2": true, ".xz": true,
	".eml": true, ".msg": true,
}

// Openable reports whether a file of this name may be opened from the app.
func Openable(name string) bool {
	return openable[strings.ToLower(filepath.Ext(name))]
}

// Dir is the folder under dataDir that holds opened copies.
func Dir(dataDir string) string { return filepath.Join(dataDir, "opened") }

// Path returns where the opened copy of attachment id named name goes:
// dataDir/opened/<id>/<name>. It refuses an ID that is not a UUID and a
// name that is not a plain file name, and checks that the result is inside
// the opened-files folder.
func Path(dataDir, id, name string) (string, error) {
	rel, err := relPath(id, name)
	if err != nil {
		return "", err
	}
	base := Dir(dataDir)
	p := filepath.Join(base, rel)
	if r, err := filepath.Rel(base, p); err != nil || r != rel || !filepath.IsLocal(r) {
		return "", badPath(id, name)
	}
	return p, nil
}

func relPath(id, name string) (string, error) {
	if !portal.IsCanonicalUUID(id) {
		return "", badPath(id, name)
	}
	if name == "" || portal.SanitizeFileName(name) != name || !filepath.IsLocal(name) || filepath.Base(name) != name {
		return "", badPath(id, name)
	}
	return filepath.Join(id, name), nil
}

func badPath(id, name string) error {
	return &portal.Error{Code: portal.EInvalid, Reason: portal.ReasonAttachmentBadPath, Params: map[string]string{"name": name},
		Message: fmt.Sprintf("attachment %q (%q) has no safe place to be opened from", id, name)}
}

// NotOpenable is the error for a type that is not opened from the app.
func NotOpenable(name string) error {
	return &portal.Error{Code: portal.EInvalid, Reason: portal.ReasonAttachmentUnsafe, Params: map[string]string{"name": name},
		Message: name + " is not a document, image, text or archive; save it and check it before opening"}
}

// Write copies src to the opened copy of attachment id, marked as coming
// from origin (the server's address), and returns its path. It refuses
// types that are not openable. The copy is written through an os.Root on
// the opened-files folder, so a link planted inside it cannot lead out.
func Write(dataDir, id, name, origin string, src io.Reader) (string, error) {
	if !Openable(name) {
		return "", NotOpenable(name)
	}
	p, err := Path(dataDir, id, name)
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(Dir(dataDir), 0o700); err != nil {
		return "", fmt.Errorf("open attachment: %w", err)
	}
	root, err := os.OpenRoot(Dir(dataDir))
	if err != nil {
		return "", fmt.Errorf("open attachment: %w", err)
	}
	defer root.Close()
	if err := root.Mkdir(id, 0o700); err != nil && !os.IsExist(err) {
		return "", fmt.Errorf("open attachment: %w", err)
	}
	var rnd [8]byte
	_, _ = rand.Read(rnd[:])
	tmp := filepath.Join(id, ".opening-"+hex.EncodeToString(rnd[:]))
	f, err := root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return "", fmt.Errorf("open attachment: %w", err)
	}
	// After the rename there is nothing left to remove.
	defer func() { _ = root.Remove(tmp) }()
	if _, err := io.Copy(f, src); err != nil {
		f.Close()
		return "", fmt.Errorf("open attachment: %w", err)
	}
	if err := f.Close(); err != nil {
		return "", fmt.Errorf("open attachment: %w", err)
	}
	// A copy already holding these bytes is left as it is: on Windows a
	// program that still shows it (a PDF reader, an office program) keeps
	// it from being replaced, and opening the attachment again must work
	// then. A copy changed in its program is replaced.
	if sameContent(root, tmp, filepath.Join(id, name)) {
		return p, nil
	}
	if err := root.Rename(tmp, filepath.Join(id, name)); err != nil {
		return "", fmt.Errorf("open attachment: %w", err)
	}
	if err := markFromInternet(p, origin); err != nil {
		return "", fmt.Errorf("mark %s as downloaded: %w", name, err)
	}
	return p, nil
}

// sameContent reports whether two files in root hold the same bytes.
func sameContent(root *os.Root, a, b string) bool {
	fa, err := root.Open(a)
	if err != nil {
		return false
	}
	defer fa.Close()
	fb, err := root.Open(b)
	if err != nil {
		return false
	}
	defer fb.Close()
	sa, err1 := fa.Stat()
	sb, err2 := fb.Stat()
	if err1 != nil || err2 != nil || sa.Size() != sb.Size() {
		return false
	}
	ba, bb := make([]byte, 64<<10), make([]byte, 64<<10)
	for {
		na, ea := io.ReadFull(fa, ba)
		nb, eb := io.ReadFull(fb, bb)
		if na != nb || !bytes.Equal(ba[:na], bb[:nb]) {
			return false
		}
		if ea != nil || eb != nil {
			return (ea == io.EOF || ea == io.ErrUnexpectedEOF) && (eb == io.EOF || eb == io.ErrUnexpectedEOF)
		}
	}
}
