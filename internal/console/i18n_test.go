package console

import (
	"io/fs"
	"regexp"
	"slices"
	"testing"

	"supportportal/internal/must"
)

// Both languages have exactly the same keys, none empty, and every key the
// templates and the code use exists.
func TestCatalogsMatch(t *testing.T) {
	cats, err := loadCatalogs()
	if err != nil {
		t.Fatal(err)
	}
	en, de := cats["en"], cats["de"]
	for k, v := range en {
		if de[k] == "" {
			t.Errorf("de.json lacks %q", k)
		}
		if v == "" {
			t.Errorf("en.json has an empty %q", k)
		}
	}
	for k, v := range de {
		if _, ok := en[k]; !ok {
			t.Errorf("en.json lacks %q", k)
		}
		if v == "" {
			t.Errorf("de.json has an empty %q", k)
		}
	}
	used := map[string]bool{}
	re := regexp.MustCompile(`\.T "([a-zA-Z_.]+)"`)
	must.Do(fs.WalkDir(templateFS, "templates", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, _ := templateFS.ReadFile(p)
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			used[m[1]] = true
		}
		return nil
	}))
	if len(used) < 50 {
		t.Fatalf("found only %d keys in the templates", len(used))
	}
	for _, k := range []string{"signin.title", "error.title", "queue.title", "case.title", "kb.title", "article.new", "article.title",
		"article.edit", "case.heading", "counts.title", "requests.title", "notfound.title", "notfound.text", "age.minutes", "age.hours",
		"age.days", "kb.noCategory", "queue.age.any", "queue.age.days", "queue.company.all", "queue.priority.all", "queue.status.all",
		"queue.status.open", "error.agents_only", "error.bad_form", "error.csrf", "error.email_required", "error.internal",
		"error.too_many_attempts", "error.bad_transition", "error.invalid_credentials",
		"done.reply_sent", "done.status_changed", "done.published", "done.category_saved", "done.article_saved"} {
		used[k] = true
	}
	for _, s := range append(slices.Clone(serverStatuses), "low", "medium", "high", "urgent") {
		if en["status."+s] == "" && en["priority."+s] == "" {
			t.Errorf("no label for %q", s)
		}
	}
	for k := range used {
		if en[k] == "" {
			t.Errorf("key %q is used but not in the catalogs", k)
		}
	}
}

func TestAcceptLanguage(t *testing.T) {
	for h, want := range map[string]string{"": "en", "de": "de", "de-AT,de;q=0.9": "de", "fr, en;q=0.3, de;q=0.8": "de",
		"en-GB": "en", "fr": "en", "de;q=0, en": "en", "en;q=0.2, de;q=0.9": "de"} {
		t.Run(h, func(t *testing.T) {
			if got := fromAcceptLanguage(h); got != want {
				t.Errorf("%q: %s, want %s", h, got, want)
			}
		})
	}
}
