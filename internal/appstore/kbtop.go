package appstore

import (
	"container/heap"
	"context"
	"database/sql"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"sync"

	"supportportal/internal/portal"
)

// A question in a large knowledge base is ranked by kbscore's BM25F over
// every article holding any of its most telling words, computed a word at
// a time (term at a time) from the words' postings, here in Go. FTS5 ranks
// an article at a time, only over the articles its expression matches: a
// 30-word question matches most of a large knowledge base, and ranking
// only some of its matches (the newest 1,000, as the tiers do) lost the
// article it was asked about.
//
// Postings come from the FTS5 index (kbpostings, kbpostings.c) and are
// kept in memory until the next import: reading them through FTS5 costs
// about 150 ns each, scoring them here a few. Long posting lists are those
// of common words, which most queries share, so nearly all of a query's
// postings are found in memory.
//
// Articles are first scored with every field at its average length, from
// the postings alone; the best topCandidates are then scored exactly, with
// their field lengths (kb_fts_docsize).
const topCandidates = 200

// topRowBudget bounds the postings of a query read from kb_fts; a
// question keeps its most telling words within it (see budgeted).
const topRowBudget = 60000

// topHeadBudget bounds, by their document frequencies in kb_fts, the
// words whose postings are read from kb_head (title, summary and tags)
// once topRowBudget is spent: about a tenth of their kb_fts postings, and
// the fields where a common word still tells most.
const topHeadBudget = 400000

// postings is how many postings are read from kb_fts for terms: the
// document frequencies of their variants not read from kb_head.
func postings(terms []term) int {
	n := 0
	for _, t := range terms {
		for i, d := range t.dfs {
			if i >= len(t.head) || !t.head[i] {
				n += d
			}
		}
	}
	return n
}

// budgeted keeps the most telling index words of terms: at most keep
// terms, rarest first (by the word as typed, or its first correction),
// and their variants by what a match adds (idf, no more than the typed
// word's, times the variant's weight) while their postings fit
// topRowBudget; those after are read from kb_head while they fit
// topHeadBudget, and the rest are left out, with terms left with no
// variant. The article a question is about holds its rare words; common
// ones, and common inflections of rare ones, add little to its score but
// most of the postings, and in a title they still count. The most telling
// variant always stays.
func budgeted(terms []term, keep int) []term {
	type ph struct {
		term, variant int
		value         float64
	}
	order := make([]int, len(terms))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return terms[order[a]].dfs[0] < terms[order[b]].dfs[0] })
	var phs []ph
	for rank, i := range order {
		if rank >= keep {
			break
		}
		t := terms[i]
		for j, n := range t.dfs {
			phs = append(phs, ph{i, j, min(1/float64(n+1), 1/float64(t.dfs[0]+1)) * t.weights[j]})
		}
	}
	sort.SliceStable(phs, func(a, b int) bool { return phs[a].value > phs[b].value })
	const (
		out = iota
		full
		head
	)
	where := make([][]int, len(terms))
	rows, headRows := 0, 0
	for n, p := range phs {
		d := terms[p.term].dfs[p.variant]
		var w int
		switch {
		case n == 0 || rows+d <= topRowBudget:
			rows += d
			w = full
		case headRows+d <= topHeadBudget:
			headRows += d
			w = head
		default:
			continue
		}
		if where[p.term] == nil {
			where[p.term] = make([]int, len(terms[p.term].dfs))
		}
		where[p.term][p.variant] = w
	}
	var kept []term
	for i, t := range terms {
		if where[i] == nil {
			continue
		}
		u := term{word: t.word, qtf: t.qtf}
		for j := range t.variants {
			if where[i][j] != out {
				u.variants = append(u.variants, t.variants[j])
				u.dfs = append(u.dfs, t.dfs[j])
				u.weights = append(u.weights, t.weights[j])
				u.df += t.dfs[j]
				u.head = append(u.head, where[i][j] == head)
			}
		}
		kept = append(kept, u)
	}
	return kept
}

// ftsColumns is the number of kb_fts columns (title, summary,
// headings_text, body_text, tags_text, vis); postings keep a frequency per
// column.
const ftsColumns = 6

// postingList is the postings of one index word: the articles holding it
// (rowids, ascending) and its frequency in each kb_fts column.
type postingList struct {
	rowid []int32
	tf    []uint8   // ftsColumns per posting
	x     []float32 // per posting: its frequencies weighted by field (scoreWeights)
}

func (p *postingList) bytes() int { return 8*len(p.rowid) + len(p.tf) + 64 }

// postingCacheBytes bounds the postings kept in memory; past it the cache
// starts over.
const postingCacheBytes = 96 << 20

