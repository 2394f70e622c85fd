package syncer

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"sync"
	"time"

	"supportportal/internal/appstore"
	"supportportal/internal/portal"
	"supportportal/internal/syncproto"
)

// Batch sizes: a push carries at most PushBatch mutations (the server
// accepts 200) and a pull page at most PullPage changes.
const (
	PushBatch = 100
	PullPage  = 200
)

// Schedule of automatic syncs: every Interval while all is well; after a
// failure, exponential backoff from MinBackoff to MaxBackoff with jitter so
// that many apps coming back online at once do not hit the server together.
var (
	Interval   = 60 * time.Second
	MinBackoff = 2 * time.Second
	MaxBackoff = 5 * time.Minute
	// ProfileEvery is how often a running engine fetches the vendor profile
	// again (its names, limits and the newest app release); the first
	// successful sync after start fetches it.
	ProfileEvery = time.Hour
)

// Report is the outcome of one sync.
type Report struct {
	Pushed   int `json:"pushed"`
	Rejected int `json:"rejected"`
	Pulled   int `json:"pulled"`
	Articles int `json:"articles"`
	Files    int `json:"files"`
	// FilesFailed counts files that could not be sent this time; they are
	// tried again with the next sync.
	FilesFailed int `json:"filesFailed"`
}

func (r *Report) count(results []syncproto.MutationResult) {
	for _, res := range results {
		if res.Result == syncproto.ResultApplied {
			r.Pushed++
		} else {
			r.Rejected++
		}
	}
}

// Engine syncs one account's store with its server.
type Engine struct {
	db      *appstore.DB
	client  *Client
	account appstore.SyncAccount
	log     *slog.Logger

	// OnChange is told after every sync attempt (the app emits an event so
	// the UI refreshes); OnSignedOut when the server refused the session.
	OnChange    func(Report, error)
	OnSignedOut func()
	// OnStep is told how far a sync has come after every page, so a long
	// first sync can show its progress.
	OnStep func(Report)
	// OnNotice is told of support's replies and status changes, for
	// desktop notifications.
	OnNotice func([]appstore.Notice)
	// OnProgress reports file transfers, for progress bars.
	OnProgress func(sha256, name string, done, total int64)
	// Files is where attachment bytes live; nil leaves files out of sync.
	Files FileStore

	mu   sync.Mutex // one sync at a time
	kick chan struct{}
	// twoTrips: the server predates POST /v1/sync (it answered 404), so
	// the first page comes by push and pull, as before; remembered for
	// this engine's life (a new sign-in asks again).
	twoTrips bool
	// profileAt is when the vendor profile was last fetched.
	profileAt time.Time
}

// NewEngine returns an engine for the signed-in account.
func NewEngine(db *appstore.DB, client *Client, account appstore.SyncAccount, log *slog.Logger) *Engine {
	if log == nil {
		log = slog.Default()
	}
	return &Engine{db: db, client: client, account: account, log: log, kick: make(chan struct{}, 1)}
}

// Client is the engine's connection to the server.
func (e *Engine) Client() *Client { return e.client }

// Account is whose data this engine syncs.
func (e *Engine) Account() appstore.SyncAccount { return e.account }

