// Package syncer connects the desktop app to the central server: sign-in,
// pushing the outbox, pulling the changes feed, and the schedule that runs
// them (on start, on a timer with backoff, when the network returns, and on
// "Sync now").
package syncer

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"supportportal/internal/portal"
	"supportportal/internal/syncproto"
)

// Client talks to one server's /v1 API.
type Client struct {
	BaseURL string
	Token   string
	HTTP    *http.Client
}

// NewClient returns a client with timeouts suited to a flaky network: a
// request that hangs is abandoned and retried later rather than blocking
// the schedule.
func NewClient(base, token string) *Client {
	return &Client{BaseURL: strings.TrimRight(base, "/"), Token: token, HTTP: &http.Client{Timeout: 30 * time.Second}}
}

// ErrOffline wraps network failures: the server could not be reached.
var ErrOffline = errors.New("server not reachable")

// NormalizeServerURL checks a server address the user typed.
func NormalizeServerURL(raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	if raw != "" && !strings.Contains(raw, "://") {
		raw = "https://" + raw
	}
	u, err := url.Parse(raw)
	// Only a scheme, host, port and path: user names, queries and
	// fragments have no place in a server address and can disguise one.
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil || u.Opaque != "" ||
		u.RawQuery != "" || u.ForceQuery || u.Fragment != "" || strings.ContainsAny(raw, "\\\x00\r\n\t ") {
		return "", portal.Invalid("serverUrl", portal.ReasonInvalidServerURL, raw, "%q is not a server address such as https://support.example.com", raw)
	}
	// Plain http only to this machine: passwords and tokens never cross a
	// network unencrypted.
	if u.Scheme == "http" && u.Hostname() != "127.0.0.1" && u.Hostname() != "localhost" && u.Hostname() != "::1" {
		return "", portal.Invalid("serverUrl", portal.ReasonInsecureServerURL, raw, "the server address must start with https://")
	}
	u.Path = strings.TrimRight(u.Path, "/")
	return u.String(), nil
}

func (c *Client) do(ctx context.Context, method, path string, in, out any) error {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return fmt.Errorf("%s %s: %w", method, path, err)
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.BaseURL+path, body)
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	req.Header.Set("Accept", "application/json")
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.Token != "" {
		req.Header.Set("Authorization", "Bearer "+c.Token)
	}
	resp, err := c.HTTP.Do(req)
	if err != nil {
		return fmt.Errorf("%s %s: %w: %v", method, path, ErrOffline, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return fmt.Errorf("%s %s: %w: %v", method, path, ErrOffline, err)
	}
	if resp.StatusCode >= 300 {
		return apiError(resp.StatusCode, b)
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			return fmt.Errorf("%s %s: unexpected answer: %w", method, path, err)
		}
	}
	return nil
}

// HTTPError is an error answer of the server.
type HTTPError struct {
	Status int
	Err    *portal.Error
}

func (e *HTTPError) Error() string {
	return fmt.Sprintf("server answered %d: %s", e.Status, e.Err.Message)
}

// Unwrap lets portal.AsError find the server's error for the UI.
func (e *HTTPError) Unwrap() error { return e.Err }

func apiError(status int, b []byte) error {
	var pe portal.Error
	if json.Unmarshal(b, &pe) != nil || pe.Code == "" {
		pe = portal.Error{Code: portal.EInternal, Message: fmt.Sprintf("the server answered %d", status)}
	}
	if status >= 500 {
		// The server's trouble, not the user's input: retry later.
		pe = portal.Error{Code: "server_unavailable", Reason: portal.ReasonServerUnavailable, Message: pe.Message}
	}
	return &HTTPError{Status: status, Err: &pe}
}

// Unauthorized reports whether the server no longer accepts the session.
func Unauthorized(err error) bool {
	var he *HTTPError
	return errors.As(err, &he) && he.Status == http.StatusUnauthorized
}

// SignIn exchanges e-mail and password for a session.
func (c *Client) SignIn(ctx context.Context, email, password string) (syncproto.Session, error) {
	var s syncproto.Session
	err := c.do(ctx, "POST", "/v1/auth/sign-in", syncproto.Credentials{Email: email, Password: password}, &s)
	return s, err
}

// SignOut ends the session on the server.
func (c *Client) SignOut(ctx context.Context) error {
	return c.do(ctx, "POST", "/v1/auth/sign-out", nil, nil)
}

