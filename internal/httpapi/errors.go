package httpapi

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"

	"supportportal/internal/portal"
	"supportportal/internal/servercore"
)

// apiError is the one JSON error shape of the API.
type apiError struct {
	Code    string            `json:"code"`
	Reason  string            `json:"reason,omitempty"`
	Message string            `json:"message"`
	Field   string            `json:"field,omitempty"`
	Params  map[string]string `json:"params,omitempty"`
}

func statusOf(code string) int {
	switch code {
	case portal.EInvalid:
		return http.StatusBadRequest
	case portal.ENotFound:
		return http.StatusNotFound
	case portal.EConflict:
		return http.StatusConflict
	case servercore.EUnauthorized:
		return http.StatusUnauthorized
	case servercore.EForbidden:
		return http.StatusForbidden
	case servercore.ERateLimited:
		return http.StatusTooManyRequests
	case servercore.ETooLarge:
		return http.StatusRequestEntityTooLarge
	case servercore.EUnavailable:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// writeError answers with the JSON error for err. Internal errors are
// logged in full and answered without detail, so storage or file-system
// messages never reach a client.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	var pe *portal.Error
	if !errors.As(err, &pe) || pe.Code == portal.EInternal || statusOf(pe.Code) == http.StatusInternalServerError {
		s.log.ErrorContext(r.Context(), "request failed", "method", r.Method, "path", r.URL.Path, "err", err.Error())
		pe = &portal.Error{Code: portal.EInternal, Message: "internal server error"}
	}
	if pe.Code == servercore.EUnavailable {
		retryAfterBusy(w)
	}
	writeJSON(w, statusOf(pe.Code), apiError{Code: pe.Code, Reason: pe.Reason, Message: pe.Message, Field: pe.Field, Params: pe.Params})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	if err := json.NewEncoder(w).Encode(v); err != nil {
		slog.Debug("write response", "err", err)
	}
}

func errUnauthorized(reason, msg string) error {
	return &portal.Error{Code: servercore.EUnauthorized, Reason: reason, Message: msg}
}

func errForbidden(reason, msg string) error {
	return &portal.Error{Code: servercore.EForbidden, Reason: reason, Message: msg}
}
