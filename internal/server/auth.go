package server

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"supportportal/internal/mailout"
	"supportportal/internal/portal"
	"supportportal/internal/syncproto"
)

type callerKey struct{}

// callerOf returns the signed-in caller that the auth wrappers put in the
// request context.
func callerOf(r *http.Request) Caller { return r.Context().Value(callerKey{}).(Caller) }

func bearer(r *http.Request) string {
	h := r.Header.Get("Authorization")
	if len(h) > 7 && strings.EqualFold(h[:7], "Bearer ") {
		return strings.TrimSpace(h[7:])
	}
	return ""
}

// eligible applies the portal's access rules: portal access must be
// active, and a customer must belong to a company that is not on a trial
// and hold the Account Owner or Administrator role in the product.
func eligible(p Person) error {
	if p.PortalAccess != AccessActive {
		return errForbidden("access_deactivated", "your Customer Portal access has been deactivated")
	}
	if p.Kind != KindCustomer {
		return nil
	}
	if p.CompanyStatus == CompanyTrial {
		return errForbidden("trial_company", "companies on a trial account cannot use the Customer Portal")
	}
	if p.ProductRole != RoleAccountOwner && p.ProductRole != RoleAdministrator {
		return errForbidden("role_not_allowed", "only Account Owners and Administrators can use the Customer Portal; ask one of them to request access for you")
	}
	return nil
}

// authed admits a request with a live session of an eligible person. The
// rules are checked on every request, not only at sign-in, so a company
// moved to trial or a role taken away takes effect at once.
func (s *Server) authed(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		tok := bearer(r)
		if tok == "" {
			s.writeError(w, r, errUnauthorized("no_session", "sign in first"))
			return
		}
		c, err := s.store.Caller(r.Context(), TokenHash(tok), s.cfg.Now())
		if portal.ErrorCode(err) == portal.ENotFound {
			s.writeError(w, r, errUnauthorized("session_ended", "your session has ended; sign in again"))
			return
		} else if err != nil {
			s.writeError(w, r, err)
			return
		}
		if err := eligible(c.Person); err != nil {
			s.writeError(w, r, err)
			return
		}
		next(w, r.WithContext(context.WithValue(r.Context(), callerKey{}, c)))
	}
}

// customer admits only customers: the case endpoints under /v1 work on the
// caller's company, which an agent does not have.
func (s *Server) customer(next http.HandlerFunc) http.HandlerFunc {
	return s.authed(func(w http.ResponseWriter, r *http.Request) {
		if callerOf(r).Kind != KindCustomer {
			s.writeError(w, r, errForbidden("customers_only", "this endpoint is for customers; agents use /v1/agent"))
			return
		}
		next(w, r)
	})
}

// agent admits only support agents.
func (s *Server) agent(next http.HandlerFunc) http.HandlerFunc {
	return s.authed(func(w http.ResponseWriter, r *http.Request) {
		if callerOf(r).Kind != KindAgent {
			s.writeError(w, r, errForbidden("agents_only", "this endpoint is for support agents"))
			return
		}
		next(w, r)
	})
}

