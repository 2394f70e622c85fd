package console

import (
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/google/uuid"

	"supportportal/internal/markdown"
	"supportportal/internal/portal"
	"supportportal/internal/servercore"
	"supportportal/internal/syncproto"
)

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
