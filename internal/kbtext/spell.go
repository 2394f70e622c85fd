package kbtext

import (
	"hash/maphash"
	"sort"
	"unicode/utf8"
)

// Speller finds vocabulary words within a small edit distance of a word.
// It is a symmetric-deletion index (SymSpell): every vocabulary word is
// stored under each string obtained by deleting up to two runes from its
// first prefixLen runes, and a query looks up its own deletions the same
// way. Only the prefix is expanded, which keeps the index to ~30 keys per
// word; candidates are then verified with a real edit distance on the whole
// word. Lookups cost microseconds regardless of vocabulary size.
type Speller struct {
	seed  maphash.Seed
	words []string
	freq  []int32
	index map[uint64][]int32
}

const (
	prefixLen = 7
	maxDelete = 2
)

// NewSpeller indexes words (folded) with their document frequencies.
// Words with digits or fewer than 3 runes are not indexed.
func NewSpeller(words []string, freq []int) *Speller {
	s := &Speller{seed: maphash.MakeSeed(), index: make(map[uint64][]int32, len(words)*8)}
	var buf []rune
	for i, w := range words {
		n := utf8.RuneCountInString(w)
		if n < 3 || n > MaxWordRunes || HasDigit(w) {
			continue
		}
		id := int32(len(s.words))
		s.words = append(s.words, w)
		s.freq = append(s.freq, int32(freq[i]))
		buf = prefixRunes(buf[:0], w)
		s.deletes(buf, maxDelete, func(h uint64) {
			l := s.index[h]
			if len(l) == 0 || l[len(l)-1] != id {
				s.index[h] = append(l, id)
			}
		})
	}
	return s
}

// Len is the number of indexed words.
func (s *Speller) Len() int { return len(s.words) }

func prefixRunes(buf []rune, w string) []rune {
	for _, r := range w {
		if len(buf) == prefixLen {
			break
		}
		buf = append(buf, r)
	}
	return buf
}

// deletes calls fn with the hash of rs and of every string made by deleting
// up to n runes from it (duplicates possible; callers tolerate them).
func (s *Speller) deletes(rs []rune, n int, fn func(uint64)) {
	var h maphash.Hash
	h.SetSeed(s.seed)
	hash := func(rs []rune, skip1, skip2 int) uint64 {
		h.Reset()
		var b [4]byte
		for i, r := range rs {
			if i == skip1 || i == skip2 {
				continue
			}
			k := utf8.EncodeRune(b[:], r)
			h.Write(b[:k])
		}
		return h.Sum64()
	}
	fn(hash(rs, -1, -1))
	if n < 1 {
		return
	}
	for i := range rs {
		fn(hash(rs, i, -1))
		if n < 2 {
			continue
		}
		for j := i + 1; j < len(rs); j++ {
			fn(hash(rs, i, j))
		}
	}
}

// Suggestion is a vocabulary word close to the query word.
type Suggestion struct {
	Word     string
	Distance int
	Freq     int
}

// Lookup returns vocabulary words within maxDist edits of w (folded), best
// first: fewest edits, then most frequent. At most limit are returned.
func (s *Speller) Lookup(w string, maxDist, limit int) []Suggestion {
	if maxDist <= 0 || s == nil || len(s.words) == 0 {
		return nil
	}
	maxDist = min(maxDist, maxDelete)
	qr := []rune(w)
	seen := map[int32]bool{}
	var out []Suggestion
	s.deletes(prefixRunes(nil, w), maxDist, func(h uint64) {
		for _, id := range s.index[h] {
			if seen[id] {
				continue
			}
			seen[id] = true
			cand := s.words[id]
			if cand == w {
				continue
			}
			if d := Distance(qr, []rune(cand), maxDist); d <= maxDist {
				out = append(out, Suggestion{Word: cand, Distance: d, Freq: int(s.freq[id])})
			}
		}
	})
	sort.Slice(out, func(i, j int) bool {
		if out[i].Distance != out[j].Distance {
			return out[i].Distance < out[j].Distance
		}
		if out[i].Freq != out[j].Freq {
			return out[i].Freq > out[j].Freq
		}
		return out[i].Word < out[j].Word
	})
	if len(out) > limit {
		out = out[:limit]
	}
	return out
}

// Distance is the optimal-string-alignment distance between a and b
// (insertions, deletions, substitutions and swaps of neighbours each count
// one), or max+1 as soon as it is certain to exceed max.
func Distance(a, b []rune, max int) int {
	if d := len(a) - len(b); d > max || -d > max {
		return max + 1
	}
	// Three rows suffice for OSA.
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if rowMin > max {
			return max + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return min(prev[len(b)], max+1)
}
