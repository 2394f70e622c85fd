package console

import (
	"crypto/subtle"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"supportportal/internal/markdown"
	"supportportal/internal/portal"
	"supportportal/internal/servercore"
	"supportportal/internal/syncproto"
)

func caller(r *http.Request) servercore.Caller {
	return r.Context().Value(agentKey{}).(servercore.Caller)
}

// ---- Sign-in ---------------------------------------------------------------

type signInData struct {
	Email   string
	PreCSRF string
}

// signInPage shows the form. Before there is a session, the form's CSRF
// token is a random value also set as a cookie (double submit), so
// another site cannot sign a browser in to an account of its choosing.
func (c *Console) signInPage(w http.ResponseWriter, r *http.Request) {
	c.renderSignIn(w, r, http.StatusOK, "", "")
}

func (c *Console) renderSignIn(w http.ResponseWriter, r *http.Request, status int, email, errText string) {
	tok, _, err := servercore.NewToken()
	if err != nil {
		c.message(w, r, http.StatusInternalServerError, "error.title", c.newView(r, "error.title").T("error.internal"))
		return
	}
	c.setCookie(w, r, preCSRFCookie, tok, c.cfg.Now().Add(2*time.Hour), true)
	v := c.newView(r, "signin.title")
	v.Error = errText
	v.Data = signInData{Email: email, PreCSRF: tok}
	c.render(w, r, status, "signin", v)
}

func (c *Console) signIn(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	v := c.newView(r, "signin.title")
	if err := r.ParseForm(); err != nil {
		c.renderSignIn(w, r, http.StatusBadRequest, "", v.T("error.bad_form"))
		return
	}
	email := strings.TrimSpace(r.PostForm.Get("email"))
	pre, err := r.Cookie(preCSRFCookie)
	if err != nil || pre.Value == "" || !sameOrigin(r) || subtle.ConstantTimeCompare([]byte(r.PostForm.Get("csrf")), []byte(pre.Value)) != 1 {
		c.renderSignIn(w, r, http.StatusForbidden, email, v.T("error.csrf"))
		return
	}
	if email == "" {
		c.renderSignIn(w, r, http.StatusBadRequest, email, v.T("error.email_required"))
		return
	}
	// The client's address as the API's sign-in limits see it (behind a
	// trusted proxy, from its forwarding header).
	remote := c.host.ClientAddr(r)
	p, err := c.auth.Authenticate(r.Context(), email, r.PostForm.Get("password"), remote)
	if err != nil {
		status, text := c.errorText(r, v, err)
		c.renderSignIn(w, r, status, email, text)
		return
	}
	// Checked before a session exists: a customer gets no console session.
	if p.Kind != servercore.KindAgent {
		c.log.InfoContext(r.Context(), "console sign-in refused", "person", p.ID, "reason", "agents_only")
		c.renderSignIn(w, r, http.StatusForbidden, email, v.T("error.agents_only"))
		return
	}
	tok, exp, err := c.auth.StartSession(r.Context(), p, remote)
	if err != nil {
		status, text := c.errorText(r, v, err)
		c.renderSignIn(w, r, status, email, text)
		return
	}
	c.setCookie(w, r, sessionCookie, tok, exp, true)
	c.setCookie(w, r, preCSRFCookie, "", time.Time{}, true)
	c.log.InfoContext(r.Context(), "console signed in", "person", p.ID)
	http.Redirect(w, r, "/console/queue", http.StatusSeeOther)
}

func (c *Console) signOut(w http.ResponseWriter, r *http.Request) {
	if err := c.auth.EndSession(r.Context(), r.Context().Value(tokenKey{}).(string)); err != nil {
		v := c.newView(r, "error.title")
		status, text := c.errorText(r, v, err)
		c.message(w, r, status, "error.title", text)
		return
	}
	c.setCookie(w, r, sessionCookie, "", time.Time{}, true)
	http.Redirect(w, r, "/console/sign-in", http.StatusSeeOther)
}

