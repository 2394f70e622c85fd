package syncer

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/zalando/go-keyring"

	"supportportal/internal/datadir"
)

// TokenStore keeps the session token: in the OS keychain (Keychain on
// macOS, Credential Manager on Windows, the Secret Service on Linux) where
// one answers, else in a file only this user can read.
type TokenStore struct {
	// user keys the keychain entry by data folder, so two profiles on one
	// machine never share a session.
	user string
	file string
	// NoKeychain skips the keychain (tests, machines without one).
	NoKeychain bool
}

const keychainService = "SupportPortal"

// NewTokenStore returns the token store of a data folder (however its
// path is spelled: datadir.Identity).
func NewTokenStore(dataDir string) *TokenStore {
	sum := sha256.Sum256([]byte(datadir.Identity(dataDir)))
	return &TokenStore{user: "session-" + hex.EncodeToString(sum[:8]), file: filepath.Join(dataDir, "session.token")}
}

// Save stores the token, replacing any earlier one.
func (t *TokenStore) Save(token string) error {
	if !t.NoKeychain {
		if err := keyring.Set(keychainService, t.user, token); err == nil {
			os.Remove(t.file) // never leave a second copy behind
			return nil
		}
	}
	tmp := t.file + ".tmp"
	if err := os.WriteFile(tmp, []byte(token), 0o600); err != nil {
		return fmt.Errorf("save session: %w", err)
	}
	if err := os.Rename(tmp, t.file); err != nil {
		return fmt.Errorf("save session: %w", err)
	}
	return nil
}

// Load returns the stored token, or "" when there is none.
func (t *TokenStore) Load() (string, error) {
	if !t.NoKeychain {
		if tok, err := keyring.Get(keychainService, t.user); err == nil {
			return tok, nil
		}
	}
	b, err := os.ReadFile(t.file)
	if errors.Is(err, os.ErrNotExist) {
		return "", nil
	} else if err != nil {
		return "", fmt.Errorf("read session: %w", err)
	}
	return string(b), nil
}

// Clear forgets the token everywhere it may be.
func (t *TokenStore) Clear() error {
	if !t.NoKeychain {
		_ = keyring.Delete(keychainService, t.user)
	}
	if err := os.Remove(t.file); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("forget session: %w", err)
	}
	return nil
}
