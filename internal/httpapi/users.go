package httpapi

import (
	"net/http"
	"slices"
	"strings"

	"github.com/google/uuid"

	"supportportal/internal/portal"
	"supportportal/internal/servercore"
	"supportportal/internal/syncproto"
)

// MaxAccessRequestBody bounds the public access-request form: six short
// fields fit many times over, and a stranger gets no more room than that.
const MaxAccessRequestBody = 4 << 10

func (s *Server) getAccount(w http.ResponseWriter, r *http.Request) {
	a, err := s.store.Account(r.Context(), callerOf(r))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, a)
}

type portalUserRequestBody struct {
	// RequestID is optional; a client that retries sends the same one so
	// the request is stored once.
	RequestID string `json:"requestId"`
	portal.NewUserRequest
}

func (s *Server) requestPortalUser(w http.ResponseWriter, r *http.Request) {
	var in portalUserRequestBody
	if err := decode(w, r, MaxSmallBody, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	req, err := s.core.RequestPortalUser(r.Context(), callerOf(r), in.RequestID, in.NewUserRequest)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, req)
}

func (s *Server) deactivateUser(w http.ResponseWriter, r *http.Request) {
	s.setUserAccess(w, r, servercore.AccessDeactivated)
}

func (s *Server) reactivateUser(w http.ResponseWriter, r *http.Request) {
	s.setUserAccess(w, r, servercore.AccessActive)
}

func (s *Server) setUserAccess(w http.ResponseWriter, r *http.Request, access string) {
	id := r.PathValue("id")
	if _, err := uuid.Parse(id); err != nil {
		// Not a UUID cannot be anyone's person: the same answer as another
		// company's person.
		s.writeError(w, r, &portal.Error{Code: portal.ENotFound, Reason: portal.ReasonPersonNotFound, Message: "no such person"})
		return
	}
	// The body is optional: {"reason": "..."} with a deactivation.
	var in struct {
		Reason string `json:"reason"`
	}
	if r.ContentLength != 0 && r.Header.Get("Content-Type") != "" {
		if err := decode(w, r, MaxSmallBody, &in); err != nil {
			s.writeError(w, r, err)
			return
		}
	}
	c := callerOf(r)
	u, err := s.store.SetUserAccess(r.Context(), c, id, access, in.Reason, s.cfg.Now())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.log.InfoContext(r.Context(), "portal access set", "person", id, "access", access, "by", c.ID)
	writeJSON(w, http.StatusOK, u)
}

// createAccessRequest is the documents' "email portal access" path, from
// the sign-in screen without a login. Every attempt from an address counts
// against a limit, so the form cannot be used to flood the support team.
func (s *Server) createAccessRequest(w http.ResponseWriter, r *http.Request) {
	if err := s.core.CountAccessRequest(s.ClientAddr(r)); err != nil {
		s.writeAuthError(w, r, err)
		return
	}
	var in portal.AccessRequest
	if err := decode(w, r, MaxAccessRequestBody, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	req, tok, err := s.core.RequestAccess(r.Context(), in, s.ClientAddr(r))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.log.InfoContext(r.Context(), "access requested", "request", req.ID, "remote", s.ClientAddr(r))
	writeJSON(w, http.StatusCreated, syncproto.AccessRequestReceipt{ID: req.ID, Status: req.Status, Token: tok})
}

func (s *Server) accessRequestStatus(w http.ResponseWriter, r *http.Request) {
	tok := strings.TrimSpace(r.URL.Query().Get("token"))
	if tok == "" {
		s.writeError(w, r, portal.Invalid("token", portal.ReasonRequired, "", "the request's token is missing"))
		return
	}
	st, err := s.store.AccessRequestStatus(r.Context(), r.PathValue("id"), servercore.TokenHash(tok))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, st)
}

var requestStatuses = []string{"", servercore.RequestPending, servercore.RequestApproved, servercore.RequestRejected, "all"}

func (s *Server) listUserRequests(w http.ResponseWriter, r *http.Request) {
	status := r.URL.Query().Get("status")
	if !slices.Contains(requestStatuses, status) {
		s.writeError(w, r, portal.Invalid("status", portal.ReasonUnknownStatus, status, "status is pending, approved, rejected or all"))
		return
	}
	switch status {
	case "":
		status = servercore.RequestPending // what the support team has to act on
	case "all":
		status = ""
	}
	limit, err := queryInt(r, "limit", servercore.MaxUserRequests, 1, servercore.MaxUserRequests)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	reqs, err := s.store.UserRequests(r.Context(), callerOf(r), status, r.URL.Query().Get("companyId"), limit)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": reqs})
}

type approveResponse struct {
	servercore.Decision
	// InviteSent is false when the set-password e-mail could not be
	// written; the user exists, and the invite command sends it again.
	InviteSent bool `json:"inviteSent"`
}

func (s *Server) approveRequest(w http.ResponseWriter, r *http.Request) {
	var in servercore.Approval
	// The body is optional: a customer's request names its company and
	// role already, so approving it needs nothing more.
	if r.ContentLength != 0 {
		if err := decode(w, r, MaxSmallBody, &in); err != nil {
			s.writeError(w, r, err)
			return
		}
	}
	d, sent, err := s.core.ApproveRequest(r.Context(), callerOf(r), r.PathValue("id"), in)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, approveResponse{Decision: d, InviteSent: sent})
}

type rejectRequestBody struct {
	Reason string `json:"reason"`
}

func (s *Server) rejectRequest(w http.ResponseWriter, r *http.Request) {
	var in rejectRequestBody
	if err := decode(w, r, MaxSmallBody, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	d, err := s.core.RejectRequest(r.Context(), callerOf(r), r.PathValue("id"), in.Reason)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, d)
}

func (s *Server) auditLog(w http.ResponseWriter, r *http.Request) {
	offset, err := queryInt(r, "offset", 0, 0, 1<<30)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	limit, err := queryInt(r, "limit", 100, 1, 500)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	page, err := s.store.Audit(r.Context(), callerOf(r), r.URL.Query().Get("companyId"), offset, limit)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, page)
}