// ---- Queue -----------------------------------------------------------------

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

// ---- Case ------------------------------------------------------------------

type caseData struct {
	Case           syncproto.CaseDetail
	NeedsAttention bool
	CompanyName    string
	Component      string
	Transitions    []option
	SolutionHTML   template.HTML
	CanReply       bool
	CanPublish     bool
	CommentID      string
	Categories     []categoryOption
	ReplyDraft     string
	Solution       string
	PublishTitle   string
}

func (c *Console) casePage(w http.ResponseWriter, r *http.Request) {
	c.renderCase(w, r, http.StatusOK, nil)
}

// formState keeps what the agent typed when a post is refused, so that
// the page shown with the error still holds it.
type formState struct {
	errText      string
	reply        string
	solution     *string
	publishTitle string
}

func (c *Console) renderCase(w http.ResponseWriter, r *http.Request, status int, fs *formState) {
	v := c.newView(r, "case.title")
	v.Nav = "queue"
	agent := caller(r)
	d, err := c.store.Case(r.Context(), servercore.ScopeOf(agent), r.PathValue("id"))
	if err != nil {
		st, text := c.errorText(r, v, err)
		c.message(w, r, st, "case.title", text)
		return
	}
	data := caseData{Case: d, CanReply: d.Status != portal.StatusClosed, CommentID: uuid.NewString(),
		Solution: d.Solution, PublishTitle: d.Subject}
	data.CanPublish = servercore.CheckPublishSolution(d.Status, d.Solution, d.SolutionArticleID) == nil
	if data.NeedsAttention, err = c.store.NeedsAttention(r.Context(), agent.VendorID, d.ID); err != nil {
		st, text := c.errorText(r, v, err)
		c.message(w, r, st, "case.title", text)
		return
	}
	for _, s := range serverStatuses {
		if portal.CanTransition(d.Status, s) {
			data.Transitions = append(data.Transitions, option{Value: s, Label: v.Status(s)})
		}
	}
	if d.Solution != "" {
		h, err := markdown.ToHTML(d.Solution)
		if err != nil {
			c.log.ErrorContext(r.Context(), "render solution", "case", d.ID, "err", err.Error())
		}
		// Safe: markdown.ToHTML's output went through the sanitizer.
		data.SolutionHTML = template.HTML(h)
	}
	if companies, err := c.store.Companies(r.Context(), agent.VendorID); err == nil {
		for _, co := range companies {
			if co.ID == d.CompanyID {
				data.CompanyName = co.Name
			}
		}
	}
	data.Component = c.componentName(r, v.Lang, agent.VendorID, d.CategoryID, d.SubcategoryID)
	if data.CanPublish {
		if data.Categories, err = c.categoryOptions(r, v, ""); err != nil {
			st, text := c.errorText(r, v, err)
			c.message(w, r, st, "case.title", text)
			return
		}
	}
	if fs != nil {
		v.Error, data.ReplyDraft = fs.errText, fs.reply
		if fs.solution != nil {
			data.Solution = *fs.solution
		}
		if fs.publishTitle != "" {
			data.PublishTitle = fs.publishTitle
		}
	}
	v.Title = v.T("case.heading", "number", d.Number, "subject", d.Subject)
	v.Data = data
	c.render(w, r, status, "case", v)
}

// componentName names a case's component and subcategory ("" for the
// component alone) from the vendor's list in the page's language, falling
// back to the IDs.
func (c *Console) componentName(r *http.Request, lang, vendorID, catID, subID string) string {
	name := func(en, de string) string {
		if lang == "de" && de != "" {
			return de
		}
		return en
	}
	out := catID
	if subID != "" {
		out += " / " + subID
	}
	p, err := c.store.Profile(r.Context(), vendorID)
	if err != nil {
		return out
	}
	for _, cat := range p.Categories {
		if cat.ID != catID {
			continue
		}
		out = name(cat.NameEn, cat.NameDe)
		for _, sub := range cat.Subcategories {
			if sub.ID == subID {
				out += " / " + name(sub.NameEn, sub.NameDe)
			}
		}
	}
	return out
}

