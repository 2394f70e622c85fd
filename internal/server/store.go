package server

import (
	"context"
	"encoding/json"
	"math"
	"slices"
	"time"

	"supportportal/internal/portal"
)

// Store is everything the HTTP layer needs from storage. It speaks in
// domain terms, never SQL, so that a PostgreSQL implementation can follow
// the SQLite one (internal/serverstore) without touching the handlers.
//
// Methods that read or change cases take a Scope: the store itself filters
// by it, so a handler cannot forget the caller's company and a case of
// another company is simply not found.
type Store interface {
	// Profile returns a vendor's profile and component categories; an
	// empty vendorID means the server's default (first) vendor.
	Profile(ctx context.Context, vendorID string) (Profile, error)

	// PersonByEmail finds a person by e-mail (case-insensitive); ENotFound
	// when there is none.
	PersonByEmail(ctx context.Context, email string) (Person, error)
	// CreatePasswordToken stores a one-time set-password token (its hash).
	CreatePasswordToken(ctx context.Context, t PasswordToken) error
	// CheckPasswordToken reports whether a set-password token can be
	// used now, changing nothing: nil, or ENotFound (reason invalid_token)
	// as SetPassword would answer. It is asked before a password is hashed.
	CheckPasswordToken(ctx context.Context, tokenHash string, now time.Time) error
	// SetPassword consumes an unused, unexpired token, stores the new
	// password hash and ends the person's sessions, in one transaction.
	// ENotFound (reason invalid_token) when the token cannot be used.
	SetPassword(ctx context.Context, tokenHash, passwordHash string, now time.Time) (Person, error)
	// CreateSession stores a new session (its token hash).
	CreateSession(ctx context.Context, s Session) error
	// Caller returns who holds a session that has not expired and whose
	// person still has portal access; ENotFound otherwise.
	Caller(ctx context.Context, tokenHash string, now time.Time) (Caller, error)
	// DeleteSession ends one session; ending an unknown one is not an error.
	DeleteSession(ctx context.Context, tokenHash string) error

	// ListCases returns a page of the cases in scope, most recently
	// updated first.
	ListCases(ctx context.Context, scope Scope, offset, limit int) (CasePage, error)
	// Case returns one case in scope with its conversation.
	Case(ctx context.Context, scope Scope, id string) (CaseDetail, error)
	// Apply applies one outbox mutation of a customer exactly once: the
	// first call decides the result and stores it with the mutation ID;
	// later calls with the same ID return that result and change nothing.
	// A rule or validation failure is a "rejected" result, not an error;
	// the error return is for failures of the store itself.
	Apply(ctx context.Context, c Caller, m Mutation) (MutationResult, error)
	// Changes returns the company's cases and comments written after
	// cursor, in write order, at most limit items.
	Changes(ctx context.Context, companyID string, cursor int64, limit int) (ChangePage, error)

	// AddSupportComment adds an agent's comment to a case of the agent's
	// vendor.
	AddSupportComment(ctx context.Context, agent Caller, caseID, commentID, body string, now time.Time) (Comment, error)
	// SetStatus moves a case of the agent's vendor to a new status,
	// following portal.CanTransition; solution is kept when given.
	SetStatus(ctx context.Context, agent Caller, caseID, status, solution string, now time.Time) (CaseDetail, error)

	// KBCategories returns the vendor's knowledge-base categories, parents
	// before children, siblings by position.
	KBCategories(ctx context.Context, vendorID string) ([]KBCategory, error)
	// SaveKBCategory creates a category (ID "") or updates one.
	SaveKBCategory(ctx context.Context, vendorID string, c KBCategory, now time.Time) (KBCategory, error)
	// KBArticles returns the vendor's articles written after cursor, in
	// write order, at most limit items (the apps' sync and the console).
	KBArticles(ctx context.Context, vendorID string, cursor int64, limit int) (KBArticlePage, error)
	// KBArticle returns one article of the vendor.
	KBArticle(ctx context.Context, vendorID, id string) (KBArticle, error)
	// SaveKBArticle creates an article (ID "") or updates one. An update
	// carrying a Version other than the stored one is a conflict
	// (stale_version): someone else saved the article in between.
	SaveKBArticle(ctx context.Context, vendorID string, a KBArticle, now time.Time) (KBArticle, error)
	// PublishSolution creates an article from a case's solution and links
	// the case to it, in one transaction (see CheckPublishSolution).
	PublishSolution(ctx context.Context, agent Caller, caseID string, a KBArticle, now time.Time) (KBArticle, CaseDetail, error)

	// Administration (seed and admin commands).
	CreateVendor(ctx context.Context, slug string, p Profile) (string, error)
	CreateCompany(ctx context.Context, c Company) (string, error)
	CreatePerson(ctx context.Context, p Person) (string, error)
	// SetPortalAccess activates or deactivates a person; deactivation
	// ends all of their sessions in the same transaction.
	SetPortalAccess(ctx context.Context, personID, access string) error

	// Portal-user management (users_store.go).
	UserStore

	// Attachment files: who may upload, continue and read which file.
	FileStore

	Close() error
}