// SetPassword chooses a password with the one-time token from an
// invitation or reset link, and returns the e-mail address of the person
// whose password it is (to sign in with).
func (c *Client) SetPassword(ctx context.Context, token, password string) (string, error) {
	var out struct {
		Email string `json:"email"`
	}
	err := c.do(ctx, "POST", "/v1/auth/set-password", map[string]string{"token": token, "password": password}, &out)
	return out.Email, err
}

// ForgotPassword asks the server to e-mail a reset link.
func (c *Client) ForgotPassword(ctx context.Context, email string) error {
	return c.do(ctx, "POST", "/v1/auth/forgot-password", map[string]string{"email": email}, nil)
}

// Push sends mutations in order and returns one result per mutation.
func (c *Client) Push(ctx context.Context, ms []syncproto.Mutation) ([]syncproto.MutationResult, error) {
	var out syncproto.PushResponse
	err := c.do(ctx, "POST", "/v1/push", syncproto.PushRequest{Mutations: ms}, &out)
	return out.Results, err
}

// Changes returns the changes after cursor.
func (c *Client) Changes(ctx context.Context, cursor string, limit int) (syncproto.ChangePage, error) {
	var p syncproto.ChangePage
	err := c.do(ctx, "GET", fmt.Sprintf("/v1/changes?cursor=%s&limit=%d", url.QueryEscape(cursor), limit), nil, &p)
	return p, err
}

// Sync pushes mutations (none is fine) and returns their answers with the
// first page of changes after cursor, read after they were applied: one
// round trip for what Push and Changes do in two.
func (c *Client) Sync(ctx context.Context, ms []syncproto.Mutation, cursor string, limit int) ([]syncproto.MutationResult, syncproto.ChangePage, error) {
	if ms == nil {
		ms = []syncproto.Mutation{}
	}
	var out syncproto.SyncResponse
	err := c.do(ctx, "POST", "/v1/sync", syncproto.SyncRequest{Mutations: ms, Cursor: cursor, Limit: limit}, &out)
	return out.Results, out.Changes, err
}

// Case fetches one case of the caller's company.
func (c *Client) Case(ctx context.Context, id string) (syncproto.CaseDetail, error) {
	var d syncproto.CaseDetail
	err := c.do(ctx, "GET", "/v1/cases/"+url.PathEscape(id), nil, &d)
	return d, err
}

// Account fetches the company's portal users and pending requests.
func (c *Client) Account(ctx context.Context) (portal.CompanyAccount, error) {
	var a portal.CompanyAccount
	err := c.do(ctx, "GET", "/v1/account", nil, &a)
	return a, err
}

// KBCategories fetches the vendor's category tree.
func (c *Client) KBCategories(ctx context.Context) ([]syncproto.KBCategory, error) {
	var out syncproto.KBCategoryList
	err := c.do(ctx, "GET", "/v1/kb/categories", nil, &out)
	return out.Items, err
}

// KBArticles fetches articles written after since.
func (c *Client) KBArticles(ctx context.Context, since string, limit int) (syncproto.KBArticlePage, error) {
	var p syncproto.KBArticlePage
	if since == "" {
		since = "0"
	}
	err := c.do(ctx, "GET", fmt.Sprintf("/v1/kb/articles?since=%s&limit=%d", url.QueryEscape(since), limit), nil, &p)
	return p, err
}

// RequestAccess sends the "email portal access" form (no login needed).
func (c *Client) RequestAccess(ctx context.Context, req portal.AccessRequest) (syncproto.AccessRequestReceipt, error) {
	var out syncproto.AccessRequestReceipt
	err := c.do(ctx, "POST", "/v1/access-requests", req, &out)
	return out, err
}

// AccessRequest asks for the outcome of an access request.
func (c *Client) AccessRequest(ctx context.Context, id, token string) (syncproto.AccessRequestStatus, error) {
	var out syncproto.AccessRequestStatus
	err := c.do(ctx, "GET", "/v1/access-requests/"+url.PathEscape(id)+"?token="+url.QueryEscape(token), nil, &out)
	return out, err
}

// Profile fetches the vendor profile (no sign-in needed).
func (c *Client) Profile(ctx context.Context) (syncproto.Profile, error) {
	var p syncproto.Profile
	err := c.do(ctx, "GET", "/v1/profile", nil, &p)
	return p, err
}
