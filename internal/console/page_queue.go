package console

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"supportportal/internal/portal"
	"supportportal/internal/servercore"
)

type option struct {
	Value, Label string
	Selected     bool
}

type queueData struct {
	Page                                             servercore.QueuePage
	Statuses, Priorities, Companies, Ages, Attention []option
	PrevURL, NextURL                                 string
	From, To                                         int
}

var serverStatuses = []string{portal.StatusNew, portal.StatusInProgress, portal.StatusWaitingOnCustomer, portal.StatusSolved, portal.StatusClosed}

var ageChoices = []int{1, 3, 7, 14, 30}

func (c *Console) queue(w http.ResponseWriter, r *http.Request) {
	v := c.newView(r, "queue.title")
	v.Nav = "queue"
	q := r.URL.Query()
	f := servercore.QueueFilter{Status: q.Get("status"), Priority: q.Get("priority"), CompanyID: q.Get("company"), Now: c.cfg.Now()}
	if !q.Has("status") {
		f.Status = "open"
	}
	if f.Status != "" && f.Status != "open" && !slices.Contains(serverStatuses, f.Status) {
		f.Status = "open"
	}
	if !slices.Contains(portal.Priorities, f.Priority) {
		f.Priority = ""
	}
	f.Attention = q.Get("attention") == "1"
	f.MinAgeDays, _ = strconv.Atoi(q.Get("age"))
	if !slices.Contains(ageChoices, f.MinAgeDays) {
		f.MinAgeDays = 0
	}
	pageNo, _ := strconv.Atoi(q.Get("page"))
	pageNo = max(pageNo, 1)
	agent := caller(r)
	page, err := c.store.Queue(r.Context(), agent.VendorID, f, (pageNo-1)*queuePageSize, queuePageSize)
	if err != nil {
		status, text := c.errorText(r, v, err)
		c.message(w, r, status, "queue.title", text)
		return
	}
	companies, err := c.store.Companies(r.Context(), agent.VendorID)
	if err != nil {
		status, text := c.errorText(r, v, err)
		c.message(w, r, status, "queue.title", text)
		return
	}
	d := queueData{Page: page}
	d.Statuses = []option{{"open", v.T("queue.status.open"), f.Status == "open"}, {"", v.T("queue.status.all"), f.Status == ""}}
	for _, s := range serverStatuses {
		d.Statuses = append(d.Statuses, option{s, v.Status(s), f.Status == s})
	}
	d.Priorities = []option{{"", v.T("queue.priority.all"), f.Priority == ""}}
	for _, p := range portal.Priorities {
		d.Priorities = append(d.Priorities, option{p, v.Priority(p), f.Priority == p})
	}
	d.Companies = []option{{"", v.T("queue.company.all"), f.CompanyID == ""}}
	for _, co := range companies {
		d.Companies = append(d.Companies, option{co.ID, co.Name, f.CompanyID == co.ID})
	}
	d.Ages = []option{{"", v.T("queue.age.any"), f.MinAgeDays == 0}}
	for _, a := range ageChoices {
		d.Ages = append(d.Ages, option{strconv.Itoa(a), v.T("queue.age.days", "n", a), f.MinAgeDays == a})
	}
	d.Attention = []option{{"", v.T("queue.attention.any"), !f.Attention}, {"1", v.T("queue.attention.only"), f.Attention}}
	pageURL := func(n int) string {
		qq := url.Values{}
		qq.Set("status", f.Status)
		if f.Attention {
			qq.Set("attention", "1")
		}
		for k, val := range map[string]string{"priority": f.Priority, "company": f.CompanyID} {
			if val != "" {
				qq.Set(k, val)
			}
		}
		if f.MinAgeDays > 0 {
			qq.Set("age", strconv.Itoa(f.MinAgeDays))
		}
		qq.Set("page", strconv.Itoa(n))
		return "/console/queue?" + qq.Encode()
	}
	if pageNo > 1 {
		d.PrevURL = pageURL(pageNo - 1)
	}
	if pageNo*queuePageSize < page.Total {
		d.NextURL = pageURL(pageNo + 1)
	}
	if len(page.Items) > 0 {
		d.From, d.To = page.Offset+1, page.Offset+len(page.Items)
	}
	v.Data = d
	c.render(w, r, http.StatusOK, "queue", v)
}
