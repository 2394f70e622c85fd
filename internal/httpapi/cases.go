package httpapi

import (
	"net/http"
	"strconv"

	"supportportal/internal/portal"
	"supportportal/internal/servercore"
	"supportportal/internal/syncproto"
)

func (s *Server) getProfile(w http.ResponseWriter, r *http.Request) {
	// The profile is public (the app shows the vendor's name before
	// sign-in); a signed-in caller gets their own vendor's.
	vendorID := ""
	if tok := bearer(r); tok != "" {
		if c, err := s.store.Caller(r.Context(), servercore.TokenHash(tok), s.cfg.Now()); err == nil {
			vendorID = c.VendorID
		}
	}
	p, err := s.store.Profile(r.Context(), vendorID)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, p)
}

func queryInt(r *http.Request, name string, def, lo, hi int) (int, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo {
		return 0, portal.Invalid(name, portal.ReasonBadNumber, v, "%s must be a whole number of at least %d", name, lo)
	}
	return min(n, hi), nil
}

func (s *Server) listCases(w http.ResponseWriter, r *http.Request) {
	offset, err := queryInt(r, "offset", 0, 0, 1<<30)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	limit, err := queryInt(r, "limit", portal.DefaultCaseLimit, 1, portal.MaxCaseLimit)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	page, err := s.store.ListCases(r.Context(), servercore.ScopeOf(callerOf(r)), offset, limit)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, page)
}

func (s *Server) getCase(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	d, err := s.store.Case(r.Context(), servercore.ScopeOf(callerOf(r)), id)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, d)
}

// push applies a batch of outbox mutations in order, each on its own:
// one rejection never blocks the rest. A failure of the store itself stops
// the batch with a 500; the client retries it, and what was applied
// already answers the same again.
func (s *Server) push(w http.ResponseWriter, r *http.Request) {
	var in syncproto.PushRequest
	if err := decode(w, r, MaxPushBody, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	results, err := s.applyAll(r, in.Mutations)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, syncproto.PushResponse{Results: results})
}

// applyAll applies a batch of mutations of the caller, in order.
func (s *Server) applyAll(r *http.Request, ms []syncproto.Mutation) ([]syncproto.MutationResult, error) {
	if len(ms) > MaxPushMutations {
		return nil, portal.Invalid("mutations", portal.ReasonTooManyMutations, strconv.Itoa(len(ms)),
			"a push holds at most %d mutations", MaxPushMutations)
	}
	c := callerOf(r)
	out := make([]syncproto.MutationResult, 0, len(ms))
	for _, m := range ms {
		res, err := s.store.Apply(r.Context(), c, m)
		if err != nil {
			return nil, err
		}
		if res.Result == syncproto.ResultRejected {
			s.log.InfoContext(r.Context(), "mutation rejected", "mutation", m.ID, "kind", m.Kind, "reason", res.Error.Reason)
		}
		out = append(out, res)
	}
	return out, nil
}

func (s *Server) changes(w http.ResponseWriter, r *http.Request) {
	cursor, err := parseCursor(r.URL.Query().Get("cursor"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	limit, err := queryInt(r, "limit", 100, 1, MaxChangesLimit)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	page, err := s.store.Changes(r.Context(), callerOf(r).CompanyID, cursor, limit)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	page.Heads.Settings = callerOf(r).Settings
	writeJSON(w, http.StatusOK, page)
}

func parseCursor(v string) (int64, error) {
	if v == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		return 0, portal.Invalid("cursor", portal.ReasonBadCursor, v, "the cursor %q is not one this server gave out", v)
	}
	return n, nil
}

// sync is a push and the first page of changes after it in one round
// trip: on a slow link a sync costs one request, not two, and the session
// is looked up once. The page is read after the mutations are applied, so
// it carries their effects (the new case's number, say).
func (s *Server) sync(w http.ResponseWriter, r *http.Request) {
	var in syncproto.SyncRequest
	if err := decode(w, r, MaxPushBody, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	cursor, err := parseCursor(in.Cursor)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	// As in GET /v1/changes: absent is 100, more than the most is the most.
	if in.Limit == 0 {
		in.Limit = 100
	}
	if in.Limit < 1 {
		s.writeError(w, r, portal.Invalid("limit", portal.ReasonBadNumber, strconv.Itoa(in.Limit), "limit must be a whole number of at least 1"))
		return
	}
	in.Limit = min(in.Limit, MaxChangesLimit)
	results, err := s.applyAll(r, in.Mutations)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	c := callerOf(r)
	page, err := s.store.Changes(r.Context(), c.CompanyID, cursor, in.Limit)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	page.Heads.Settings = c.Settings
	for _, m := range in.Mutations {
		if m.Kind == syncproto.KindSettingsUpdate {
			// The settings read with the session predate this push.
			now, err := s.store.Caller(r.Context(), servercore.TokenHash(bearer(r)), s.cfg.Now())
			if err != nil {
				s.writeError(w, r, err)
				return
			}
			page.Heads.Settings = now.Settings
			break
		}
	}
	writeJSON(w, http.StatusOK, syncproto.SyncResponse{Results: results, Changes: page})
}

type agentCommentRequest struct {
	// CommentID is optional; a client that retries sends the same one so
	// the comment is added once.
	CommentID string `json:"commentId"`
	Body      string `json:"body"`
}

func (s *Server) agentComment(w http.ResponseWriter, r *http.Request) {
	var in agentCommentRequest
	if err := decode(w, r, MaxCommentBody, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	m, err := s.core.SupportComment(r.Context(), callerOf(r), r.PathValue("id"), in.CommentID, in.Body)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, m)
}

type agentStatusRequest struct {
	Status   string `json:"status"`
	Solution string `json:"solution"`
}

func (s *Server) agentStatus(w http.ResponseWriter, r *http.Request) {
	var in agentStatusRequest
	if err := decode(w, r, MaxCommentBody, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	d, err := s.core.SetCaseStatus(r.Context(), callerOf(r), r.PathValue("id"), in.Status, in.Solution)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, d)
}
