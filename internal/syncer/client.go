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

	"supportportal/internal/appstore"
	"supportportal/internal/portal"
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
		return "", portal.Invalid("serverUrl", "invalid_server_url", raw, "%q is not a server address such as https://support.example.com", raw)
	}
	// Plain http only to this machine: passwords and tokens never cross a
	// network unencrypted.
	if u.Scheme == "http" && u.Hostname() != "127.0.0.1" && u.Hostname() != "localhost" && u.Hostname() != "::1" {
		return "", portal.Invalid("serverUrl", "insecure_server_url", raw, "the server address must start with https://")
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
		pe = portal.Error{Code: "server_unavailable", Reason: "server_unavailable", Message: pe.Message}
	}
	return &HTTPError{Status: status, Err: &pe}
}

// Unauthorized reports whether the server no longer accepts the session.
func Unauthorized(err error) bool {
	var he *HTTPError
	return errors.As(err, &he) && he.Status == http.StatusUnauthorized
}

// Person is the signed-in person as the server describes them.
type Person struct {
	ID          string `json:"id"`
	CompanyID   string `json:"companyId"`
	CompanyName string `json:"companyName"`
	Email       string `json:"email"`
	Name        string `json:"name"`
	ProductRole string `json:"productRole"`
	// Settings are what the person last set in any app (nil: never).
	Settings *PersonSettings `json:"settings"`
}

// PersonSettings are the settings that follow a person between devices.
type PersonSettings struct {
	Language string `json:"language"`
	Locale   string `json:"locale"`
	TimeZone string `json:"timeZone"`
}

// Session is a successful sign-in.
type Session struct {
	Token     string    `json:"token"`
	ExpiresAt time.Time `json:"expiresAt"`
	Person    Person    `json:"person"`
}

// SignIn exchanges e-mail and password for a session.
func (c *Client) SignIn(ctx context.Context, email, password string) (Session, error) {
	var s Session
	err := c.do(ctx, "POST", "/v1/auth/sign-in", map[string]string{"email": email, "password": password}, &s)
	return s, err
}

// SignOut ends the session on the server.
func (c *Client) SignOut(ctx context.Context) error {
	return c.do(ctx, "POST", "/v1/auth/sign-out", nil, nil)
}

// ForgotPassword asks the server to e-mail a reset link.
func (c *Client) ForgotPassword(ctx context.Context, email string) error {
	return c.do(ctx, "POST", "/v1/auth/forgot-password", map[string]string{"email": email}, nil)
}

// Push sends mutations in order and returns one result per mutation.
func (c *Client) Push(ctx context.Context, ms []appstore.Mutation) ([]appstore.PushResult, error) {
	var out struct {
		Results []appstore.PushResult `json:"results"`
	}
	err := c.do(ctx, "POST", "/v1/push", map[string]any{"mutations": ms}, &out)
	return out.Results, err
}

// ChangePage is one page of the changes feed.
type ChangePage struct {
	Items  []appstore.Change `json:"items"`
	Cursor string            `json:"cursor"`
	More   bool              `json:"more"`
	// Heads say whether the knowledge base and the company account have
	// anything new; nil from a server that does not send them, and then
	// both are fetched.
	Heads *Heads `json:"heads"`
}

// Heads are the newest knowledge-base cursor and the company's account
// revision at the time of a page of changes.
type Heads struct {
	KB         string `json:"kb"`
	AccountRev int64  `json:"accountRev"`
	// Settings are the person's settings as the server keeps them; nil
	// before any were pushed.
	Settings *PersonSettings `json:"settings"`
}

// Changes returns the changes after cursor.
func (c *Client) Changes(ctx context.Context, cursor string, limit int) (ChangePage, error) {
	var p ChangePage
	err := c.do(ctx, "GET", fmt.Sprintf("/v1/changes?cursor=%s&limit=%d", url.QueryEscape(cursor), limit), nil, &p)
	return p, err
}

// Sync pushes mutations (none is fine) and returns their answers with the
// first page of changes after cursor, read after they were applied: one
// round trip for what Push and Changes do in two.
func (c *Client) Sync(ctx context.Context, ms []appstore.Mutation, cursor string, limit int) ([]appstore.PushResult, ChangePage, error) {
	if ms == nil {
		ms = []appstore.Mutation{}
	}
	var out struct {
		Results []appstore.PushResult `json:"results"`
		Changes ChangePage            `json:"changes"`
	}
	err := c.do(ctx, "POST", "/v1/sync", map[string]any{"mutations": ms, "cursor": cursor, "limit": limit}, &out)
	return out.Results, out.Changes, err
}

