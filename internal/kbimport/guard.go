package kbimport

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"sync"

	"supportportal/internal/portal"
)

// MaxTotalSize bounds what one import reads, all files together.
var MaxTotalSize int64 = 1 << 30

// guardedFS is a folder opened as an os.Root: nothing outside it can be
// reached, not even through a link. Only regular files are read (a link,
// FIFO or device is refused before it is opened, and again on the open
// file), each at most MaxFileSize bytes, and all of them together at most
// MaxTotalSize.
type guardedFS struct {
	root *os.Root
	fs.FS

	mu    sync.Mutex
	total int64
	err   error // the first file that took the total over the cap
}

func openGuarded(dir string) (*guardedFS, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	return &guardedFS{root: root, FS: root.FS()}, nil
}

func (g *guardedFS) Close() error { return g.root.Close() }

func notRegular(name string, m fs.FileMode) error {
	kind := "not a regular file"
	switch {
	case m&fs.ModeSymlink != 0:
		kind = "a link"
	case m&fs.ModeNamedPipe != 0:
		kind = "a pipe (FIFO)"
	case m&fs.ModeDevice != 0 || m&fs.ModeCharDevice != 0:
		kind = "a device"
	case m&fs.ModeSocket != 0:
		kind = "a socket"
	}
	return &portal.Error{Code: portal.EInvalid, Reason: portal.ReasonImportNotRegular, Params: map[string]string{"name": name},
		Message: fmt.Sprintf("%s is %s; only regular files are imported", name, kind)}
}

func tooLarge(name string) error {
	return &portal.Error{Code: portal.EInvalid, Reason: portal.ReasonImportTooLarge,
		Params:  map[string]string{"name": name, "maxMb": fmt.Sprint(MaxTotalSize >> 20)},
		Message: fmt.Sprintf("the import is larger than %d MB in total (at %s); import fewer files at a time", MaxTotalSize>>20, name)}
}

// stat is the file's own status, never a link's target.
func (g *guardedFS) stat(name string) (fs.FileInfo, error) { return g.root.Lstat(name) }

// readFile reads a regular file within the caps.
func (g *guardedFS) readFile(name string) ([]byte, error) {
	fi, err := g.root.Lstat(name)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, notRegular(name, fi.Mode())
	}
	// Non-blocking, so that a file swapped for a FIFO after the check does
	// not hang the import; the open file is checked again.
	f, err := g.root.OpenFile(name, os.O_RDONLY|openNonblock, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if fi, err = f.Stat(); err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, notRegular(name, fi.Mode())
	}
	if fi.Size() > MaxFileSize {
		return nil, fmt.Errorf("the file is larger than %d MB", MaxFileSize>>20)
	}
	if err := g.take(name, fi.Size()); err != nil {
		return nil, err
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > MaxFileSize {
		return nil, fmt.Errorf("the file is larger than %d MB", MaxFileSize>>20)
	}
	if extra := int64(len(data)) - fi.Size(); extra > 0 { // it grew
		if err := g.take(name, extra); err != nil {
			return nil, err
		}
	}
	return data, nil
}

func (g *guardedFS) take(name string, n int64) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.err != nil {
		return g.err
	}
	g.total += n
	if g.total > MaxTotalSize {
		g.err = tooLarge(name)
	}
	return g.err
}

// failed is the total cap's error, once a read crossed it.
func (g *guardedFS) failed() error {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.err
}

// checkTotal refuses, before anything is read, a set of files whose sizes
// add up to more than MaxTotalSize, naming the file that crosses it.
func checkTotal(fsys fs.FS, files []string) error {
	g, ok := fsys.(*guardedFS)
	if !ok {
		return nil
	}
	var sum int64
	for _, f := range files {
		fi, err := g.stat(f)
		if err != nil || !fi.Mode().IsRegular() {
			continue // reported when read
		}
		if sum += fi.Size(); sum > MaxTotalSize {
			return tooLarge(f)
		}
	}
	return nil
}
