package console

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"

	"supportportal/internal/portal"
	"supportportal/internal/servercore"
)

// ---- Requests for portal users ---------------------------------------------
//
// The support team decides here on both kinds of requests for a new
// portal user: a signed-in customer's request for a colleague, and a
// request for access made without a login. Approving and rejecting go
// through the same core services as the API (ApproveRequest,
// RejectRequest of servercore), so the rules (the user limit, trial companies,
// allowed roles, duplicate e-mail) and the e-mails are the same.

const auditPageSize = 50

// requestFilters are the statuses the page filters by; "all" lists every
// request.
var requestFilters = []string{servercore.RequestPending, servercore.RequestApproved, servercore.RequestRejected, "all"}

// approvalRoles are the roles an agent may set when approving; "" keeps
// the requested one.
var approvalRoles = []string{portal.RoleAccountOwner, portal.RoleAdministrator}

type requestRow struct {
	servercore.UserRequest
	Pending bool
	// DraftReason is what the agent typed into the reject form when the
	// post was refused.
	DraftReason string
}

type requestsData struct {
	Filters   []option
	Status    string
	Rows      []requestRow
	Companies []option
	Roles     []option
}

// RoleLabel names a product role.
func (v *view) RoleLabel(role string) string {
	if role == "" || !v.cat.has("role."+role) {
		return role
	}
	return v.T("role." + role)
}

// RequestStatus names a request's status.
func (v *view) RequestStatus(s string) string {
	if !v.cat.has("requests.status." + s) {
		return s
	}
	return v.T("requests.status." + s)
}

// ActorKind names who made an audit log entry: an agent, a customer,
// the server's command line or the public access form.
func (v *view) ActorKind(k string) string {
	if !v.cat.has("audit.actor." + k) {
		return k
	}
	return v.T("audit.actor." + k)
}

// AuditAction names an audit log entry's action.
func (v *view) AuditAction(a string) string {
	if !v.cat.has("audit.action." + a) {
		return a
	}
	return v.T("audit.action." + a)
}

func (c *Console) requests(w http.ResponseWriter, r *http.Request) {
	c.renderRequests(w, r, http.StatusOK, r.URL.Query().Get("status"), "", "", "")
}

// renderRequests shows the requests with status filter; errText (with
// the request it is about and the reason typed) when a post was refused.
func (c *Console) renderRequests(w http.ResponseWriter, r *http.Request, httpStatus int, status, errText, errID, reason string) {
	v := c.newView(r, "requests.title")
	v.Nav = "requests"
	v.Error = errText
	if !slices.Contains(requestFilters, status) {
		status = servercore.RequestPending
	}
	storeStatus := status
	if status == "all" {
		storeStatus = ""
	}
	agent := caller(r)
	reqs, err := c.store.UserRequests(r.Context(), agent, storeStatus, "", servercore.MaxUserRequests)
	var companies []servercore.Company
	if err == nil {
		companies, err = c.store.Companies(r.Context(), agent.VendorID)
	}
	if err != nil {
		st, text := c.errorText(r, v, err)
		c.message(w, r, st, "requests.title", text)
		return
	}
	d := requestsData{Status: status}
	for _, s := range requestFilters {
		d.Filters = append(d.Filters, option{s, v.T("requests.filter." + s), s == status})
	}
	d.Companies = []option{{"", v.T("requests.chooseCompany"), true}}
	for _, co := range companies {
		label := co.Name
		if co.Status == servercore.CompanyTrial {
			label = v.T("requests.trialCompany", "name", co.Name)
		}
		d.Companies = append(d.Companies, option{co.ID, label, false})
	}
	d.Roles = []option{{"", v.T("requests.keepRole"), true}}
	for _, role := range approvalRoles {
		d.Roles = append(d.Roles, option{role, v.RoleLabel(role), false})
	}
	for _, req := range reqs {
		row := requestRow{UserRequest: req, Pending: req.Status == servercore.RequestPending}
		if req.ID == errID {
			row.DraftReason = reason
		}
		d.Rows = append(d.Rows, row)
	}
	v.Data = d
	c.render(w, r, httpStatus, "requests", v)
}

