package httpapi

import (
	"net/http"
	"strconv"

	"supportportal/internal/portal"
	"supportportal/internal/syncproto"
)

// MaxArticleBody bounds a knowledge article request (the body is at most
// portal.MaxArticleBodyRunes characters, up to 4 bytes each, plus fields).
const MaxArticleBody = 1 << 20

// kbArticles is the article feed: every signed-in person (customer or
// agent) reads their vendor's published articles, in write order after
// ?since=, so an app keeps its copy up to date by paging with the cursor.
func (s *Server) kbArticles(w http.ResponseWriter, r *http.Request) {
	var cursor int64
	if v := r.URL.Query().Get("since"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 {
			s.writeError(w, r, portal.Invalid("since", portal.ReasonBadCursor, v, "the cursor %q is not one this server gave out", v))
			return
		}
		cursor = n
	}
	limit, err := queryInt(r, "limit", 100, 1, MaxChangesLimit)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	page, err := s.store.KBArticles(r.Context(), callerOf(r).VendorID, cursor, limit)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, page)
}

func (s *Server) kbCategories(w http.ResponseWriter, r *http.Request) {
	cats, err := s.store.KBCategories(r.Context(), callerOf(r).VendorID)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, syncproto.KBCategoryList{Items: cats})
}

func (s *Server) agentArticle(w http.ResponseWriter, r *http.Request) {
	a, err := s.store.KBArticle(r.Context(), callerOf(r).VendorID, r.PathValue("id"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, a)
}

// agentSaveArticle creates (POST, no id) or updates (PUT /{id}) an
// article; an update sends the version it edited.
func (s *Server) agentSaveArticle(w http.ResponseWriter, r *http.Request) {
	var in syncproto.KBArticle
	if err := decode(w, r, MaxArticleBody, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	in.ID, in.FromCaseID = r.PathValue("id"), ""
	status := http.StatusOK
	if in.ID == "" {
		status = http.StatusCreated
	}
	a, err := s.store.SaveKBArticle(r.Context(), callerOf(r).VendorID, in, s.cfg.Now())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.log.InfoContext(r.Context(), "article saved", "article", a.ID, "version", a.Version, "agent", callerOf(r).ID)
	writeJSON(w, status, a)
}

func (s *Server) agentSaveCategory(w http.ResponseWriter, r *http.Request) {
	var in syncproto.KBCategory
	if err := decode(w, r, MaxSmallBody, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	in.ID = r.PathValue("id")
	status := http.StatusOK
	if in.ID == "" {
		status = http.StatusCreated
	}
	c, err := s.store.SaveKBCategory(r.Context(), callerOf(r).VendorID, in, s.cfg.Now())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, status, c)
}

type publishResponse struct {
	Article syncproto.KBArticle  `json:"article"`
	Case    syncproto.CaseDetail `json:"case"`
}

// agentPublish makes a case's solution public as a knowledge article and
// links the case to it, in one step. The body may set the article's
// title, summary, category, tags and locale; title and body default to
// the case's subject and solution.
func (s *Server) agentPublish(w http.ResponseWriter, r *http.Request) {
	var in syncproto.KBArticle
	if r.ContentLength != 0 {
		if err := decode(w, r, MaxArticleBody, &in); err != nil {
			s.writeError(w, r, err)
			return
		}
	}
	a, d, err := s.store.PublishSolution(r.Context(), callerOf(r), r.PathValue("id"), in, s.cfg.Now())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.log.InfoContext(r.Context(), "solution published", "case", d.ID, "article", a.ID, "agent", callerOf(r).ID)
	writeJSON(w, http.StatusCreated, publishResponse{Article: a, Case: d})
}
