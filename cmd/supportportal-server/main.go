// Command supportportal-server is the central server the desktop apps sync
// with. It needs no display and no GTK/WebKit: it must never import Wails
// or anything under app/.
//
//	supportportal-server [serve] [--addr 127.0.0.1:8080] [--db server.db] [--tls-cert F --tls-key F] ...
//	supportportal-server seed --db server.db
//	supportportal-server invite|reset|deactivate|activate --db server.db --email ADDRESS
//	supportportal-server release --db server.db --version 1.2.0 --download-url https://...
//
// Every flag can also be set in the environment as SUPPORTPORTAL_SERVER_<FLAG>
// (upper case, '-' as '_', e.g. SUPPORTPORTAL_SERVER_TLS_CERT); a flag on
// the command line wins over the environment.
package main

import (
	"context"
	"crypto/tls"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"supportportal/internal/console"
	"supportportal/internal/httpapi"
	"supportportal/internal/mailout"
	"supportportal/internal/portal"
	"supportportal/internal/servercore"
	"supportportal/internal/serverstore"
	"supportportal/internal/syncproto"
)

const usage = `Usage:
  supportportal-server [serve] [flags]       run the server (default)
  supportportal-server seed [flags]          create a demo vendor, companies, people and an agent
  supportportal-server invite --email ADDR   e-mail a person a link to create their password
  supportportal-server reset --email ADDR    e-mail a person a link to reset their password
  supportportal-server deactivate --email ADDR [--reason TEXT]   end a person's portal access and sessions (as the vendor)
  supportportal-server activate --email ADDR     give a person portal access again
  supportportal-server release --version V --download-url URL
                                             announce the newest app release to the apps
                                             (both empty: withdraw the announcement)

Every flag may be given in the environment as SUPPORTPORTAL_SERVER_<FLAG>,
e.g. SUPPORTPORTAL_SERVER_DB=/var/lib/supportportal/server.db.
Run "supportportal-server COMMAND --help" for the flags of a command.
`

// envPrefix prefixes the environment variables that set flags.
const envPrefix = "SUPPORTPORTAL_SERVER_"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr, nil)
	stop()
	os.Exit(code)
}

// config is what every command shares.
type config struct {
	addr, db, tlsCert, tlsKey    string
	mailDir, mailFrom, publicURL string
	filesDir                     string
	logLevel                     string
	sessionTTL                   time.Duration
	hashMemoryMiB                int64
	trustedProxies               string
	email                        string
	reason                       string
	version, downloadURL         string
}

func newFlags(name string, stderr io.Writer) (*flag.FlagSet, *config) {
	fs := flag.NewFlagSet("supportportal-server "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	c := &config{}
	fs.StringVar(&c.db, "db", "server.db", "SQLite database file")
	fs.StringVar(&c.mailDir, "mail-dir", "mail-outbox", "folder where outgoing e-mails are written as .eml files")
	fs.StringVar(&c.filesDir, "files-dir", "files", "folder for attachment files (uploads in progress and the content-addressed store)")
	fs.StringVar(&c.mailFrom, "mail-from", "Support Portal <no-reply@supportportal.invalid>", "From address of outgoing e-mails")
	fs.StringVar(&c.publicURL, "public-url", "http://127.0.0.1:8080", "address people use to reach this server; set-password links start with it; https also makes console cookies Secure and sends HSTS")
	fs.StringVar(&c.logLevel, "log-level", "info", "debug, info, warn or error")
	return fs, c
}

// parse applies the environment, then the command line.
func parse(fs *flag.FlagSet, args []string) error {
	var err error
	fs.VisitAll(func(f *flag.Flag) {
		name := envPrefix + strings.ToUpper(strings.ReplaceAll(f.Name, "-", "_"))
		if v, ok := os.LookupEnv(name); ok && err == nil {
			if serr := f.Value.Set(v); serr != nil {
				err = fmt.Errorf("%s: %w", name, serr)
			}
		}
	})
	if err != nil {
		return err
	}
	return fs.Parse(args)
}

func newLogger(w io.Writer, level string) (*slog.Logger, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("log level %q: %w", level, err)
	}
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: l})), nil
}

