package servercore

import (
	"math"
	"time"

	"supportportal/internal/portal"
	"supportportal/internal/syncproto"
)

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
// Waiting on customer) and any case flagged for attention; MinAgeDays
// keeps cases created at least that many days before Now; Attention only
// the cases flagged for attention (a "not satisfied" rating no agent has
// acted on).
type QueueFilter struct {
	Status     string
	Priority   string
	CompanyID  string
	MinAgeDays int
	Attention  bool
	Now        time.Time
}

// QueueItem is a row of the console's queue. Rating is the customer's
// satisfaction rating ("" when none).
type QueueItem struct {
	syncproto.CaseSummary
	CompanyID      string
	CompanyName    string
	NeedsAttention bool
	Rating         string
}

// SatisfactionRow counts the ratings of one agent (Key the agent's ID, ""
// when the case was not solved by a known agent) or one component
// category (Key its ID).
type SatisfactionRow struct {
	Key, Name               string
	Satisfied, NotSatisfied int
}

// Percent is the share of satisfied ratings, 0..100 rounded; -1 without
// ratings.
func (r SatisfactionRow) Percent() int { return satisfactionPercent(r.Satisfied, r.NotSatisfied) }

// SatisfactionCounts are a vendor's current ratings, one per rated case.
type SatisfactionCounts struct {
	ByAgent, ByCategory     []SatisfactionRow
	Satisfied, NotSatisfied int
}

// Percent is the share of satisfied ratings over all, as for a row.
func (c SatisfactionCounts) Percent() int { return satisfactionPercent(c.Satisfied, c.NotSatisfied) }

func satisfactionPercent(yes, no int) int {
	if yes+no <= 0 {
		return -1
	}
	return int(math.Round(float64(yes) * 100 / float64(yes+no)))
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