// CaseDetail is a case with its whole conversation.
type CaseDetail struct {
	appstore.RemoteCase
	Comments []appstore.RemoteComment `json:"comments"`
}

// Case fetches one case of the caller's company.
func (c *Client) Case(ctx context.Context, id string) (CaseDetail, error) {
	var d CaseDetail
	err := c.do(ctx, "GET", "/v1/cases/"+url.PathEscape(id), nil, &d)
	return d, err
}

// Account fetches the company's portal users and pending requests.
func (c *Client) Account(ctx context.Context) (portal.CompanyAccount, error) {
	var a portal.CompanyAccount
	err := c.do(ctx, "GET", "/v1/account", nil, &a)
	return a, err
}

// KBCategory is a knowledge-base category of the vendor.
type KBCategory struct {
	ID       string `json:"id"`
	ParentID string `json:"parentId"`
	NameEn   string `json:"nameEn"`
	NameDe   string `json:"nameDe"`
	Position int    `json:"position"`
}

// KBArticle is one language version of a vendor article (Markdown body).
type KBArticle struct {
	ID          string    `json:"id"`
	SourceID    string    `json:"sourceId"`
	Locale      string    `json:"locale"`
	Title       string    `json:"title"`
	Summary     string    `json:"summary"`
	Body        string    `json:"body"`
	CategoryID  string    `json:"categoryId"`
	Tags        []string  `json:"tags"`
	PublishedAt time.Time `json:"publishedAt"`
	UpdatedAt   time.Time `json:"updatedAt"`
	Popularity  float64   `json:"popularity"` // the server's prior, 0..1
}

// KBCategories fetches the vendor's category tree.
func (c *Client) KBCategories(ctx context.Context) ([]KBCategory, error) {
	var out struct {
		Items []KBCategory `json:"items"`
	}
	err := c.do(ctx, "GET", "/v1/kb/categories", nil, &out)
	return out.Items, err
}

// KBArticlePage is one page of the article feed.
type KBArticlePage struct {
	Items  []KBArticle `json:"items"`
	Cursor string      `json:"cursor"`
	More   bool        `json:"more"`
}

// KBArticles fetches articles written after since.
func (c *Client) KBArticles(ctx context.Context, since string, limit int) (KBArticlePage, error) {
	var p KBArticlePage
	if since == "" {
		since = "0"
	}
	err := c.do(ctx, "GET", fmt.Sprintf("/v1/kb/articles?since=%s&limit=%d", url.QueryEscape(since), limit), nil, &p)
	return p, err
}

// AccessRequestStatus is the outcome of an access request.
type AccessRequestStatus struct {
	ID     string `json:"id"`
	Status string `json:"status"` // pending, approved, rejected
	Reason string `json:"reason"`
	Token  string `json:"token,omitempty"`
}

// RequestAccess sends the "email portal access" form (no login needed).
func (c *Client) RequestAccess(ctx context.Context, req portal.AccessRequest) (AccessRequestStatus, error) {
	var out AccessRequestStatus
	err := c.do(ctx, "POST", "/v1/access-requests", req, &out)
	return out, err
}

// AccessRequest asks for the outcome of an access request.
func (c *Client) AccessRequest(ctx context.Context, id, token string) (AccessRequestStatus, error) {
	var out AccessRequestStatus
	err := c.do(ctx, "GET", "/v1/access-requests/"+url.PathEscape(id)+"?token="+url.QueryEscape(token), nil, &out)
	return out, err
}

// Profile is the vendor's profile and component list.
type Profile struct {
	Vendor              portal.VendorProfile       `json:"vendor"`
	ComponentCategories []portal.ComponentCategory `json:"componentCategories"`
}

// Profile fetches the vendor profile (no sign-in needed).
func (c *Client) Profile(ctx context.Context) (Profile, error) {
	var p Profile
	err := c.do(ctx, "GET", "/v1/profile", nil, &p)
	return p, err
}
