package appstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"html"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"supportportal/internal/kbtext"
	"supportportal/internal/portal"
)

// Snippet markers: private-use characters that kbtext.Snippet puts around
// matches. The snippet is HTML-escaped first and the markers replaced by
// <mark> tags afterwards, so article text can never inject markup (import
// strips these characters from indexed text).
const (
	markOpen  = "\ue000"
	markClose = "\ue001"
)

// Ranking weights of the FTS columns: title, summary, headings, body, tags, vis.
const bm25Weights = "10.0, 4.0, 4.0, 1.0, 3.0, 0.0" // the last is vis: filter tokens never score

const (
	// maxTerms bounds how many query words reach the index. A question of
	// 30 words keeps its rarest (most telling) words; the common ones add
	// little to bm25 but cost a long doclist each.
	maxTerms = 6
	// andTerms: up to this many words must all match (falling back to any
	// of them when nothing matches all); longer queries match any word.
	andTerms = 4
	// relaxBelow: an all-words match of a 3+ word question with fewer hits
	// than this is retried with any word.
	relaxBelow = 3
	// Per query word, at most this many index words (inflections,
	// spelling corrections, completions of a word being typed).
	maxVariants   = 5
	maxCompletion = 5
)

// vocabulary is the index's word list in memory: document frequencies,
// words grouped by stem per language, and a spelling index. It is built from
// kb_term (kept by import) on first search and rebuilt after imports.
type vocabulary struct {
	generation int64
	docs       int
	words      []string // sorted
	df         []int
	pos        map[string]int
	stems      map[string]map[string][]int // lang → stem → word indexes, most frequent first
	// The spelling index takes longer to build than the rest: it is built
	// in the background when the vocabulary is, and waited for by the
	// first query with a word to correct.
	spellDone chan struct{}
	speller   *kbtext.Speller
}

// spell returns the spelling index, waiting for it to be built.
func (v *vocabulary) spell() *kbtext.Speller {
	<-v.spellDone
	return v.speller
}

var stemLangs = []string{"en", "de"}