func (s *Server) signIn(w http.ResponseWriter, r *http.Request) {
	var in syncproto.Credentials
	if err := decode(w, r, MaxSmallBody, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	email := strings.ToLower(strings.TrimSpace(in.Email))
	if email == "" {
		s.writeError(w, r, portal.Invalid("email", "required", "", "an e-mail address is required"))
		return
	}
	p, err := s.Authenticate(r.Context(), email, in.Password, s.ClientAddr(r))
	if err != nil {
		s.writeAuthError(w, r, err)
		return
	}
	tok, exp, err := s.StartSession(r.Context(), p, s.ClientAddr(r))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.log.InfoContext(r.Context(), "signed in", "person", p.ID, "kind", p.Kind)
	writeJSON(w, http.StatusOK, syncproto.Session{Token: tok, ExpiresAt: exp, Person: p.Person})
}

// RateLimitedError is Authenticate's error when too many attempts failed.
type RateLimitedError struct{ Wait time.Duration }

func (e *RateLimitedError) Error() string {
	return fmt.Sprintf("too many attempts; try again in %d seconds", int(math.Ceil(e.Wait.Seconds())))
}

// writeAuthError answers an Authenticate error, with Retry-After when it
// is the rate limit.
func (s *Server) writeAuthError(w http.ResponseWriter, r *http.Request, err error) {
	var rl *RateLimitedError
	if errors.As(err, &rl) {
		s.tooMany(w, r, rl.Wait)
		return
	}
	s.writeError(w, r, err)
}

// Authenticate checks an e-mail and password the way every sign-in does
// (the API's and the support console's): failed-attempt limits per
// e-mail and client address and per client address, the same time spent for unknown addresses, and the
// portal's access rules told only to someone who knows the password. It
// returns a *RateLimitedError when blocked, an unauthorized error
// (invalid_credentials) or the access rule's error.
func (s *Server) Authenticate(ctx context.Context, email, password, remote string) (Person, error) {
	email = strings.ToLower(strings.TrimSpace(email))
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
		return Person{}, errUnauthorized("invalid_credentials", "the e-mail address or password is not correct")
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
func (s *Server) StartSession(ctx context.Context, p Person, remote string) (string, time.Time, error) {
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
func (s *Server) CallerOfToken(ctx context.Context, tok string) (Caller, error) {
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
func (s *Server) EndSession(ctx context.Context, tok string) error {
	return s.store.DeleteSession(ctx, TokenHash(tok))
}

func (s *Server) tooMany(w http.ResponseWriter, r *http.Request, wait time.Duration) {
	secs := int(math.Ceil(wait.Seconds()))
	w.Header().Set("Retry-After", strconv.Itoa(max(secs, 1)))
	s.writeError(w, r, &portal.Error{Code: ERateLimited, Reason: "too_many_attempts",
		Params:  map[string]string{"retryAfterSeconds": strconv.Itoa(secs)},
		Message: fmt.Sprintf("too many attempts; try again in %d seconds", secs)})
}

func (s *Server) signOut(w http.ResponseWriter, r *http.Request) {
	if tok := bearer(r); tok != "" {
		if err := s.store.DeleteSession(r.Context(), TokenHash(tok)); err != nil {
			s.writeError(w, r, err)
			return
		}
	}
	w.WriteHeader(http.StatusNoContent)
}

type setPasswordRequest struct {
	Token    string `json:"token"`
	Password string `json:"password"`
}

func (s *Server) setPassword(w http.ResponseWriter, r *http.Request) {
	var in setPasswordRequest
	if err := decode(w, r, MaxSmallBody, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	if strings.TrimSpace(in.Token) == "" {
		s.writeError(w, r, portal.Invalid("token", "required", "", "the set-password token is missing"))
		return
	}
	p, err := s.changePassword(r, strings.TrimSpace(in.Token), in.Password)
	if err != nil {
		s.writeAuthError(w, r, err)
		return
	}
	s.log.InfoContext(r.Context(), "password set", "person", p.ID)
	writeJSON(w, http.StatusOK, map[string]string{"email": p.Email})
}

// changePassword is what the set-password API and form share. The order
// keeps the expensive step last: the per-address limit, then the token
// (a made-up token costs one indexed read), then the password rules, and
// only then argon2id, in a hash slot.
func (s *Server) changePassword(r *http.Request, token, password string) (Person, error) {
	now := s.cfg.Now()
	key := s.ClientAddr(r)
	if blocked, wait := s.setPwLimiter.blocked(key, now); blocked {
		return Person{}, &RateLimitedError{Wait: wait}
	}
	s.setPwLimiter.fail(key, now)
	tokHash := TokenHash(token)
	if err := s.store.CheckPasswordToken(r.Context(), tokHash, now); err != nil {
		return Person{}, err
	}
	if err := ValidatePassword(password); err != nil {
		return Person{}, err
	}
	hash, err := s.hashPassword(r.Context(), password)
	if err != nil {
		return Person{}, err
	}
	return s.store.SetPassword(r.Context(), tokHash, hash, s.cfg.Now())
}

type forgotPasswordRequest struct {
	Email string `json:"email"`
}

// forgotPassword always answers 202, whether or not the address has an
// account, so that it cannot be used to find out who does.
func (s *Server) forgotPassword(w http.ResponseWriter, r *http.Request) {
	var in forgotPasswordRequest
	if err := decode(w, r, MaxSmallBody, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	email := strings.ToLower(strings.TrimSpace(in.Email))
	if email == "" {
		s.writeError(w, r, portal.Invalid("email", "required", "", "an e-mail address is required"))
		return
	}
	now := s.cfg.Now()
	// Each request counts against the same kind of limit as a failed
	// sign-in, so the endpoint cannot be used to flood someone's mailbox.
	key := "forgot|" + email + "|" + s.ClientAddr(r)
	if blocked, wait := s.limiter.blocked(key, now); blocked {
		s.tooMany(w, r, wait)
		return
	}
	s.limiter.fail(key, now)
	p, err := s.store.PersonByEmail(r.Context(), email)
	if err == nil && eligible(p) == nil {
		if _, err := s.SendPasswordLink(r.Context(), p, "reset"); err != nil {
			s.writeError(w, r, err)
			return
		}
	} else if err != nil && portal.ErrorCode(err) != portal.ENotFound {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusAccepted, map[string]string{"status": "sent_if_known"})
}

// SendPasswordLink creates a one-time set-password token for a person and
// writes the e-mail with the link to the mail outbox. purpose is "invite"
// (a new portal user) or "reset" (Forgot Password). It returns the link.
func (s *Server) SendPasswordLink(ctx context.Context, p Person, purpose string) (string, error) {
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
	body := fmt.Sprintf("Hello %s,\n\n%s\n\n%s\n\nThe link works once and expires on %s UTC.\n"+
		"If you did not expect this message, you can ignore it.\n\n"+
		"Please do not reply to this automated message: all communication about cases happens in the Customer Portal.\n\n%s Support\n",
		p.Name, intro, link, exp.UTC().Format("2006-01-02 15:04"), v.Name)
	if _, err := s.cfg.Mail.Send(mailout.Message{To: p.Email, Subject: subject, Body: body}, now); err != nil {
		return "", err
	}
	return link, nil
}

func (s *Server) me(w http.ResponseWriter, r *http.Request) {
	c := callerOf(r)
	writeJSON(w, http.StatusOK, map[string]any{"person": c.Person, "sessionExpiresAt": c.SessionExpiresAt})
}
