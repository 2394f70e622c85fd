// Package server is the central server's HTTP API: sign-in, the vendor
// profile, the company's cases, the push of desktop outbox mutations, the
// changes feed, and the support agents' endpoints. Storage is behind the
// Store interface; mail goes to a mail outbox folder.
package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/netip"
	"runtime/debug"
	"strings"
	"time"

	"supportportal/internal/mailout"
	"supportportal/internal/portal"
)

// Request body limits. A push carries whole cases and comments (each up to
// 50,000 characters of text), so it gets the most room.
const (
	MaxSmallBody     = 16 << 10
	MaxCommentBody   = 512 << 10
	MaxPushBody      = 8 << 20
	MaxPushMutations = 200
	MaxChangesLimit  = 500
)

// Config configures a Server. Store and Mail are required.
type Config struct {
	Store  Store
	Mail   *mailout.Outbox
	Logger *slog.Logger
	// PublicURL is where people open set-password links, e.g.
	// https://support.example.com; the link is PublicURL/set-password?token=…
	PublicURL string
	// SessionTTL is how long a sign-in lasts. Default 30 days.
	SessionTTL time.Duration
	// InviteTTL and ResetTTL are how long set-password links work.
	// Defaults 7 days and 1 hour.
	InviteTTL time.Duration
	ResetTTL  time.Duration
	// SignInAttempts failed sign-ins per e-mail and client address are
	// allowed per SignInWindow. Defaults 5 per 15 minutes.
	SignInAttempts int
	SignInWindow   time.Duration
	// AccessRequests access requests without a login are accepted per
	// client address per AccessRequestWindow. Defaults 5 per hour.
	AccessRequests      int
	AccessRequestWindow time.Duration
	// SetPasswordAttempts set-password requests (API and form) are
	// accepted per client address per SetPasswordWindow, whatever their
	// outcome. Defaults 10 per 15 minutes.
	SetPasswordAttempts int
	SetPasswordWindow   time.Duration
	// HashMemory is the memory argon2id hashing may take at once (19 MiB
	// per hash in flight). Default DefaultHashMemory.
	HashMemory int64
	// HashWait is how long a request waits for a hash slot before the
	// answer is 503 server_busy. Default DefaultHashWait.
	HashWait time.Duration
	// FilesDir holds attachment files (uploads in progress and the
	// content-addressed store). Empty: files are not accepted.
	FilesDir string
	// TrustedProxies are the reverse proxies whose Forwarded and
	// X-Forwarded-For headers are believed (see ClientAddr). None: the
	// headers are ignored, since anyone could set them.
	TrustedProxies []netip.Prefix
	// SignInAddressAttempts failed sign-ins from one client address,
	// whatever the e-mail, are allowed per SignInWindow before the address
	// is locked. Default 20.
	SignInAddressAttempts int
	// Now returns the current time; tests replace it.
	Now func() time.Time
}

// Server serves the API.
type Server struct {
	cfg     Config
	store   Store
	log     *slog.Logger
	limiter *limiter
	// accessLimiter counts access requests without a login per address.
	accessLimiter *limiter
	// setPwLimiter counts set-password requests per address.
	setPwLimiter *limiter
	hashes       *hashSlots
	// addrLimiter counts failed sign-ins per client address.
	addrLimiter *limiter
	// httpsPublic: PublicURL is https, so cookies are Secure and every
	// answer carries HSTS.
	httpsPublic bool
	mux         *http.ServeMux
	routes      []string
}

