package syncproto

import (
	"slices"
	"time"

	"supportportal/internal/portal"
)

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

// Person is a customer user or a support agent as the API describes them
// (sign-in, GET /v1/me, an approval's new user).
type Person struct {
	ID           string `json:"id"`
	VendorID     string `json:"vendorId"`
	CompanyID    string `json:"companyId,omitempty"` // "" for agents
	CompanyName  string `json:"companyName,omitempty"`
	Kind         string `json:"kind"`
	Email        string `json:"email"`
	Name         string `json:"name"`
	ProductRole  string `json:"productRole,omitempty"`
	PortalAccess string `json:"portalAccess"`
	// Settings are the person's settings as last pushed from an app; nil
	// before any. A new device adopts them at sign-in.
	Settings *PersonSettings `json:"settings,omitempty"`
}

// PersonSettings are the personal settings kept on the server: the ones
// that follow a person between devices.
type PersonSettings struct {
	Language string `json:"language"`
	Locale   string `json:"locale"`
	TimeZone string `json:"timeZone"`
}

// Credentials are the body of POST /v1/auth/sign-in.
type Credentials struct {
	Email    string `json:"email"`
	Password string `json:"password"`
}

// Session answers a successful sign-in: the bearer token (shown once,
// stored only as its hash) and who it is for.
type Session struct {
	Token     string    `json:"token"`
	ExpiresAt time.Time `json:"expiresAt"`
	Person    Person    `json:"person"`
}

// AccessRequestReceipt answers POST /v1/access-requests: the request's
// ID and status, and the token that lets the requester check the outcome
// (shown once).
type AccessRequestReceipt struct {
	ID     string `json:"id"`
	Status string `json:"status"`
	Token  string `json:"token"`
}

// AccessRequestStatus is what the requester without a login may see of
// their request (GET /v1/access-requests/{id}?token=).
type AccessRequestStatus struct {
	ID        string     `json:"id"`
	Status    string     `json:"status"` // pending, approved, rejected
	Reason    string     `json:"reason,omitempty"`
	CreatedAt time.Time  `json:"createdAt"`
	DecidedAt *time.Time `json:"decidedAt,omitempty"`
}