// run executes a command and returns the exit code: 0 success, 1 failure,
// 2 usage error. listening, when not nil, is told the address the server
// listens on (tests start it on port 0).
func run(ctx context.Context, args []string, stdout, stderr io.Writer, listening func(addr string)) int {
	cmd := "serve"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, args = args[0], args[1:]
	}
	fs, c := newFlags(cmd, stderr)
	switch cmd {
	case "serve":
		fs.StringVar(&c.addr, "addr", "127.0.0.1:8080", "address to listen on")
		fs.StringVar(&c.tlsCert, "tls-cert", "", "TLS certificate file (PEM); with --tls-key, serve HTTPS")
		fs.StringVar(&c.tlsKey, "tls-key", "", "TLS private key file (PEM)")
		fs.DurationVar(&c.sessionTTL, "session-ttl", 30*24*time.Hour, "how long a sign-in lasts")
		fs.StringVar(&c.trustedProxies, "trusted-proxies", "",
			"comma-separated CIDRs of reverse proxies whose Forwarded/X-Forwarded-For headers are believed (e.g. 10.0.0.0/8,127.0.0.1); none: the headers are ignored")
		fs.Int64Var(&c.hashMemoryMiB, "hash-memory", servercore.DefaultHashMemory>>20,
			"MiB that password hashing (argon2id, 19 MiB each) may use at once; requests beyond it wait briefly, then get 503 server_busy")
	case "seed":
	case "invite", "reset", "deactivate", "activate":
		fs.StringVar(&c.email, "email", "", "the person's e-mail address")
		if cmd == "deactivate" {
			fs.StringVar(&c.reason, "reason", "", "why (kept with the deactivation; the company cannot lift a deactivation made here)")
		}
	case "release":
		fs.StringVar(&c.version, "version", "", "the newest app version (semantic, e.g. 1.2.0)")
		fs.StringVar(&c.downloadURL, "download-url", "", "the web page the app sends its users to for it")
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "unknown command %q\n%s", cmd, usage)
		return 2
	}
	if err := parse(fs, args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		fmt.Fprintln(stderr, "error:", err)
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "unexpected arguments: %v\n", fs.Args())
		return 2
	}
	log, err := newLogger(stderr, c.logLevel)
	if err != nil {
		fmt.Fprintln(stderr, "error:", err)
		return 2
	}
	switch cmd {
	case "serve":
		err = serve(ctx, c, log, listening)
	case "seed":
		err = seed(ctx, c, log, stdout)
	case "release":
		err = release(ctx, c, stdout)
	default:
		if c.email == "" {
			fmt.Fprintln(stderr, "error: --email is required")
			return 2
		}
		err = admin(ctx, cmd, c, log, stdout)
	}
	if err != nil {
		log.Error(cmd+" failed", "err", err.Error())
		fmt.Fprintln(stderr, "error:", err)
		return 1
	}
	return 0
}

// newServer is the API with the support console mounted under /console/.
func newServer(st console.Store, c *config, log *slog.Logger) (*httpapi.Server, error) {
	proxies, err := httpapi.ParseTrustedProxies(c.trustedProxies)
	if err != nil {
		return nil, err
	}
	srv := httpapi.New(httpapi.Config{
		Config: servercore.Config{
			Store:      st,
			Mail:       &mailout.Outbox{Dir: c.mailDir, From: c.mailFrom, Logger: log},
			Logger:     log,
			PublicURL:  c.publicURL,
			SessionTTL: c.sessionTTL,
			HashMemory: c.hashMemoryMiB << 20,
		},
		TrustedProxies: proxies,
		FilesDir:       c.filesDir,
	})
	console.Mount(srv, console.Config{Store: st, Auth: srv.Core(), Logger: log})
	return srv, nil
}

