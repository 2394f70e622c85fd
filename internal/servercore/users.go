package servercore

import (
	"context"
	"encoding/json"
	"time"

	"supportportal/internal/portal"
	"supportportal/internal/syncproto"
)

// UserStore is the part of Store that manages a company's portal users:
// the customer's My Account page, requests for new users (from a
// signed-in customer or from someone without a login), the support team's
// decisions on them, and the audit log of every change. The rules are
// portal's (CheckActivation, CanDeactivate); a store gathers the facts
// and applies them inside one write transaction, so that "never more than
// the limit active" holds however many requests arrive at once.
type UserStore interface {
	// Account returns the caller's company, its portal users and its
	// pending requests.
	Account(ctx context.Context, c Caller) (Account, error)
	// RequestPortalUser stores a customer's request for a new portal user
	// of their company. id is chosen by the client: a request with an id
	// already stored for the company returns that request unchanged.
	RequestPortalUser(ctx context.Context, c Caller, id string, r portal.NewUserRequest, now time.Time) (UserRequest, error)
	// SetUserAccess deactivates or reactivates a portal user: a customer
	// may change the users of their own company (another company's person
	// is not found), an agent those of their vendor. Deactivation ends the
	// person's sessions in the same transaction. Setting the access a
	// person already has changes nothing. A customer may neither
	// deactivate the Account Owner nor lift a vendor's deactivation
	// (portal.CheckCompanyAccessChange). A deactivation records who did it
	// (vendor for an agent, company for a customer) and reason (optional).
	SetUserAccess(ctx context.Context, actor Caller, personID, access, reason string, now time.Time) (AccountUser, error)

	// CreateAccessRequest stores a request for portal access made without
	// a login, for the server's default vendor. tokenHash is the hash of
	// the secret the requester checks the outcome with.
	CreateAccessRequest(ctx context.Context, r portal.AccessRequest, tokenHash, remoteAddr string, now time.Time) (UserRequest, error)
	// AccessRequestStatus returns the outcome of an access request to
	// whoever holds its token; ENotFound when id and token do not match.
	AccessRequestStatus(ctx context.Context, id, tokenHash string) (syncproto.AccessRequestStatus, error)

	// UserRequests lists the requests of both kinds of the agent's vendor,
	// oldest first; status and companyID filter when not empty.
	UserRequests(ctx context.Context, agent Caller, status, companyID string, limit int) ([]UserRequest, error)
	// ApproveUserRequest creates the requested portal user (active,
	// without a password yet) and marks the request approved, in one
	// transaction; a rule that fails (portal_user_limit, trial_company,
	// role_not_allowed, duplicate_email) leaves the request pending.
	ApproveUserRequest(ctx context.Context, agent Caller, id string, a Approval, now time.Time) (Decision, error)
	// RejectUserRequest marks a pending request rejected with a reason.
	RejectUserRequest(ctx context.Context, agent Caller, id, reason string, now time.Time) (Decision, error)
	// Audit returns a page of the portal-user audit log of the agent's
	// vendor, newest first, of one company when companyID is not empty.
	Audit(ctx context.Context, agent Caller, companyID string, offset, limit int) (AuditPage, error)
}

// Request statuses.
const (
	RequestPending  = "pending"
	RequestApproved = "approved"
	RequestRejected = "rejected"
)

// Request types: a request from a signed-in customer for a new user of
// their company, or a request for access made without a login.
const (
	RequestTypePortalUser = "portal_user"
	RequestTypeAccess     = "access"
)

// AccountUser is one portal user as the company's My Account page lists it.
type AccountUser struct {
	ID           string `json:"id"`
	Name         string `json:"name"`
	Email        string `json:"email"`
	ProductRole  string `json:"productRole"`
	PortalAccess string `json:"portalAccess"`
	// DeactivatedBy: portal.DeactivatedByVendor or DeactivatedByCompany
	// for a deactivated user ('' when active or not recorded).
	DeactivatedBy string `json:"deactivatedBy,omitempty"`
	// DeactivatedByPerson and DeactivationReason are the vendor's to see
	// (console, audit); the company's feed does not carry them.
	DeactivatedByPerson string     `json:"-"`
	DeactivationReason  string     `json:"-"`
	LastSignInAt        *time.Time `json:"lastSignInAt"`
}