// refuseRequest shows the pending requests again with the refusal; the
// request is unchanged, since the store decided nothing.
func (c *Console) refuseRequest(w http.ResponseWriter, r *http.Request, err error, reason string) {
	v := c.newView(r, "requests.title")
	status, text := c.errorText(r, v, err)
	c.renderRequests(w, r, status, servercore.RequestPending, text, r.PathValue("id"), reason)
}

func (c *Console) approveRequest(w http.ResponseWriter, r *http.Request) {
	in := servercore.Approval{CompanyID: r.PostForm.Get("companyId"), ProductRole: r.PostForm.Get("productRole")}
	_, sent, err := c.auth.ApproveRequest(r.Context(), caller(r), r.PathValue("id"), in)
	if err != nil {
		c.refuseRequest(w, r, err, "")
		return
	}
	done := "request_approved"
	if !sent {
		done = "request_approved_no_invite"
	}
	http.Redirect(w, r, "/console/requests?done="+done, http.StatusSeeOther)
}

func (c *Console) rejectRequest(w http.ResponseWriter, r *http.Request) {
	reason := r.PostForm.Get("reason")
	if _, err := c.auth.RejectRequest(r.Context(), caller(r), r.PathValue("id"), reason); err != nil {
		c.refuseRequest(w, r, err, reason)
		return
	}
	http.Redirect(w, r, "/console/requests?done=request_rejected", http.StatusSeeOther)
}

// ---- Audit log -------------------------------------------------------------

type auditRow struct {
	servercore.AuditEntry
	CompanyName string
	Details     []string
}

type auditData struct {
	Rows             []auditRow
	Companies        []option
	Total, From, To  int
	PrevURL, NextURL string
}

func (c *Console) audit(w http.ResponseWriter, r *http.Request) {
	v := c.newView(r, "audit.title")
	v.Nav = "audit"
	q := r.URL.Query()
	company := q.Get("company")
	pageNo, _ := strconv.Atoi(q.Get("page"))
	pageNo = max(pageNo, 1)
	agent := caller(r)
	companies, err := c.store.Companies(r.Context(), agent.VendorID)
	var page servercore.AuditPage
	if err == nil {
		page, err = c.store.Audit(r.Context(), agent, company, (pageNo-1)*auditPageSize, auditPageSize)
	}
	if err != nil {
		status, text := c.errorText(r, v, err)
		c.message(w, r, status, "audit.title", text)
		return
	}
	names := map[string]string{}
	d := auditData{Total: page.Total, Companies: []option{{"", v.T("audit.company.all"), company == ""}}}
	for _, co := range companies {
		names[co.ID] = co.Name
		d.Companies = append(d.Companies, option{co.ID, co.Name, co.ID == company})
	}
	for _, e := range page.Items {
		row := auditRow{AuditEntry: e, CompanyName: names[e.CompanyID]}
		var details map[string]any
		if json.Unmarshal(e.Details, &details) == nil {
			keys := make([]string, 0, len(details))
			for k := range details {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				row.Details = append(row.Details, auditDetail(v, k, details[k]))
			}
		}
		d.Rows = append(d.Rows, row)
	}
	pageURL := func(n int) string {
		qq := url.Values{}
		if company != "" {
			qq.Set("company", company)
		}
		qq.Set("page", strconv.Itoa(n))
		return "/console/audit?" + qq.Encode()
	}
	if pageNo > 1 {
		d.PrevURL = pageURL(pageNo - 1)
	}
	if pageNo*auditPageSize < page.Total {
		d.NextURL = pageURL(pageNo + 1)
	}
	if len(page.Items) > 0 {
		d.From, d.To = page.Offset+1, page.Offset+len(page.Items)
	}
	v.Data = d
	c.render(w, r, http.StatusOK, "audit", v)
}

// auditDetail shows one stored detail of an audit entry in the agent's
// language: the key by its label, and values that are codes (roles,
// access states, request types) by theirs. Keys and codes the catalog does
// not know show as stored, so older entries still read.
func auditDetail(v *view, key string, value any) string {
	label := key
	if v.cat.has("audit.detail." + key) {
		label = v.T("audit.detail." + key)
	}
	text := fmt.Sprint(value)
	for _, prefix := range []string{"role.", "audit.access.", "requests.type."} {
		if v.cat.has(prefix + text) {
			text = v.T(prefix + text)
			break
		}
	}
	return label + ": " + text
}
