package console

import (
	"embed"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Languages the console speaks; the first is the fallback.
var languages = []string{"en", "de"}

//go:embed locales/*.json
var localeFS embed.FS

// catalog maps a message key to its text in one language. Texts may hold
// {name} placeholders.
type catalog map[string]string

func (c catalog) has(key string) bool { return c[key] != "" }

func (c catalog) format(key string, args ...any) string {
	s, ok := c[key]
	if !ok {
		return key
	}
	for i := 0; i+1 < len(args); i += 2 {
		s = strings.ReplaceAll(s, "{"+fmt.Sprint(args[i])+"}", fmt.Sprint(args[i+1]))
	}
	return s
}

func loadCatalogs() (map[string]catalog, error) {
	out := map[string]catalog{}
	for _, lang := range languages {
		b, err := localeFS.ReadFile("locales/" + lang + ".json")
		if err != nil {
			return nil, fmt.Errorf("console catalog %s: %w", lang, err)
		}
		var c catalog
		if err := json.Unmarshal(b, &c); err != nil {
			return nil, fmt.Errorf("console catalog %s: %w", lang, err)
		}
		out[lang] = c
	}
	return out, nil
}

func mustLoadCatalogs() map[string]catalog {
	c, err := loadCatalogs()
	if err != nil {
		panic(err)
	}
	return c
}

// language picks the page language: ?lang= (remembered in a cookie, so
// the switch sticks), then that cookie, then Accept-Language.
func (c *Console) language(r *http.Request) string {
	if l := r.URL.Query().Get("lang"); supported(l) {
		return l
	}
	if ck, err := r.Cookie(langCookie); err == nil && supported(ck.Value) {
		return ck.Value
	}
	return fromAcceptLanguage(r.Header.Get("Accept-Language"))
}

// rememberLanguage stores a ?lang= choice. It runs before the page is
// written, from the wrapper every console route goes through.
func (c *Console) rememberLanguage(w http.ResponseWriter, r *http.Request) {
	if l := r.URL.Query().Get("lang"); supported(l) {
		ck := &http.Cookie{Name: langCookie, Value: l, Path: cookiePath, Expires: time.Now().Add(365 * 24 * time.Hour),
			SameSite: http.SameSiteLaxMode, Secure: r.TLS != nil, HttpOnly: true}
		http.SetCookie(w, ck)
	}
}

func supported(l string) bool {
	for _, s := range languages {
		if l == s {
			return true
		}
	}
	return false
}

// fromAcceptLanguage returns the supported language the browser prefers
// most ("de-CH, en;q=0.8" → de), or English.
func fromAcceptLanguage(h string) string {
	type pref struct {
		lang string
		q    float64
		i    int
	}
	var prefs []pref
	for i, part := range strings.Split(h, ",") {
		tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				q = f
			}
		}
		lang, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(tag)), "-")
		if supported(lang) && q > 0 {
			prefs = append(prefs, pref{lang, q, i})
		}
	}
	sort.SliceStable(prefs, func(a, b int) bool { return prefs[a].q > prefs[b].q })
	if len(prefs) > 0 {
		return prefs[0].lang
	}
	return languages[0]
}
