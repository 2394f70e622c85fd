package app

import "net/http"

// ContentSecurityPolicy is sent with every page of the production app. The
// page talks to Go only through the Wails bridge, so it may connect to
// nothing but its own origin: a script that got into the page cannot send
// what it reads to another host. Development builds serve the page to a
// browser over a websocket and keep the looser policy of index.html.
const ContentSecurityPolicy = "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; " +
	"script-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-src 'none'; frame-ancestors 'none'"

// WithCSP adds ContentSecurityPolicy to every response of the asset server.
func WithCSP(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", ContentSecurityPolicy)
		next.ServeHTTP(w, r)
	})
}
