// Package pathgrant keeps the local paths the user chose in a native file
// dialog or dropped on the window, and hands the page opaque tokens for
// them. The page (and any script that runs in it) can then name only files
// the user gave the app: a path typed by a script is not a token.
package pathgrant

import (
	"crypto/rand"
	"encoding/hex"
	"path/filepath"
	"sync"

	"supportportal/internal/portal"
)

// MaxGrants bounds how many tokens are kept; the oldest go first.
const MaxGrants = 10000

// File is a granted file as the page sees it: its token and its name.
type File struct {
	Token string `json:"token"`
	Name  string `json:"name"`
}

// Grants maps tokens to paths. The zero value is not usable; use New.
type Grants struct {
	mu    sync.Mutex
	paths map[string]string
	order []string
}

// New returns an empty set of grants.
func New() *Grants { return &Grants{paths: map[string]string{}} }

// Grant issues a token for each path, in order.
func (g *Grants) Grant(paths []string) []File {
	g.mu.Lock()
	defer g.mu.Unlock()
	out := make([]File, 0, len(paths))
	for _, p := range paths {
		if p == "" {
			continue
		}
		var b [16]byte
		_, _ = rand.Read(b[:])
		tok := hex.EncodeToString(b[:])
		g.paths[tok] = p
		g.order = append(g.order, tok)
		out = append(out, File{Token: tok, Name: filepath.Base(p)})
	}
	for len(g.order) > MaxGrants {
		delete(g.paths, g.order[0])
		g.order = g.order[1:]
	}
	return out
}

// Resolve returns the paths of the tokens, or path_not_granted when any
// is unknown (nothing is returned then).
func (g *Grants) Resolve(tokens []string) ([]string, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	out := make([]string, 0, len(tokens))
	for _, t := range tokens {
		p, ok := g.paths[t]
		if !ok {
			return nil, &portal.Error{Code: portal.EInvalid, Reason: portal.ReasonPathNotGranted,
				Message: "the app can use only files chosen in its file dialog or dropped on its window"}
		}
		out = append(out, p)
	}
	return out, nil
}
