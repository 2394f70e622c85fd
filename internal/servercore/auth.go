package servercore

import (
	"context"
	"fmt"
	"math"
	"net/url"
	"time"

	"supportportal/internal/applink"
	"supportportal/internal/mailout"
	"supportportal/internal/portal"
)

// eligible applies the portal's access rules: portal access must be
// active, and a customer must belong to a company that is not on a trial
// and hold the Account Owner or Administrator role in the product.
func eligible(p Person) error {
	if p.PortalAccess != AccessActive {
		return errForbidden(portal.ReasonAccessDeactivated, "your Customer Portal access has been deactivated")
	}
	if p.Kind != KindCustomer {
		return nil
	}
	if p.CompanyStatus == CompanyTrial {
		return errForbidden(portal.ReasonTrialCompany, "companies on a trial account cannot use the Customer Portal")
	}
	if p.ProductRole != RoleAccountOwner && p.ProductRole != RoleAdministrator {
		return errForbidden(portal.ReasonRoleNotAllowed, "only Account Owners and Administrators can use the Customer Portal; ask one of them to request access for you")
	}
	return nil
}

// RateLimitedError is the error of Authenticate, ChangePassword,
// RequestPasswordReset and CountAccessRequest when too many attempts came
// from one place.
type RateLimitedError struct{ Wait time.Duration }

func (e *RateLimitedError) Error() string {
	return fmt.Sprintf("too many attempts; try again in %d seconds", int(math.Ceil(e.Wait.Seconds())))
}

// Authenticate checks an e-mail and password the way every sign-in does
// (the API's and the support console's): failed-attempt limits per
// e-mail and client address and per client address, the same time spent for unknown addresses, and the
// portal's access rules told only to someone who knows the password. It
// returns a *RateLimitedError when blocked, an unauthorized error
// (invalid_credentials) or the access rule's error.
func (s *Service) Authenticate(ctx context.Context, email, password, remote string) (Person, error) {
	email = portal.NormalizeEmail(email)
	now := s.cfg.Now()
	// Failures lock the address they came from, never the account: the
	// back-off on one account (key) applies only to the address that
	// failed on it, and an address failing across accounts (addrKey) is
	// locked for all of them. Someone guessing a colleague's password
	// cannot lock that colleague out from their own address.
	key := email + "|" + remote
	addrKey := remote
	for _, c := range []struct {
		l *limiter
		k string
	}{{s.addrLimiter, addrKey}, {s.limiter, key}} {
		if blocked, wait := c.l.blocked(c.k, now); blocked {
			s.log.InfoContext(ctx, "sign-in refused", "reason", "too_many_attempts", "remote", remote)
			return Person{}, &RateLimitedError{Wait: wait}
		}
	}
	p, err := s.store.PersonByEmail(ctx, email)
	if err != nil && portal.ErrorCode(err) != portal.ENotFound {
		return Person{}, err
	}
	hash := p.PasswordHash
	if err != nil || hash == "" {
		// Spend the same time as a real check so that response times do
		// not tell which addresses have accounts.
		hash = dummyHash
	}
	ok, herr := s.checkPassword(ctx, hash, password)
	if herr != nil {
		return Person{}, herr
	}
	if !ok || err != nil || p.PasswordHash == "" || len(password) > MaxPasswordBytes {
		s.limiter.fail(key, now)
		s.addrLimiter.fail(addrKey, now)
		s.log.InfoContext(ctx, "sign-in refused", "reason", "invalid_credentials", "remote", remote)
		return Person{}, errUnauthorized(portal.ReasonInvalidCredentials, "the e-mail address or password is not correct")
	}
	s.limiter.reset(key)
	// The access rules are told only to someone who knows the password,
	// so they do not reveal to strangers who has an account.
	if err := eligible(p); err != nil {
		s.log.InfoContext(ctx, "sign-in refused", "person", p.ID, "reason", portal.AsError(err).Reason)
		return Person{}, err
	}
	return p, nil
}

// StartSession creates a session for a person Authenticate admitted and
// returns its bearer token, which is never stored (only its hash).
func (s *Service) StartSession(ctx context.Context, p Person, remote string) (string, time.Time, error) {
	tok, tokHash, err := NewToken()
	if err != nil {
		return "", time.Time{}, err
	}
	now := s.cfg.Now()
	exp := now.Add(s.cfg.SessionTTL).UTC().Truncate(time.Microsecond)
	if err := s.store.CreateSession(ctx, Session{TokenHash: tokHash, PersonID: p.ID, RemoteAddr: remote,
		CreatedAt: now, ExpiresAt: exp}); err != nil {
		return "", time.Time{}, err
	}
	return tok, exp, nil
}

// CallerOfToken returns who holds a session token, applying the access
// rules again (as every API request does): ENotFound when the session has
// ended, a forbidden error when the person may no longer use the portal.
func (s *Service) CallerOfToken(ctx context.Context, tok string) (Caller, error) {
	c, err := s.store.Caller(ctx, TokenHash(tok), s.cfg.Now())
	if err != nil {
		return c, err
	}
	if err := eligible(c.Person); err != nil {
		return c, err
	}
	return c, nil
}

