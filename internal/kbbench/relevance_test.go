package kbbench_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	_ "github.com/mattn/go-sqlite3"

	"supportportal/internal/appstore"
	"supportportal/internal/kbbench"
	"supportportal/internal/kbimport"
	"supportportal/internal/must"
	"supportportal/internal/portal"
	"supportportal/internal/starter"
)

const zulipDir = "testdata/zulip-help"

func freshKB(tb testing.TB) *appstore.Knowledge {
	tb.Helper()
	db, err := appstore.Open(context.Background(), filepath.Join(tb.TempDir(), "kb.db"), appstore.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return appstore.NewKnowledge(db)
}

func zulipKB(tb testing.TB) *appstore.Knowledge {
	kb := freshKB(tb)
	r, err := kbimport.ImportPath(context.Background(), kb, filepath.Join(zulipDir, "articles"))
	if err != nil || len(r.Skipped) > 0 || r.Created < 170 {
		tb.Fatalf("import zulip-help: %v %+v (%d created)", err, r.Skipped, r.Created)
	}
	return kb
}

func starterKB(tb testing.TB) *appstore.Knowledge {
	kb := freshKB(tb)
	r, err := kbimport.ImportFS(context.Background(), kb, starter.FS())
	if err != nil || len(r.Skipped) > 0 {
		tb.Fatalf("import starter: %v %+v", err, r.Skipped)
	}
	return kb
}

func loadJudged(tb testing.TB, path, kind string) []kbbench.Judged {
	tb.Helper()
	all, err := kbbench.LoadJudged(path)
	if err != nil {
		tb.Fatal(err)
	}
	var out []kbbench.Judged
	for _, j := range all {
		if kind == "" || j.Kind == kind {
			out = append(out, j)
		}
	}
	if len(out) == 0 {
		tb.Fatalf("%s: no %q questions", path, kind)
	}
	return out
}

// searchIDs asks each question through Knowledge.Search, as the app and
// `kb search` do, and returns the source ids of the first K hits.
func searchIDs(tb testing.TB, kb *appstore.Knowledge, lang string, qs []kbbench.Judged) [][]string {
	tb.Helper()
	out := make([][]string, len(qs))
	for i, q := range qs {
		res, err := kb.Search(context.Background(), portal.SearchQuery{Text: q.Q, Limit: kbbench.K, Language: lang})
		if err != nil {
			tb.Fatalf("search %q: %v", q.Q, err)
		}
		for _, h := range res.Hits {
			out[i] = append(out[i], h.SourceID)
		}
	}
	return out
}

// bm25Baseline ranks with plain SQLite FTS5 bm25() over title and body and
// an OR of the question's distinct lower-cased words, as score.py of the
// shared relevance sets does: the baseline to beat.
func bm25Baseline(tb testing.TB, qs []kbbench.Judged) [][]string {
	tb.Helper()
	db, err := sql.Open("sqlite3", ":memory:")
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if _, err := db.Exec(`CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, title, body)`); err != nil {
		tb.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(zulipDir, "articles", "*.md"))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		text := string(b)
		meta, body := map[string]string{}, text
		if strings.HasPrefix(text, "---\n") {
			end := strings.Index(text[4:], "\n---\n") + 4
			for _, line := range strings.Split(text[4:end], "\n") {
				k, v, _ := strings.Cut(line, ":")
				meta[strings.TrimSpace(k)] = strings.Trim(strings.TrimSpace(v), `"`)
			}
			body = text[end+5:]
		}
		if _, err := db.Exec(`INSERT INTO docs VALUES (?, ?, ?)`, meta["id"], meta["title"], body); err != nil {
			tb.Fatal(err)
		}
	}
	word := regexp.MustCompile(`[\p{L}\p{N}_]+`)
	out := make([][]string, len(qs))
	for i, q := range qs {
		seen := map[string]bool{}
		var terms []string
		for _, w := range word.FindAllString(strings.ToLower(q.Q), -1) {
			if !seen[w] {
				seen[w] = true
				terms = append(terms, `"`+w+`"`)
			}
		}
		rows, err := db.Query(`SELECT id FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT ?`, strings.Join(terms, " OR "), kbbench.K)
		if err != nil {
			tb.Fatal(err)
		}
		for rows.Next() {
			var id string
			must.Do(rows.Scan(&id))
			out[i] = append(out[i], id)
		}
		rows.Close()
	}
	return out
}

func reportScores(b *testing.B, s kbbench.Scores) {
	b.ReportMetric(s.MRR, "mrr@10")
	b.ReportMetric(s.Recall, "recall@10")
	b.ReportMetric(s.NDCG, "ndcg@10")
	b.ReportMetric(s.Top3, "top3")
	b.ReportMetric(0, "ns/op")
}

