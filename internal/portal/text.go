package portal

import (
	"fmt"
	"unicode"
)

// CheckTextChars refuses characters that make text deceive its reader:
//
//   - control characters (Unicode Cc: C0, DEL and C1), except newline and
//     tab in multi-line text (and a carriage return right before a
//     newline, which Windows line ends bring); in one-line text also the
//     line and paragraph separators U+2028/U+2029. Reason
//     control_character.
//   - bidi embeddings, overrides and isolates (U+202A–U+202E,
//     U+2066–U+2069), which can make an agent read a subject or comment
//     in a different order than it was written. Reason bidi_control.
//
// The directional marks U+200E, U+200F and U+061C are allowed: they only
// nudge neutral characters such as punctuation next to right-to-left
// text, cannot reverse a run of text, and Arabic and Hebrew writers need
// them. Field names the field; Params carry the 1-based position of the
// first refused character and its code point (U+202E).
//
// The app checks before it saves a draft, a comment or a request; the
// server checks the same on every push.
func CheckTextChars(field, s string, multiline bool) error {
	pos := 0
	prevCR := false
	for _, r := range s {
		pos++
		if prevCR && r != '\n' {
			return charError(field, ReasonControlCharacter, '\r', pos-1)
		}
		prevCR = false
		switch {
		case multiline && (r == '\n' || r == '\t'):
		case multiline && r == '\r':
			prevCR = true
		case unicode.IsControl(r), !multiline && (r == '\u2028' || r == '\u2029'):
			return charError(field, ReasonControlCharacter, r, pos)
		case r >= '\u202a' && r <= '\u202e', r >= '\u2066' && r <= '\u2069':
			return charError(field, ReasonBidiControl, r, pos)
		}
	}
	if prevCR {
		return charError(field, ReasonControlCharacter, '\r', pos)
	}
	return nil
}

func charError(field, reason string, r rune, pos int) error {
	what := "an invisible control character"
	if reason == "bidi_control" {
		what = "a character that reverses the reading order of text"
	}
	e := Invalid(field, reason, "", "%s: character %d (U+%04X) is %s, which is not allowed", field, pos, r, what)
	e.Params = map[string]string{"position": fmt.Sprint(pos), "char": fmt.Sprintf("U+%04X", r)}
	return e
}
