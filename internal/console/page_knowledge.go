package console

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"supportportal/internal/markdown"
	"supportportal/internal/portal"
	"supportportal/internal/syncproto"
)

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
