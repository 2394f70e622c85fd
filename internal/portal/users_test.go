package portal

import (
	"fmt"
	"strings"
	"testing"
)

func reasonOf(err error) string {
	if err == nil {
		return ""
	}
	return AsError(err).Reason
}

func TestValidateNewUserRequest(t *testing.T) {
	ok := NewUserRequest{FirstName: " Ada ", LastName: "Lovelace", Email: " Ada@Example.COM ", ProductRole: RoleAdministrator}.Normalize()
	if ok.Email != "ada@example.com" || ok.FirstName != "Ada" || ok.FullName() != "Ada Lovelace" {
		t.Fatalf("normalize: %+v", ok)
	}
	if err := ValidateNewUserRequest(ok); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name          string
		edit          func(*NewUserRequest)
		field, reason string
	}{
		{"no first name", func(r *NewUserRequest) { r.FirstName = "" }, "firstName", "required"},
		{"no last name", func(r *NewUserRequest) { r.LastName = "" }, "lastName", "required"},
		{"no email", func(r *NewUserRequest) { r.Email = "" }, "email", "required"},
		{"long first name", func(r *NewUserRequest) { r.FirstName = strings.Repeat("é", MaxPersonNameRunes+1) }, "firstName", "too_long"},
		{"control character", func(r *NewUserRequest) { r.LastName = "Love\nlace" }, "lastName", "control_character"},
		{"no at", func(r *NewUserRequest) { r.Email = "ada.example.com" }, "email", "invalid_email"},
		{"no dot in domain", func(r *NewUserRequest) { r.Email = "ada@localhost" }, "email", "invalid_email"},
		{"display name", func(r *NewUserRequest) { r.Email = "Ada <ada@example.com>" }, "email", "invalid_email"},
		{"two ats", func(r *NewUserRequest) { r.Email = "a@b@example.com" }, "email", "invalid_email"},
		{"long email", func(r *NewUserRequest) { r.Email = strings.Repeat("a", 250) + "@example.com" }, "email", "too_long"},
		{"no role", func(r *NewUserRequest) { r.ProductRole = "" }, "productRole", "required"},
		{"learner", func(r *NewUserRequest) { r.ProductRole = RoleOther }, "productRole", ReasonRoleNotAllowed},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := ok
			c.edit(&r)
			err := ValidateNewUserRequest(r)
			if e := AsError(err); err == nil || e.Field != c.field || e.Reason != c.reason || e.Code != EInvalid {
				t.Errorf("%s: %#v, want %s/%s", c.name, err, c.field, c.reason)
			}
		})
	}
	// Exactly at the limit is fine.
	r := ok
	r.FirstName = strings.Repeat("é", MaxPersonNameRunes)
	if err := ValidateNewUserRequest(r); err != nil {
		t.Fatal(err)
	}
}

func TestValidateAccessRequest(t *testing.T) {
	ok := AccessRequest{Name: "Grace Hopper", Company: "Acme", Email: "GRACE@acme.example", ProductDomain: " Acme.Lms.Example ",
		Title: "Training lead", Phone: "+1 555 0100", ProductRole: RoleAccountOwner}.Normalize()
	if ok.Email != "grace@acme.example" || ok.ProductDomain != "acme.lms.example" {
		t.Fatalf("normalize: %+v", ok)
	}
	if err := ValidateAccessRequest(ok); err != nil {
		t.Fatal(err)
	}
	noDomain := ok
	noDomain.ProductDomain = ""
	if err := ValidateAccessRequest(noDomain); err != nil {
		t.Fatalf("the domain is optional: %v", err)
	}
	cases := []struct {
		edit          func(*AccessRequest)
		field, reason string
	}{
		{func(a *AccessRequest) { a.Name = "" }, "name", "required"},
		{func(a *AccessRequest) { a.Company = "" }, "company", "required"},
		{func(a *AccessRequest) { a.Company = strings.Repeat("x", MaxCompanyNameRunes+1) }, "company", "too_long"},
		{func(a *AccessRequest) { a.Email = "grace" }, "email", "invalid_email"},
		{func(a *AccessRequest) { a.ProductDomain = strings.Repeat("d", MaxDomainRunes+1) }, "productDomain", "too_long"},
		{func(a *AccessRequest) { a.Title = "" }, "title", "required"},
		{func(a *AccessRequest) { a.Phone = "" }, "phone", "required"},
		{func(a *AccessRequest) { a.Phone = strings.Repeat("1", MaxPhoneRunes+1) }, "phone", "too_long"},
		{func(a *AccessRequest) { a.ProductRole = "learner" }, "productRole", ReasonRoleNotAllowed},
	}
	for i, c := range cases {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			a := ok
			c.edit(&a)
			err := ValidateAccessRequest(a)
			if e := AsError(err); err == nil || e.Field != c.field || e.Reason != c.reason {
				t.Errorf("case %d: %#v, want %s/%s", i, err, c.field, c.reason)
			}
		})
	}
}

