package servercore

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"

	"supportportal/internal/portal"
)

// Argon2id parameters (RFC 9106 / OWASP's "m=19 MiB, t=2, p=1"). They are
// written into every hash, so raising them later keeps old hashes valid.
const (
	argonTime    = 2
	argonMemory  = 19 * 1024
	argonThreads = 1
	argonKeyLen  = 32
	argonSaltLen = 16
)

// Password length limits. The upper bound keeps hashing cost bounded.
const (
	MinPasswordRunes = portal.MinPasswordRunes
	MaxPasswordBytes = 512
)

// HashPassword returns an argon2id hash in the PHC string format.
func HashPassword(password string) (string, error) {
	salt := make([]byte, argonSaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("hash password: %w", err)
	}
	key := argon2.IDKey([]byte(password), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// CheckPassword reports whether password matches an argon2id PHC hash.
// An empty or malformed hash never matches.
func CheckPassword(hash, password string) bool {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var version int
	var m, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil || m == 0 || t == 0 || p == 0 || m > 1<<21 {
		return false
	}
	b64 := base64.RawStdEncoding
	salt, err := b64.DecodeString(parts[4])
	if err != nil {
		return false
	}
	want, err := b64.DecodeString(parts[5])
	if err != nil || len(want) == 0 {
		return false
	}
	got := argon2.IDKey([]byte(password), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// dummyHash is checked against when an e-mail is unknown, so that a
// sign-in takes as long for an unknown address as for a wrong password.
var dummyHash, _ = HashPassword("not a real password, only spends time")

// ValidatePassword checks a new password.
func ValidatePassword(pw string) error {
	if !utf8.ValidString(pw) {
		return portal.Invalid("password", portal.ReasonInvalidText, "", "the password is not valid text")
	}
	if len(pw) > MaxPasswordBytes {
		return portal.Invalid("password", portal.ReasonPasswordTooLong, "", "the password is longer than %d bytes", MaxPasswordBytes)
	}
	if utf8.RuneCountInString(strings.TrimSpace(pw)) < MinPasswordRunes {
		e := portal.Invalid("password", portal.ReasonPasswordTooShort, "", "the password needs at least %d characters", MinPasswordRunes)
		e.Params = map[string]string{"min": fmt.Sprint(MinPasswordRunes)}
		return e
	}
	return nil
}

// NewToken returns a random bearer or set-password token and the SHA-256
// (hex) under which it is stored; the token itself is never stored.
func NewToken() (token, hash string, err error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", "", fmt.Errorf("new token: %w", err)
	}
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, TokenHash(token), nil
}

// TokenHash is the stored form of a token.
func TokenHash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}
