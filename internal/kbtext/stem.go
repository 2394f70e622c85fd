package kbtext

import "strings"

// Stem returns the key under which inflected forms of a folded word are
// grouped for the given language ("attachments", "attaching" → "attach").
// It is a deliberately light stemmer: the key is never shown and only has
// to map forms of one word together without merging unrelated words often.
func Stem(w, lang string) string {
	if HasDigit(w) {
		return w
	}
	if lang == "de" {
		return stemDE(w)
	}
	return stemEN(w)
}

func stemEN(w string) string {
	if len(w) <= 3 {
		return w
	}
	// Plurals and third person.
	switch {
	case strings.HasSuffix(w, "ies") && len(w) > 4:
		w = w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "sses"):
		w = w[:len(w)-2]
	case strings.HasSuffix(w, "ches") || strings.HasSuffix(w, "shes") || strings.HasSuffix(w, "xes") || strings.HasSuffix(w, "zes"):
		w = w[:len(w)-2]
	case strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us") && !strings.HasSuffix(w, "is") && len(w) > 3:
		w = w[:len(w)-1]
	}
	// Verb forms.
	switch {
	case strings.HasSuffix(w, "ing") && len(w) > 5:
		w = undouble(w[:len(w)-3])
	case strings.HasSuffix(w, "ied") && len(w) > 4:
		w = w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "ed") && len(w) > 4:
		w = undouble(w[:len(w)-2])
	}
	// Nouns from verbs.
	for _, suf := range []string{"ments", "ment", "ations", "ation"} {
		if strings.HasSuffix(w, suf) && len(w)-len(suf) >= 4 {
			w = w[:len(w)-len(suf)]
			break
		}
	}
	if strings.HasSuffix(w, "e") && len(w) > 4 {
		w = w[:len(w)-1]
	}
	return w
}

// undouble turns "sett" (from "setting") into "set", but keeps "ll", "ss"
// and "zz", which English writes in the base form too ("install").
func undouble(w string) string {
	n := len(w)
	if n >= 2 && w[n-1] == w[n-2] && !strings.ContainsRune("lsz", rune(w[n-1])) && !strings.ContainsRune("aeiou", rune(w[n-1])) {
		return w[:n-1]
	}
	return w
}

func stemDE(w string) string {
	w = strings.ReplaceAll(w, "ß", "ss")
	// Two passes of a CISTEM-like suffix strip: "Benutzern" → "benutz",
	// "Passwörter" → "passwort", "Anhänge" → "anhang".
	for range 2 {
		n := len(w)
		switch {
		case n > 5 && (strings.HasSuffix(w, "ern")):
			w = w[:n-3]
		case n > 5 && (strings.HasSuffix(w, "em") || strings.HasSuffix(w, "er") || strings.HasSuffix(w, "en") || strings.HasSuffix(w, "es")):
			w = w[:n-2]
		case n > 4 && (strings.HasSuffix(w, "e") || strings.HasSuffix(w, "s") || strings.HasSuffix(w, "n")):
			w = w[:n-1]
		}
	}
	return w
}
