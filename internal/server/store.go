package server

import (
	"context"
	"math"
	"time"

	"supportportal/internal/portal"
	"supportportal/internal/syncproto"
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
	Profile(ctx context.Context, vendorID string) (syncproto.Profile, error)

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
	ListCases(ctx context.Context, scope Scope, offset, limit int) (syncproto.CasePage, error)
	// Case returns one case in scope with its conversation.
	Case(ctx context.Context, scope Scope, id string) (syncproto.CaseDetail, error)
	// Apply applies one outbox mutation of a customer exactly once: the
	// first call decides the result and stores it with the mutation ID;
	// later calls with the same ID return that result and change nothing.
	// A rule or validation failure is a "rejected" result, not an error;
	// the error return is for failures of the store itself.
	Apply(ctx context.Context, c Caller, m syncproto.Mutation) (syncproto.MutationResult, error)
	// Changes returns the company's cases and comments written after
	// cursor, in write order, at most limit items.
	Changes(ctx context.Context, companyID string, cursor int64, limit int) (syncproto.ChangePage, error)

	// AddSupportComment adds an agent's comment to a case of the agent's
	// vendor.
	AddSupportComment(ctx context.Context, agent Caller, caseID, commentID, body string, now time.Time) (syncproto.Comment, error)
	// SetStatus moves a case of the agent's vendor to a new status,
	// following portal.CanTransition; solution is kept when given.
	SetStatus(ctx context.Context, agent Caller, caseID, status, solution string, now time.Time) (syncproto.CaseDetail, error)

	// KBCategories returns the vendor's knowledge-base categories, parents
	// before children, siblings by position.
	KBCategories(ctx context.Context, vendorID string) ([]syncproto.KBCategory, error)
	// SaveKBCategory creates a category (ID "") or updates one.
	SaveKBCategory(ctx context.Context, vendorID string, c syncproto.KBCategory, now time.Time) (syncproto.KBCategory, error)
	// KBArticles returns the vendor's articles written after cursor, in
	// write order, at most limit items (the apps' sync and the console).
	KBArticles(ctx context.Context, vendorID string, cursor int64, limit int) (syncproto.KBArticlePage, error)
	// KBArticle returns one article of the vendor.
	KBArticle(ctx context.Context, vendorID, id string) (syncproto.KBArticle, error)
	// SaveKBArticle creates an article (ID "") or updates one. An update
	// carrying a Version other than the stored one is a conflict
	// (stale_version): someone else saved the article in between.
	SaveKBArticle(ctx context.Context, vendorID string, a syncproto.KBArticle, now time.Time) (syncproto.KBArticle, error)
	// PublishSolution creates an article from a case's solution and links
	// the case to it, in one transaction (see CheckPublishSolution).
	PublishSolution(ctx context.Context, agent Caller, caseID string, a syncproto.KBArticle, now time.Time) (syncproto.KBArticle, syncproto.CaseDetail, error)

	// Administration (seed and admin commands).
	CreateVendor(ctx context.Context, slug string, p syncproto.Profile) (string, error)
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
	AccessActive      = syncproto.AccessActive
	AccessDeactivated = syncproto.AccessDeactivated
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

// Person is a customer user or a support agent: the person the API
// describes, and what only the server knows about them.
type Person struct {
	syncproto.Person
	CompanyStatus string `json:"-"`
	PasswordHash  string `json:"-"`
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
	syncproto.CaseSummary
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
