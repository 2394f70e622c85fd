//go:build windows || darwin

package syncer

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zalando/go-keyring"
)

// The session token lives in the user's credential store (Windows
// Credential Manager, macOS Keychain), never also in a file; the same data
// folder spelled in other case finds it (one folder to NTFS and APFS);
// another folder does not; signing out removes it.
func TestTokenIsKeptInTheCredentialManager(t *testing.T) {
	dir := t.TempDir()
	ts := NewTokenStore(dir)
	t.Cleanup(func() { _ = keyring.Delete(keychainService, ts.user) }) // gone already if the test deleted it
	file := filepath.Join(dir, "session.token")
	// A token an earlier run had to keep in the file.
	if err := os.WriteFile(file, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := ts.Save("token-1"); err != nil {
		t.Fatal(err)
	}
	if got, err := keyring.Get(keychainService, ts.user); err != nil || got != "token-1" {
		t.Fatalf("credential store holds %q, %v", got, err)
	}
	if _, err := os.Stat(file); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("a second copy stays in %s: %v", file, err)
	}
	if got, err := NewTokenStore(strings.ToUpper(dir)).Load(); err != nil || got != "token-1" {
		t.Fatalf("the folder spelled in capitals loads %q, %v", got, err)
	}
	if got, err := NewTokenStore(t.TempDir()).Load(); err != nil || got != "" {
		t.Fatalf("another data folder loads %q, %v", got, err)
	}
	if err := ts.Save("token-2"); err != nil {
		t.Fatal(err)
	}
	if got, err := ts.Load(); err != nil || got != "token-2" {
		t.Fatalf("after replacing: %q, %v", got, err)
	}
	if err := ts.Clear(); err != nil {
		t.Fatal(err)
	}
	if _, err := keyring.Get(keychainService, ts.user); !errors.Is(err, keyring.ErrNotFound) {
		t.Fatalf("after sign-out the credential store answers %v", err)
	}
	if got, err := ts.Load(); err != nil || got != "" {
		t.Fatalf("after sign-out: %q, %v", got, err)
	}
}
