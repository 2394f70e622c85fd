package portal

import (
	"strings"
	"time"
)

// DefaultArticleLocale is the language every article falls back to when it
// has no version in the UI language.
const DefaultArticleLocale = "en"

// Body formats of an article.
const (
	BodyMarkdown = "markdown"
	BodyHTML     = "html" // imported HTML, stored already sanitized
)

// Category is a node of the knowledge-base category tree, named in the UI
// language. ArticleCount includes the articles of all subcategories.
type Category struct {
	ID           string     `json:"id"`
	ParentID     string     `json:"parentId,omitempty"`
	Path         string     `json:"path"`
	Name         string     `json:"name"`
	Position     int        `json:"position"`
	ArticleCount int        `json:"articleCount"`
	Children     []Category `json:"children"`
}

// ArticleSummary is an article as shown in lists.
type ArticleSummary struct {
	ID           string    `json:"id"`
	SourceID     string    `json:"sourceId"`
	Locale       string    `json:"locale"`
	Title        string    `json:"title"`
	Summary      string    `json:"summary"`
	CategoryID   string    `json:"categoryId,omitempty"`
	CategoryPath string    `json:"categoryPath"`
	Tags         []string  `json:"tags"`
	PublishedAt  time.Time `json:"publishedAt" ts_type:"string"`
	UpdatedAt    time.Time `json:"updatedAt" ts_type:"string"`
}

// ArticlePage is one page of a category listing.
type ArticlePage struct {
	Items  []ArticleSummary `json:"items"`
	Total  int              `json:"total"`
	Offset int              `json:"offset"`
	Limit  int              `json:"limit"`
}

// Translation points at another language version of an article.
type Translation struct {
	ID     string `json:"id"`
	Locale string `json:"locale"`
}

// ArticleView is one article ready to show. BodyHTML is sanitized HTML;
// CategoryNames are the names of the category path from the root down.
type ArticleView struct {
	ArticleSummary
	BodyHTML      string           `json:"bodyHtml"`
	CategoryNames []string         `json:"categoryNames"`
	Version       int64            `json:"version"`
	Translations  []Translation    `json:"translations"`
	Related       []ArticleSummary `json:"related"`
}

// SearchQuery is a knowledge-base search. Limit 0 means DefaultSearchLimit.
type SearchQuery struct {
	Text       string `json:"text"`
	CategoryID string `json:"categoryId,omitempty"`
	Offset     int    `json:"offset"`
	Limit      int    `json:"limit"`
	// Language is the UI language; empty means the user's setting.
	Language string `json:"language,omitempty"`
	// NoCorrect searches the words as typed: no spelling correction
	// (inflections and completions of a word being typed still count).
	// The results page sets it for "search for the original words".
	NoCorrect bool `json:"noCorrect,omitempty"`
}

// Search limits.
const (
	DefaultSearchLimit = 20
	MaxSearchLimit     = 100
	// MaxQueryRunes bounds the text a search looks at; the rest is ignored.
	MaxQueryRunes = 2000
	SuggestLimit  = 5
)

// Normalize clamps paging to sane bounds.
func (q SearchQuery) Normalize() SearchQuery {
	if q.Limit <= 0 {
		q.Limit = DefaultSearchLimit
	}
	q.Limit = min(q.Limit, MaxSearchLimit)
	q.Offset = max(q.Offset, 0)
	q.CategoryID = strings.TrimSpace(q.CategoryID)
	return q
}

// SearchHit is one search result. Snippet is HTML-escaped text in which the
// only markup is <mark>…</mark> around matched words. Score is higher for
// better matches.
type SearchHit struct {
	ArticleSummary
	Snippet string  `json:"snippet"`
	Score   float64 `json:"score"`
}

// SearchResults is one page of hits. Corrections lists query words that were
// replaced by a close word of the index ("attachmnet" → "attachment").
type SearchResults struct {
	Hits        []SearchHit       `json:"hits"`
	Total       int               `json:"total"`
	TotalCapped bool              `json:"totalCapped"` // true: more than Total matched ("1,000+")
	Offset      int               `json:"offset"`
	Limit       int               `json:"limit"`
	Corrections map[string]string `json:"corrections,omitempty"`
}

// CategoryInput describes a category to create or update on import. Path is
// slash-separated from the root; parents are created as needed.
type CategoryInput struct {
	Path     string            `json:"path"`
	Names    map[string]string `json:"names,omitempty"` // language → name
	Position int               `json:"position"`
}

// ArticleInput is one article version to import. SourceID and Locale
// identify it across re-imports. BodyText is the plain text that is indexed.
type ArticleInput struct {
	SourceID     string    `json:"sourceId"`
	Locale       string    `json:"locale"`
	Title        string    `json:"title"`
	Summary      string    `json:"summary"`
	Body         string    `json:"body"`
	BodyFormat   string    `json:"bodyFormat"`
	BodyText     string    `json:"bodyText"`
	CategoryPath string    `json:"categoryPath"`
	Tags         []string  `json:"tags"`
	PublishedAt  time.Time `json:"publishedAt" ts_type:"string"`
	UpdatedAt    time.Time `json:"updatedAt" ts_type:"string"`
	// Popularity is the support server's prior (0..1) from customers'
	// votes and deflections; 0 for articles imported from files.
	Popularity float64 `json:"popularity,omitempty"`
}

// Import outcomes of one article.
const (
	ImportCreated   = "created"
	ImportUpdated   = "updated"
	ImportUnchanged = "unchanged"
)

// Skipped is an import item that was not imported, and why.
type Skipped struct {
	File   string `json:"file"`
	Reason string `json:"reason"`
}

// ImportReport counts what an import did.
type ImportReport struct {
	Created   int       `json:"created"`
	Updated   int       `json:"updated"`
	Unchanged int       `json:"unchanged"`
	Skipped   []Skipped `json:"skipped"`
}

// Add counts one outcome.
func (r *ImportReport) Add(outcome string) {
	switch outcome {
	case ImportCreated:
		r.Created++
	case ImportUpdated:
		r.Updated++
	case ImportUnchanged:
		r.Unchanged++
	}
}

// Skip records a skipped item.
func (r *ImportReport) Skip(file, reason string) {
	r.Skipped = append(r.Skipped, Skipped{File: file, Reason: reason})
}

// NormalizeLocale reduces a locale tag to the lower-case language the
// knowledge base is keyed by ("de-CH" → "de", "EN_us" → "en").
func NormalizeLocale(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if i := strings.IndexAny(s, "-_"); i >= 0 {
		s = s[:i]
	}
	return s
}

// ValidLocale reports whether s is a plausible language code (2–3 letters).
func ValidLocale(s string) bool {
	if len(s) < 2 || len(s) > 3 {
		return false
	}
	for _, r := range s {
		if r < 'a' || r > 'z' {
			return false
		}
	}
	return true
}

// CleanCategoryPath trims each segment of a slash-separated path and drops
// empty ones: " Cases / Attachments/" → "Cases/Attachments".
func CleanCategoryPath(p string) string {
	var parts []string
	for _, s := range strings.Split(p, "/") {
		if s = strings.Join(strings.Fields(s), " "); s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, "/")
}
