package app

import (
	"strings"

	"supportportal/internal/kbimport"
	"supportportal/internal/portal"
)

// The knowledge-base part of the bound API. Every method shows articles in
// the user's UI language, falling back to English per article.

// uiLanguage is the language articles are shown in: the user's setting.
func (a *App) uiLanguage() string {
	if s, err := a.settings.Settings(a.ctx); err == nil && s.Language != "" {
		return s.Language
	}
	return portal.DefaultArticleLocale
}

// KnowledgeCategories returns the category tree with article counts.
func (a *App) KnowledgeCategories() ([]portal.Category, error) {
	if a.startErr != nil {
		return nil, a.fail(a.startErr)
	}
	c, err := a.knowledge.Categories(a.ctx, a.uiLanguage())
	return c, a.fail(err)
}

// KnowledgeArticles lists the articles of a category and its subcategories
// ("" for all), by title.
func (a *App) KnowledgeArticles(categoryID string, offset, limit int) (portal.ArticlePage, error) {
	if a.startErr != nil {
		return portal.ArticlePage{}, a.fail(a.startErr)
	}
	p, err := a.knowledge.Articles(a.ctx, a.uiLanguage(), strings.TrimSpace(categoryID), offset, limit)
	return p, a.fail(err)
}

// KnowledgeArticle returns one article to read (sanitized HTML body,
// category path, related articles) and records it as recently viewed.
func (a *App) KnowledgeArticle(id string) (portal.ArticleView, error) {
	if a.startErr != nil {
		return portal.ArticleView{}, a.fail(a.startErr)
	}
	v, err := a.knowledge.Article(a.ctx, a.uiLanguage(), id)
	return v, a.fail(err)
}

// SearchKnowledge searches the knowledge base. An empty q.Language means the
// user's UI language.
func (a *App) SearchKnowledge(q portal.SearchQuery) (portal.SearchResults, error) {
	if a.startErr != nil {
		return portal.SearchResults{}, a.fail(a.startErr)
	}
	if q.Language == "" {
		q.Language = a.uiLanguage()
	}
	r, err := a.knowledge.Search(a.ctx, q)
	return r, a.fail(err)
}

// SuggestArticles returns up to five articles for the case being written
// (the panel beside the case form).
func (a *App) SuggestArticles(subject, description string) ([]portal.SearchHit, error) {
	if a.startErr != nil {
		return nil, a.fail(a.startErr)
	}
	h, err := a.knowledge.Suggest(a.ctx, a.uiLanguage(), subject, description)
	return h, a.fail(err)
}

// ArticleFeedback records whether an article helped; it goes to the
// server at once when signed in.
func (a *App) ArticleFeedback(articleID string, helpful bool) error {
	if a.startErr != nil {
		return a.fail(a.startErr)
	}
	if err := a.knowledge.Feedback(a.ctx, articleID, helpful); err != nil {
		return a.fail(err)
	}
	a.kickSync()
	return nil
}

// RecentArticles lists the recently viewed articles, newest first.
func (a *App) RecentArticles() ([]portal.ArticleSummary, error) {
	if a.startErr != nil {
		return nil, a.fail(a.startErr)
	}
	r, err := a.knowledge.Recent(a.ctx, a.uiLanguage(), 10)
	return r, a.fail(err)
}

// ImportKnowledge asks for a folder (Markdown files with front matter, or a
// Zendesk Help Center export) and imports it, as `kb import` does. A
// cancelled dialog returns nil.
func (a *App) ImportKnowledge(dialogTitle string) (*portal.ImportReport, error) {
	if a.startErr != nil {
		return nil, a.fail(a.startErr)
	}
	if a.platform == nil {
		return nil, nil
	}
	dir, err := a.platform.ChooseFolder(dialogTitle)
	if err != nil || dir == "" {
		return nil, a.fail(err)
	}
	return a.importPath(dir)
}

// ImportKnowledgePath imports a folder or file the user dropped, named by
// its drop token (event "files:dropped"); a path is refused.
func (a *App) ImportKnowledgePath(token string) (*portal.ImportReport, error) {
	if a.startErr != nil {
		return nil, a.fail(a.startErr)
	}
	paths, err := a.grants.Resolve([]string{token})
	if err != nil {
		return nil, a.fail(err)
	}
	return a.importPath(paths[0])
}

func (a *App) importPath(path string) (*portal.ImportReport, error) {
	r, err := kbimport.ImportPath(a.ctx, a.knowledge, path)
	if err != nil {
		return nil, a.fail(err)
	}
	return &r, nil
}
