package httpapi

import "net/http"

// retryAfterBusy tells a client the server was too busy (503
// server_busy) to try again in a second.
func retryAfterBusy(w http.ResponseWriter) { w.Header().Set("Retry-After", "1") }
