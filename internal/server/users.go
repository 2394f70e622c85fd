package server

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/google/uuid"

	"supportportal/internal/mailout"
	"supportportal/internal/portal"
	"supportportal/internal/syncproto"
)

// MaxAccessRequestBody bounds the public access-request form: six short
// fields fit many times over, and a stranger gets no more room than that.
const MaxAccessRequestBody = 4 << 10

// MaxUserRequests is the most requests GET /v1/agent/requests returns.
const MaxUserRequests = 500

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
	if in.RequestID == "" {
		in.RequestID = uuid.Must(uuid.NewV7()).String()
	} else if err := checkUUID("requestId", in.RequestID); err != nil {
		s.writeError(w, r, err)
		return
	}
	nr := in.NewUserRequest.Normalize()
	if err := portal.ValidateNewUserRequest(nr); err != nil {
		s.writeError(w, r, err)
		return
	}
	req, err := s.store.RequestPortalUser(r.Context(), callerOf(r), in.RequestID, nr, s.cfg.Now())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, req)
}

func (s *Server) deactivateUser(w http.ResponseWriter, r *http.Request) {
	s.setUserAccess(w, r, AccessDeactivated)
}

func (s *Server) reactivateUser(w http.ResponseWriter, r *http.Request) {
	s.setUserAccess(w, r, AccessActive)
}

func (s *Server) setUserAccess(w http.ResponseWriter, r *http.Request, access string) {
	id := r.PathValue("id")
	if _, err := uuid.Parse(id); err != nil {
		// Not a UUID cannot be anyone's person: the same answer as another
		// company's person.
		s.writeError(w, r, &portal.Error{Code: portal.ENotFound, Reason: "person_not_found", Message: "no such person"})
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
	now := s.cfg.Now()
	key := "access|" + s.ClientAddr(r)
	if blocked, wait := s.accessLimiter.blocked(key, now); blocked {
		s.tooMany(w, r, wait)
		return
	}
	s.accessLimiter.fail(key, now)
	var in portal.AccessRequest
	if err := decode(w, r, MaxAccessRequestBody, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	in = in.Normalize()
	if err := portal.ValidateAccessRequest(in); err != nil {
		s.writeError(w, r, err)
		return
	}
	tok, hash, err := NewToken()
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	req, err := s.store.CreateAccessRequest(r.Context(), in, hash, s.ClientAddr(r), now)
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
		s.writeError(w, r, portal.Invalid("token", "required", "", "the request's token is missing"))
		return
	}
	st, err := s.store.AccessRequestStatus(r.Context(), r.PathValue("id"), TokenHash(tok))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, st)
}

var requestStatuses = []string{"", RequestPending, RequestApproved, RequestRejected, "all"}

func (s *Server) listUserRequests(w http.ResponseWriter, r *http.Request) {
	status := r.URL.Query().Get("status")
	if !slices.Contains(requestStatuses, status) {
		s.writeError(w, r, portal.Invalid("status", "unknown_status", status, "status is pending, approved, rejected or all"))
		return
	}
	switch status {
	case "":
		status = RequestPending // what the support team has to act on
	case "all":
		status = ""
	}
	limit, err := queryInt(r, "limit", MaxUserRequests, 1, MaxUserRequests)
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
	Decision
	// InviteSent is false when the set-password e-mail could not be
	// written; the user exists, and the invite command sends it again.
	InviteSent bool `json:"inviteSent"`
}

func (s *Server) approveRequest(w http.ResponseWriter, r *http.Request) {
	var in Approval
	// The body is optional: a customer's request names its company and
	// role already, so approving it needs nothing more.
	if r.ContentLength != 0 {
		if err := decode(w, r, MaxSmallBody, &in); err != nil {
			s.writeError(w, r, err)
			return
		}
	}
	d, sent, err := s.ApproveRequest(r.Context(), callerOf(r), r.PathValue("id"), in)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, approveResponse{Decision: d, InviteSent: sent})
}