func TestCheckActivation(t *testing.T) {
	ok := NewPortalUser{ProductRole: RoleAccountOwner, Active: 3, Limit: 4}
	if err := CheckActivation(ok); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		edit   func(*NewPortalUser)
		reason string
		code   string
	}{
		{func(u *NewPortalUser) { u.TrialCompany = true }, ReasonTrialCompany, EConflict},
		{func(u *NewPortalUser) { u.ProductRole = RoleOther }, ReasonRoleNotAllowed, EInvalid},
		{func(u *NewPortalUser) { u.EmailTaken = true }, ReasonDuplicateEmail, EConflict},
		{func(u *NewPortalUser) { u.Active = 4 }, ReasonPortalUserLimit, EConflict},
		{func(u *NewPortalUser) { u.Active = 9 }, ReasonPortalUserLimit, EConflict},
		// Trial comes first: upgrading the role would not help.
		{func(u *NewPortalUser) { u.TrialCompany, u.ProductRole, u.Active = true, RoleOther, 4 }, ReasonTrialCompany, EConflict},
	}
	for i, c := range cases {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			u := ok
			c.edit(&u)
			err := CheckActivation(u)
			if reasonOf(err) != c.reason || ErrorCode(err) != c.code {
				t.Errorf("case %d: %#v, want %s", i, err, c.reason)
			}
		})
	}
	e := AsError(CheckUserLimit(4, 4))
	if e.Params["limit"] != "4" || e.Params["active"] != "4" {
		t.Fatalf("params %v", e.Params)
	}
	if err := CheckUserLimit(100, 0); err != nil {
		t.Fatalf("no limit: %v", err)
	}
}

func TestCanDeactivate(t *testing.T) {
	cases := []struct {
		actor, target string
		targetActive  bool
		active        int
		reason        string
	}{
		{"a", "a", true, 1, ReasonLastActiveUser}, // the last one, themselves
		{"a", "a", true, 2, ""},                   // someone else stays
		{"a", "b", true, 1, ""},                   // cannot happen for a customer, but agents may
		{"a", "b", true, 2, ""},
		{"a", "a", false, 0, ""}, // already deactivated: nothing changes
	}
	for i, c := range cases {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			if got := reasonOf(CanDeactivate(c.actor, c.target, c.targetActive, c.active)); got != c.reason {
				t.Errorf("%+v: %q", c, got)
			}
		})
	}
}

func TestCheckEmail(t *testing.T) {
	if got, err := CheckEmail("email", "  Ada@Example.COM "); err != nil || got != "ada@example.com" {
		t.Fatalf("CheckEmail = %q, %v", got, err)
	}
	for in, reason := range map[string]string{"": "required", "  ": "required", "ada": "invalid_email",
		"Ada <ada@example.com>": "invalid_email", "ada@localhost": "invalid_email"} {
		t.Run(in, func(t *testing.T) {
			if _, err := CheckEmail("email", in); AsError(err).Reason != reason || AsError(err).Field != "email" {
				t.Errorf("CheckEmail(%q) = %v, want %s", in, err, reason)
			}
		})
	}
}
