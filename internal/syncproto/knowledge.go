package syncproto

import "time"

// KBCategory is a node of the vendor's knowledge-base category tree.
type KBCategory struct {
	ID        string    `json:"id"`
	ParentID  string    `json:"parentId"`
	NameEn    string    `json:"nameEn"`
	NameDe    string    `json:"nameDe"`
	Position  int       `json:"position"`
	UpdatedAt time.Time `json:"updatedAt"`
}

// KBArticle is one language version of a knowledge article. Body is
// Markdown; whoever shows it renders it through internal/markdown.
type KBArticle struct {
	ID          string    `json:"id"`
	SourceID    string    `json:"sourceId"`
	Locale      string    `json:"locale"`
	Title       string    `json:"title"`
	Summary     string    `json:"summary"`
	Body        string    `json:"body"`
	CategoryID  string    `json:"categoryId"`
	Tags        []string  `json:"tags"`
	PublishedAt time.Time `json:"publishedAt"`
	UpdatedAt   time.Time `json:"updatedAt"`
	Version     int64     `json:"version"`
	FromCaseID  string    `json:"fromCaseId"`
	Seq         int64     `json:"seq"`
	// Popularity is the prior the apps' search adds a small bonus for
	// (0..1, from the vendor's deflections and votes); set by the server,
	// ignored on save.
	Popularity float64 `json:"popularity"`
}

// KBArticlePage is one page of the article feed; Cursor is where the next
// request continues (?since=), More says whether more is waiting already.
type KBArticlePage struct {
	Items  []KBArticle `json:"items"`
	Cursor string      `json:"cursor"`
	More   bool        `json:"more"`
}

// KBCategoryList answers GET /v1/kb/categories.
type KBCategoryList struct {
	Items []KBCategory `json:"items"`
}
