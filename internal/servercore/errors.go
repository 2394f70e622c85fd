package servercore

import "supportportal/internal/portal"

// Error codes the server adds to portal's (invalid, not_found, conflict,
// internal). Like portal's, they are stable identifiers clients translate;
// the HTTP API answers each with its status.
const (
	EUnauthorized = "unauthorized" // no valid session, or wrong credentials
	EForbidden    = "forbidden"    // signed in (or identified) but not allowed
	ERateLimited  = "rate_limited" // too many attempts; Retry-After says when to try again
	ETooLarge     = "too_large"    // request body or file over the limit
	// EUnavailable is the error code of a request the server is too busy
	// to take now (HTTP 503, with Retry-After).
	EUnavailable = "unavailable"
)

func errUnauthorized(reason, msg string) error {
	return &portal.Error{Code: EUnauthorized, Reason: reason, Message: msg}
}

func errForbidden(reason, msg string) error {
	return &portal.Error{Code: EForbidden, Reason: reason, Message: msg}
}
