package console

import (
	"net/http"
	"net/url"

	"supportportal/internal/servercore"
)

// ---- People ----------------------------------------------------------------
//
// A company's portal users as the vendor sees them: who deactivated a
// deactivated user (the vendor or the company) and why. An agent's
// deactivation is the vendor's: the company cannot lift it (see
// portal.CheckCompanyAccessChange), and only here or on the command line
// is the Account Owner deactivated.

type personRow struct {
	servercore.AccountUser
	Active bool
}

type peopleData struct {
	Companies []option
	Company   string
	Rows      []personRow
}

// DeactivatedBy names who deactivated a person.
func (v *view) DeactivatedBy(by string) string {
	if !v.cat.has("people.deactivatedBy." + by) {
		return v.T("people.deactivated")
	}
	return v.T("people.deactivatedBy." + by)
}

func (c *Console) people(w http.ResponseWriter, r *http.Request) {
	c.renderPeople(w, r, http.StatusOK, r.URL.Query().Get("company"), "")
}

func (c *Console) renderPeople(w http.ResponseWriter, r *http.Request, status int, company, errText string) {
	v := c.newView(r, "people.title")
	v.Nav = "people"
	if errText != "" {
		v.Error = errText
	}
	agent := caller(r)
	companies, err := c.store.Companies(r.Context(), agent.VendorID)
	if err != nil {
		st, text := c.errorText(r, v, err)
		c.message(w, r, st, "people.title", text)
		return
	}
	d := peopleData{}
	for _, co := range companies {
		if company == "" {
			company = co.ID
		}
		d.Companies = append(d.Companies, option{co.ID, co.Name, co.ID == company})
	}
	d.Company = company
	if company != "" {
		users, err := c.store.People(r.Context(), agent.VendorID, company)
		if err != nil {
			st, text := c.errorText(r, v, err)
			c.message(w, r, st, "people.title", text)
			return
		}
		for _, u := range users {
			d.Rows = append(d.Rows, personRow{AccountUser: u, Active: u.PortalAccess == servercore.AccessActive})
		}
	}
	v.Data = d
	c.render(w, r, status, "people", v)
}

// setAccess deactivates (with a reason) or reactivates a portal user as
// the vendor, through the store's SetUserAccess with the agent as actor.
func (c *Console) setAccess(w http.ResponseWriter, r *http.Request) {
	access := r.PostForm.Get("access")
	company := r.PostForm.Get("company")
	_, err := c.store.SetUserAccess(r.Context(), caller(r), r.PathValue("id"), access, r.PostForm.Get("reason"), c.cfg.Now())
	if err != nil {
		v := c.newView(r, "people.title")
		status, text := c.errorText(r, v, err)
		c.renderPeople(w, r, status, company, text)
		return
	}
	done := "person_reactivated"
	if access == servercore.AccessDeactivated {
		done = "person_deactivated"
	}
	c.log.InfoContext(r.Context(), "portal access set in the console", "person", r.PathValue("id"), "access", access, "by", caller(r).ID)
	http.Redirect(w, r, "/console/people?"+url.Values{"company": {company}, "done": {done}}.Encode(), http.StatusSeeOther)
}
