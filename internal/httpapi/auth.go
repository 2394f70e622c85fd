package httpapi

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"supportportal/internal/portal"
	"supportportal/internal/servercore"
	"supportportal/internal/syncproto"
)

type callerKey struct{}

// callerOf returns the signed-in caller that the auth wrappers put in the
// request context.
func callerOf(r *http.Request) servercore.Caller {
	return r.Context().Value(callerKey{}).(servercore.Caller)
}

func bearer(r *http.Request) string {
	h := r.Header.Get("Authorization")
	if len(h) > 7 && strings.EqualFold(h[:7], "Bearer ") {
		return strings.TrimSpace(h[7:])
	}
	return ""
}

// authed admits a request with a live session of an eligible person. The
// rules are checked on every request, not only at sign-in, so a company
// moved to trial or a role taken away takes effect at once.
func (s *Server) authed(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		tok := bearer(r)
		if tok == "" {
			s.writeError(w, r, errUnauthorized(portal.ReasonNoSession, "sign in first"))
			return
		}
		c, err := s.core.CallerOfToken(r.Context(), tok)
		if portal.ErrorCode(err) == portal.ENotFound {
			s.writeError(w, r, errUnauthorized(portal.ReasonSessionEnded, "your session has ended; sign in again"))
			return
		} else if err != nil {
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
		if callerOf(r).Kind != servercore.KindCustomer {
			s.writeError(w, r, errForbidden(portal.ReasonCustomersOnly, "this endpoint is for customers; agents use /v1/agent"))
			return
		}
		next(w, r)
	})
}

// agent admits only support agents.
func (s *Server) agent(next http.HandlerFunc) http.HandlerFunc {
	return s.authed(func(w http.ResponseWriter, r *http.Request) {
		if callerOf(r).Kind != servercore.KindAgent {
			s.writeError(w, r, errForbidden(portal.ReasonAgentsOnly, "this endpoint is for support agents"))
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
	email := portal.NormalizeEmail(in.Email)
	if email == "" {
		s.writeError(w, r, portal.Invalid("email", portal.ReasonRequired, "", "an e-mail address is required"))
		return
	}
	p, err := s.core.Authenticate(r.Context(), email, in.Password, s.ClientAddr(r))
	if err != nil {
		s.writeAuthError(w, r, err)
		return
	}
	tok, exp, err := s.core.StartSession(r.Context(), p, s.ClientAddr(r))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.log.InfoContext(r.Context(), "signed in", "person", p.ID, "kind", p.Kind)
	writeJSON(w, http.StatusOK, syncproto.Session{Token: tok, ExpiresAt: exp, Person: p.Person})
}

// writeAuthError answers an Authenticate error, with Retry-After when it
// is the rate limit.
func (s *Server) writeAuthError(w http.ResponseWriter, r *http.Request, err error) {
	var rl *servercore.RateLimitedError
	if errors.As(err, &rl) {
		s.tooMany(w, r, rl.Wait)
		return
	}
	s.writeError(w, r, err)
}

func (s *Server) tooMany(w http.ResponseWriter, r *http.Request, wait time.Duration) {
	secs := int(math.Ceil(wait.Seconds()))
	w.Header().Set("Retry-After", strconv.Itoa(max(secs, 1)))
	s.writeError(w, r, &portal.Error{Code: servercore.ERateLimited, Reason: portal.ReasonTooManyAttempts,
		Params:  map[string]string{"retryAfterSeconds": strconv.Itoa(secs)},
		Message: fmt.Sprintf("too many attempts; try again in %d seconds", secs)})
}

func (s *Server) signOut(w http.ResponseWriter, r *http.Request) {
	if tok := bearer(r); tok != "" {
		if err := s.core.EndSession(r.Context(), tok); err != nil {
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
		s.writeError(w, r, portal.Invalid("token", portal.ReasonRequired, "", "the set-password token is missing"))
		return
	}
	p, err := s.core.ChangePassword(r.Context(), s.ClientAddr(r), strings.TrimSpace(in.Token), in.Password)
	if err != nil {
		s.writeAuthError(w, r, err)
		return
	}
	s.log.InfoContext(r.Context(), "password set", "person", p.ID)
	writeJSON(w, http.StatusOK, map[string]string{"email": p.Email})
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
	email := portal.NormalizeEmail(in.Email)
	if email == "" {
		s.writeError(w, r, portal.Invalid("email", portal.ReasonRequired, "", "an e-mail address is required"))
		return
	}
	if err := s.core.RequestPasswordReset(r.Context(), email, s.ClientAddr(r)); err != nil {
		s.writeAuthError(w, r, err)
		return
	}
	writeJSON(w, http.StatusAccepted, map[string]string{"status": "sent_if_known"})
}

func (s *Server) me(w http.ResponseWriter, r *http.Request) {
	c := callerOf(r)
	writeJSON(w, http.StatusOK, map[string]any{"person": c.Person, "sessionExpiresAt": c.SessionExpiresAt})
}
