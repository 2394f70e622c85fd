// Package cli is the knowledge-base command line: `kb import PATH` and
// `kb search QUERY [--limit N] [--json]`. main wires it in and handles the
// data-folder flag; this package only sees the open store.
package cli

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"regexp"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"supportportal/internal/appstore"
	"supportportal/internal/kbimport"
	"supportportal/internal/portal"
)

// Usage is the help text of the kb commands.
const Usage = `Usage:
  supportportal kb import PATH                       import Markdown files or a Zendesk export
  supportportal kb search QUERY [--limit N] [--json] search the knowledge base
`

// Run executes a kb command (args start after "kb") and returns the exit
// code: 0 success, 1 failure, 2 usage error.
func Run(ctx context.Context, db *appstore.DB, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, Usage)
		return 2
	}
	kb := appstore.NewKnowledge(db)
	switch args[0] {
	case "import":
		return runImport(ctx, kb, args[1:], stdout, stderr)
	case "search":
		return runSearch(ctx, kb, args[1:], stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, Usage)
		return 0
	}
	fmt.Fprintf(stderr, "unknown kb command %q\n%s", args[0], Usage)
	return 2
}

func runImport(ctx context.Context, kb *appstore.Knowledge, args []string, stdout, stderr io.Writer) int {
	if len(args) != 1 {
		fmt.Fprint(stderr, "kb import needs exactly one PATH (a folder or a file)\n", Usage)
		return 2
	}
	r, err := kbimport.ImportPath(ctx, kb, args[0])
	printReport(stdout, r)
	if err != nil {
		fmt.Fprintln(stderr, "error:", err)
		return 1
	}
	return 0
}

func printReport(w io.Writer, r portal.ImportReport) {
	fmt.Fprintf(w, "created %d, updated %d, unchanged %d, skipped %d\n", r.Created, r.Updated, r.Unchanged, len(r.Skipped))
	for _, s := range r.Skipped {
		fmt.Fprintf(w, "skipped %s: %s\n", s.File, s.Reason)
	}
}

func runSearch(ctx context.Context, kb *appstore.Knowledge, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("kb search", flag.ContinueOnError)
	fs.SetOutput(stderr)
	limit := fs.Int("limit", 10, "number of results")
	asJSON := fs.Bool("json", false, "print JSON")
	language := fs.String("lang", "en", "language of the articles (falls back to English)")
	// Flags may come before or after the query words.
	var words []string
	rest := args
	for len(rest) > 0 {
		if err := fs.Parse(rest); err != nil {
			return 2
		}
		rest = fs.Args()
		if len(rest) > 0 {
			words = append(words, rest[0])
			rest = rest[1:]
		}
	}
	q := strings.Join(words, " ")
	if strings.TrimSpace(q) == "" {
		fmt.Fprint(stderr, "kb search needs a QUERY\n", Usage)
		return 2
	}
	if *limit < 1 || *limit > portal.MaxSearchLimit {
		fmt.Fprintf(stderr, "--limit must be between 1 and %d\n", portal.MaxSearchLimit)
		return 2
	}
	res, err := kb.Search(ctx, portal.SearchQuery{Text: q, Limit: *limit, Language: *language})
	if err != nil {
		fmt.Fprintln(stderr, "error:", err)
		return 1
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(res); err != nil {
			fmt.Fprintln(stderr, "error:", err)
			return 1
		}
		return 0
	}
	total := fmt.Sprint(res.Total)
	if res.TotalCapped {
		total += "+"
	}
	fmt.Fprintf(stdout, "%s results", total)
	for from, to := range res.Corrections {
		fmt.Fprintf(stdout, " (%s → %s)", from, to)
	}
	fmt.Fprintln(stdout)
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tTITLE\tCATEGORY\tSCORE\tSNIPPET")
	for _, h := range res.Hits {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%.2f\t%s\n", h.ID, clip(h.Title, 50), clip(h.CategoryPath, 30), h.Score, clip(plainSnippet(h.Snippet), 80))
	}
	tw.Flush()
	return 0
}

var markRe = regexp.MustCompile(`</?mark>`)

// plainSnippet shows matches in a terminal as [word] instead of markup.
func plainSnippet(s string) string {
	s = markRe.ReplaceAllStringFunc(s, func(m string) string {
		if m == "<mark>" {
			return "["
		}
		return "]"
	})
	s = strings.NewReplacer("&lt;", "<", "&gt;", ">", "&#34;", `"`, "&#39;", "'", "&amp;", "&").Replace(s)
	return strings.Join(strings.Fields(s), " ")
}

func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}
