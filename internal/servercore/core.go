// Package servercore is the central server's core: its domain types (who
// signs in, companies, requests for portal users, the audit log), the
// rules only the server applies (sign-in and access, passwords and
// tokens, knowledge editing, uploads), the services built on them
// (Authenticate, ApproveRequest, ...) and the store interfaces they run
// on, split by concern. The HTTP API (internal/httpapi), the support
// console and the store (internal/serverstore) depend on it; it depends
// on none of them. The wire types it shares with the apps are
// internal/syncproto's.
package servercore

import (
	"log/slog"
	"strings"
	"time"

	"supportportal/internal/mailout"
)

// Config configures the core. Store and Mail are required.
type Config struct {
	Store  Store
	Mail   *mailout.Outbox
	Logger *slog.Logger
	// PublicURL is where people open set-password links, e.g.
	// https://support.example.com; the link is PublicURL/set-password?token=…
	PublicURL string
	// SessionTTL is how long a sign-in lasts. Default 30 days.
	SessionTTL time.Duration
	// InviteTTL and ResetTTL are how long set-password links work.
	// Defaults 7 days and 1 hour.
	InviteTTL time.Duration
	ResetTTL  time.Duration
	// SignInAttempts failed sign-ins per e-mail and client address are
	// allowed per SignInWindow. Defaults 5 per 15 minutes.
	SignInAttempts int
	SignInWindow   time.Duration
	// AccessRequests access requests without a login are accepted per
	// client address per AccessRequestWindow. Defaults 5 per hour.
	AccessRequests      int
	AccessRequestWindow time.Duration
	// SetPasswordAttempts set-password requests (API and form) are
	// accepted per client address per SetPasswordWindow, whatever their
	// outcome. Defaults 10 per 15 minutes.
	SetPasswordAttempts int
	SetPasswordWindow   time.Duration
	// HashMemory is the memory argon2id hashing may take at once (19 MiB
	// per hash in flight). Default DefaultHashMemory.
	HashMemory int64
	// HashWait is how long a request waits for a hash slot before the
	// answer is 503 server_busy. Default DefaultHashWait.
	HashWait time.Duration
	// SignInAddressAttempts failed sign-ins from one client address,
	// whatever the e-mail, are allowed per SignInWindow before the address
	// is locked. Default 20.
	SignInAddressAttempts int
	// Now returns the current time; tests replace it.
	Now func() time.Time
}

// withDefaults fills in what cfg leaves zero.
func (cfg Config) withDefaults() Config {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.SessionTTL == 0 {
		cfg.SessionTTL = 30 * 24 * time.Hour
	}
	if cfg.InviteTTL == 0 {
		cfg.InviteTTL = 7 * 24 * time.Hour
	}
	if cfg.ResetTTL == 0 {
		cfg.ResetTTL = time.Hour
	}
	if cfg.SignInAttempts == 0 {
		cfg.SignInAttempts = 5
	}
	if cfg.SignInWindow == 0 {
		cfg.SignInWindow = 15 * time.Minute
	}
	if cfg.AccessRequests == 0 {
		cfg.AccessRequests = 5
	}
	if cfg.AccessRequestWindow == 0 {
		cfg.AccessRequestWindow = time.Hour
	}
	if cfg.SetPasswordAttempts == 0 {
		cfg.SetPasswordAttempts = 10
	}
	if cfg.SetPasswordWindow == 0 {
		cfg.SetPasswordWindow = 15 * time.Minute
	}
	if cfg.HashMemory == 0 {
		cfg.HashMemory = DefaultHashMemory
	}
	if cfg.HashWait == 0 {
		cfg.HashWait = DefaultHashWait
	}
	if cfg.SignInAddressAttempts == 0 {
		cfg.SignInAddressAttempts = 20
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	cfg.PublicURL = strings.TrimRight(cfg.PublicURL, "/")
	return cfg
}

// Service is the core's services: sign-in and sessions, passwords,
// decisions on requests for portal users, and the rules the HTTP API and
// the console apply before they store anything.
type Service struct {
	cfg     Config
	store   Store
	log     *slog.Logger
	limiter *limiter
	// accessLimiter counts access requests without a login per address.
	accessLimiter *limiter
	// setPwLimiter counts set-password requests per address.
	setPwLimiter *limiter
	hashes       *hashSlots
	// addrLimiter counts failed sign-ins per client address.
	addrLimiter *limiter
}

// New returns the core's services over cfg.Store.
func New(cfg Config) *Service {
	cfg = cfg.withDefaults()
	return &Service{cfg: cfg, store: cfg.Store, log: cfg.Logger,
		limiter:       newLimiter(cfg.SignInAttempts, cfg.SignInWindow),
		accessLimiter: newLimiter(cfg.AccessRequests, cfg.AccessRequestWindow),
		setPwLimiter:  newLimiter(cfg.SetPasswordAttempts, cfg.SetPasswordWindow),
		hashes:        newHashSlots(cfg.HashMemory, cfg.HashWait),
		addrLimiter:   newLimiter(cfg.SignInAddressAttempts, cfg.SignInWindow)}
}

// Config returns the configuration in force (defaults filled in).
func (s *Service) Config() Config { return s.cfg }

// Store is the store the services run on, for what needs no rule of the
// core (reading a page of cases, say).
func (s *Service) Store() Store { return s.store }
