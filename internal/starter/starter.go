// Package starter ships the portal's own FAQ as knowledge articles, in the
// Markdown import format, so that the knowledge base is useful on first
// run before any content has been synced or imported.
package starter

import (
	"context"
	"embed"
	"fmt"
	"io/fs"

	"supportportal/internal/appstore"
	"supportportal/internal/kbimport"
	"supportportal/internal/portal"
)

//go:embed all:content
var content embed.FS

// FS is the starter content: Markdown articles and _categories.yaml.
func FS() fs.FS {
	sub, err := fs.Sub(content, "content")
	if err != nil {
		panic(err) // the embedded folder is part of the build
	}
	return sub
}

// EnsureStarter imports the starter articles when the knowledge base is
// empty and reports whether it did. A knowledge base with any article is
// left alone, so content removed or replaced by the user never comes back.
func EnsureStarter(ctx context.Context, db *appstore.DB) (bool, error) {
	kb := appstore.NewKnowledge(db)
	n, err := kb.ArticleCount(ctx)
	if err != nil {
		return false, err
	}
	if n > 0 {
		return false, nil
	}
	r, err := kbimport.ImportFS(ctx, kb, FS())
	if err != nil {
		return false, fmt.Errorf("import starter articles: %w", err)
	}
	if len(r.Skipped) > 0 {
		return true, fmt.Errorf("starter article %s: %s", r.Skipped[0].File, r.Skipped[0].Reason)
	}
	return true, nil
}

// Report imports the starter content into kb regardless of what is there
// and returns the import report (tests and the command line use it).
func Report(ctx context.Context, kb *appstore.Knowledge) (portal.ImportReport, error) {
	return kbimport.ImportFS(ctx, kb, FS())
}