// BenchmarkRelevance scores ranking on real help-center text: the Zulip
// help center with its articles' lead paragraphs as questions (and the same
// with typos), the plain-bm25 baseline on the same set, and the judged
// customer-admin questions against the starter articles in both languages.
func BenchmarkRelevance(b *testing.B) {
	zulip := loadJudged(b, filepath.Join(zulipDir, "queries.jsonl"), "")
	byKind := func(k string) []kbbench.Judged {
		var out []kbbench.Judged
		for _, j := range zulip {
			if j.Kind == k {
				out = append(out, j)
			}
		}
		return out
	}
	for _, c := range []struct{ name, kind string }{{"zulip", "description"}, {"zulip-typos", "typo"}} {
		b.Run(c.name, func(b *testing.B) {
			kb := zulipKB(b)
			qs := byKind(c.kind)
			var s kbbench.Scores
			for i := 0; i < b.N; i++ {
				s = kbbench.Score(qs, searchIDs(b, kb, "en", qs))
			}
			reportScores(b, s)
		})
	}
	for _, c := range []struct{ name, kind string }{{"zulip-bm25-baseline", "description"}, {"zulip-bm25-baseline-typos", "typo"}} {
		b.Run(c.name, func(b *testing.B) {
			qs := byKind(c.kind)
			var s kbbench.Scores
			for i := 0; i < b.N; i++ {
				s = kbbench.Score(qs, bm25Baseline(b, qs))
			}
			reportScores(b, s)
		})
	}
	for _, l := range []string{"en", "de"} {
		b.Run("starter-"+l, func(b *testing.B) {
			kb := starterKB(b)
			qs := loadJudged(b, "testdata/starter-questions.jsonl", l)
			var s kbbench.Scores
			for i := 0; i < b.N; i++ {
				s = kbbench.Score(qs, searchIDs(b, kb, l, qs))
			}
			reportScores(b, s)
		})
	}
}

// zulipMinMRR is the floor of TestZulipRelevance (issue 14: the quick
// version of the relevance benchmark fails below 0.60).
const zulipMinMRR = 0.60

func TestZulipRelevance(t *testing.T) {
	kb := zulipKB(t)
	for _, kind := range []string{"description", "typo"} {
		t.Run(kind, func(t *testing.T) {
			qs := loadJudged(t, filepath.Join(zulipDir, "queries.jsonl"), kind)
			s := kbbench.Score(qs, searchIDs(t, kb, "en", qs))
			t.Logf("zulip %s: mrr@10 %.3f recall@10 %.3f ndcg@10 %.3f (%d questions)", kind, s.MRR, s.Recall, s.NDCG, s.N)
			if kind == "description" && s.MRR < zulipMinMRR {
				t.Errorf("zulip %s: mrr@10 %.3f, want at least %.2f", kind, s.MRR, zulipMinMRR)
			}
		})
	}
}

// starterMinTop3 is the floor of TestStarterRelevance: the share of the
// judged customer-admin questions whose answer is in the top 3, per
// language (issue 14 aims at 0.90).
var starterMinTop3 = map[string]float64{"en": 0.95, "de": 0.95}

func TestStarterRelevance(t *testing.T) {
	kb := starterKB(t)
	for _, l := range []string{"en", "de"} {
		t.Run(l, func(t *testing.T) {
			qs := loadJudged(t, "testdata/starter-questions.jsonl", l)
			ranked := searchIDs(t, kb, l, qs)
			s := kbbench.Score(qs, ranked)
			t.Logf("starter %s: top3 %.3f mrr@10 %.3f recall@10 %.3f ndcg@10 %.3f (%d questions)", l, s.Top3, s.MRR, s.Recall, s.NDCG, s.N)
			for i, q := range qs {
				if r := slices.Index(ranked[i], q.ID); r < 0 || r >= 3 {
					t.Logf("  not in top 3: %q → %s, got %v", q.Q, q.ID, ranked[i][:min(3, len(ranked[i]))])
				}
			}
			if s.Top3 < starterMinTop3[l] {
				t.Errorf("starter %s: top3 %.3f, want at least %.2f", l, s.Top3, starterMinTop3[l])
			}
		})
	}
}

// generatedMinRecall is the floor of TestGeneratedQuestionRecall: the share
// of 30-word questions whose source article is in the top 10 of a
// generated knowledge base just over the size from which questions are
// ranked by rankTop (issue 14 aims at 0.90 at 100,000 articles, see
// BenchmarkSearchKinds/question).
const generatedMinRecall = 0.85

// TestGeneratedQuestionRecall asks the benchmark's 30-word questions of a
// small deterministic generated corpus: long questions must not lose the
// article they were drawn from to the many articles sharing their common
// words.
func TestGeneratedQuestionRecall(t *testing.T) {
	c := kbbench.Generate(3000, 7)
	kb := freshKB(t)
	for i := 0; i < len(c.Articles); i += kbimport.BatchSize {
		if _, err := kb.ImportBatch(context.Background(), nil, c.Articles[i:min(len(c.Articles), i+kbimport.BatchSize)]); err != nil {
			t.Fatal(err)
		}
	}
	var qs []kbbench.Judged
	for _, q := range kbbench.Queries(c, 500, 3) {
		if q.Kind == "question" {
			qs = append(qs, kbbench.Judged{ID: q.SourceID, Q: q.Text})
		}
	}
	s := kbbench.Score(qs, searchIDs(t, kb, "en", qs))
	t.Logf("generated questions: recall@10 %.3f mrr@10 %.3f (%d questions, %d articles)", s.Recall, s.MRR, s.N, len(c.Articles))
	if s.Recall < generatedMinRecall {
		t.Errorf("generated questions: recall@10 %.3f, want at least %.2f", s.Recall, generatedMinRecall)
	}
}