// EndSession ends the session of a token; an unknown token is no error.
func (s *Service) EndSession(ctx context.Context, tok string) error {
	return s.store.DeleteSession(ctx, TokenHash(tok))
}

// ChangePassword sets a password with a set-password token (the API and
// the form both do it through here) for a request from remote. The order
// keeps the expensive step last: the per-address limit, then the token
// (a made-up token costs one indexed read), then the password rules, and
// only then argon2id, in a hash slot.
func (s *Service) ChangePassword(ctx context.Context, remote, token, password string) (Person, error) {
	now := s.cfg.Now()
	key := remote
	if blocked, wait := s.setPwLimiter.blocked(key, now); blocked {
		return Person{}, &RateLimitedError{Wait: wait}
	}
	s.setPwLimiter.fail(key, now)
	tokHash := TokenHash(token)
	if err := s.store.CheckPasswordToken(ctx, tokHash, now); err != nil {
		return Person{}, err
	}
	if err := ValidatePassword(password); err != nil {
		return Person{}, err
	}
	hash, err := s.hashPassword(ctx, password)
	if err != nil {
		return Person{}, err
	}
	return s.store.SetPassword(ctx, tokHash, hash, s.cfg.Now())
}

// RequestPasswordReset e-mails a person a set-password link (Forgot
// Password) when the normalised e-mail address belongs to someone who may
// use the portal, and does nothing otherwise, so that the answer never
// tells who has an account. Each request counts against the same kind of
// limit as a failed sign-in, so it cannot be used to flood someone's
// mailbox: a *RateLimitedError when remote is over it.
func (s *Service) RequestPasswordReset(ctx context.Context, email, remote string) error {
	now := s.cfg.Now()
	key := "forgot|" + email + "|" + remote
	if blocked, wait := s.limiter.blocked(key, now); blocked {
		return &RateLimitedError{Wait: wait}
	}
	s.limiter.fail(key, now)
	p, err := s.store.PersonByEmail(ctx, email)
	if err == nil && eligible(p) == nil {
		if _, err := s.SendPasswordLink(ctx, p, "reset"); err != nil {
			return err
		}
	} else if err != nil && portal.ErrorCode(err) != portal.ENotFound {
		return err
	}
	return nil
}

// SendPasswordLink creates a one-time set-password token for a person and
// writes the e-mail with the link to the mail outbox. purpose is "invite"
// (a new portal user) or "reset" (Forgot Password). It returns the link.
func (s *Service) SendPasswordLink(ctx context.Context, p Person, purpose string) (string, error) {
	tok, hash, err := NewToken()
	if err != nil {
		return "", err
	}
	now := s.cfg.Now()
	ttl := s.cfg.ResetTTL
	if purpose == "invite" {
		ttl = s.cfg.InviteTTL
	}
	exp := now.Add(ttl)
	if err := s.store.CreatePasswordToken(ctx, PasswordToken{TokenHash: hash, PersonID: p.ID, Purpose: purpose, CreatedAt: now, ExpiresAt: exp}); err != nil {
		return "", err
	}
	prof, err := s.store.Profile(ctx, p.VendorID)
	if err != nil {
		return "", err
	}
	link := s.cfg.PublicURL + "/set-password?token=" + url.QueryEscape(tok)
	// The same token for the desktop app (internal/applink): where the
	// app is installed, this link opens it on its "Choose your password"
	// screen, for this server only.
	appLink := applink.SetPassword(tok, s.cfg.PublicURL)
	v := prof.Vendor
	var subject, intro string
	if purpose == "invite" {
		subject = fmt.Sprintf("Your %s Customer Portal account", v.Name)
		intro = fmt.Sprintf("An account in the %s Customer Portal has been created for you (user name: %s).\n"+
			"In the portal you can search Knowledge Articles, contact Support by creating a case, and follow your company's cases.\n\n"+
			"Open this link to create your password:", v.Name, p.Email)
	} else {
		subject = fmt.Sprintf("Reset your %s Customer Portal password", v.Name)
		intro = "Someone asked to reset the password of your Customer Portal account. If it was you, open this link to choose a new password:"
	}
	body := fmt.Sprintf("Hello %s,\n\n%s\n\n%s\n\nIf the Support Portal app is installed on this computer, this link opens it instead:\n\n%s\n\n"+
		"The link works once and expires on %s UTC.\n"+
		"If you did not expect this message, you can ignore it.\n\n"+
		"Please do not reply to this automated message: all communication about cases happens in the Customer Portal.\n\n%s Support\n",
		p.Name, intro, link, appLink, exp.UTC().Format("2006-01-02 15:04"), v.Name)
	if _, err := s.cfg.Mail.Send(mailout.Message{To: p.Email, Subject: subject, Body: body}, now); err != nil {
		return "", err
	}
	return link, nil
}
