// Package httpapi is the central server's HTTP API: sign-in, the vendor
// profile, the company's cases, the push of desktop outbox mutations, the
// changes feed, and the support agents' endpoints. It decodes requests,
// checks who makes them, calls internal/servercore (the rules, the
// services and the store interfaces) and encodes the answers; the wire
// types are internal/syncproto's.
package httpapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/netip"
	"runtime/debug"
	"strings"

	"supportportal/internal/portal"
	"supportportal/internal/servercore"
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

// Config configures a Server: the core's configuration (Store and Mail
// are required) and what only the HTTP layer needs.
type Config struct {
	servercore.Config
	// FilesDir holds attachment files (uploads in progress and the
	// content-addressed store). Empty: files are not accepted.
	FilesDir string
	// TrustedProxies are the reverse proxies whose Forwarded and
	// X-Forwarded-For headers are believed (see ClientAddr). None: the
	// headers are ignored, since anyone could set them.
	TrustedProxies []netip.Prefix
}

// Server serves the API: it decodes a request, checks who may make it,
// calls the core and encodes the answer.
type Server struct {
	cfg   Config
	core  *servercore.Service
	store servercore.Store
	log   *slog.Logger
	// httpsPublic: PublicURL is https, so cookies are Secure and every
	// answer carries HSTS.
	httpsPublic bool
	mux         *http.ServeMux
	routes      []string
}

// New returns a server with its routes registered, over a core made from
// cfg.Config.
func New(cfg Config) *Server {
	core := servercore.New(cfg.Config)
	cfg.Config = core.Config() // with its defaults
	s := &Server{cfg: cfg, core: core, store: cfg.Store, log: cfg.Logger, mux: http.NewServeMux(),
		httpsPublic: strings.HasPrefix(strings.ToLower(cfg.PublicURL), "https://")}
	s.registerRoutes()
	return s
}

// Core is the core the server calls: the support console signs agents in
// and decides requests through the same one.
func (s *Server) Core() *servercore.Service { return s.core }

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
			return &portal.Error{Code: servercore.ETooLarge, Reason: portal.ReasonBodyTooLarge, Params: map[string]string{"max": fmt.Sprint(tooBig.Limit)},
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