func (c *Console) caseURL(id, done string) string {
	return "/console/cases/" + url.PathEscape(id) + "?done=" + done
}

func (c *Console) reply(w http.ResponseWriter, r *http.Request) {
	v := c.newView(r, "case.title")
	body := r.PostForm.Get("body")
	commentID := r.PostForm.Get("commentId")
	if _, err := uuid.Parse(commentID); err != nil {
		commentID = ""
	}
	err := portal.ValidateComment(body)
	if err == nil {
		_, err = c.store.AddSupportComment(r.Context(), caller(r), r.PathValue("id"), commentID, body, c.cfg.Now())
	}
	if err != nil {
		status, text := c.errorText(r, v, err)
		c.renderCase(w, r, status, &formState{errText: text, reply: body})
		return
	}
	http.Redirect(w, r, c.caseURL(r.PathValue("id"), "reply_sent"), http.StatusSeeOther)
}

func (c *Console) status(w http.ResponseWriter, r *http.Request) {
	v := c.newView(r, "case.title")
	to := r.PostForm.Get("status")
	solution := strings.TrimSpace(r.PostForm.Get("solution"))
	var err error
	if !slices.Contains(serverStatuses, to) {
		err = portal.Invalid("status", portal.ReasonUnknownStatus, to, "unknown case status %q", to)
	} else if solution != "" {
		if verr := portal.ValidateCommentDraft(solution); verr != nil {
			err = verr
		}
	}
	if err == nil {
		_, err = c.store.SetStatus(r.Context(), caller(r), r.PathValue("id"), to, solution, c.cfg.Now())
	}
	if err != nil {
		status, text := c.errorText(r, v, err)
		c.renderCase(w, r, status, &formState{errText: text, solution: &solution})
		return
	}
	http.Redirect(w, r, c.caseURL(r.PathValue("id"), "status_changed"), http.StatusSeeOther)
}

func (c *Console) publish(w http.ResponseWriter, r *http.Request) {
	v := c.newView(r, "case.title")
	in := syncproto.KBArticle{Title: strings.TrimSpace(r.PostForm.Get("title")), CategoryID: r.PostForm.Get("categoryId"),
		Tags: splitTags(r.PostForm.Get("tags")), Locale: r.PostForm.Get("locale")}
	_, _, err := c.store.PublishSolution(r.Context(), caller(r), r.PathValue("id"), in, c.cfg.Now())
	if err != nil {
		status, text := c.errorText(r, v, err)
		c.renderCase(w, r, status, &formState{errText: text, publishTitle: in.Title})
		return
	}
	http.Redirect(w, r, c.caseURL(r.PathValue("id"), "published"), http.StatusSeeOther)
}

func splitTags(s string) []string {
	var out []string
	for _, t := range strings.Split(s, ",") {
		if t = strings.TrimSpace(t); t != "" {
			out = append(out, t)
		}
	}
	return out
}

// ---- Knowledge -------------------------------------------------------------

type categoryOption struct {
	ID, Label string
	Selected  bool
}

// categoryOptions lists the categories indented by depth, for a select.
func (c *Console) categoryOptions(r *http.Request, v *view, selected string) ([]categoryOption, error) {
	cats, err := c.store.KBCategories(r.Context(), caller(r).VendorID)
	if err != nil {
		return nil, err
	}
	depth := map[string]int{}
	out := []categoryOption{{ID: "", Label: v.T("kb.noCategory"), Selected: selected == ""}}
	for _, cat := range cats {
		if cat.ParentID != "" {
			depth[cat.ID] = depth[cat.ParentID] + 1
		}
		out = append(out, categoryOption{ID: cat.ID, Label: strings.Repeat("— ", depth[cat.ID]) + categoryName(v.Lang, cat),
			Selected: cat.ID == selected})
	}
	return out, nil
}

