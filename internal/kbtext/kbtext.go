// Package kbtext is the language side of knowledge-base search: it splits
// text into words the same way the SQLite index does, folds case and
// diacritics, stems English and German words, knows stop words and finds
// close spellings. It has no storage dependencies so that every rule is
// unit-tested on its own.
package kbtext

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// isWordRune mirrors FTS5's unicode61 tokenizer defaults: letters, numbers
// and private-use characters are part of words, everything else separates.
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.Is(unicode.Co, r) || unicode.Is(unicode.Mn, r)
}

// Token is one word of user text.
type Token struct {
	Word string // folded: lower case, no diacritics
	// Open is true for the last word when the text does not end in a
	// separator: the user may still be typing it.
	Open bool
}

// MaxWordRunes drops absurdly long "words" (base64 blobs, pasted hashes)
// that can never match and only cost time.
const MaxWordRunes = 40

// Tokenize splits s into folded words. Control characters, punctuation,
// emoji, quotes and FTS operators are all separators, so nothing of the
// user's text can reach the FTS query syntax except plain words.
func Tokenize(s string) []Token {
	var out []Token
	start := -1
	flush := func(end int) {
		if start < 0 {
			return
		}
		w := Fold(s[start:end])
		start = -1
		if w == "" || utf8.RuneCountInString(w) > MaxWordRunes {
			return
		}
		out = append(out, Token{Word: w})
	}
	for i, r := range s {
		if r == utf8.RuneError || !isWordRune(r) {
			flush(i)
			continue
		}
		if start < 0 {
			start = i
		}
	}
	trailingWord := start >= 0
	flush(len(s))
	if trailingWord && len(out) > 0 {
		out[len(out)-1].Open = true
	}
	return out
}

// Fold lower-cases s and removes diacritics ("Anhänge" → "anhange"), as the
// index does with remove_diacritics 2.
func Fold(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return strings.ToLower(s)
	}
	d := norm.NFD.String(s)
	var b strings.Builder
	b.Grow(len(d))
	for _, r := range d {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// HasDigit reports whether w contains a digit; such words (versions, error
// numbers) are never spelling-corrected or stemmed.
func HasDigit(w string) bool {
	for _, r := range w {
		if unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

// MaxEdits is the typo tolerance for a word: none below 5 letters, one edit
// for 5–8 letters, two from 9.
func MaxEdits(w string) int {
	n := utf8.RuneCountInString(w)
	switch {
	case n >= 9:
		return 2
	case n >= 5:
		return 1
	}
	return 0
}
