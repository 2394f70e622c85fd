package appstore_test

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"supportportal/internal/appstore"
	"supportportal/internal/benchutil"
	"supportportal/internal/must"
	"supportportal/internal/portal"
)

// The case benchmarks run against a store holding a large company's
// history: 10,000 cases and 100,000 comments (override with
// CASES_BENCH_CASES; comments are ten per case). Words follow Zipf's law
// like real text: a few very common words, the product's terms in the
// middle ranks, and a long tail.
var caseWords = []string{"export", "report", "certificate", "enrollment", "login", "password", "course", "video",
	"assessment", "grade", "import", "csv", "sso", "saml", "branch", "group", "email", "notification", "invoice",
	"domain", "logo", "quiz", "survey", "scorm", "upload", "timeout", "error", "blank", "slow", "missing"}

var vocab = func() []string {
	r := rand.New(rand.NewPCG(9, 9))
	words := make([]string, 0, 5000)
	word := func() string {
		const letters = "abcdefghijklmnoprstuvw"
		b := make([]byte, 3+r.IntN(7))
		for i := range b {
			b[i] = letters[r.IntN(len(letters))]
		}
		return string(b)
	}
	for range 20 { // the most common words ("the", "and", ...)
		words = append(words, word())
	}
	words = append(words, caseWords...)
	for len(words) < 5000 {
		words = append(words, word())
	}
	return words
}()

func sentence(r *rand.Rand, n int) string {
	z := rand.NewZipf(r, 1.07, 2, uint64(len(vocab)-1))
	s := make([]byte, 0, n*8)
	for i := range n {
		if i > 0 {
			s = append(s, ' ')
		}
		s = append(s, vocab[z.Uint64()]...)
	}
	return string(s)
}

var (
	benchOnce  sync.Once
	benchPath  string
	benchCases = 10_000
	benchDir   string
)

// TestMain removes the benchmark store after the run.
func TestMain(m *testing.M) {
	code := m.Run()
	if benchDir != "" {
		os.RemoveAll(benchDir)
	}
	os.Exit(code)
}

// seededCases builds the big store once per test binary, straight through
// SQL in one transaction (the triggers keep the search index), then each
// benchmark opens it.
func seededCases(b *testing.B) (*appstore.DB, *appstore.Cases) {
	b.Helper()
	benchOnce.Do(func() {
		if v, err := strconv.Atoi(os.Getenv("CASES_BENCH_CASES")); err == nil && v > 0 {
			benchCases = v
		}
		dir, err := os.MkdirTemp("", "cases-bench-")
		if err != nil {
			b.Fatal(err)
		}
		benchDir = dir
		benchPath = dir + "/portal.db"
		// The store makes the schema; the cases go straight into the file,
		// many times faster than through sync.
		db, err := appstore.Open(context.Background(), benchPath, appstore.Options{})
		if err != nil {
			b.Fatal(err)
		}
		db.Close()
		file, err := sql.Open("sqlite3", benchPath)
		if err != nil {
			b.Fatal(err)
		}
		defer file.Close()
		r := rand.New(rand.NewPCG(1, 2))
		tx, _ := file.Begin()
		insCase, _ := tx.Prepare(`INSERT INTO support_case (id, number, mine, subject, category_id, subcategory_id, description,
			priority, status, created_at, updated_at) VALUES (?, ?, ?, ?, 'reports', 'reports.export', ?, ?, ?, ?, ?)`)
		insComment, _ := tx.Prepare(`INSERT INTO case_comment (id, case_id, author_kind, author_name, body, created_at) VALUES (?, ?, ?, ?, ?, ?)`)
		start := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)
		for i := range benchCases {
			id := uuid.Must(uuid.NewV7()).String()
			at := start.Add(time.Duration(i) * time.Hour).Format(appstore.TimeFormat)
			st := portal.CaseStatuses[1+r.IntN(len(portal.CaseStatuses)-1)]
			if _, err := insCase.Exec(id, i+1, r.IntN(4) == 0, sentence(r, 6), sentence(r, 60), portal.Priorities[r.IntN(4)], st, at, at); err != nil {
				b.Fatal(err)
			}
			for j := range 10 {
				kind := "customer"
				if j%2 == 1 {
					kind = "support"
				}
				if _, err := insComment.Exec(uuid.Must(uuid.NewV7()).String(), id, kind, "Ann", sentence(r, 40), at); err != nil {
					b.Fatal(err)
				}
			}
		}
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
		must.Get(file.Exec(`PRAGMA optimize`))
	})
	db, err := appstore.Open(context.Background(), benchPath, appstore.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	return db, appstore.NewCases(db, nil)
}

