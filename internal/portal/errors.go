package portal

import (
	"errors"
	"fmt"
)

// Error codes are stable identifiers: the UI translates them into the user's
// language, so they must never change once shipped.
const (
	EInvalid  = "invalid"   // input failed validation; Field names the field
	ENotFound = "not_found" // the thing does not exist (or is not the caller's)
	EConflict = "conflict"  // the change clashes with the current state
	EInternal = "internal"  // a bug or an environment failure

	// Start-up failures of the local store. The app shows these instead of
	// its normal screens and never touches the file.
	EStoreCorrupt = "store_corrupt"
	EStoreLocked  = "store_locked"
	EStoreTooNew  = "store_too_new"
)

// Error is an application error that the UI can present. Reason is a
// machine-readable detail (e.g. "unknown_time_zone") used as the translation
// key; Message is an English fallback for logs and the command line.
type Error struct {
	Code    string            `json:"code"`
	Reason  string            `json:"reason,omitempty"`
	Field   string            `json:"field,omitempty"`
	Params  map[string]string `json:"params,omitempty"`
	Message string            `json:"message"`
}

func (e *Error) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("%s: %s", e.Field, e.Message)
	}
	return e.Message
}

// Errorf returns an Error with the given code and a formatted English message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Invalid returns a validation error for one field.
func Invalid(field, reason, value, format string, args ...any) *Error {
	e := &Error{Code: EInvalid, Reason: reason, Field: field, Message: fmt.Sprintf(format, args...)}
	if value != "" {
		e.Params = map[string]string{"value": truncate(value, 80)}
	}
	return e
}

// ErrorCode returns the code of the first *Error in err's chain, EInternal for
// any other error, and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EInternal
}

// AsError returns the first *Error in err's chain or wraps err as an internal
// error whose message is safe to show; nil for nil.
func AsError(err error) *Error {
	if err == nil {
		return nil
	}
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return &Error{Code: EInternal, Message: err.Error()}
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