func categoryName(lang string, c syncproto.KBCategory) string {
	if lang == "de" && c.NameDe != "" {
		return c.NameDe
	}
	return c.NameEn
}

type categoryRow struct {
	syncproto.KBCategory
	Indent  string
	Parents []categoryOption
}

type articleRow struct {
	syncproto.KBArticle
	CategoryName string
}

type kbData struct {
	Categories []categoryRow
	NewParents []categoryOption
	Articles   []articleRow
	More       bool
}

func (c *Console) kb(w http.ResponseWriter, r *http.Request) {
	c.renderKB(w, r, http.StatusOK, "")
}

func (c *Console) renderKB(w http.ResponseWriter, r *http.Request, status int, errText string) {
	v := c.newView(r, "kb.title")
	v.Nav = "kb"
	v.Error = errText
	vendor := caller(r).VendorID
	cats, err := c.store.KBCategories(r.Context(), vendor)
	var page syncproto.KBArticlePage
	if err == nil {
		page, err = c.store.KBArticles(r.Context(), vendor, 0, maxListedItems)
	}
	if err != nil {
		st, text := c.errorText(r, v, err)
		c.message(w, r, st, "kb.title", text)
		return
	}
	d := kbData{More: page.More}
	names := map[string]string{}
	depth := map[string]int{}
	for _, cat := range cats {
		names[cat.ID] = categoryName(v.Lang, cat)
		if cat.ParentID != "" {
			depth[cat.ID] = depth[cat.ParentID] + 1
		}
	}
	all, _ := c.categoryOptions(r, v, "")
	d.NewParents = all
	for _, cat := range cats {
		row := categoryRow{KBCategory: cat, Indent: strings.Repeat("— ", depth[cat.ID])}
		for _, o := range all {
			if o.ID == cat.ID {
				continue // never its own parent; deeper cycles are refused on save
			}
			o.Selected = o.ID == cat.ParentID
			row.Parents = append(row.Parents, o)
		}
		d.Categories = append(d.Categories, row)
	}
	// Newest edits first: the feed is in write order.
	for i := len(page.Items) - 1; i >= 0; i-- {
		a := page.Items[i]
		d.Articles = append(d.Articles, articleRow{KBArticle: a, CategoryName: names[a.CategoryID]})
	}
	v.Data = d
	c.render(w, r, status, "kb", v)
}

func (c *Console) saveCategory(w http.ResponseWriter, r *http.Request) {
	v := c.newView(r, "kb.title")
	pos, _ := strconv.Atoi(r.PostForm.Get("position"))
	in := syncproto.KBCategory{ID: r.PathValue("id"), ParentID: r.PostForm.Get("parentId"), NameEn: r.PostForm.Get("nameEn"),
		NameDe: r.PostForm.Get("nameDe"), Position: pos}
	if _, err := c.store.SaveKBCategory(r.Context(), caller(r).VendorID, in, c.cfg.Now()); err != nil {
		status, text := c.errorText(r, v, err)
		c.renderKB(w, r, status, text)
		return
	}
	http.Redirect(w, r, "/console/kb?done=category_saved", http.StatusSeeOther)
}

type articleData struct {
	Article     syncproto.KBArticle
	Tags        string
	Categories  []categoryOption
	PreviewHTML template.HTML
	Preview     bool
	Action      string
}

func (c *Console) articlePage(w http.ResponseWriter, r *http.Request) {
	a := syncproto.KBArticle{Locale: portal.DefaultArticleLocale}
	if id := r.PathValue("id"); id != "" {
		var err error
		if a, err = c.store.KBArticle(r.Context(), caller(r).VendorID, id); err != nil {
			v := c.newView(r, "article.title")
			status, text := c.errorText(r, v, err)
			c.message(w, r, status, "article.title", text)
			return
		}
	}
	c.renderArticle(w, r, http.StatusOK, a, false, "")
}