// FileStore keeps who may read a stored file and whose uploads are in
// progress. Naming a file's hash in a case proves nothing: a company may
// read a file only once its own upload of those bytes has completed.
type FileStore interface {
	// DeclaredSizes returns the sizes that the attachments of cases in
	// scope give a file with this SHA-256 (none: no case in scope names it).
	DeclaredSizes(ctx context.Context, s Scope, sha256 string) ([]int64, error)
	// FileReadable reports whether a file may be read in scope: the
	// customer's company holds a grant for it, or, for an agent, a company
	// of the agent's vendor does.
	FileReadable(ctx context.Context, s Scope, sha256 string) (bool, error)
	// StartUpload records a new upload when the company's granted files
	// and unfinished uploads leave room for its length under quota bytes;
	// a portal.Error with reason storage_quota_exceeded otherwise.
	StartUpload(ctx context.Context, u FileUpload, quota int64) error
	// Upload returns an upload in progress; ENotFound when there is none.
	Upload(ctx context.Context, id string) (FileUpload, error)
	// FinishUpload grants the uploader's company the upload's file (of
	// size bytes) and ends the upload, in one transaction. first says the
	// bytes just arrived on this server for the first time: grants the
	// schema migration guessed for them are dropped.
	FinishUpload(ctx context.Context, id string, size int64, first bool, now time.Time) error
	// DropUpload ends an upload without a grant (refused or abandoned).
	DropUpload(ctx context.Context, id string) error
	// ExpireUploads ends every upload started before before and returns
	// their IDs, so their partial files can be removed.
	ExpireUploads(ctx context.Context, before time.Time) ([]string, error)
}

// FileUpload is a tus upload in progress. The server chooses its ID.
type FileUpload struct {
	ID        string
	CompanyID string
	PersonID  string
	SHA256    string
	Length    int64
	CreatedAt time.Time
}

// DefaultStorageQuota is a company's storage quota when the vendor profile
// sets none.
const DefaultStorageQuota = portal.DefaultStorageQuotaBytes

// Profile is what GET /v1/profile serves: the vendor profile and the
// component categories the Contact Support form offers.
type Profile struct {
	Vendor     portal.VendorProfile       `json:"vendor"`
	Categories []portal.ComponentCategory `json:"componentCategories"`
}

// Clone returns a copy that shares no slices with p, so a cached profile
// is never changed through a copy handed out.
func (p Profile) Clone() Profile {
	c := p
	c.Categories = make([]portal.ComponentCategory, len(p.Categories))
	for i, cat := range p.Categories {
		cat.Subcategories = slices.Clone(cat.Subcategories)
		c.Categories[i] = cat
	}
	return c
}

// Person kinds.
const (
	KindCustomer = "customer"
	KindAgent    = "agent"
)

// Product roles: a person's role in the vendor's product. Only Account
// Owners and Administrators may use the portal.
const (
	RoleAccountOwner  = portal.RoleAccountOwner
	RoleAdministrator = portal.RoleAdministrator
	RoleOther         = portal.RoleOther
)

// Portal access of a person.
const (
	AccessActive      = "active"
	AccessDeactivated = "deactivated"
)

// Company statuses. A trial company's people may not use the portal.
const (
	CompanyActive = "active"
	CompanyTrial  = "trial"
)

// Company is a customer of the vendor.
type Company struct {
	ID       string `json:"id"`
	VendorID string `json:"vendorId"`
	Name     string `json:"name"`
	Domain   string `json:"domain"`
	Status   string `json:"status"`
}

// Person is a customer user or a support agent.
type Person struct {
	ID            string `json:"id"`
	VendorID      string `json:"vendorId"`
	CompanyID     string `json:"companyId,omitempty"` // "" for agents
	CompanyName   string `json:"companyName,omitempty"`
	CompanyStatus string `json:"-"`
	Kind          string `json:"kind"`
	Email         string `json:"email"`
	Name          string `json:"name"`
	ProductRole   string `json:"productRole,omitempty"`
	PortalAccess  string `json:"portalAccess"`
	PasswordHash  string `json:"-"`
	// Settings are the person's settings as last pushed from an app; nil
	// before any. A new device adopts them at sign-in.
	Settings *PersonSettings `json:"settings,omitempty"`
}

// PersonSettings are the personal settings kept on the server.
type PersonSettings struct {
	Language string `json:"language"`
	Locale   string `json:"locale"`
	TimeZone string `json:"timeZone"`
}

