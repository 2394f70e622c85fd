package servercore

import (
	"context"
	"fmt"
	"strings"

	"github.com/google/uuid"

	"supportportal/internal/mailout"
	"supportportal/internal/portal"
)

// MaxUserRequests is the most requests a listing of them returns.
const MaxUserRequests = 500

// RequestPortalUser stores a signed-in customer's request for a new
// portal user of their company (My Account), after portal's rules for it.
// id is the client's (the same id again returns the stored request); ""
// lets the server choose one.
func (s *Service) RequestPortalUser(ctx context.Context, c Caller, id string, req portal.NewUserRequest) (UserRequest, error) {
	if id == "" {
		id = uuid.Must(uuid.NewV7()).String()
	} else if err := checkUUID("requestId", id); err != nil {
		return UserRequest{}, err
	}
	nr := req.Normalize()
	if err := portal.ValidateNewUserRequest(nr); err != nil {
		return UserRequest{}, err
	}
	return s.store.RequestPortalUser(ctx, c, id, nr, s.cfg.Now())
}

// CountAccessRequest counts an attempt at an access request without a
// login from remote, whatever comes of it, so the form cannot be used to
// flood the support team: a *RateLimitedError when remote is over the
// limit.
func (s *Service) CountAccessRequest(remote string) error {
	now := s.cfg.Now()
	key := "access|" + remote
	if blocked, wait := s.accessLimiter.blocked(key, now); blocked {
		return &RateLimitedError{Wait: wait}
	}
	s.accessLimiter.fail(key, now)
	return nil
}

// RequestAccess stores a request for portal access made without a login
// (the documents' "email portal access" path), after portal's rules for
// it, and returns it with the token its requester checks the outcome with
// (shown once, stored only as its hash).
func (s *Service) RequestAccess(ctx context.Context, in portal.AccessRequest, remote string) (UserRequest, string, error) {
	in = in.Normalize()
	if err := portal.ValidateAccessRequest(in); err != nil {
		return UserRequest{}, "", err
	}
	tok, hash, err := NewToken()
	if err != nil {
		return UserRequest{}, "", err
	}
	req, err := s.store.CreateAccessRequest(ctx, in, hash, remote, s.cfg.Now())
	if err != nil {
		return UserRequest{}, "", err
	}
	return req, tok, nil
}

// ApproveRequest approves a pending request for the agent: the store
// creates the person under its rules, then the person is e-mailed a
// set-password link and a customer who asked is told. The API and the
// console both approve through it. inviteSent is false when the
// set-password e-mail could not be written (the user exists regardless).
func (s *Service) ApproveRequest(ctx context.Context, agent Caller, id string, in Approval) (d Decision, inviteSent bool, err error) {
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

// RejectRequest rejects a pending request with a reason (required) and
// e-mails the requester the outcome. The API and the console both reject
// through it.
func (s *Service) RejectRequest(ctx context.Context, agent Caller, id, reason string) (Decision, error) {
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
func (s *Service) notifyRequester(ctx context.Context, req UserRequest, vendorID string) {
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
