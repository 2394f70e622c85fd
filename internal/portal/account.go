package portal

import "time"

// CompanyAccount is the company's My Account page as the server last sent
// it (GET /v1/account); the app keeps it to show offline.
type CompanyAccount struct {
	Company         AccountCompany   `json:"company"`
	Users           []AccountUser    `json:"users"`
	ActiveUsers     int              `json:"activeUsers"`
	UserLimit       int              `json:"userLimit"`
	PendingRequests []PendingRequest `json:"pendingRequests"`
	// Rev is the server's revision of this data; a sync fetches the
	// account again only when the server reports another one.
	Rev int64 `json:"rev"`
}

// AccountCompany is the company a My Account page is about.
type AccountCompany struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Status string `json:"status"`
}

// AccountUser is one portal user of the company.
type AccountUser struct {
	ID           string `json:"id"`
	Name         string `json:"name"`
	Email        string `json:"email"`
	ProductRole  string `json:"productRole"`
	PortalAccess string `json:"portalAccess"` // active or deactivated
	// DeactivatedBy is who deactivated a deactivated user: vendor or
	// company ('' when active or not recorded). A vendor's deactivation
	// cannot be lifted from the app.
	DeactivatedBy string     `json:"deactivatedBy,omitempty"`
	LastSignInAt  *time.Time `json:"lastSignInAt" ts_type:"string"`
}

// PendingRequest is a request for a new portal user the support team has
// not decided yet.
type PendingRequest struct {
	ID          string    `json:"id"`
	Name        string    `json:"name"`
	Email       string    `json:"email"`
	ProductRole string    `json:"productRole"`
	Status      string    `json:"status"`
	CreatedAt   time.Time `json:"createdAt" ts_type:"string"`
}

// QueuedUserChange is a portal-user change made on this device that waits
// in the outbox (or was refused by the server, with the reason).
type QueuedUserChange struct {
	ID        string          `json:"id"`
	Kind      string          `json:"kind"` // request, deactivate, reactivate
	PersonID  string          `json:"personId,omitempty"`
	Request   *NewUserRequest `json:"request,omitempty"`
	Refused   *Error          `json:"refused,omitempty"`
	CreatedAt time.Time       `json:"createdAt" ts_type:"string"`
}
