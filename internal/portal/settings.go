package portal

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"
)

// Languages the UI is translated into. Every language here has a complete
// translation file in the frontend; a test keeps the two lists in step.
var Languages = []string{"en", "de"}

// Locales decide date, time and number formats independently of the UI
// language (a German-speaking admin in Switzerland may want de-CH numbers).
var Locales = []string{
	"en-US", "en-GB", "en-AU", "en-CA", "en-IE", "en-IN", "en-NZ", "en-ZA",
	"de-DE", "de-AT", "de-CH",
	"fr-FR", "fr-CA", "es-ES", "es-MX", "it-IT", "nl-NL", "pt-BR", "pt-PT",
	"sv-SE", "da-DK", "nb-NO", "fi-FI", "pl-PL", "cs-CZ", "ja-JP", "zh-CN",
}

// Themes of the UI. "system" follows the operating system.
var Themes = []string{"system", "light", "dark"}

// Settings are one user's personal preferences. An empty Locale or TimeZone
// means "follow the operating system", resolved in the UI.
type Settings struct {
	Language  string    `json:"language"`
	Locale    string    `json:"locale"`
	TimeZone  string    `json:"timeZone"`
	Theme     string    `json:"theme"`
	UpdatedAt time.Time `json:"updatedAt" ts_type:"string"`
	Version   int64     `json:"version"`
}

// SettingsUpdate is a change to settings; nil fields are left as they are.
type SettingsUpdate struct {
	Language *string `json:"language,omitempty"`
	Locale   *string `json:"locale,omitempty"`
	TimeZone *string `json:"timeZone,omitempty"`
	Theme    *string `json:"theme,omitempty"`
}

// DefaultSettings are the settings of a fresh installation.
func DefaultSettings() Settings {
	return Settings{Language: "en", Theme: "system"}
}

// SettingsService reads and changes personal settings.
type SettingsService interface {
	Settings(ctx context.Context) (Settings, error)
	UpdateSettings(ctx context.Context, upd SettingsUpdate) (Settings, error)
}

// TimeZoneValidator reports whether name is a known IANA time zone. It is a
// parameter so that the domain package does not embed the zone database.
type TimeZoneValidator func(name string) bool

// Apply validates upd and applies it to s. On error s is unchanged: a
// rejected field never changes any other field either.
func (upd SettingsUpdate) Apply(s Settings, validTZ TimeZoneValidator) (Settings, error) {
	out := s
	if upd.Language != nil {
		v := strings.TrimSpace(*upd.Language)
		if !contains(Languages, v) {
			return s, Invalid("language", ReasonUnknownLanguage, clean(v), "unknown language %q", clean(v))
		}
		out.Language = v
	}
	if upd.Locale != nil {
		v := strings.TrimSpace(*upd.Locale)
		if v != "" && !contains(Locales, v) {
			return s, Invalid("locale", ReasonUnknownLocale, clean(v), "unknown locale %q", clean(v))
		}
		out.Locale = v
	}
	if upd.TimeZone != nil {
		v := strings.TrimSpace(*upd.TimeZone)
		if v != "" && (len(v) > 64 || !validTZ(v)) {
			return s, Invalid("timeZone", ReasonUnknownTimeZone, clean(v), "unknown time zone %q", clean(v))
		}
		out.TimeZone = v
	}
	if upd.Theme != nil {
		v := strings.TrimSpace(*upd.Theme)
		if !contains(Themes, v) {
			return s, Invalid("theme", ReasonUnknownTheme, clean(v), "unknown theme %q", clean(v))
		}
		out.Theme = v
	}
	return out, nil
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// clean makes a rejected value safe to echo back in a message: valid UTF-8,
// no control characters, bounded length.
func clean(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "�")
	}
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, s)
	return truncate(s, 80)
}
