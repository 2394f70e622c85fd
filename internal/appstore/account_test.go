package appstore_test

import (
	"context"
	"testing"

	"supportportal/internal/appstore"
	"supportportal/internal/portal"
)

// The app refuses at once what the server would: lifting a vendor's
// deactivation and deactivating the Account Owner; nothing is queued.
func TestAppRefusesVendorOnlyAccessChanges(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	acc := appstore.NewAccounts(db)
	var ca portal.CompanyAccount
	ca.Users = []portal.AccountUser{
		{ID: "me", ProductRole: portal.RoleAdministrator, PortalAccess: "active"},
		{ID: "owner", ProductRole: portal.RoleAccountOwner, PortalAccess: "active"},
		{ID: "byVendor", ProductRole: portal.RoleAdministrator, PortalAccess: "deactivated", DeactivatedBy: portal.DeactivatedByVendor},
		{ID: "byCompany", ProductRole: portal.RoleAdministrator, PortalAccess: "deactivated", DeactivatedBy: portal.DeactivatedByCompany},
	}
	ca.ActiveUsers, ca.UserLimit = 2, 4
	if err := acc.SaveCompanyAccount(ctx, ca); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		id       string
		activate bool
		reason   string
	}{
		{"byVendor", true, "deactivated_by_vendor"},
		{"owner", false, "account_owner_protected"},
		{"byCompany", true, ""},
	} {
		t.Run(c.id, func(t *testing.T) {
			err := acc.SetAccess(ctx, "me", c.id, c.activate)
			if c.reason == "" {
				if err != nil {
					t.Errorf("%s: %v", c.id, err)
				}
			} else if got := portal.AsError(err); err == nil || got.Reason != c.reason || got.Code != portal.EForbidden {
				t.Errorf("%s: %v, want %q", c.id, err, c.reason)
			}
		})
	}
	q, err := acc.Queued(ctx)
	if err != nil || len(q) != 1 {
		t.Fatalf("queued %+v %v", q, err)
	}
}
