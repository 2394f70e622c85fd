package syncproto

import (
	"time"

	"supportportal/internal/portal"
)

// Attachment is the metadata of a file sent with a case or comment; the
// bytes travel separately (tus uploads, ranged downloads by SHA-256).
type Attachment struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Size     int64  `json:"size"`
	SHA256   string `json:"sha256"`
	MimeType string `json:"mimeType"`
}

// Case is a case as the server keeps it and the changes feed delivers it.
type Case struct {
	ID            string `json:"id"`
	Number        int64  `json:"number"`
	CompanyID     string `json:"companyId"`
	AuthorID      string `json:"authorId"`
	AuthorName    string `json:"authorName"`
	Subject       string `json:"subject"`
	CategoryID    string `json:"categoryId"`
	SubcategoryID string `json:"subcategoryId"`
	Description   string `json:"description"`
	Priority      string `json:"priority"`
	Status        string `json:"status"`
	Solution      string `json:"solution"`
	// SolutionArticleID is the knowledge article the solution was
	// published as ("" until it is), so the apps can link to it.
	SolutionArticleID string                `json:"solutionArticleId"`
	FollowUpOf        string                `json:"followUpOf"`
	Attachments       []Attachment          `json:"attachments"`
	History           []portal.StatusChange `json:"history"`
	// Satisfaction is the customer's rating (case.rate), nil until one
	// is given, so every device of the company shows it.
	Satisfaction *portal.Satisfaction `json:"satisfaction,omitempty"`
	CreatedAt    time.Time            `json:"createdAt"`
	UpdatedAt    time.Time            `json:"updatedAt"`
	// ProductVersion is the version of the product the case is about
	// ("" when the customer gave none; an older server never sends it).
	ProductVersion string `json:"productVersion,omitempty"`
}

// CaseSummary is a row of the case list.
type CaseSummary struct {
	ID            string    `json:"id"`
	Number        int64     `json:"number"`
	AuthorID      string    `json:"authorId"`
	AuthorName    string    `json:"authorName"`
	Subject       string    `json:"subject"`
	CategoryID    string    `json:"categoryId"`
	SubcategoryID string    `json:"subcategoryId"`
	Priority      string    `json:"priority"`
	Status        string    `json:"status"`
	CreatedAt     time.Time `json:"createdAt"`
	UpdatedAt     time.Time `json:"updatedAt"`
}

// CasePage is one page of the case list.
type CasePage struct {
	Items  []CaseSummary `json:"items"`
	Total  int           `json:"total"`
	Offset int           `json:"offset"`
	Limit  int           `json:"limit"`
}

// Comment authors (Comment.AuthorKind).
const (
	AuthorCustomer = "customer"
	AuthorSupport  = "support"
)

// Comment is one message of a case's conversation.
type Comment struct {
	ID          string       `json:"id"`
	CaseID      string       `json:"caseId"`
	AuthorKind  string       `json:"authorKind"` // customer or support
	AuthorName  string       `json:"authorName"`
	Body        string       `json:"body"`
	Attachments []Attachment `json:"attachments"`
	CreatedAt   time.Time    `json:"createdAt"`
}

// CaseDetail is a case with its conversation.
type CaseDetail struct {
	Case
	Comments []Comment `json:"comments"`
}

// Change types (Change.Type).
const (
	ChangeCase    = "case"
	ChangeComment = "comment"
)

// Change is one item of the changes feed: a case (its current state) or a
// comment, with the sequence number of the write that produced it.
type Change struct {
	Seq     int64    `json:"seq"`
	Type    string   `json:"type"` // case or comment
	Case    *Case    `json:"case,omitempty"`
	Comment *Comment `json:"comment,omitempty"`
}

// ChangePage is one page of the changes feed. Cursor is where the next
// request continues; More says whether another page is waiting already.
type ChangePage struct {
	Items  []Change `json:"items"`
	Cursor string   `json:"cursor"`
	More   bool     `json:"more"`
	// Heads are always sent by this server; nil from an older one, and
	// then an app fetches the other feeds anyway.
	Heads *Heads `json:"heads"`
}

// Heads tell an app, with every page of changes, whether the other feeds
// have anything new for it, so a periodic sync with nothing to do costs
// one request instead of three. KB is the cursor of the vendor's newest
// article (GET /v1/kb/articles?since=); AccountRev changes whenever the
// company's My Account data does (GET /v1/account answers with its rev).
type Heads struct {
	KB         string `json:"kb"`
	AccountRev int64  `json:"accountRev"`
	// Settings are the caller's own settings as the server keeps them
	// (read with the session, so they cost nothing), for the app to take
	// a change made on another device; nil before any were pushed.
	Settings *PersonSettings `json:"settings,omitempty"`
}
