//go:build !dev

package main

import (
	"net/http"

	"supportportal/app"
)

// cspMiddleware sends the production Content-Security-Policy.
func cspMiddleware(next http.Handler) http.Handler { return app.WithCSP(next) }
