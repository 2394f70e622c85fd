package kbtext

import (
	"fmt"
	"strings"
	"testing"
)

func TestTokenize(t *testing.T) {
	toks := Tokenize(`"Anhänge" AND (title:*x*) -NEAR 😀 مرفقات x` + "\x00y")
	var words []string
	for _, tk := range toks {
		words = append(words, tk.Word)
	}
	if got := strings.Join(words, " "); got != "anhange and title x near مرفقات x y" {
		t.Errorf("words = %q", got)
	}
	if !toks[len(toks)-1].Open {
		t.Error("last word should be open")
	}
	if toks := Tokenize("reset "); toks[0].Open {
		t.Error("word followed by space is complete")
	}
	if toks := Tokenize(strings.Repeat("a", 100)); len(toks) != 0 {
		t.Error("overlong word kept")
	}
}

func TestStem(t *testing.T) {
	groups := map[string][]string{
		"en": {"attach attachment attachments attaching attached", "setting settings", "delete deleted deleting deletes", "password passwords", "case cases", "change changes changed changing"},
		"de": {"anhang anhange", "passwort passworter", "benutzer benutzern", "fall falle"},
	}
	for lang, gs := range groups {
		t.Run(lang, func(t *testing.T) {
			for _, g := range gs {
				ws := strings.Fields(g)
				for _, w := range ws[1:] {
					if Stem(w, lang) != Stem(ws[0], lang) {
						t.Errorf("%s: Stem(%q) = %q, Stem(%q) = %q", lang, w, Stem(w, lang), ws[0], Stem(ws[0], lang))
					}
				}
			}
		})
	}
	if Stem("status", "en") == Stem("stat", "en") || Stem("access", "en") != "access" {
		t.Error("over-stemming")
	}
}

func TestSpeller(t *testing.T) {
	words := []string{"attachment", "password", "settings", "account", "accounts", "case", "cases"}
	s := NewSpeller(words, []int{50, 40, 30, 20, 5, 100, 80})
	for q, want := range map[string]string{
		"atachment":  "attachment", // deletion
		"attachmnet": "attachment", // swap
		"xttachmenx": "attachment", // two substitutions, 10 letters
		"pasword":    "password",
		"acount":     "account",  // most frequent of equals first
		"settigns":   "settings", //nolint:misspell // the typo is what is looked up
	} {
		t.Run(q, func(t *testing.T) {
			got := s.Lookup(q, MaxEdits(q), 3)
			if len(got) == 0 || got[0].Word != want {
				t.Errorf("Lookup(%q) = %+v, want %s", q, got, want)
			}
		})
	}
	if got := s.Lookup("pxsxwxrd", 1, 3); len(got) != 0 {
		t.Errorf("too distant: %+v", got)
	}
	if MaxEdits("case") != 0 || MaxEdits("cases") != 1 || MaxEdits("passwords") != 2 {
		t.Error("MaxEdits")
	}
}

func TestDistance(t *testing.T) {
	for _, c := range []struct {
		a, b string
		d    int
	}{{"kitten", "sitting", 3}, {"ab", "ba", 1}, {"", "abc", 3}, {"same", "same", 0}} {
		t.Run(c.a+"/"+c.b, func(t *testing.T) {
			if got := Distance([]rune(c.a), []rune(c.b), 5); got != c.d {
				t.Errorf("Distance(%q,%q) = %d, want %d", c.a, c.b, got, c.d)
			}
		})
	}
	if Distance([]rune("abcdef"), []rune("uvwxyz"), 2) != 3 {
		t.Error("early exit should return max+1")
	}
}

func TestStopWords(t *testing.T) {
	if !IsStopWord("the") || !IsStopWord("uber") || IsStopWord("password") {
		t.Error("stop words")
	}
}

func TestSnippet(t *testing.T) {
	words := func(ws ...string) map[string]bool {
		m := map[string]bool{}
		for _, w := range ws {
			m[w] = true
		}
		return m
	}
	long := "One two three four five six seven eight nine ten. Attachments are limited to 20 MB; Anhänge too. Eleven twelve thirteen."
	for i, c := range []struct {
		text  string
		match map[string]bool
		n     int
		want  string
	}{
		{"Short text, no match.", words("x"), 24, "Short text, no match."},
		{long, words("x"), 4, "One two three four…"},
		{long, words("anhange"), 3, "…MB; [Anhänge] too…"},
		// Two distinct words beat three of one.
		{"a a a x x x x x x b a x", words("a", "b"), 3, "…[b] [a] x"},
		{long, words("attachments", "limited"), 6, "…ten. [Attachments] are [limited] to 20…"},
		{"", words("a"), 5, ""},
		{"   ", words("a"), 5, ""},
	} {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			if got := Snippet(c.text, c.match, c.n, "[", "]", "…"); got != c.want {
				t.Errorf("Snippet(%q, %d) = %q, want %q", c.text, c.n, got, c.want)
			}
		})
	}
}