func (k *Knowledge) vocabulary(ctx context.Context) (*vocabulary, error) {
	var gen int64
	st, err := k.stmt(ctx, `SELECT generation FROM kb_meta WHERE id = 1`)
	if err != nil {
		return nil, fmt.Errorf("read index generation: %w", err)
	}
	if err := st.QueryRowContext(ctx).Scan(&gen); err != nil {
		return nil, fmt.Errorf("read index generation: %w", err)
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.vocab != nil && k.vocab.generation == gen {
		return k.vocab, nil
	}
	v := &vocabulary{generation: gen, pos: map[string]int{}, stems: map[string]map[string][]int{}}
	// The number of articles the index holds, from its own totals (a
	// count of kb_article reads a whole index of it).
	if v.docs, _, err = k.indexTotals(ctx); err != nil {
		return nil, fmt.Errorf("build vocabulary: %w", err)
	}
	// In a large index, words found in a single article are mostly typos
	// and identifiers; leaving them out keeps the spelling index small and
	// stops corrections towards other people's typos.
	minDocs := 1
	if v.docs >= 5000 {
		minDocs = 2
	}
	// One row with the whole list: a row per word costs a call from Go
	// into SQLite each, most of the time of reading tens of thousands.
	var list sql.NullString
	err = k.db.db.QueryRowContext(ctx, `SELECT group_concat(term || char(9) || df, char(10))
		FROM (SELECT term, df FROM kb_term WHERE df >= ? ORDER BY term)`, minDocs).Scan(&list)
	if err != nil {
		return nil, fmt.Errorf("build vocabulary: %w", err)
	}
	for line := range strings.SplitSeq(list.String, "\n") {
		t, d, ok := strings.Cut(line, "\t")
		n, err := strconv.Atoi(d)
		if !ok || err != nil || isFilterToken(t) {
			continue
		}
		v.words = append(v.words, t)
		v.df = append(v.df, n)
	}
	// kb_term returns terms in key (byte) order already; sort defensively
	// because prefix completion relies on it.
	if !sort.StringsAreSorted(v.words) {
		idx := make([]int, len(v.words))
		for i := range idx {
			idx[i] = i
		}
		sort.Slice(idx, func(a, b int) bool { return v.words[idx[a]] < v.words[idx[b]] })
		w2, d2 := make([]string, len(idx)), make([]int, len(idx))
		for i, j := range idx {
			w2[i], d2[i] = v.words[j], v.df[j]
		}
		v.words, v.df = w2, d2
	}
	for i, w := range v.words {
		v.pos[w] = i
	}
	for _, l := range stemLangs {
		m := map[string][]int{}
		for i, w := range v.words {
			if !kbtext.HasDigit(w) {
				s := kbtext.Stem(w, l)
				m[s] = append(m[s], i)
			}
		}
		for _, ids := range m {
			sort.Slice(ids, func(a, b int) bool { return v.df[ids[a]] > v.df[ids[b]] })
		}
		v.stems[l] = m
	}
	v.spellDone = make(chan struct{})
	go func() {
		v.speller = kbtext.NewSpeller(v.words, v.df)
		close(v.spellDone)
	}()
	k.vocab = v
	return v, nil
}

// Warm builds the search vocabulary ahead of the first search.
func (k *Knowledge) Warm(ctx context.Context) error {
	_, err := k.vocabulary(ctx)
	return err
}

// term is one query word and the index words it stands for.
type term struct {
	word     string
	variants []string
	dfs      []int     // documents containing each variant
	weights  []float64 // per variant: 1 for the word and its inflections, less for corrections and completions
	df       int       // documents containing any variant (upper bound: sum)
	qtf      int       // times the word occurs in the query
	// head marks variants whose postings kbtop reads from kb_head (title,
	// summary and tags) instead of kb_fts: too many to read in full.
	head []bool
}

// expand turns one query word into index words: the word itself and its
// inflections; else spelling corrections; plus completions if the word is
// still being typed. correction is set when the word was replaced.
func (v *vocabulary) expand(tok kbtext.Token, l string, noCorrect bool) (t term, correction string) {
	t.word = tok.Word
	seen := map[string]bool{}
	weight := 1.0
	add := func(i int) {
		w := v.words[i]
		if !seen[w] && len(t.variants) < maxVariants+maxCompletion {
			seen[w] = true
			t.variants = append(t.variants, w)
			t.dfs = append(t.dfs, v.df[i])
			t.weights = append(t.weights, weight)
			t.df += v.df[i]
		}
	}
	stemOf := func(w string) {
		if kbtext.HasDigit(w) {
			return
		}
		ids := v.stems[l][kbtext.Stem(w, l)]
		for _, i := range ids[:min(len(ids), maxVariants)] {
			add(i)
		}
	}
	if i, ok := v.pos[tok.Word]; ok {
		add(i)
	}
	stemOf(tok.Word)
	weight = correctionWeight
	if len(t.variants) == 0 && !tok.Open && !noCorrect {
		// Unknown word: correct it against the vocabulary. Words being
		// typed are completed instead (a prefix is not a typo).
		if sugg := v.spell().Lookup(tok.Word, kbtext.MaxEdits(tok.Word), 3); len(sugg) > 0 {
			for _, s := range sugg {
				if s.Distance == sugg[0].Distance {
					add(v.pos[s.Word])
					stemOf(s.Word)
				}
			}
			correction = sugg[0].Word
		}
	}
	if tok.Open {
		weight = completionWeight
		v.complete(tok.Word, add)
		weight = correctionWeight
		if len(t.variants) == 0 && !noCorrect {
			// A typo in a word being typed: "attachmnt" is not a prefix of
			// anything, but once corrected it is.
			if sugg := v.spell().Lookup(tok.Word, kbtext.MaxEdits(tok.Word), 1); len(sugg) > 0 {
				add(v.pos[sugg[0].Word])
				stemOf(sugg[0].Word)
				correction = sugg[0].Word
			}
		}
	}
	return t, correction
}

// Variant weights of kbscore: a corrected or completed word scores less
// than the same word typed in full, so a correction never outweighs a word
// of the question found as typed.
const (
	correctionWeight = 0.6
	completionWeight = 0.8
	// correctionCap: a corrected word's weight is at most this share of
	// the heaviest word found as typed.
	correctionCap = 0.9
)

// complete adds the most frequent words starting with prefix.
func (v *vocabulary) complete(prefix string, add func(int)) {
	if utf8.RuneCountInString(prefix) < 2 {
		return
	}
	lo := sort.SearchStrings(v.words, prefix)
	hi := lo
	for hi < len(v.words) && strings.HasPrefix(v.words[hi], prefix) {
		hi++
	}
	ids := make([]int, 0, hi-lo)
	for i := lo; i < hi; i++ {
		ids = append(ids, i)
	}
	sort.Slice(ids, func(a, b int) bool { return v.df[ids[a]] > v.df[ids[b]] })
	for _, i := range ids[:min(len(ids), maxCompletion)] {
		add(i)
	}
}

// plan is a query ready for the index.
type plan struct {
	terms       []term
	corrections map[string]string
}

// planQuery tokenizes user text and maps its words to index words. User
// text never reaches FTS5 syntax: only index words, each double-quoted,
// joined by operators chosen here.
func (v *vocabulary) planQuery(text, l string, keep int, noCorrect bool) plan {
	if utf8.RuneCountInString(text) > portal.MaxQueryRunes {
		r := []rune(text)
		text = string(r[:portal.MaxQueryRunes])
	}
	toks := kbtext.Tokenize(text)
	// Drop stop words unless that leaves nothing ("it", "to do").
	var content []kbtext.Token
	for _, t := range toks {
		if !kbtext.IsStopWord(t.Word) {
			content = append(content, t)
		}
	}
	if len(content) == 0 {
		content = toks
	}
	p := plan{corrections: map[string]string{}}
	seen := map[string]int{} // word → index in p.terms, -1 none
	for _, tok := range content {
		if i, ok := seen[tok.Word]; ok {
			if i >= 0 {
				p.terms[i].qtf++
			}
			continue
		}
		seen[tok.Word] = -1
		t, corr := v.expand(tok, l, noCorrect)
		if corr != "" {
			p.corrections[tok.Word] = corr
		}
		if len(t.variants) > 0 {
			t.qtf = 1
			seen[tok.Word] = len(p.terms)
			p.terms = append(p.terms, t)
		}
		if len(seen) > 64 {
			break
		}
	}
	if len(p.terms) > keep {
		// Keep the rarest words: they say most about what is asked.
		sort.SliceStable(p.terms, func(i, j int) bool { return p.terms[i].dfs[0] < p.terms[j].dfs[0] })
		p.terms = p.terms[:keep]
	}
	return p
}

// commonMinDocs: below this many articles every query word counts; above
// it, words in more than half of the articles are left out of queries
// that have other words (see dropCommon).
const commonMinDocs = 1000

// dropCommon leaves out words found in more than half of a large
// knowledge base when the query has rarer words, as the "common terms"
// queries of full-text engines do: bm25 gives such a word no weight (its
// idf is not positive), so it only narrows the matches, and requiring it
// made FTS5 seek through its doclist for every candidate, the slowest part
// of multi-word searches.
func (v *vocabulary) dropCommon(terms []term) []term {
	if v.docs < commonMinDocs || len(terms) < 2 {
		return terms
	}
	var kept []term
	for _, t := range terms {
		if slices.Max(t.dfs)*2 <= v.docs {
			kept = append(kept, t)
		}
	}
	if len(kept) == 0 {
		return terms
	}
	return kept
}

// match renders terms as an FTS5 expression. Every word is a quoted string
// of letters and digits only, so the expression is always valid.
func match(terms []term, and bool, repeat int) string {
	var b strings.Builder
	for i, t := range terms {
		for r := 0; r < repeat; r++ {
			if b.Len() > 0 {
				if and && i > 0 && r == 0 {
					b.WriteString(" AND ")
				} else {
					b.WriteString(" OR ")
				}
			}
			b.WriteByte('(')
			for j, w := range t.variants {
				if j > 0 {
					b.WriteString(" OR ")
				}
				b.WriteByte('"')
				b.WriteString(strings.ReplaceAll(w, `"`, `""`))
				b.WriteByte('"')
			}
			b.WriteByte(')')
		}
	}
	return b.String()
}

// ftsQuery is an FTS5 expression with what ranking and snippets need.
type ftsQuery struct {
	expr   string
	idf    []float64       // per phrase of expr, in order (see kbrank)
	score  []float64       // per phrase of expr: idf times variant weight and boost, group (see kbscore)
	groups int             // query words (groups of kbscore)
	words  map[string]bool // index words, for snippets
	// For rankTop: the index word of each phrase of expr, and 1 where its
	// postings come from kb_head (term.head).
	phrases []string
	source  []float64
}

// part is a group of terms in a query: all or any of them must match, each
// repeated to weigh more (see Suggest).
type part struct {
	terms  []term
	and    bool
	repeat int
	boost  float64 // kbscore: multiplies the part's idf (0 means 1)
}

// query joins parts with OR into one expression.
func (v *vocabulary) query(parts ...part) ftsQuery {
	q := ftsQuery{words: map[string]bool{}}
	groups := 0
	// A corrected or completed word weighs less than the heaviest word of
	// the question found as typed (or inflected): it may be a wrong guess.
	exact := math.Inf(1)
	found := 0.0
	for _, p := range parts {
		for _, t := range p.terms {
			best := 0.0
			for i, n := range t.dfs {
				if t.weights[i] == 1 {
					best = max(best, idf(n, v.docs))
				}
			}
			found = max(found, best)
		}
	}
	if found > 0 {
		exact = correctionCap * found
	}
	for _, p := range parts {
		e := match(p.terms, p.and, p.repeat)
		if e == "" {
			continue
		}
		if q.expr != "" {
			q.expr += " OR "
		}
		q.expr += e
		// Phrases in the order match writes them.
		boost := p.boost
		if boost == 0 {
			boost = 1
		}
		for _, t := range p.terms {
			group := float64(groups)
			groups++
			q.groups = groups
			// An inflection weighs no more than the word as typed: a rare
			// form of a common word ("permissionment" for "permission")
			// says no more about the article than the word does.
			typed := math.Inf(1)
			if len(t.variants) > 0 && t.variants[0] == t.word {
				typed = idf(t.dfs[0], v.docs)
			}
			for r := 0; r < p.repeat; r++ {
				for i, n := range t.dfs {
					x := idf(n, v.docs)
					q.idf = append(q.idf, x)
					w := min(x, typed) * t.weights[i]
					if t.weights[i] < 1 {
						w = min(w, exact)
					}
					q.phrases = append(q.phrases, t.variants[i])
					if i < len(t.head) && t.head[i] {
						q.source = append(q.source, 1)
					} else {
						q.source = append(q.source, 0)
					}
					q.score = append(q.score, w*boost*queryTF(t.qtf), group)
				}
			}
			for _, w := range t.variants {
				q.words[w] = true
			}
		}
	}
	return q
}

// queryK3 saturates a word's weight in the query with the times it
// occurs there, as BM25's k3: a word a question repeats is what it is
// about (twice weighs 1.8, three times 2.5), but ten times is not ten
// times as telling. On the zulip-help set k3 8 scored better than 2
// (MRR@10 0.732 against 0.722, typos 0.704 against 0.674).
const queryK3 = 8.0

// queryTF is the weight of a word occurring n times in the query (1 for
// once, towards 1+queryK3).
func queryTF(n int) float64 {
	if n <= 1 {
		return 1
	}
	return (queryK3 + 1) * float64(n) / (queryK3 + float64(n))
}

// idf is bm25's inverse document frequency of a word in n of docs rows,
// in the form Lucene uses: log(1 + (N - n + 0.5)/(n + 0.5)), which stays
// positive. The classic form is negative for a word in more than half of
// the articles, and was clamped to nothing: in a large knowledge base the
// words of an article's title could all be that common, and a question
// repeating them found nothing. Zulip MRR@10 0.722 → 0.718 (typos 0.674
// → 0.698, starter German top 3 0.971 → 0.985).
func idf(n, docs int) float64 {
	return math.Log(1 + (float64(docs)-float64(n)+0.5)/(float64(n)+0.5))
}

// Result tiers: articles matching in their title, summary or tags (the
// kb_head index, ranked by bm25 over those fields) come before articles
// matching only in their body (kb_fts). Besides being what readers expect,
// this keeps search fast: bm25 scores every article a query matches, and
// the short fields of a common word match a small fraction of the
// articles its bodies do; kb_fts is only ranked when a page reaches past
// the head matches.
const (
	// bm25 weights of kb_head: title, summary, tags, vis.
	headWeights = "10.0, 4.0, 3.0, 0.0"
)

// rankSpec is the rank function of a tier: kbrank (bm25 with the given
// idf, see kbrank.go) with the column weights, the query words' idf, and
// nothing for the filter phrases that f.apply appends. The idf come from
// the vocabulary (document frequencies in kb_fts, also used for kb_head):
// bm25() itself reads each phrase's whole doclist per query to count
// them, which was half of ranking time for common words.
func rankSpec(weights string, idf []float64, f filter) string {
	var b strings.Builder
	b.WriteString("kbrank(")
	b.WriteString(weights)
	for _, x := range idf {
		b.WriteString(", ")
		b.WriteString(strconv.FormatFloat(x, 'f', 6, 64)) // FTS5 parses no exponents
	}
	if f.cat != "" {
		b.WriteString(", 0")
	}
	b.WriteString(", 0)") // the hide phrase
	return b.String()
}

// totalCap bounds counting: a page never needs more than "over 1,000".
const totalCap = 1000

// rankCap bounds how many matches of one tier bm25 scores. Scoring is
// linear in matches (about a microsecond each), so a very common word in a
// large knowledge base is ranked among its rankCap newest matches (highest
// rowids, i.e. most recently imported) rather than among all of them.
// Pages beyond rankCap rank the whole tier.
const rankCap = 1000

// bodyRankCap is rankCap for body-only matches (kb_fts). Ranking one costs
// ~5 µs, mostly decoding the body's position lists, and queries that reach
// this tier are combinations of common words with thousands of body
// matches: ranking 1,000 was the slowest part of the slowest queries. On
// 5,000 benchmark queries at 100k articles, 300 found the source article
// in the top 10 as often as 1,000 did.
const bodyRankCap = 300

type tier struct {
	table, rank, expr string
	cap               int // see rankCap
	// exclude is SQL that drops rows an earlier tier returned.
	exclude string
}

// filter restricts a query to one UI language and optionally a category.
type filter struct{ cat, hide string }

func (f filter) apply(e string) string {
	x := "(" + e + ")"
	if f.cat != "" {
		x += ` AND vis : "` + f.cat + `"`
	}
	return "(" + x + `) NOT vis : "` + f.hide + `"`
}

// tiers builds the queries of the two tiers. Query words carry no column
// filter: they are letters and digits and never equal a vis token (those
// are not in the vocabulary), and a column filter makes FTS5 decode the
// position list of every candidate, which doubles the cost.
func tiers(f filter, q ftsQuery) []tier {
	x := f.apply(q.expr)
	return []tier{
		{table: "kb_head", rank: rankSpec(headWeights, q.idf, f), expr: x, cap: rankCap},
		// The head matches below the cut-off cannot collide: leaving them
		// out of the exclusion keeps a common word's thousands of title
		// matches from being read for it.
		{table: "kb_fts", rank: rankSpec(bm25Weights, q.idf, f), expr: x, cap: bodyRankCap,
			exclude: ` AND f.rowid NOT IN (SELECT rowid FROM kb_head WHERE kb_head MATCH :x AND rowid >= :min)`},
	}
}

// searchFilter returns the filter for UI language l and a category.
func (k *Knowledge) searchFilter(ctx context.Context, l, categoryID string) (filter, error) {
	if !slices.Contains(portal.Languages, l) {
		l = portal.DefaultArticleLocale
	}
	f := filter{hide: hideToken(l)}
	if categoryID != "" {
		if _, _, err := k.categoryFilter(ctx, categoryID); err != nil {
			return f, err
		}
		f.cat = catToken(categoryID)
	}
	return f, nil
}

// Search finds articles visible in the query's language, best first.
func (k *Knowledge) Search(ctx context.Context, q portal.SearchQuery) (portal.SearchResults, error) {
	q = q.Normalize()
	l := lang(q.Language)
	res := portal.SearchResults{Hits: []portal.SearchHit{}, Offset: q.Offset, Limit: q.Limit}
	filter, err := k.searchFilter(ctx, l, q.CategoryID)
	if err != nil {
		return res, err
	}
	v, err := k.vocabulary(ctx)
	if err != nil {
		return res, err
	}
	p := v.planQuery(q.Text, l, scoreMaxTerms, q.NoCorrect)
	if len(p.corrections) > 0 {
		res.Corrections = p.corrections
	}
	if len(p.terms) == 0 {
		return res, nil
	}
	common := v.dropCommon(p.terms)
	and := len(common) <= andTerms && v.docs > scoreMaxDocs
	switch {
	case and:
		p.terms = common
	case v.docs > scoreMaxDocs:
		// A question in a large knowledge base: every article with any of
		// its most telling words ranked by kbtop (see kbtop.go).
		if terms := budgeted(p.terms, scoreMaxTerms); postings(terms) <= topRowBudget && k.rowidsDense(ctx, v.docs) {
			fq := v.query(part{terms: terms, repeat: 1})
			var n int
			if res.Hits, n, err = k.topScored(ctx, v.generation, filter, fq, q.Limit, q.Offset); err != nil {
				return res, fmt.Errorf("search: %w", err)
			}
			res.Total, res.TotalCapped = min(n, totalCap), n > totalCap
			return res, nil
		}
		// The rarest word alone has more postings: the tiers, as for
		// short queries, with the rarest words.
		sort.SliceStable(common, func(i, j int) bool { return common[i].dfs[0] < common[j].dfs[0] })
		p.terms = common[:min(len(common), maxTerms)]
	}
	for {
		fq := v.query(part{terms: p.terms, and: and, repeat: 1})
		all := filter.apply(fq.expr)
		st, err := k.stmt(ctx, `SELECT count(*) FROM (SELECT 1 FROM kb_fts WHERE kb_fts MATCH ? LIMIT ?)`)
		if err != nil {
			return res, fmt.Errorf("search: count: %w", err)
		}
		if err := st.QueryRowContext(ctx, all, totalCap+1).Scan(&res.Total); err != nil {
			return res, fmt.Errorf("search: count: %w", err)
		}
		// Nothing has every word, or a question of three or more words
		// matched almost nothing when all were required (one loose word
		// such as "use" in a whole question can pin the result to the
		// wrong article): rank by any of the words instead; bm25 still
		// puts articles with more of them first.
		if and && ((res.Total == 0 && len(p.terms) > 1) || (res.Total < relaxBelow && len(p.terms) >= 3)) {
			and = false
			continue
		}
		matches := res.Total
		if res.Total > totalCap {
			res.Total, res.TotalCapped = totalCap, true
		}
		if res.Total == 0 || (q.Offset >= res.Total && !res.TotalCapped) {
			return res, nil
		}
		switch {
		case matches <= scoreMaxMatches:
			res.Hits, err = k.scored(ctx, filter, fq, q.Limit, q.Offset)
		default:
			res.Hits, err = k.tiered(ctx, filter, fq, q.Limit, q.Offset, matches)
		}
		if err != nil {
			return res, fmt.Errorf("search: %w", err)
		}
		return res, nil
	}
}

// snippetWords is how many words a snippet shows.
const snippetWords = 24

// tiered returns one page of hits across the result tiers, with snippets
// highlighting words. matches is how many articles the query matched (at
// most totalCap+1); a tier's rank cut-off query is skipped when no tier
// can exceed its cap.
func (k *Knowledge) tiered(ctx context.Context, filter filter, q ftsQuery, limit, offset, matches int) ([]portal.SearchHit, error) {
	var out []hit
	for _, t := range tiers(filter, q) {
		need := limit - len(out)
		if need <= 0 {
			break
		}
		var minRowid int64
		if matches > t.cap && offset+need <= t.cap {
			st, err := k.stmt(ctx, `SELECT rowid FROM `+t.table+` WHERE `+t.table+` MATCH ?
				ORDER BY rowid DESC LIMIT 1 OFFSET ?`)
			if err != nil {
				return nil, fmt.Errorf("rank cut-off: %w", err)
			}
			err = st.QueryRowContext(ctx, t.expr, t.cap-1).Scan(&minRowid)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return nil, fmt.Errorf("rank cut-off: %w", err)
			}
		}
		hits, err := k.hits(ctx, t, minRowid, need, offset)
		if err != nil {
			return nil, err
		}
		out = append(out, hits...)
		if len(hits) > 0 || offset == 0 {
			offset = 0 // this tier is used up; the next starts at its top
			continue
		}
		// The page starts past this tier: skip all of it.
		var n int
		if err := k.db.db.QueryRowContext(ctx, `SELECT count(*) FROM `+t.table+` f WHERE f.`+t.table+` MATCH :x`+t.exclude,
			sql.Named("x", t.expr), sql.Named("min", 0)).Scan(&n); err != nil {
			return nil, fmt.Errorf("count tier: %w", err)
		}
		offset = max(offset-n, 0)
	}
	return snippets(out, q), nil
}

