package portal

import (
	"fmt"
	"net/mail"
	"strings"
	"unicode/utf8"
)

// Product roles: a person's role in the vendor's product (the LMS). The
// vendor's documents allow only Account Owners and Administrators.
const (
	RoleAccountOwner  = "account_owner"
	RoleAdministrator = "administrator"
	RoleOther         = "other"
)

// Limits on what a portal-user or access request holds. The forms enforce
// them too; these are the source of truth.
const (
	MaxPersonNameRunes  = 100
	MaxEmailBytes       = 254 // RFC 5321's limit on a forward path
	MaxCompanyNameRunes = 200
	MaxDomainRunes      = 253
	MaxTitleRunes       = 100
	MaxPhoneRunes       = 40
	MaxDecisionRunes    = 1000
)

// NewUserRequest is what a signed-in customer asks for on "Request New
// Customer Portal User": the person's name and e-mail address, and their
// role in the product, which the vendor requires to be Account Owner or
// Administrator before the request is made.
type NewUserRequest struct {
	FirstName   string `json:"firstName"`
	LastName    string `json:"lastName"`
	Email       string `json:"email"`
	ProductRole string `json:"productRole"`
}

// Normalize trims the fields and lower-cases the e-mail address, which is
// how the server compares addresses.
func (r NewUserRequest) Normalize() NewUserRequest {
	return NewUserRequest{FirstName: strings.TrimSpace(r.FirstName), LastName: strings.TrimSpace(r.LastName),
		Email: NormalizeEmail(r.Email), ProductRole: strings.TrimSpace(r.ProductRole)}
}

// FullName is the name the new person gets.
func (r NewUserRequest) FullName() string {
	return strings.TrimSpace(r.FirstName + " " + r.LastName)
}

// ValidateNewUserRequest checks a (normalized) request; the first problem
// is returned with its field.
func ValidateNewUserRequest(r NewUserRequest) error {
	if err := checkText("firstName", r.FirstName, MaxPersonNameRunes, true); err != nil {
		return err
	}
	if err := checkText("lastName", r.LastName, MaxPersonNameRunes, true); err != nil {
		return err
	}
	if err := ValidateEmail("email", r.Email); err != nil {
		return err
	}
	return CheckRoleAllowed(r.ProductRole)
}

// AccessRequest is the "email portal access" path of the documents, made
// from the sign-in screen by someone without a login: name, company,
// e-mail, product domain (if known), title and phone, plus the role in the
// product the person says they hold.
type AccessRequest struct {
	Name          string `json:"name"`
	Company       string `json:"company"`
	Email         string `json:"email"`
	ProductDomain string `json:"productDomain"`
	Title         string `json:"title"`
	Phone         string `json:"phone"`
	ProductRole   string `json:"productRole"`
}

// Normalize trims the fields and lower-cases the e-mail address and domain.
func (a AccessRequest) Normalize() AccessRequest {
	return AccessRequest{Name: strings.TrimSpace(a.Name), Company: strings.TrimSpace(a.Company), Email: NormalizeEmail(a.Email),
		ProductDomain: strings.ToLower(strings.TrimSpace(a.ProductDomain)), Title: strings.TrimSpace(a.Title),
		Phone: strings.TrimSpace(a.Phone), ProductRole: strings.TrimSpace(a.ProductRole)}
}

// ValidateAccessRequest checks a (normalized) access request. The domain
// is optional ("if known"); everything else the documents ask for is
// required.
func ValidateAccessRequest(a AccessRequest) error {
	checks := []struct {
		field, v string
		max      int
		required bool
	}{
		{"name", a.Name, MaxPersonNameRunes, true},
		{"company", a.Company, MaxCompanyNameRunes, true},
	}
	for _, c := range checks {
		if err := checkText(c.field, c.v, c.max, c.required); err != nil {
			return err
		}
	}
	if err := ValidateEmail("email", a.Email); err != nil {
		return err
	}
	checks = []struct {
		field, v string
		max      int
		required bool
	}{
		{"productDomain", a.ProductDomain, MaxDomainRunes, false},
		{"title", a.Title, MaxTitleRunes, true},
		{"phone", a.Phone, MaxPhoneRunes, true},
	}
	for _, c := range checks {
		if err := checkText(c.field, c.v, c.max, c.required); err != nil {
			return err
		}
	}
	return CheckRoleAllowed(a.ProductRole)
}