// SyncOnce pushes the whole outbox in order, then pulls every waiting page
// of changes. A push whose answer is lost is simply pushed again: the server
// applies each mutation ID once and answers the same, and the outbox entry
// leaves only when an answer for it has been stored.
func (e *Engine) SyncOnce(ctx context.Context) (Report, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	var r Report
	// The answers to the last push are stored with the first page of
	// changes, in one write: until then the outbox keeps the mutations, and
	// pushing them again (after a crash, say) is answered the same.
	var answered []syncproto.MutationResult
	// Full batches are pushed on their own; the last (or none) goes with
	// the first page of changes, in one round trip.
	var last []syncproto.Mutation
	for {
		ms, err := e.db.PendingMutations(ctx, PushBatch)
		if err != nil {
			return r, err
		}
		if len(ms) < PushBatch {
			last = ms
			break
		}
		results, err := e.client.Push(ctx, ms)
		if err != nil {
			return r, fmt.Errorf("push: %w", err)
		}
		if len(results) == 0 {
			return r, fmt.Errorf("push: the server answered none of %d changes", len(ms))
		}
		r.count(results)
		if len(results) < len(ms) {
			// The rest of a partly answered batch goes with the next sync.
			answered = results
			break
		}
		if err := e.db.ApplyPushResults(ctx, results); err != nil {
			return r, err
		}
	}
	// If the pull fails, the answers are stored on their own.
	defer func() {
		if answered != nil {
			if err := e.db.ApplyPushResults(ctx, answered); err != nil {
				e.log.Warn("push answers not stored; they are asked for again", "err", err)
			}
		}
	}()
	cursor, err := e.db.Cursor(ctx, e.account)
	if err != nil {
		return r, err
	}
	results, page, err := e.firstPage(ctx, last, cursor)
	// Answers that came before a failure are stored all the same.
	r.count(results)
	answered = append(answered, results...)
	if err != nil {
		return r, fmt.Errorf("sync: %w", err)
	}
	if len(last) > 0 && len(results) == 0 {
		return r, fmt.Errorf("sync: the server answered none of %d changes", len(last))
	}
	var heads *syncproto.Heads
	for first := true; ; first = false {
		// IDs are checked before any is used, even to ask for a parent.
		if err := appstore.CheckChanges(appstore.Pull{Items: page.Items}); err != nil {
			return r, fmt.Errorf("pull: %w", err)
		}
		items, err := e.withParents(ctx, page.Items)
		if err != nil {
			return r, fmt.Errorf("pull: %w", err)
		}
		// With the last page the stored company account is confirmed
		// current when its revision is the server's, in the same write.
		var accountRev *int64
		if !page.More && page.Heads != nil {
			accountRev = &page.Heads.AccountRev
		}
		notices, err := e.db.ApplyChanges(ctx, e.account, appstore.Pull{Answers: answered, Items: items, Cursor: page.Cursor, AccountRev: accountRev})
		if err != nil {
			return r, err
		}
		answered = nil
		if first {
			// The files of what the server now knows about: the cases
			// just answered have left the outbox.
			var ferr error
			if r.Files, r.FilesFailed, ferr = e.uploadFiles(ctx); ferr != nil {
				return r, fmt.Errorf("files: %w", ferr)
			}
		}
		// A first sync brings the whole history: nothing in it is news.
		if cursor != "" && len(notices) > 0 && e.OnNotice != nil {
			e.OnNotice(notices)
		}
		heads = page.Heads
		r.Pulled += len(page.Items)
		if e.OnStep != nil {
			e.OnStep(r)
		}
		cursor = page.Cursor
		if !page.More || len(page.Items) == 0 {
			break
		}
		if page, err = e.client.Changes(ctx, cursor, PullPage); err != nil {
			return r, fmt.Errorf("pull: %w", err)
		}
	}
	// The vendor's knowledge base, for search and solution links offline.
	if n, err := e.pullKnowledge(ctx, heads); err != nil {
		return r, err
	} else {
		r.Articles = n
	}
	// Settings changed on another of the person's devices.
	if heads != nil && heads.Settings != nil {
		ps := heads.Settings
		if _, err := appstore.NewSettingsService(e.db).AdoptServerSettings(ctx, ps.Language, ps.Locale, ps.TimeZone); err != nil {
			e.log.Warn("settings from the server not taken", "err", err)
		}
	}
	// The company's portal users, for My Account offline.
	if err := e.pullAccount(ctx, heads); err != nil {
		return r, err
	}
	e.refreshProfile(ctx)
	return r, nil
}

// refreshProfile fetches the vendor profile when it is due, so that a
// release the vendor announces reaches the app without a new sign-in. A
// failure only waits for the next sync: the stored profile stays valid.
func (e *Engine) refreshProfile(ctx context.Context) {
	if !e.profileAt.IsZero() && time.Since(e.profileAt) < ProfileEvery {
		return
	}
	p, err := e.client.Profile(ctx)
	if err != nil {
		e.log.Info("vendor profile not refreshed", "err", err)
		return
	}
	if err := e.db.SaveVendorProfile(ctx, p.Vendor); err != nil {
		e.log.Warn("vendor profile not stored", "err", err)
		return
	}
	if len(p.Categories) > 0 {
		if err := e.db.SetState(ctx, "component_categories", p.Categories); err != nil {
			e.log.Warn("component categories not stored", "err", err)
			return
		}
	}
	e.profileAt = time.Now()
}

// firstPage pushes the outbox's last batch (none is fine) and fetches the
// first page of changes after it: in one round trip, or in two with a
// server older than POST /v1/sync.
func (e *Engine) firstPage(ctx context.Context, ms []syncproto.Mutation, cursor string) ([]syncproto.MutationResult, syncproto.ChangePage, error) {
	if !e.twoTrips {
		results, page, err := e.client.Sync(ctx, ms, cursor, PullPage)
		var he *HTTPError
		if !errors.As(err, &he) || he.Status != http.StatusNotFound {
			return results, page, err
		}
		e.log.Info("the server has no POST /v1/sync; pushing and pulling apart")
		e.twoTrips = true
	}
	var results []syncproto.MutationResult
	if len(ms) > 0 {
		var err error
		if results, err = e.client.Push(ctx, ms); err != nil {
			return nil, syncproto.ChangePage{}, fmt.Errorf("push: %w", err)
		}
	}
	page, err := e.client.Changes(ctx, cursor, PullPage)
	if err != nil {
		return results, syncproto.ChangePage{}, fmt.Errorf("pull: %w", err)
	}
	return results, page, nil
}