// PasswordToken is a one-time set-password token, by its hash.
type PasswordToken struct {
	TokenHash string
	PersonID  string
	Purpose   string // invite or reset
	CreatedAt time.Time
	ExpiresAt time.Time
}

// Session is a signed-in session, by the hash of its bearer token.
type Session struct {
	TokenHash  string
	PersonID   string
	RemoteAddr string
	CreatedAt  time.Time
	ExpiresAt  time.Time
}

// Caller is the signed-in person making a request.
type Caller struct {
	Person
	SessionExpiresAt time.Time
}

// Scope limits which cases a request can see: a customer's company, or
// every company of an agent's vendor.
type Scope struct {
	VendorID  string
	CompanyID string // "" = the whole vendor (agents)
}

// ScopeOf returns the cases a caller may see.
func ScopeOf(c Caller) Scope {
	if c.Kind == KindAgent {
		return Scope{VendorID: c.VendorID}
	}
	if c.CompanyID == "" {
		// An empty company would widen the scope to the whole vendor; a
		// customer without one (which the schema forbids) sees nothing.
		return Scope{VendorID: c.VendorID, CompanyID: "-"}
	}
	return Scope{VendorID: c.VendorID, CompanyID: c.CompanyID}
}

// Attachment is the metadata of a file sent with a case or comment.
type Attachment struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Size     int64  `json:"size"`
	SHA256   string `json:"sha256"`
	MimeType string `json:"mimeType"`
}

// Case is the server's record of a case.
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
	CreatedAt         time.Time             `json:"createdAt"`
	UpdatedAt         time.Time             `json:"updatedAt"`
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

// Mutation is one entry of a desktop outbox.
type Mutation struct {
	ID      string          `json:"id"`
	Kind    string          `json:"kind"`
	Payload json.RawMessage `json:"payload"`
}

// Mutation results.
const (
	ResultApplied  = "applied"
	ResultRejected = "rejected"
)

// MutationResult is the server's answer to one mutation.
type MutationResult struct {
	ID         string `json:"id"`
	Result     string `json:"result"` // applied or rejected
	CaseID     string `json:"caseId,omitempty"`
	CaseNumber int64  `json:"caseNumber,omitempty"`
	CaseStatus string `json:"caseStatus,omitempty"`
	CommentID  string `json:"commentId,omitempty"`
	// RequestID answers portaluser.request; PersonID and PortalAccess
	// answer portaluser.deactivate and portaluser.reactivate.
	RequestID    string        `json:"requestId,omitempty"`
	PersonID     string        `json:"personId,omitempty"`
	PortalAccess string        `json:"portalAccess,omitempty"`
	Error        *portal.Error `json:"error,omitempty"`
}

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
	Heads  Heads    `json:"heads"`
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
	// a change made on another device.
	Settings *PersonSettings `json:"settings,omitempty"`
}

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
	// (see Popularity); set by the server, ignored on save.
	Popularity float64 `json:"popularity"`
}

// Popularity turns an article's counts into its prior, 0..1: the share of
// reactions that said it helped (a deflection or a helpful vote), damped
// by PopularitySmoothing reactions of no opinion so that a few votes
// barely move it, rounded to PopularityStep so that one more vote seldom
// changes it (each change ships the article again).
func Popularity(deflections, helpful, notHelpful int) float64 {
	good := float64(max(deflections, 0) + max(helpful, 0))
	all := good + float64(max(notHelpful, 0)) + PopularitySmoothing
	p := math.Round(good/all/PopularityStep) * PopularityStep
	return min(max(p, 0), 1)
}

// Popularity parameters.
const (
	PopularitySmoothing = 10
	PopularityStep      = 0.05
)

// KBArticlePage is one page of the article feed; Cursor is where the next
// request continues (?since=), More says whether more is waiting already.
type KBArticlePage struct {
	Items  []KBArticle `json:"items"`
	Cursor string      `json:"cursor"`
	More   bool        `json:"more"`
}

// QueueFilter narrows the support console's queue. Status "" is every
// status, "open" the ones that still need support (New, In progress,
// Waiting on customer); MinAgeDays keeps cases created at least that many
// days before Now.
type QueueFilter struct {
	Status     string
	Priority   string
	CompanyID  string
	MinAgeDays int
	Now        time.Time
}

// QueueItem is a row of the console's queue.
type QueueItem struct {
	CaseSummary
	CompanyID   string
	CompanyName string
}

// QueuePage is one page of the queue.
type QueuePage struct {
	Items  []QueueItem
	Total  int
	Offset int
	Limit  int
}

// ArticleCounts are the customers' reactions to one article: how often it
// deflected a case ("this solved my problem") and how it was rated.
type ArticleCounts struct {
	ArticleID   string
	SourceID    string
	Title       string // "" when the article is not in the server's knowledge base
	Deflections int
	Helpful     int
	NotHelpful  int
}