// ValidateDecisionReason checks the reason an agent gives for rejecting a
// request; the requester is told it, so it may not be empty.
func ValidateDecisionReason(s string) error {
	return checkText("reason", strings.TrimSpace(s), MaxDecisionRunes, true)
}

// NormalizeEmail is how e-mail addresses are stored and compared.
func NormalizeEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// CheckEmail normalises an address a person typed (NormalizeEmail) and
// validates it (ValidateEmail): the one check of an e-mail address for
// the app's forms and the server's. It returns the normalised address.
func CheckEmail(field, s string) (string, error) {
	s = NormalizeEmail(s)
	return s, ValidateEmail(field, s)
}

// ValidateEmail accepts a bare address (no display name, no angle
// brackets) with a dot in the domain: what a person types into a form.
func ValidateEmail(field, s string) error {
	if s == "" {
		return Invalid(field, ReasonRequired, "", "an e-mail address is required")
	}
	if len(s) > MaxEmailBytes {
		return &Error{Code: EInvalid, Reason: ReasonTooLong, Field: field, Params: map[string]string{"max": fmt.Sprint(MaxEmailBytes)},
			Message: fmt.Sprintf("the e-mail address is longer than %d characters", MaxEmailBytes)}
	}
	a, err := mail.ParseAddress(s)
	_, domain, _ := strings.Cut(s, "@")
	if err != nil || a.Address != s || a.Name != "" || !strings.Contains(domain, ".") ||
		strings.HasPrefix(domain, ".") || strings.HasSuffix(domain, ".") || strings.ContainsAny(s, " \t\r\n<>") {
		return &Error{Code: EInvalid, Reason: ReasonInvalidEmail, Field: field, Params: map[string]string{"value": truncate(s, 80)},
			Message: fmt.Sprintf("%q is not an e-mail address", s)}
	}
	return nil
}

// checkText checks one line of text: required, at most max characters, no
// control characters (which would let a value break an e-mail header or a
// log line).
func checkText(field, v string, max int, required bool) error {
	if v == "" {
		if required {
			return Invalid(field, ReasonRequired, "", "%s is required", field)
		}
		return nil
	}
	if !utf8.ValidString(v) {
		return Invalid(field, ReasonInvalidText, "", "%s is not valid text", field)
	}
	if err := CheckTextChars(field, v, false); err != nil {
		return err
	}
	if n := utf8.RuneCountInString(v); n > max {
		return &Error{Code: EInvalid, Reason: ReasonTooLong, Field: field, Params: map[string]string{"max": fmt.Sprint(max)},
			Message: fmt.Sprintf("%s is longer than %d characters", field, max)}
	}
	return nil
}

// RoleAllowed reports whether a product role may use the portal.
func RoleAllowed(role string) bool { return role == RoleAccountOwner || role == RoleAdministrator }

// CheckRoleAllowed refuses a role other than Account Owner or
// Administrator; an empty role is a missing field.
func CheckRoleAllowed(role string) error {
	if role == "" {
		return Invalid("productRole", ReasonRequired, "", "the person's role in the product is required")
	}
	if !RoleAllowed(role) {
		return &Error{Code: EInvalid, Reason: ReasonRoleNotAllowed, Field: "productRole", Params: map[string]string{"value": truncate(role, 80)},
			Message: "only Account Owners and Administrators can be Customer Portal users; upgrade the person's role in the product first"}
	}
	return nil
}

