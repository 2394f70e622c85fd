package servercore

import (
	"context"
	"time"

	"supportportal/internal/syncproto"
)

// The storage the server's core works on, split by concern. The
// interfaces speak in domain terms, never SQL, so that a PostgreSQL
// implementation can follow the SQLite one (internal/serverstore) without
// touching the core, the HTTP API or the console.
//
// Methods that read or change cases take a Scope: the store itself filters
// by it, so a caller cannot forget the company and a case of another
// company is simply not found.

// Store is the whole of it: what the server runs on.
type Store interface {
	VendorStore
	PeopleStore
	CaseStore
	KnowledgeStore
	// Portal-user management (users.go).
	UserStore
	// Attachment files: who may upload, continue and read which file.
	FileStore

	Close() error
}

// VendorStore keeps the vendors and their customer companies.
type VendorStore interface {
	// Profile returns a vendor's profile and component categories; an
	// empty vendorID means the server's default (first) vendor.
	Profile(ctx context.Context, vendorID string) (syncproto.Profile, error)

	// Administration (seed and admin commands).
	CreateVendor(ctx context.Context, slug string, p syncproto.Profile) (string, error)
	CreateCompany(ctx context.Context, c Company) (string, error)
}

// PeopleStore keeps people, their passwords and their sessions.
type PeopleStore interface {
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

	// CreatePerson adds a person (seed and admin commands).
	CreatePerson(ctx context.Context, p Person) (string, error)
	// SetPortalAccess activates or deactivates a person; deactivation
	// ends all of their sessions in the same transaction.
	SetPortalAccess(ctx context.Context, personID, access string) error
}

// CaseStore keeps the cases, their conversations and the outbox
// mutations applied to them.
type CaseStore interface {
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
}

// KnowledgeStore keeps the vendor's knowledge base.
type KnowledgeStore interface {
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
