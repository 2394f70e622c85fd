// Package extlink decides which links the app hands to the system: web
// pages (http, https) and e-mail (mailto). Everything else (file:, custom
// schemes that start programs, javascript:) is refused, and so is a
// mailto: that would do more than address a message: attach= and similar
// parameters make some mail programs attach local files.
package extlink

import (
	"net/url"
	"strings"

	"supportportal/internal/portal"
)

// mailtoParams are the mailto: parameters allowed (RFC 6068 header fields
// that only fill in the message).
var mailtoParams = map[string]bool{"subject": true, "body": true, "cc": true, "bcc": true}

func refuse(raw string) error {
	return portal.Invalid("url", portal.ReasonUnsupportedLink, raw, "only web and e-mail links can be opened")
}

// Check returns the link to open, or unsupported_link.
func Check(raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	if strings.ContainsAny(raw, "\x00\r\n\t\\") {
		return "", refuse(raw)
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "", refuse(raw)
	}
	switch u.Scheme {
	case "http", "https":
		if u.Host == "" || u.User != nil || u.Opaque != "" {
			return "", refuse(raw)
		}
	case "mailto":
		if u.Host != "" || u.User != nil || u.Fragment != "" {
			return "", refuse(raw)
		}
		q, err := url.ParseQuery(u.RawQuery)
		if err != nil {
			return "", refuse(raw)
		}
		for k := range q {
			if !mailtoParams[strings.ToLower(k)] {
				return "", refuse(raw)
			}
		}
	default:
		return "", refuse(raw)
	}
	return u.String(), nil
}