// New returns a server with its routes registered.
func New(cfg Config) *Server {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.SessionTTL == 0 {
		cfg.SessionTTL = 30 * 24 * time.Hour
	}
	if cfg.InviteTTL == 0 {
		cfg.InviteTTL = 7 * 24 * time.Hour
	}
	if cfg.ResetTTL == 0 {
		cfg.ResetTTL = time.Hour
	}
	if cfg.SignInAttempts == 0 {
		cfg.SignInAttempts = 5
	}
	if cfg.SignInWindow == 0 {
		cfg.SignInWindow = 15 * time.Minute
	}
	if cfg.AccessRequests == 0 {
		cfg.AccessRequests = 5
	}
	if cfg.AccessRequestWindow == 0 {
		cfg.AccessRequestWindow = time.Hour
	}
	if cfg.SetPasswordAttempts == 0 {
		cfg.SetPasswordAttempts = 10
	}
	if cfg.SetPasswordWindow == 0 {
		cfg.SetPasswordWindow = 15 * time.Minute
	}
	if cfg.HashMemory == 0 {
		cfg.HashMemory = DefaultHashMemory
	}
	if cfg.HashWait == 0 {
		cfg.HashWait = DefaultHashWait
	}
	if cfg.SignInAddressAttempts == 0 {
		cfg.SignInAddressAttempts = 20
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	cfg.PublicURL = strings.TrimRight(cfg.PublicURL, "/")
	s := &Server{cfg: cfg, store: cfg.Store, log: cfg.Logger, mux: http.NewServeMux(),
		limiter:       newLimiter(cfg.SignInAttempts, cfg.SignInWindow),
		accessLimiter: newLimiter(cfg.AccessRequests, cfg.AccessRequestWindow),
		setPwLimiter:  newLimiter(cfg.SetPasswordAttempts, cfg.SetPasswordWindow),
		hashes:        newHashSlots(cfg.HashMemory, cfg.HashWait),
		addrLimiter:   newLimiter(cfg.SignInAddressAttempts, cfg.SignInWindow),
		httpsPublic:   strings.HasPrefix(strings.ToLower(cfg.PublicURL), "https://")}
	s.registerRoutes()
	return s
}

// Routes lists the registered patterns ("GET /v1/cases"), for the test
// that keeps api/openapi.yaml complete.
func (s *Server) Routes() []string { return append([]string(nil), s.routes...) }

func (s *Server) handle(pattern string, h http.HandlerFunc) {
	s.routes = append(s.routes, pattern)
	s.mux.Handle(pattern, h)
}

func (s *Server) registerRoutes() {
	s.handle("GET /healthz", s.healthz)
	s.handle("GET /set-password", s.setPasswordPage)
	s.handle("POST /set-password", s.setPasswordForm)

	s.handle("GET /v1/profile", s.getProfile)
	s.handle("POST /v1/auth/set-password", s.setPassword)
	s.handle("POST /v1/auth/sign-in", s.signIn)
	s.handle("POST /v1/auth/forgot-password", s.forgotPassword)
	s.handle("POST /v1/auth/sign-out", s.signOut)
	s.handle("GET /v1/me", s.authed(s.me))

	s.handle("GET /v1/cases", s.customer(s.listCases))
	s.handle("GET /v1/cases/{id}", s.customer(s.getCase))
	s.handle("POST /v1/push", s.customer(s.push))
	s.handle("GET /v1/changes", s.customer(s.changes))
	s.handle("POST /v1/sync", s.customer(s.sync))

	s.handle("GET /v1/account", s.customer(s.getAccount))
	s.handle("POST /v1/account/users/requests", s.customer(s.requestPortalUser))
	s.handle("POST /v1/account/users/{id}/deactivate", s.customer(s.deactivateUser))
	s.handle("POST /v1/account/users/{id}/reactivate", s.customer(s.reactivateUser))
	s.handle("POST /v1/access-requests", s.createAccessRequest)
	s.handle("GET /v1/access-requests/{id}", s.accessRequestStatus)

	s.handle("GET /v1/agent/cases", s.agent(s.listCases))
	s.handle("GET /v1/agent/cases/{id}", s.agent(s.getCase))
	s.handle("POST /v1/agent/cases/{id}/comments", s.agent(s.agentComment))
	s.handle("POST /v1/agent/cases/{id}/status", s.agent(s.agentStatus))
	s.handle("POST /v1/agent/cases/{id}/publish", s.agent(s.agentPublish))

	s.handle("GET /v1/kb/articles", s.authed(s.kbArticles))
	s.handle("GET /v1/kb/categories", s.authed(s.kbCategories))
	s.handle("GET /v1/agent/kb/articles/{id}", s.agent(s.agentArticle))
	s.handle("POST /v1/agent/kb/articles", s.agent(s.agentSaveArticle))
	s.handle("PUT /v1/agent/kb/articles/{id}", s.agent(s.agentSaveArticle))
	s.handle("POST /v1/agent/kb/categories", s.agent(s.agentSaveCategory))
	s.handle("PUT /v1/agent/kb/categories/{id}", s.agent(s.agentSaveCategory))

	s.handle("GET /v1/agent/requests", s.agent(s.listUserRequests))
	s.handle("POST /v1/agent/requests/{id}/approve", s.agent(s.approveRequest))
	s.handle("POST /v1/agent/requests/{id}/reject", s.agent(s.rejectRequest))
	s.handle("GET /v1/agent/audit", s.agent(s.auditLog))
	s.registerFiles()
}

// Handle registers a route served beside the API (the support console):
// it is listed in Routes, so the OpenAPI test covers it, and it gets the
// same request logging and panic handling.
func (s *Server) Handle(pattern string, h http.HandlerFunc) { s.handle(pattern, h) }

// ServeHTTP logs each request and turns a panic into a JSON 500.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := s.cfg.Now()
	if s.httpsPublic {
		// People reach the server over https (TLS may end at a proxy):
		// browsers must never use plain http for it again.
		w.Header().Set("Strict-Transport-Security", "max-age=31536000")
	}
	rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			s.log.ErrorContext(r.Context(), "panic", "value", fmt.Sprint(v), "stack", string(debug.Stack()))
			if !rec.wrote {
				s.writeError(rec, r, fmt.Errorf("panic: %v", v))
			}
		}
		_, pattern := s.mux.Handler(r)
		s.log.InfoContext(r.Context(), "request", "method", r.Method, "path", r.URL.Path, "route", pattern,
			"status", rec.status, "bytes", rec.bytes, "ms", float64(s.cfg.Now().Sub(start).Microseconds())/1000,
			"remote", s.ClientAddr(r))
	}()
	// Every handler reads its body through a limit; this cap covers routes
	// that take none. Handlers with a body replace it with their own.
	// Uploads are bounded by the tus handler's MaxSize instead.
	if !strings.HasPrefix(r.URL.Path, uploadsPath) {
		r.Body = http.MaxBytesReader(rec, r.Body, MaxPushBody)
	}
	if h, pattern := s.mux.Handler(r); pattern == "" {
		// Unknown paths and methods answer in the API's JSON error shape,
		// not the mux's plain text; the mux's own answer tells which.
		probe := &statusRecorder{ResponseWriter: &discard{h: http.Header{}}, status: http.StatusOK}
		h.ServeHTTP(probe, r)
		if probe.status == http.StatusMethodNotAllowed {
			w.Header().Set("Allow", probe.Header().Get("Allow"))
			writeJSON(rec, http.StatusMethodNotAllowed, apiError{Code: portal.EInvalid, Reason: portal.ReasonMethodNotAllowed, Message: "method not allowed"})
			return
		}
		writeJSON(rec, http.StatusNotFound, apiError{Code: portal.ENotFound, Reason: portal.ReasonNoRoute, Message: "no such endpoint"})
		return
	}
	s.mux.ServeHTTP(rec, r)
}