// pullAccount fetches the company's portal users when the heads say they
// changed (or say nothing).
func (e *Engine) pullAccount(ctx context.Context, heads *syncproto.Heads) error {
	accounts := appstore.NewAccounts(e.db)
	if heads != nil {
		rev, ok, err := accounts.CompanyAccountRev(ctx)
		if err != nil {
			return err
		}
		if ok && rev == heads.AccountRev {
			return nil // unchanged, and ApplyChanges marked it current
		}
	}
	acc, err := e.client.Account(ctx)
	if err != nil {
		if Unauthorized(err) || IsOffline(err) {
			return fmt.Errorf("account: %w", err)
		}
		e.log.Warn("company account not fetched", "err", err) // e.g. an agent's account has no company
		return nil
	}
	return accounts.SaveCompanyAccount(ctx, acc)
}

// withParents adds the cases of comments whose case this store has never
// seen and the page does not carry (the feed lists a case once, at its
// latest change, which may be on a later page).
func (e *Engine) withParents(ctx context.Context, items []syncproto.Change) ([]syncproto.Change, error) {
	inPage := map[string]bool{}
	var parents []string
	for _, ch := range items {
		if ch.Type == syncproto.ChangeCase && ch.Case != nil {
			inPage[ch.Case.ID] = true
		}
	}
	for _, ch := range items {
		if ch.Type == syncproto.ChangeComment && ch.Comment != nil && !inPage[ch.Comment.CaseID] {
			parents = append(parents, ch.Comment.CaseID)
		}
	}
	if len(parents) == 0 {
		return items, nil
	}
	missing, err := e.db.MissingCases(ctx, parents)
	if err != nil {
		return nil, err
	}
	for _, id := range missing {
		d, err := e.client.Case(ctx, id)
		if err != nil {
			return nil, err
		}
		c := d.Case
		items = append(items, syncproto.Change{Type: syncproto.ChangeCase, Case: &c})
		for i := range d.Comments {
			items = append(items, syncproto.Change{Type: syncproto.ChangeComment, Comment: &d.Comments[i]})
		}
	}
	return items, nil
}

// Kick asks for a sync now (Sync now, the network is back, a case was
// submitted). Kicks while one is pending merge into one.
func (e *Engine) Kick() {
	select {
	case e.kick <- struct{}{}:
	default:
	}
}

// Run syncs on start, then on the schedule and on every Kick, until ctx
// ends or the server refuses the session.
func (e *Engine) Run(ctx context.Context) {
	failures := 0
	for {
		r, err := e.SyncOnce(ctx)
		if ctx.Err() != nil {
			return
		}
		if err != nil {
			e.log.Warn("sync failed", "err", err)
			_ = e.db.SyncFailed(context.Background(), e.account, FailureJSON(err))
		}
		if e.OnChange != nil {
			e.OnChange(r, err)
		}
		if Unauthorized(err) {
			if e.OnSignedOut != nil {
				e.OnSignedOut()
			}
			return
		}
		wait := Interval
		if err != nil {
			failures++
			wait = Backoff(failures)
		} else {
			failures = 0
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-e.kick:
			t.Stop()
		case <-t.C:
		}
	}
}

// Backoff is the wait after n failures in a row: doubling from MinBackoff,
// capped at MaxBackoff, half of it fixed and half random ("equal jitter"),
// so retries of many apps spread out yet never come back at once.
func Backoff(n int) time.Duration {
	d := MinBackoff
	for i := 1; i < n && d < MaxBackoff; i++ {
		d *= 2
	}
	d = min(d, MaxBackoff)
	return d/2 + time.Duration(rand.Int64N(int64(d/2)+1))
}

// FailureJSON describes a failed sync in the error shape the UI
// translates: unreachable, the server's own answer, or an internal error.
func FailureJSON(err error) string {
	var pe *portal.Error
	var he *HTTPError
	switch {
	case IsOffline(err):
		pe = &portal.Error{Code: "server_unreachable", Reason: portal.ReasonServerUnreachable, Message: "the server could not be reached"}
	case errors.As(err, &he):
		pe = he.Err
	default:
		pe = &portal.Error{Code: portal.EInternal, Message: err.Error()}
	}
	b, _ := json.Marshal(pe)
	return string(b)
}

// IsOffline reports whether err means the server was not reachable.
func IsOffline(err error) bool { return errors.Is(err, ErrOffline) }