func serve(ctx context.Context, c *config, log *slog.Logger, listening func(string)) error {
	if (c.tlsCert == "") != (c.tlsKey == "") {
		return errors.New("--tls-cert and --tls-key go together")
	}
	st, err := serverstore.Open(ctx, c.db)
	if err != nil {
		return err
	}
	defer st.Close()
	api, err := newServer(st, c, log)
	if err != nil {
		return err
	}
	// Unfinished uploads older than a day are removed every hour.
	go api.RunJanitor(ctx)
	srv := &http.Server{
		Handler:           api,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       2 * time.Minute,
		WriteTimeout:      2 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
		TLSConfig:         &tls.Config{MinVersion: tls.VersionTLS12},
	}
	ln, err := net.Listen("tcp", c.addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	log.Info("listening", "addr", ln.Addr().String(), "tls", c.tlsCert != "", "db", c.db, "mailDir", c.mailDir)
	if listening != nil {
		listening(ln.Addr().String())
	}
	errc := make(chan error, 1)
	go func() {
		if c.tlsCert != "" {
			errc <- srv.ServeTLS(ln, c.tlsCert, c.tlsKey)
		} else {
			errc <- srv.Serve(ln)
		}
	}()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	// Graceful shutdown: stop accepting, let requests in flight finish
	// (their transactions commit), then close the store.
	log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	log.Info("stopped")
	return nil
}

// seed creates demo data so that people can try the server.
func seed(ctx context.Context, c *config, log *slog.Logger, stdout io.Writer) error {
	st, err := serverstore.Open(ctx, c.db)
	if err != nil {
		return err
	}
	defer st.Close()
	vendorID, err := st.CreateVendor(ctx, "demo", syncproto.Profile{Vendor: portal.DefaultVendorProfile(), Categories: portal.DefaultComponentCategories()})
	if portal.ErrorCode(err) == portal.EConflict {
		return fmt.Errorf("%s is already seeded; use another --db or the invite command", c.db)
	} else if err != nil {
		return err
	}
	active, err := st.CreateCompany(ctx, servercore.Company{VendorID: vendorID, Name: "Contoso Training", Domain: "contoso.example", Status: servercore.CompanyActive})
	if err != nil {
		return err
	}
	trial, err := st.CreateCompany(ctx, servercore.Company{VendorID: vendorID, Name: "Fabrikam", Domain: "fabrikam.example", Status: servercore.CompanyTrial})
	if err != nil {
		return err
	}
	people := []servercore.Person{
		{Person: syncproto.Person{VendorID: vendorID, CompanyID: active, Kind: servercore.KindCustomer, Email: "owner@contoso.example", Name: "Olivia Owner", ProductRole: servercore.RoleAccountOwner}},
		{Person: syncproto.Person{VendorID: vendorID, CompanyID: active, Kind: servercore.KindCustomer, Email: "learner@contoso.example", Name: "Leo Learner", ProductRole: servercore.RoleOther}},
		{Person: syncproto.Person{VendorID: vendorID, CompanyID: trial, Kind: servercore.KindCustomer, Email: "admin@fabrikam.example", Name: "Tara Trial", ProductRole: servercore.RoleAdministrator}},
		{Person: syncproto.Person{VendorID: vendorID, Kind: servercore.KindAgent, Email: "agent@northwind.example", Name: "Sam Support"}},
	}
	srv, err := newServer(st, c, log)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Seeded %s: vendor %q (%s)\n", c.db, portal.DefaultVendorProfile().Name, vendorID)
	for _, p := range people {
		id, err := st.CreatePerson(ctx, p)
		if err != nil {
			return err
		}
		p.ID = id
		note := ""
		switch {
		case p.Kind == servercore.KindAgent:
			note = "support agent"
		case p.CompanyID == trial:
			note = "trial company: sign-in is refused (trial_company)"
		case p.ProductRole == servercore.RoleOther:
			note = "neither Account Owner nor Administrator: sign-in is refused (role_not_allowed)"
		default:
			note = "Account Owner of an active company"
		}
		link, err := srv.Core().SendPasswordLink(ctx, p, "invite")
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "\n%s <%s>: %s\n  set password: %s\n", p.Name, p.Email, note, link)
	}
	fmt.Fprintf(stdout, "\nThe invitation e-mails are in %s. POST the token and a password to /v1/auth/set-password, then sign in.\n", c.mailDir)
	return nil
}

// release announces the newest app version in the vendor profile; apps
// learn it with their next profile refresh and show a download link.
func release(ctx context.Context, c *config, stdout io.Writer) error {
	st, err := serverstore.Open(ctx, c.db)
	if err != nil {
		return err
	}
	defer st.Close()
	p, err := st.SetRelease(ctx, "", c.version, c.downloadURL)
	if err != nil {
		return err
	}
	if p.Vendor.LatestVersion == "" {
		fmt.Fprintf(stdout, "%s: no release announced\n", p.Vendor.Name)
	} else {
		fmt.Fprintf(stdout, "%s: apps older than %s are told to download it from %s\n", p.Vendor.Name, p.Vendor.LatestVersion, p.Vendor.DownloadURL)
	}
	return nil
}

// admin runs the commands that act on one person.
func admin(ctx context.Context, cmd string, c *config, log *slog.Logger, stdout io.Writer) error {
	st, err := serverstore.Open(ctx, c.db)
	if err != nil {
		return err
	}
	defer st.Close()
	p, err := st.PersonByEmail(ctx, c.email)
	if err != nil {
		return fmt.Errorf("%s: %w", c.email, err)
	}
	switch cmd {
	case "invite", "reset":
		srv, err := newServer(st, c, log)
		if err != nil {
			return err
		}
		link, err := srv.Core().SendPasswordLink(ctx, p, cmd)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%s <%s>\n  set password: %s\n", p.Name, p.Email, link)
	case "deactivate":
		if err := st.SetPortalAccessBecause(ctx, p.ID, servercore.AccessDeactivated, c.reason); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%s: portal access deactivated, sessions ended\n", p.Email)
	case "activate":
		if err := st.SetPortalAccess(ctx, p.ID, servercore.AccessActive); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%s: portal access active\n", p.Email)
	}
	return nil
}