// statusRecorder notes the status and size of a response for the log.
type statusRecorder struct {
	http.ResponseWriter
	status int
	bytes  int
	wrote  bool
}

func (r *statusRecorder) WriteHeader(code int) {
	if !r.wrote {
		r.status, r.wrote = code, true
	}
	r.ResponseWriter.WriteHeader(code)
}

// Unwrap lets http.ResponseController reach the connection.
func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

func (r *statusRecorder) Write(b []byte) (int, error) {
	r.wrote = true
	n, err := r.ResponseWriter.Write(b)
	r.bytes += n
	return n, err
}

// discard is a response writer that keeps only headers.
type discard struct{ h http.Header }

func (d *discard) Header() http.Header       { return d.h }
func (*discard) Write(b []byte) (int, error) { return len(b), nil }
func (*discard) WriteHeader(int)             {}

// decode reads a JSON body of at most max bytes into v.
func decode(w http.ResponseWriter, r *http.Request, max int64, v any) error {
	r.Body = http.MaxBytesReader(w, r.Body, max)
	dec := json.NewDecoder(r.Body)
	if err := dec.Decode(v); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return &portal.Error{Code: ETooLarge, Reason: portal.ReasonBodyTooLarge, Params: map[string]string{"max": fmt.Sprint(tooBig.Limit)},
				Message: fmt.Sprintf("the request body is larger than %d bytes", tooBig.Limit)}
		}
		return &portal.Error{Code: portal.EInvalid, Reason: portal.ReasonBadJSON, Message: "the request body is not valid JSON: " + err.Error()}
	}
	if dec.More() {
		return &portal.Error{Code: portal.EInvalid, Reason: portal.ReasonBadJSON, Message: "the request body holds more than one JSON value"}
	}
	return nil
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}