// BenchmarkCaseListFirstPage: My Account Cases as it opens (newest first,
// 25 rows and the total), and with a status filter and another sort.
func BenchmarkCaseListFirstPage(b *testing.B) {
	_, cs := seededCases(b)
	filters := map[string]portal.CaseFilter{
		"default":  {},
		"status":   {Statuses: []string{"in_progress", "waiting_on_customer"}},
		"mine":     {Mine: true},
		"priority": {Sort: "priority", Desc: true},
		"lastPage": {Offset: benchCases - 25},
	}
	for name, f := range filters {
		b.Run(name, func(b *testing.B) {
			var rec benchutil.Recorder
			for b.Loop() {
				rec.Time(func() {
					p, err := cs.List(context.Background(), f)
					if err != nil || len(p.Items) == 0 {
						b.Fatalf("list: %d items, %v", len(p.Items), err)
					}
				})
			}
			rec.Report(b)
		})
	}
}

// BenchmarkCaseSearch: full-text search as the user types in the case list.
func BenchmarkCaseSearch(b *testing.B) {
	_, cs := seededCases(b)
	// A product term, two and three words, a word being typed, a case
	// number, hostile syntax, and the most common word of all (matches
	// nearly every case: the worst case for sorting).
	queries := []string{"export", "certificate blank", "sso saml login", "scor", "#4711", `"quoted" (weird) AND *`, vocab[0]}
	var rec benchutil.Recorder
	i := 0
	for b.Loop() {
		q := queries[i%len(queries)]
		i++
		rec.Time(func() {
			if _, err := cs.List(context.Background(), portal.CaseFilter{Query: q}); err != nil {
				b.Fatal(err)
			}
		})
	}
	rec.Report(b)
}

// BenchmarkDraftAutosave: one autosave of a long description in the big
// store (a write transaction with its WAL commit).
func BenchmarkDraftAutosave(b *testing.B) {
	_, cs := seededCases(b)
	ctx := context.Background()
	d, err := cs.SaveDraft(ctx, portal.DraftInput{Subject: "Autosave"})
	if err != nil {
		b.Fatal(err)
	}
	r := rand.New(rand.NewPCG(3, 4))
	text := sentence(r, 400)
	var rec benchutil.Recorder
	i := 0
	for b.Loop() {
		i++
		in := portal.DraftInput{ID: d.ID, Subject: "Autosave " + strconv.Itoa(i), Description: text[:len(text)-i%50]}
		rec.Time(func() {
			if _, err := cs.SaveDraft(ctx, in); err != nil {
				b.Fatal(err)
			}
		})
	}
	rec.Report(b)
}

// BenchmarkCaseDetail: opening a case with ten comments.
func BenchmarkCaseDetail(b *testing.B) {
	_, cs := seededCases(b)
	newest, err := cs.List(context.Background(), portal.CaseFilter{Limit: 1})
	if err != nil || len(newest.Items) != 1 {
		b.Fatal(newest, err)
	}
	id := newest.Items[0].ID
	var rec benchutil.Recorder
	for b.Loop() {
		rec.Time(func() {
			d, err := cs.Case(context.Background(), id)
			if err != nil || len(d.Comments) != 10 {
				b.Fatal(fmt.Sprint(len(d.Comments), err))
			}
		})
	}
	rec.Report(b)
}