// CheckUserLimit refuses one more active user when a company already has
// limit of them. A limit of 0 or less means no limit. The caller must
// count inside the transaction that activates the user, or two
// activations at the same moment could both pass.
func CheckUserLimit(active, limit int) error {
	if limit > 0 && active >= limit {
		return &Error{Code: EConflict, Reason: ReasonPortalUserLimit,
			Params: map[string]string{"limit": fmt.Sprint(limit), "active": fmt.Sprint(active)},
			Message: fmt.Sprintf("the company already has %d of %d active Customer Portal users; deactivate one first, "+
				"or use a shared mailbox or distribution list as one user", active, limit)}
	}
	return nil
}

// NewPortalUser is what a store knows when it is about to activate a
// portal user (a new one, or a deactivated one again).
type NewPortalUser struct {
	TrialCompany bool   // the company is on a trial account
	ProductRole  string // the person's role in the product
	EmailTaken   bool   // another person already has the e-mail address
	Active       int    // the company's active portal users now
	Limit        int    // the vendor's portal-user limit
}

// CheckActivation applies every rule for one more active portal user, in
// the order a person can fix them: trial company, role, e-mail, limit.
func CheckActivation(u NewPortalUser) error {
	if u.TrialCompany {
		return &Error{Code: EConflict, Reason: ReasonTrialCompany, Message: "companies on a trial account cannot have Customer Portal users"}
	}
	if err := CheckRoleAllowed(u.ProductRole); err != nil {
		return err
	}
	if u.EmailTaken {
		return &Error{Code: EConflict, Reason: ReasonDuplicateEmail, Field: "email", Message: "this e-mail address already has a Customer Portal account"}
	}
	return CheckUserLimit(u.Active, u.Limit)
}

// CanDeactivate applies the rule on deactivation: a company must keep at
// least one active user who can manage the others, so its last active
// user cannot deactivate themselves (the vendor's support team still can,
// from the console). active counts the company's active users, the target
// included when targetActive.
func CanDeactivate(actorID, targetID string, targetActive bool, active int) error {
	if actorID == targetID && targetActive && active <= 1 {
		return &Error{Code: EConflict, Reason: ReasonLastActiveUser,
			Message: "you are the last active Customer Portal user of your company and cannot deactivate yourself"}
	}
	return nil
}

// Who deactivated a portal user (AccountUser.DeactivatedBy).
const (
	DeactivatedByVendor  = "vendor"  // the vendor: its command line or an agent
	DeactivatedByCompany = "company" // one of the company's portal users
)

// EForbidden is the code of a change the caller may not make (HTTP 403);
// the same code as the server's.
const EForbidden = "forbidden"

// CheckCompanyAccessChange applies the rules on a company's own portal
// users changing someone's access, beyond CanDeactivate: the Account Owner
// is deactivated only by the vendor, and only the vendor lifts a vendor's
// deactivation. deactivatedBy is the target's AccountUser.DeactivatedBy.
func CheckCompanyAccessChange(productRole, deactivatedBy string, activate bool) error {
	if activate && deactivatedBy == DeactivatedByVendor {
		return &Error{Code: EForbidden, Reason: ReasonDeactivatedByVendor,
			Message: "this person's access was deactivated by the vendor; only the vendor's support team can reactivate it"}
	}
	if !activate && productRole == RoleAccountOwner {
		return &Error{Code: EForbidden, Reason: ReasonAccountOwnerProtected,
			Message: "the Account Owner's access can be deactivated only by the vendor's support team"}
	}
	return nil
}

// MaxDeactivationReasonRunes bounds the reason given for a deactivation.
const MaxDeactivationReasonRunes = 500

// ValidateDeactivationReason checks the optional reason for a
// deactivation (console, command line, app).
func ValidateDeactivationReason(s string) error {
	return textLimit("reason", s, MaxDeactivationReasonRunes, true)
}
