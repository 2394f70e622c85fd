//go:build dev

package main

import "net/http"

// cspMiddleware: development builds serve the page to a browser over a
// websocket and keep index.html's looser policy.
func cspMiddleware(next http.Handler) http.Handler { return next }