// snippets finishes hits: snippets come from the body, so they show the
// words in context whichever field matched. They are cut in Go from the
// text the hit query returned: FTS5's snippet() looked each hit up in every
// index segment of every query word and took over half of search time.
func snippets(out []hit, q ftsQuery) []portal.SearchHit {
	for i := range out {
		out[i].Snippet = SnippetHTML(kbtext.Snippet(out[i].body, q.words, snippetWords, markOpen, markClose, "…"))
		out[i].body = ""
	}
	hits := make([]portal.SearchHit, len(out))
	for i := range out {
		hits[i] = out[i].SearchHit
	}
	return hits
}

type hit struct {
	portal.SearchHit
	rowid      int64
	body       string  // plain text, for the snippet
	popularity float64 // the server's prior, 0..1
}

// hits runs a ranked query. Ordering by FTS5's own rank column lets FTS5
// sort before the join, so only the rows returned are read from kb_article.
func (k *Knowledge) hits(ctx context.Context, t tier, minRowid int64, limit, offset int) ([]hit, error) {
	st, err := k.stmt(ctx, `SELECT `+summaryCols+`, a.rowid, a.body_text, a.popularity, f.rank
		FROM `+t.table+` f CROSS JOIN kb_article a ON a.rowid = f.rowid
		LEFT JOIN kb_category c ON c.id = a.category_id
		WHERE f.`+t.table+` MATCH :x AND f.rank MATCH :rank AND f.rowid >= :min`+t.exclude+`
		ORDER BY f.rank LIMIT :limit OFFSET :offset`)
	if err != nil {
		return nil, err
	}
	rows, err := st.QueryContext(ctx, sql.Named("x", t.expr), sql.Named("rank", t.rank), sql.Named("min", minRowid),
		sql.Named("limit", limit), sql.Named("offset", offset))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []hit
	for rows.Next() {
		var h hit
		var rank float64
		if h.ArticleSummary, err = scanSummary(rows, &h.rowid, &h.body, &h.popularity, &rank); err != nil {
			return nil, err
		}
		h.Score = -rank // bm25 is lower-is-better; the API says higher is better
		out = append(out, h)
	}
	return out, rows.Err()
}

