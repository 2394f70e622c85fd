package appstore

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"supportportal/internal/portal"
)

// One score (kbscore, see kbrank.go) ranks every match of a query with at
// most scoreMaxMatches matches: field-weighted BM25 over title, summary,
// body and tags, and a bonus for question words found next to each other.
// Scoring costs a few microseconds per match, so queries with more matches
// keep the tiered, capped ranking of tiered(), whose bounds keep a search
// over 100,000 articles within 10 ms. (Scoring all matches in a 5,000-
// article corpus took single words from p50 1.9 to 8.1 ms.)
const scoreMaxMatches = totalCap

// scoreMaxDocs: knowledge bases up to this size rank every match with
// kbscore; larger ones require all of up to andTerms words, and rank
// longer questions with rankTop (kbtop.go).
const scoreMaxDocs = 1000

// scoreMaxTerms bounds the distinct words of a question that reach the
// index when every match is scored: a long question keeps its rarest words.
const scoreMaxTerms = 12

// kbscore parameters. Columns of kb_fts: title, summary, headings_text,
// body_text, tags_text, vis (vis holds filter tokens and never scores).
// Headings weigh three times the body they are also part of (its text
// keeps them for snippets), with more length normalisation than the title:
// a section's heading names what it answers, but an article has several.
// Their weight made little difference on the zulip-help set (MRR@10
// 0.703–0.716 for weights 1 to 6).
// Chosen on the zulip-help set (BenchmarkRelevance in internal/kbbench):
// a high k1 lets repeated and title matches keep counting; coverage as a
// strong factor (scoreCover 1 or 2) lowered MRR@10 there (0.65 → 0.60).
// A lower k1 finds the source of generated 30-word questions more often
// (k1 3: 93% against 88% with every word ranked) but loses on Zulip
// (MRR@10 0.66 against 0.72), so it stays.
var (
	scoreK1      = 12.0
	scoreProx    = 0.5
	scoreCover   = 0.3
	scoreWeights = []float64{12, 4, 3, 1, 3, 0}
	scoreB       = []float64{0.5, 0.5, 0.75, 0.9, 0.5, 0}
	// subjectBoost weighs the words of a case's subject above those of its
	// description in suggestions.
	subjectBoost = 2.0
)

// coverWeight is kbscore's coverage weight for a query of n words: the
// share of the query's words an article holds scales its score by
// 1 - scoreCover + scoreCover*share, whatever the query's length. (It
// once fell to nothing for questions of 10 words and more; since a
// variant weighs no more than the word typed, the same weight for every
// length scores better on the zulip-help set, MRR@10 0.714 → 0.722, and
// finds the source of 30-word generated questions more often.)
func coverWeight(n int) float64 { return scoreCover }

// scoreSpec renders the kbscore call for q: parameters, then idf and group
// of each phrase, then the filter phrases f.apply appends (never scored).
func scoreSpec(q ftsQuery, f filter) string {
	var b strings.Builder
	num := func(x float64) {
		if b.Len() > len("kbscore(") {
			b.WriteString(", ")
		}
		b.WriteString(strconv.FormatFloat(x, 'f', 6, 64)) // FTS5 parses no exponents
	}
	b.WriteString("kbscore(")
	num(scoreK1)
	num(scoreProx)
	num(coverWeight(q.groups))
	for _, w := range scoreWeights {
		num(w)
	}
	for _, x := range scoreB {
		num(x)
	}
	for _, x := range q.score {
		num(x)
	}
	if f.cat != "" {
		b.WriteString(", 0, -1")
	}
	b.WriteString(", 0, -1)") // the hide phrase
	return b.String()
}

// scored returns one page of hits ranked by kbscore over every match.
func (k *Knowledge) scored(ctx context.Context, f filter, q ftsQuery, limit, offset int) ([]portal.SearchHit, error) {
	t := tier{table: "kb_fts", rank: scoreSpec(q, f), expr: f.apply(q.expr)}
	maxPop, err := k.maxPopularity(ctx)
	if err != nil {
		return nil, fmt.Errorf("rank: %w", err)
	}
	want := offset + limit
	fetch := want
	if maxPop > 0 {
		fetch += popularityMargin
	}
	for {
		out, err := k.hits(ctx, t, 0, fetch, 0)
		if err != nil {
			return nil, fmt.Errorf("rank: %w", err)
		}
		if withPopularity(out, want, maxPop) || len(out) < fetch || fetch >= scoreMaxMatches {
			out = out[min(offset, len(out)):min(want, len(out))]
			return snippets(out, q), nil
		}
		fetch = min(fetch*4, scoreMaxMatches)
	}
}

// maxPopularity is the highest popularity prior of any article: what an
// article not yet fetched could at most gain. 0 (no priors, as in a
// knowledge base imported from files) keeps the text order as it is.
func (k *Knowledge) maxPopularity(ctx context.Context) (float64, error) {
	st, err := k.stmt(ctx, `SELECT coalesce(max(popularity), 0) FROM kb_article WHERE popularity > 0`)
	if err != nil {
		return 0, err
	}
	var p float64
	if err := st.QueryRowContext(ctx).Scan(&p); err != nil {
		return 0, fmt.Errorf("popularity: %w", err)
	}
	return p, nil
}

// popularityBonus bounds what the server's popularity prior adds to an
// article's text score: at most this share, so of two equally good matches
// the one that solves problems comes first, while a clearly better match
// (one scoring more than 1+popularityBonus times as much) always stays
// ahead of a popular one.
const popularityBonus = 0.1

// popularityMargin: rows fetched past the page, so the prior can lift an
// article from just below the page into it.
const popularityMargin = 10

// withPopularity reorders hits (in text score order) by their score with
// the popularity bonus and reports whether the first want of them are
// final: no row past the fetched ones, whose text score is at most the
// last one's and whose prior at most maxPop, could pass the want-th (a tie
// keeps the text order, which puts it after).
func withPopularity(out []hit, want int, maxPop float64) bool {
	if len(out) == 0 {
		return true
	}
	lastRaw := out[len(out)-1].Score
	for i := range out {
		s := out[i].Score
		out[i].Score = s + math.Abs(s)*popularityBonus*out[i].popularity
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Score > out[j].Score })
	if len(out) < want {
		return false
	}
	return lastRaw+math.Abs(lastRaw)*popularityBonus*maxPop <= out[want-1].Score
}

// countMatches counts the rows matching expr, up to limit.
func (k *Knowledge) countMatches(ctx context.Context, expr string, limit int) (int, error) {
	st, err := k.stmt(ctx, `SELECT count(*) FROM (SELECT 1 FROM kb_fts WHERE kb_fts MATCH ? LIMIT ?)`)
	if err != nil {
		return 0, fmt.Errorf("count: %w", err)
	}
	var n int
	if err := st.QueryRowContext(ctx, expr, limit).Scan(&n); err != nil {
		return 0, fmt.Errorf("count: %w", err)
	}
	return n, nil
}
