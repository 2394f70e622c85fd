package kbtext

import (
	"strings"
	"unicode/utf8"
)

// span is one word of a text: its byte range and folded form.
type span struct {
	start, end int
	word       string
}

// spans splits s into words exactly as Tokenize does, keeping their
// positions (overlong words included: the index counts them too).
func spans(s string) []span {
	var out []span
	start := -1
	for i, r := range s {
		if r == utf8.RuneError || !isWordRune(r) {
			if start >= 0 {
				out = append(out, span{start, i, Fold(s[start:i])})
				start = -1
			}
			continue
		}
		if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		out = append(out, span{start, len(s), Fold(s[start:])})
	}
	return out
}

// Snippet returns a fragment of text of at most n words around the words
// in match, each match between open and close, with ellipsis where text
// was cut. The fragment with the most distinct matching words wins, then
// the one with the most matches, then the earliest; its matches are
// centred. It replaces FTS5's snippet(), which costs a seek per query word
// in every index segment for every hit, for the same result: the index
// splits and folds words as Tokenize does.
func Snippet(text string, match map[string]bool, n int, open, close, ellipsis string) string {
	sp := spans(text)
	if len(sp) == 0 || n <= 0 {
		return ""
	}
	// ids numbers the distinct matching words; -1 is no match.
	ids := make([]int, len(sp))
	idOf := map[string]int{}
	for i, s := range sp {
		ids[i] = -1
		if match[s.word] {
			id, ok := idOf[s.word]
			if !ok {
				id = len(idOf)
				idOf[s.word] = id
			}
			ids[i] = id
		}
	}
	w := min(n, len(sp))
	count := make([]int, len(idOf))
	distinct, total := 0, 0
	add := func(i, d int) {
		if id := ids[i]; id >= 0 {
			if count[id] == 0 {
				distinct++
			}
			count[id] += d
			if count[id] == 0 {
				distinct--
			}
			total += d
		}
	}
	for i := 0; i < w; i++ {
		add(i, 1)
	}
	best, bestScore := 0, distinct*1000+total
	for s := 1; s+w <= len(sp); s++ {
		add(s-1, -1)
		add(s+w-1, 1)
		if score := distinct*1000 + total; score > bestScore {
			best, bestScore = s, score
		}
	}
	// Centre the matches: move the window back by half its free words.
	if bestScore > 0 {
		first, last := best, best+w-1
		for ids[first] < 0 {
			first++
		}
		for ids[last] < 0 {
			last--
		}
		best = max(0, min(first-(w-(last-first+1))/2, len(sp)-w))
	}
	end := best + w
	var b strings.Builder
	b.Grow(sp[end-1].end - sp[best].start + 64)
	from, to := sp[best].start, sp[end-1].end
	if best == 0 {
		from = 0
	} else {
		b.WriteString(ellipsis)
	}
	if end == len(sp) {
		to = len(text)
	}
	pos := from
	for i := best; i < end; i++ {
		if ids[i] < 0 {
			continue
		}
		b.WriteString(text[pos:sp[i].start])
		b.WriteString(open)
		b.WriteString(text[sp[i].start:sp[i].end])
		b.WriteString(close)
		pos = sp[i].end
	}
	b.WriteString(text[pos:to])
	if end < len(sp) {
		b.WriteString(ellipsis)
	}
	return b.String()
}
