//go:build unix

package kbimport_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"supportportal/internal/kbimport"
	"supportportal/internal/portal"
)

func article(title string) string {
	return "---\ntitle: " + title + "\ncategory: Cases\n---\nbody of " + title + "\n"
}

// A folder to import holds a link to /dev/zero (which would grow memory
// until the app dies), a FIFO (which would block the import forever), and
// links to a file and a folder outside it. Only the regular files inside
// are imported; each of the others is reported by name, and the import
// finishes.
func TestImportRefusesHostileFiles(t *testing.T) {
	_, kb := open(t)
	dir, outside := t.TempDir(), t.TempDir()
	write(t, dir, map[string]string{"good.md": article("Good")})
	write(t, outside, map[string]string{"secret.md": article("Secret"), "sub/other.md": article("Other")})
	for name, target := range map[string]string{
		"zero.md":    "/dev/zero",
		"outside.md": filepath.Join(outside, "secret.md"),
		"linked":     filepath.Join(outside, "sub"),
		"up.md":      "../" + filepath.Base(outside) + "/secret.md",
	} {
		if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe.md"), 0o600); err != nil {
		t.Fatal(err)
	}
	r, err := kbimport.ImportPath(ctx, kb, dir)
	if err != nil {
		t.Fatal(err)
	}
	if r.Created != 1 {
		t.Fatalf("created %d articles, want only good.md: %+v", r.Created, r)
	}
	sk := skipped(r)
	for _, f := range []string{"zero.md", "outside.md", "up.md", "pipe.md"} {
		if !strings.Contains(sk[f], f) || !strings.Contains(sk[f], "only regular files") {
			t.Errorf("%s: skip reason %q", f, sk[f])
		}
	}
	var titles []string
	page, err := kb.Articles(ctx, "en", "", 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range page.Items {
		titles = append(titles, a.Title)
	}
	if len(titles) != 1 || titles[0] != "Good" || page.Total != 1 {
		t.Fatalf("imported %v of %d", titles, page.Total)
	}

	// Named directly, a link or a device is refused the same way.
	for _, p := range []string{filepath.Join(dir, "zero.md"), filepath.Join(dir, "pipe.md"), filepath.Join(dir, "outside.md")} {
		t.Run(filepath.Base(p), func(t *testing.T) {
			r, err := kbimport.ImportPath(ctx, kb, p)
			if err != nil {
				t.Fatal(err)
			}
			if r.Created+r.Updated != 0 || !strings.Contains(skipped(r)[filepath.Base(p)], "only regular files") {
				t.Errorf("%s: %+v", p, r)
			}
		})
	}
}

// The files of one import together may not exceed the total cap: the
// import is refused before anything is imported, naming the file that
// crosses it.
func TestImportCapsTotalBytes(t *testing.T) {
	_, kb := open(t)
	defer func(v int64) { kbimport.MaxTotalSize = v }(kbimport.MaxTotalSize)
	kbimport.MaxTotalSize = 1000
	dir := t.TempDir()
	pad := strings.Repeat("x", 400)
	write(t, dir, map[string]string{"a.md": article("A") + pad, "b.md": article("B") + pad, "c.md": article("C") + pad})
	_, err := kbimport.ImportPath(ctx, kb, dir)
	var pe *portal.Error
	if !errors.As(err, &pe) || pe.Reason != portal.ReasonImportTooLarge || pe.Params["name"] != "c.md" {
		t.Fatalf("err = %#v", err)
	}
	if n, err := kb.ArticleCount(ctx); err != nil || n != 0 {
		t.Fatalf("%d articles imported from a refused import", n)
	}
	// Under the cap, the same files import.
	kbimport.MaxTotalSize = 1 << 20
	if r, err := kbimport.ImportPath(ctx, kb, dir); err != nil || r.Created != 3 {
		t.Fatalf("%+v %v", r, err)
	}
}