// Account is what GET /v1/account serves: "N of limit active" is
// ActiveUsers of UserLimit (0 = no limit).
type Account struct {
	Company         Company       `json:"company"`
	Users           []AccountUser `json:"users"`
	ActiveUsers     int           `json:"activeUsers"`
	UserLimit       int           `json:"userLimit"`
	PendingRequests []UserRequest `json:"pendingRequests"`
	// Rev is the company's account revision when this was read; the
	// changes feed's heads carry the current one.
	Rev int64 `json:"rev"`
}

// PersonRef names a person in a request.
type PersonRef struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Email string `json:"email,omitempty"`
}

// UserRequest is a request for a new portal user of either type. Fields
// that a type does not have are empty: a portal_user request has the first
// and last name and who asked; an access request has the company name as
// typed, the product domain, title and phone.
type UserRequest struct {
	ID            string     `json:"id"`
	Type          string     `json:"type"`
	Status        string     `json:"status"`
	CompanyID     string     `json:"companyId,omitempty"`
	CompanyName   string     `json:"companyName"`
	FirstName     string     `json:"firstName,omitempty"`
	LastName      string     `json:"lastName,omitempty"`
	Name          string     `json:"name"`
	Email         string     `json:"email"`
	ProductRole   string     `json:"productRole"`
	ProductDomain string     `json:"productDomain,omitempty"`
	Title         string     `json:"title,omitempty"`
	Phone         string     `json:"phone,omitempty"`
	RequestedBy   *PersonRef `json:"requestedBy,omitempty"`
	Reason        string     `json:"reason,omitempty"`
	PersonID      string     `json:"personId,omitempty"`
	DecidedBy     *PersonRef `json:"decidedBy,omitempty"`
	DecidedAt     *time.Time `json:"decidedAt,omitempty"`
	CreatedAt     time.Time  `json:"createdAt"`
}

// Approval is what an agent adds when approving. An access request names
// its company only as typed, so the agent picks the company record;
// ProductRole overrides the requested role when the agent checked it.
type Approval struct {
	CompanyID   string `json:"companyId"`
	ProductRole string `json:"productRole"`
}

// Decision is the outcome of approving or rejecting a request: the request
// as it is now, and on approval the person created.
type Decision struct {
	Request UserRequest `json:"request"`
	Person  *Person     `json:"person,omitempty"`
}

// AuditEntry is one change to a portal user. ActorID is empty for the
// command line ("system") and the public access-request form ("public").
type AuditEntry struct {
	ID         int64           `json:"id"`
	ActorID    string          `json:"actorId,omitempty"`
	ActorKind  string          `json:"actorKind"`
	ActorName  string          `json:"actorName"`
	Action     string          `json:"action"`
	PersonID   string          `json:"personId,omitempty"`
	PersonName string          `json:"personName,omitempty"`
	CompanyID  string          `json:"companyId,omitempty"`
	RequestID  string          `json:"requestId,omitempty"`
	Details    json.RawMessage `json:"details"`
	At         time.Time       `json:"at"`
}

// AuditPage is one page of the audit log.
type AuditPage struct {
	Items  []AuditEntry `json:"items"`
	Total  int          `json:"total"`
	Offset int          `json:"offset"`
	Limit  int          `json:"limit"`
}

// Audit actions.
const (
	AuditUserRequested   = "portal_user.requested"
	AuditAccessRequested = "access.requested"
	AuditUserCreated     = "portal_user.created"
	AuditRequestRejected = "request.rejected"
	AuditUserDeactivated = "portal_user.deactivated"
	AuditUserReactivated = "portal_user.reactivated"
)