// SnippetHTML escapes a snippet with private-use match markers and turns
// the markers into balanced <mark> elements and line breaks (the ends of
// headings, list items and paragraphs in the indexed text) into <br>.
func SnippetHTML(s string) string {
	s = html.EscapeString(strings.ToValidUTF8(s, "\ufffd"))
	var b strings.Builder
	b.Grow(len(s) + 16)
	open, brk := false, false
	for _, r := range s {
		switch string(r) {
		case markOpen:
			if !open {
				b.WriteString("<mark>")
				open = true
			}
		case markClose:
			if open {
				b.WriteString("</mark>")
				open = false
			}
		case "\n":
			// A heading or list item ended here: keep the break
			// (a mark never spans it: matches are single words).
			if !brk {
				b.WriteString("<br>")
				brk = true
			}
			continue
		default:
			b.WriteRune(r)
		}
		brk = false
	}
	if open {
		b.WriteString("</mark>")
	}
	return b.String()
}

// Suggest returns up to five articles for a case being written. Subject
// words count twice: bm25 sums over the phrases of the expression, so a
// repeated group doubles its weight without changing which articles match.
func (k *Knowledge) Suggest(ctx context.Context, l, subject, description string) ([]portal.SearchHit, error) {
	l = lang(l)
	v, err := k.vocabulary(ctx)
	if err != nil {
		return nil, err
	}
	subj := v.planQuery(subject, l, scoreMaxTerms, false)
	desc := v.planQuery(description, l, scoreMaxTerms, false)
	inSubject := map[string]bool{}
	for _, t := range subj.terms {
		inSubject[t.word] = true
	}
	var rest []term
	for _, t := range desc.terms {
		if !inSubject[t.word] {
			rest = append(rest, t)
		}
	}
	if len(subj.terms)+len(rest) == 0 {
		return []portal.SearchHit{}, nil
	}
	f, err := k.searchFilter(ctx, l, "")
	if err != nil {
		return nil, err
	}
	if v.docs > scoreMaxDocs {
		// The most telling words of both within the budget of kbtop.
		kept := map[string]term{}
		for _, t := range budgeted(append(slices.Clip(subj.terms), rest...), scoreMaxTerms) {
			kept[t.word] = t
		}
		keep := func(ts []term) []term {
			var out []term
			for _, t := range ts {
				if k, ok := kept[t.word]; ok {
					out = append(out, k)
				}
			}
			return out
		}
		subj.terms, rest = keep(subj.terms), keep(rest)
	}
	var hits []portal.SearchHit
	q := v.query(part{terms: subj.terms, repeat: 1, boost: subjectBoost}, part{terms: rest, repeat: 1})
	if v.docs > scoreMaxDocs && postings(subj.terms)+postings(rest) <= topRowBudget && k.rowidsDense(ctx, v.docs) {
		if hits, _, err = k.topScored(ctx, v.generation, f, q, portal.SuggestLimit, 0); err != nil {
			return nil, fmt.Errorf("suggest articles: %w", err)
		}
		return hits, nil
	}
	matches, err := k.countMatches(ctx, f.apply(q.expr), scoreMaxMatches+1)
	if err != nil {
		return nil, fmt.Errorf("suggest articles: %w", err)
	}
	switch {
	case matches <= scoreMaxMatches:
		hits, err = k.scored(ctx, f, q, portal.SuggestLimit, 0)
	default:
		q := v.query(part{terms: subj.terms, repeat: 2}, part{terms: rest, repeat: 1})
		hits, err = k.tiered(ctx, f, q, portal.SuggestLimit, 0, totalCap+1) // not counted: assume many
	}
	if err != nil {
		return nil, fmt.Errorf("suggest articles: %w", err)
	}
	return hits, nil
}