// ApproveRequest approves a pending request for the agent: the store
// creates the person under its rules, then the person is e-mailed a
// set-password link and a customer who asked is told. The API and the
// console both approve through it. inviteSent is false when the
// set-password e-mail could not be written (the user exists regardless).
func (s *Server) ApproveRequest(ctx context.Context, agent Caller, id string, in Approval) (d Decision, inviteSent bool, err error) {
	in.CompanyID, in.ProductRole = strings.TrimSpace(in.CompanyID), strings.TrimSpace(in.ProductRole)
	if in.ProductRole != "" {
		if err := portal.CheckRoleAllowed(in.ProductRole); err != nil {
			return d, false, err
		}
	}
	d, err = s.store.ApproveUserRequest(ctx, agent, id, in, s.cfg.Now())
	if err != nil {
		return d, false, err
	}
	s.log.InfoContext(ctx, "request approved", "request", d.Request.ID, "person", d.Person.ID, "by", agent.ID)
	// The user exists now whatever happens to the mail: a failure to write
	// it is logged and reported, not turned into a failed approval that a
	// retry would answer with duplicate_email.
	inviteSent = true
	if _, err := s.SendPasswordLink(ctx, *d.Person, "invite"); err != nil {
		s.log.ErrorContext(ctx, "invite not sent", "person", d.Person.ID, "err", err.Error())
		inviteSent = false
	}
	if d.Request.Type == RequestTypePortalUser && d.Request.RequestedBy != nil {
		s.notifyRequester(ctx, d.Request, agent.VendorID)
	}
	return d, inviteSent, nil
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
	d, err := s.RejectRequest(r.Context(), callerOf(r), r.PathValue("id"), in.Reason)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, d)
}

// RejectRequest rejects a pending request with a reason (required) and
// e-mails the requester the outcome. The API and the console both reject
// through it.
func (s *Server) RejectRequest(ctx context.Context, agent Caller, id, reason string) (Decision, error) {
	reason = strings.TrimSpace(reason)
	if err := portal.ValidateDecisionReason(reason); err != nil {
		return Decision{}, err
	}
	d, err := s.store.RejectUserRequest(ctx, agent, id, reason, s.cfg.Now())
	if err != nil {
		return d, err
	}
	s.log.InfoContext(ctx, "request rejected", "request", d.Request.ID, "by", agent.ID)
	s.notifyRequester(ctx, d.Request, agent.VendorID)
	return d, nil
}

// notifyRequester e-mails whoever asked the outcome of their request: the
// customer who requested a colleague, or the person who asked for access
// without a login (on approval they get the set-password link instead,
// which says it all). A mail that cannot be written is logged; the
// decision stands and the requester can still see it (My Account, or the
// access request's status with its token).
func (s *Server) notifyRequester(ctx context.Context, req UserRequest, vendorID string) {
	to, name := req.Email, req.Name
	if req.Type == RequestTypePortalUser && req.RequestedBy != nil {
		to, name = req.RequestedBy.Email, req.RequestedBy.Name
	}
	vendor := portal.DefaultVendorProfile().Name
	if p, err := s.store.Profile(ctx, vendorID); err == nil {
		vendor = p.Vendor.Name
	}
	var subject, body string
	who := req.Name + " <" + req.Email + ">"
	switch {
	case req.Status == RequestApproved:
		subject = fmt.Sprintf("Your %s Customer Portal user request was approved", vendor)
		body = fmt.Sprintf("Your request for a new Customer Portal user for %s was approved.\n"+
			"They will receive an e-mail with a link to create their password.", who)
	case req.Type == RequestTypePortalUser:
		subject = fmt.Sprintf("Your %s Customer Portal user request was not approved", vendor)
		body = fmt.Sprintf("Your request for a new Customer Portal user for %s was not approved.\n\nReason: %s", who, req.Reason)
	default:
		subject = fmt.Sprintf("Your %s Customer Portal access request was not approved", vendor)
		body = fmt.Sprintf("Your request for access to the %s Customer Portal was not approved.\n\nReason: %s", vendor, req.Reason)
	}
	msg := mailout.Message{To: to, Subject: subject, Body: fmt.Sprintf("Hello %s,\n\n%s\n\n"+
		"Please do not reply to this automated message.\n\n%s Support\n", name, body, vendor)}
	if _, err := s.cfg.Mail.Send(msg, s.cfg.Now()); err != nil {
		s.log.ErrorContext(ctx, "request outcome not sent", "request", req.ID, "err", err.Error())
	}
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