func (c *Console) renderArticle(w http.ResponseWriter, r *http.Request, status int, a syncproto.KBArticle, preview bool, errText string) {
	v := c.newView(r, "article.new")
	v.Nav = "kb"
	v.Error = errText
	d := articleData{Article: a, Tags: strings.Join(a.Tags, ", "), Preview: preview, Action: "/console/kb/articles"}
	if a.ID != "" {
		v.Title = v.T("article.edit", "title", a.Title)
		d.Action = "/console/kb/articles/" + url.PathEscape(a.ID)
	}
	var err error
	if d.Categories, err = c.categoryOptions(r, v, a.CategoryID); err != nil {
		st, text := c.errorText(r, v, err)
		c.message(w, r, st, "article.title", text)
		return
	}
	if a.Body != "" {
		h, err := markdown.ToHTML(a.Body)
		if err != nil {
			c.log.ErrorContext(r.Context(), "render article", "article", a.ID, "err", err.Error())
		}
		// Safe: markdown.ToHTML's output went through the sanitizer.
		d.PreviewHTML = template.HTML(h)
	}
	v.Data = d
	c.render(w, r, status, "article", v)
}

// saveArticle saves the form, or with action=preview only shows the
// rendered body under it.
func (c *Console) saveArticle(w http.ResponseWriter, r *http.Request) {
	v := c.newView(r, "article.title")
	f := r.PostForm
	version, _ := strconv.ParseInt(f.Get("version"), 10, 64)
	a := syncproto.KBArticle{ID: r.PathValue("id"), Title: f.Get("title"), Summary: f.Get("summary"), Body: f.Get("body"),
		Locale: f.Get("locale"), CategoryID: f.Get("categoryId"), Tags: splitTags(f.Get("tags")), Version: version}
	if f.Get("action") == "preview" {
		if a.ID != "" {
			// Keep what identifies the article; the form holds the rest.
			if cur, err := c.store.KBArticle(r.Context(), caller(r).VendorID, a.ID); err == nil {
				a.SourceID, a.FromCaseID, a.PublishedAt, a.UpdatedAt = cur.SourceID, cur.FromCaseID, cur.PublishedAt, cur.UpdatedAt
			}
		}
		c.renderArticle(w, r, http.StatusOK, a, true, "")
		return
	}
	saved, err := c.store.SaveKBArticle(r.Context(), caller(r).VendorID, a, c.cfg.Now())
	if err != nil {
		status, text := c.errorText(r, v, err)
		c.renderArticle(w, r, status, a, false, text)
		return
	}
	http.Redirect(w, r, "/console/kb/articles/"+url.PathEscape(saved.ID)+"?done=article_saved", http.StatusSeeOther)
}

// ---- Counts ---------------------------------------------------------------

type countsData struct {
	Rows                          []servercore.ArticleCounts
	Deflections, Helpful, NotHelp int
	CSAT                          servercore.SatisfactionCounts
}

func (c *Console) counts(w http.ResponseWriter, r *http.Request) {
	v := c.newView(r, "counts.title")
	v.Nav = "counts"
	rows, err := c.store.ArticleCounts(r.Context(), caller(r).VendorID)
	if err != nil {
		status, text := c.errorText(r, v, err)
		c.message(w, r, status, "counts.title", text)
		return
	}
	csat, err := c.store.SatisfactionCounts(r.Context(), caller(r).VendorID)
	if err != nil {
		status, text := c.errorText(r, v, err)
		c.message(w, r, status, "counts.title", text)
		return
	}
	for i := range csat.ByAgent {
		if csat.ByAgent[i].Name == "" {
			csat.ByAgent[i].Name = v.T("csat.unknownAgent")
		}
	}
	for i := range csat.ByCategory {
		csat.ByCategory[i].Name = c.componentName(r, v.Lang, caller(r).VendorID, csat.ByCategory[i].Key, "")
	}
	d := countsData{Rows: rows, CSAT: csat}
	for _, row := range rows {
		d.Deflections += row.Deflections
		d.Helpful += row.Helpful
		d.NotHelp += row.NotHelpful
	}
	v.Data = d
	c.render(w, r, http.StatusOK, "counts", v)
}