// postingCache holds posting lists read from the index, for one index
// generation (an import that changes articles empties it).
type postingCache struct {
	mu    sync.Mutex
	gen   int64
	lists map[string]*postingList // table + "\x00" + word
	size  int
}

// headColumns maps the columns of kb_head (title, summary, tags_text, vis)
// to those of kb_fts; vis never scores.
var headColumns = []float64{0, 1, 4, -1}

var ftsIdentity = []float64{0, 1, 2, 3, 4, 5}

// postingsOf returns the posting lists of words in table (kb_fts or
// kb_head, whose frequencies are mapped to kb_fts columns), reading those
// not in memory from the index in one query.
func (k *Knowledge) postingsOf(ctx context.Context, gen int64, table string, words []string) ([]*postingList, error) {
	c := &k.postings
	out := make([]*postingList, len(words))
	var missing []int
	c.mu.Lock()
	if c.gen != gen || c.lists == nil {
		c.gen, c.lists, c.size = gen, map[string]*postingList{}, 0
	}
	for i, w := range words {
		if p, ok := c.lists[table+"\x00"+w]; ok {
			out[i] = p
		} else {
			missing = append(missing, i)
		}
	}
	c.mu.Unlock()
	if len(missing) == 0 {
		return out, nil
	}
	cols := ftsIdentity
	if table == "kb_head" {
		cols = headColumns
	}
	par := append([]float64{float64(len(cols))}, cols...)
	var expr strings.Builder
	for n, i := range missing {
		par = append(par, float64(n))
		if n > 0 {
			expr.WriteString(" OR ")
		}
		expr.WriteString(`"` + strings.ReplaceAll(words[i], `"`, `""`) + `"`)
	}
	b := make([]byte, 8*len(par))
	for i, x := range par {
		binary.NativeEndian.PutUint64(b[8*i:], math.Float64bits(x))
	}
	st, err := k.stmt(ctx, `SELECT kbpostings(`+table+`, ?) FROM `+table+` WHERE `+table+` MATCH ? LIMIT 1`)
	if err != nil {
		return nil, err
	}
	var blob []byte
	rows, err := st.QueryContext(ctx, b, expr.String())
	if err != nil {
		return nil, fmt.Errorf("read postings: %w", err)
	}
	for rows.Next() {
		if err := rows.Scan(&blob); err != nil {
			rows.Close()
			return nil, fmt.Errorf("read postings: %w", err)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read postings: %w", err)
	}
	const rec = 20 // see HEADREC in kbpostings.c
	lists := make([]*postingList, len(missing))
	for i := range lists {
		lists[i] = &postingList{}
	}
	for off := 0; off+rec <= len(blob); off += rec {
		ph := int(int32(binary.NativeEndian.Uint32(blob[off+8:])))
		if ph < 0 || ph >= len(lists) {
			continue
		}
		l := lists[ph]
		t := blob[off+12 : off+12+ftsColumns]
		x := 0.0
		for c, n := range t {
			x += scoreWeights[c] * float64(n)
		}
		l.rowid = append(l.rowid, int32(binary.NativeEndian.Uint64(blob[off:])))
		l.tf = append(l.tf, t...)
		l.x = append(l.x, float32(x))
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen == gen {
		for n, i := range missing {
			l := lists[n]
			if c.size+l.bytes() > postingCacheBytes {
				c.lists, c.size = map[string]*postingList{}, 0
			}
			c.lists[table+"\x00"+words[i]] = l
			c.size += l.bytes()
		}
	}
	for n, i := range missing {
		out[i] = lists[n]
	}
	return out, nil
}

// rowidsDense reports whether rankTop's arrays indexed by rowid stay
// small: kb_article's rowids are assigned from 1 up and reused, so they
// stay near the number of articles, but a store could hold a few articles
// with huge rowids. Such a store keeps the tiers.
func (k *Knowledge) rowidsDense(ctx context.Context, docs int) bool {
	st, err := k.stmt(ctx, `SELECT coalesce(max(rowid), 0) FROM kb_article`)
	if err != nil {
		return false
	}
	var maxRowid int64
	if err := st.QueryRowContext(ctx).Scan(&maxRowid); err != nil {
		return false
	}
	return maxRowid <= int64(max(8*docs, 1<<20)) && maxRowid < math.MaxInt32
}

// topDoc is the state of one article in a ranking.
type topDoc struct {
	approx, got float32 // score with fields at average length; weight of the words matched
	cur, curIdf float32 // the query word being summed: frequency, best variant's weight
	stamp       int16   // query word + 1 that cur belongs to, 0 none yet
	excl, req   bool    // filters
}

// topScratch is the per-article state of one ranking, indexed by rowid,
// reused between queries (only the articles touched are reset).
type topScratch struct {
	doc     []topDoc
	touched []int32 // rowids with any posting, in the order met
}

var topScratchPool = sync.Pool{New: func() any { return &topScratch{} }}

func (s *topScratch) grow(n int) {
	if len(s.doc) < n {
		s.doc = make([]topDoc, max(n, 2*len(s.doc)))
	}
}

func (s *topScratch) reset(excl, req *postingList) {
	for _, r := range s.touched {
		s.doc[r] = topDoc{}
	}
	for _, l := range []*postingList{excl, req} {
		if l != nil {
			for _, r := range l.rowid {
				if int(r) < len(s.doc) {
					s.doc[r] = topDoc{}
				}
			}
		}
	}
	s.touched = s.touched[:0]
}

// topPhrase is one index word of a ranked query: its postings, weight
// (idf times variant weight and boost, as kbscore's) and query word.
type topPhrase struct {
	list   *postingList
	weight float64
	group  int
}

// topHit is an article found by rankTop.
type topHit struct {
	rowid int64
	score float64
}

type hitHeap []topHit // worst first

func (h hitHeap) Len() int { return len(h) }
func (h hitHeap) Less(i, j int) bool {
	if h[i].score != h[j].score {
		return h[i].score < h[j].score
	}
	return h[i].rowid < h[j].rowid
}
func (h hitHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *hitHeap) Push(x any)   { *h = append(*h, x.(topHit)) }
func (h *hitHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// rankTop scores every article in the postings of phrases (less those in
// excl, and only those in req when given) and returns the best want of
// them, best first, with how many articles it scored. lengths gives the
// field normalisations (kb_fts columns) of the candidates.
func rankTop(phrases []topPhrase, groups int, excl, req *postingList, want int,
	lengths func(rowids []int64) (map[int64][]float64, error)) ([]topHit, int, error) {
	maxRow := 0
	for _, p := range phrases {
		if n := len(p.list.rowid); n > 0 {
			maxRow = max(maxRow, int(p.list.rowid[n-1]))
		}
	}
	if groups > math.MaxInt16-1 {
		groups = math.MaxInt16 - 1
	}
	s := topScratchPool.Get().(*topScratch)
	defer topScratchPool.Put(s)
	s.grow(maxRow + 1)
	defer s.reset(excl, req)
	if excl != nil {
		for _, r := range excl.rowid {
			if int(r) <= maxRow {
				s.doc[r].excl = true
			}
		}
	}
	if req != nil {
		for _, r := range req.rowid {
			if int(r) <= maxRow {
				s.doc[r].req = true
			}
		}
	}
	k1 := float32(scoreK1)
	gtot := make([]float64, groups)
	for _, p := range phrases {
		if p.group < groups {
			gtot[p.group] = max(gtot[p.group], p.weight)
		}
	}
	all := 0.0
	for _, x := range gtot {
		all += x
	}
	// saturate adds the word summed in cur to the article's score: its
	// variants' weighted frequencies, saturated once, times the weight of
	// its best variant.
	saturate := func(d *topDoc) {
		if d.stamp > 0 {
			c := d.cur
			d.approx += d.curIdf * c * (k1 + 1) / (c + k1)
			d.got += d.curIdf
		}
	}
	// Approximate scores, a query word at a time (phrases of one word are
	// summed before the next word's start).
	byGroup := slices.Clone(phrases)
	slices.SortStableFunc(byGroup, func(a, b topPhrase) int { return a.group - b.group })
	for _, p := range byGroup {
		if p.group >= groups {
			continue
		}
		stamp := int16(p.group + 1)
		pw := float32(p.weight)
		xs := p.list.x
		for i, r := range p.list.rowid {
			d := &s.doc[r]
			x := xs[i]
			if d.excl || (req != nil && !d.req) || x <= 0 {
				continue
			}
			if d.stamp != stamp {
				if d.stamp == 0 {
					s.touched = append(s.touched, r)
				} else {
					saturate(d)
				}
				d.stamp = stamp
				d.cur, d.curIdf = 0, 0
			}
			d.cur += x
			d.curIdf = max(d.curIdf, pw)
		}
	}
	cover := float32(coverWeight(groups))
	cands := make(hitHeap, 0, topCandidates)
	for _, r := range s.touched {
		d := &s.doc[r]
		saturate(d)
		x := d.approx
		if all > 0 && cover > 0 {
			x *= 1 - cover + cover*d.got/float32(all)
		}
		h := topHit{int64(r), float64(x)}
		if len(cands) < topCandidates {
			heap.Push(&cands, h)
		} else if h.score > cands[0].score || (h.score == cands[0].score && h.rowid > cands[0].rowid) {
			cands[0] = h
			heap.Fix(&cands, 0)
		}
	}
	total := len(s.touched)
	if len(cands) == 0 {
		return nil, total, nil
	}
	// Exact scores of the candidates, with their field lengths: their
	// postings found by walking each list once, candidates in rowid order.
	slices.SortFunc(cands, func(a, b topHit) int { return int(a.rowid - b.rowid) })
	ids := make([]int64, len(cands))
	for i, c := range cands {
		ids[i] = c.rowid
	}
	lens, err := lengths(ids)
	if err != nil {
		return nil, 0, err
	}
	norm := make([][]float64, len(cands))
	for j, id := range ids {
		norm[j] = lens[id]
	}
	gtf := make([]float64, len(cands)*groups)
	gidf := make([]float64, len(cands)*groups)
	w := scoreWeights
	for _, p := range phrases {
		if p.group >= groups {
			continue
		}
		rows := p.list.rowid
		at := 0
		for j, id := range ids {
			// The first posting at or after id, searched from the last.
			at += sort.Search(len(rows)-at, func(i int) bool { return int64(rows[at+i]) >= id })
			if at == len(rows) {
				break
			}
			if int64(rows[at]) != id {
				continue
			}
			x := 0.0
			for c := 0; c < ftsColumns-1; c++ {
				if t := p.list.tf[at*ftsColumns+c]; t > 0 {
					n := 1.0
					if c < len(norm[j]) {
						n = norm[j][c]
					}
					x += w[c] * float64(t) / n
				}
			}
			if x > 0 {
				gtf[j*groups+p.group] += x
				gidf[j*groups+p.group] = max(gidf[j*groups+p.group], p.weight)
			}
		}
	}
	out := make([]topHit, len(cands))
	for j, id := range ids {
		score, got := 0.0, 0.0
		for g := 0; g < groups; g++ {
			if f := gtf[j*groups+g]; f > 0 {
				score += gidf[j*groups+g] * f * (scoreK1 + 1) / (f + scoreK1)
				got += gidf[j*groups+g]
			}
		}
		if all > 0 && cover > 0 {
			score *= 1 - float64(cover) + float64(cover)*got/all
		}
		out[j] = topHit{id, score}
	}
	slices.SortFunc(out, func(a, b topHit) int {
		switch {
		case a.score > b.score:
			return -1
		case a.score < b.score:
			return 1
		case a.rowid > b.rowid:
			return -1
		case a.rowid < b.rowid:
			return 1
		}
		return 0
	})
	return out[:min(want, len(out))], total, nil
}

// fieldLengths reads the kb_fts field lengths of articles and returns
// each field's BM25F length normalisation (1 - b + b * length/average).
func (k *Knowledge) fieldLengths(ctx context.Context, rowids []int64) (map[int64][]float64, error) {
	_, avg, err := k.indexTotals(ctx)
	if err != nil {
		return nil, err
	}
	list, _ := json.Marshal(rowids)
	st, err := k.stmt(ctx, `SELECT id, sz FROM kb_fts_docsize WHERE id IN (SELECT value FROM json_each(?))`)
	if err != nil {
		return nil, err
	}
	rows, err := st.QueryContext(ctx, string(list))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make(map[int64][]float64, len(rowids))
	for rows.Next() {
		var id int64
		var sz []byte
		if err := rows.Scan(&id, &sz); err != nil {
			return nil, err
		}
		l := make([]float64, ftsColumns)
		for c := range l {
			v, n := sqliteVarint(sz)
			sz = sz[n:]
			b := scoreB[c]
			l[c] = 1 - b + b*float64(v)/avg[c]
			if l[c] <= 0 {
				l[c] = 1
			}
		}
		out[id] = l
	}
	return out, rows.Err()
}

// sqliteVarint decodes one SQLite varint (FTS5 column sizes).
func sqliteVarint(b []byte) (uint64, int) {
	var x uint64
	for i := 0; i < 9 && i < len(b); i++ {
		if i == 8 {
			return x<<8 | uint64(b[i]), 9
		}
		x = x<<7 | uint64(b[i]&0x7f)
		if b[i]&0x80 == 0 {
			return x, i + 1
		}
	}
	return x, len(b)
}

// indexTotals reads the number of rows of kb_fts and the average length
// of each of its columns from the index's own totals (the averages record
// of kb_fts_data, which FTS5 keeps for bm25).
func (k *Knowledge) indexTotals(ctx context.Context) (int, []float64, error) {
	st, err := k.stmt(ctx, `SELECT block FROM kb_fts_data WHERE id = 1`)
	if err != nil {
		return 0, nil, err
	}
	var b []byte
	if err := st.QueryRowContext(ctx).Scan(&b); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, nil, fmt.Errorf("index totals: %w", err)
	}
	docs, n := sqliteVarint(b)
	b = b[n:]
	avg := make([]float64, ftsColumns)
	for c := range avg {
		v, n := sqliteVarint(b)
		b = b[n:]
		avg[c] = 1
		if docs > 0 && v > 0 {
			avg[c] = float64(v) / float64(docs)
		}
	}
	return int(docs), avg, nil
}

// topScored returns one page of hits of q ranked by rankTop and how many
// articles it scored.
func (k *Knowledge) topScored(ctx context.Context, gen int64, f filter, q ftsQuery, limit, offset int) ([]portal.SearchHit, int, error) {
	maxPop, err := k.maxPopularity(ctx)
	if err != nil {
		return nil, 0, fmt.Errorf("rank: %w", err)
	}
	want := offset + limit
	fetch := want
	if maxPop > 0 {
		fetch += popularityMargin
	}
	// The postings of the query's words and of the filter tokens.
	var ftsWords, headWords []string
	for i := range q.phrases {
		if q.source[i] == 1 {
			headWords = append(headWords, q.phrases[i])
		} else {
			ftsWords = append(ftsWords, q.phrases[i])
		}
	}
	ftsWords = append(ftsWords, f.hide)
	if f.cat != "" {
		ftsWords = append(ftsWords, f.cat)
	}
	fl, err := k.postingsOf(ctx, gen, "kb_fts", ftsWords)
	if err != nil {
		return nil, 0, fmt.Errorf("rank: %w", err)
	}
	hl, err := k.postingsOf(ctx, gen, "kb_head", headWords)
	if err != nil {
		return nil, 0, fmt.Errorf("rank: %w", err)
	}
	phrases := make([]topPhrase, len(q.phrases))
	fi, hi := 0, 0
	for i := range q.phrases {
		p := topPhrase{weight: q.score[2*i], group: int(q.score[2*i+1])}
		if q.source[i] == 1 {
			p.list, hi = hl[hi], hi+1
		} else {
			p.list, fi = fl[fi], fi+1
		}
		phrases[i] = p
	}
	excl := fl[fi]
	var req *postingList
	if f.cat != "" {
		req = fl[fi+1]
	}
	for {
		top, total, err := rankTop(phrases, q.groups, excl, req, fetch, func(ids []int64) (map[int64][]float64, error) {
			return k.fieldLengths(ctx, ids)
		})
		if err != nil {
			return nil, 0, fmt.Errorf("rank: %w", err)
		}
		out, err := k.hitsByRowid(ctx, top)
		if err != nil {
			return nil, 0, fmt.Errorf("rank: %w", err)
		}
		if withPopularity(out, want, maxPop) || len(out) < fetch || fetch >= topCandidates {
			out = out[min(offset, len(out)):min(want, len(out))]
			return snippets(out, q), total, nil
		}
		fetch = min(fetch*4, topCandidates)
	}
}

// hitsByRowid reads the articles of ranked hits, in their order.
func (k *Knowledge) hitsByRowid(ctx context.Context, top []topHit) ([]hit, error) {
	if len(top) == 0 {
		return nil, nil
	}
	ids := make([]int64, len(top))
	for i, t := range top {
		ids[i] = t.rowid
	}
	list, _ := json.Marshal(ids)
	st, err := k.stmt(ctx, `SELECT `+summaryCols+`, a.rowid, a.body_text, a.popularity
		FROM kb_article a LEFT JOIN kb_category c ON c.id = a.category_id
		WHERE a.rowid IN (SELECT value FROM json_each(?))`)
	if err != nil {
		return nil, err
	}
	rs, err := st.QueryContext(ctx, string(list))
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	byID := make(map[int64]hit, len(top))
	for rs.Next() {
		var h hit
		if h.ArticleSummary, err = scanSummary(rs, &h.rowid, &h.body, &h.popularity); err != nil {
			return nil, err
		}
		byID[h.rowid] = h
	}
	if err := rs.Err(); err != nil {
		return nil, err
	}
	out := make([]hit, 0, len(top))
	for _, t := range top {
		if h, ok := byID[t.rowid]; ok {
			h.Score = t.score
			out = append(out, h)
		}
	}
	return out, nil
}
