package portal

import "github.com/google/uuid"

// IsCanonicalUUID reports whether id is a UUID written the one way
// uuid.String writes it (lower case, hyphens, no braces or prefix). IDs
// from the server must be: they name rows and the folders opened copies
// go to.
func IsCanonicalUUID(id string) bool {
	u, err := uuid.Parse(id)
	return err == nil && u.String() == id
}
