package starter_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"supportportal/internal/appstore"
	"supportportal/internal/portal"
	"supportportal/internal/starter"
)

func TestEnsureStarter(t *testing.T) {
	ctx := context.Background()
	db, err := appstore.Open(ctx, filepath.Join(t.TempDir(), "p.db"), appstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	did, err := starter.EnsureStarter(ctx, db)
	if err != nil || !did {
		t.Fatalf("first run: %v %v", did, err)
	}
	kb := appstore.NewKnowledge(db)
	n, _ := kb.ArticleCount(ctx)
	if n < 16 {
		t.Fatalf("starter articles = %d", n)
	}
	did, err = starter.EnsureStarter(ctx, db)
	if err != nil || did {
		t.Fatalf("second run imported again: %v %v", did, err)
	}
	for _, c := range []struct{ lang, q, want string }{
		{"en", "four users limit", "starter-user-limit"},
		{"en", "forgot my password", "starter-sign-in"},
		{"en", "trial account access", "starter-portal-access"},
		{"en", "shared mailbox", "starter-user-limit"},
		{"en", "time zone", "starter-my-settings"},
		{"de", "Passwort vergessen", "starter-sign-in"},
		{"de", "Zeitzone", "starter-my-settings"},
		{"de", "Fall erstellen", "starter-create-case"},
	} {
		t.Run(c.lang+" "+c.q, func(t *testing.T) {
			res, err := kb.Search(ctx, portal.SearchQuery{Text: c.q, Language: c.lang})
			if err != nil || len(res.Hits) == 0 || res.Hits[0].SourceID != c.want || res.Hits[0].Locale != c.lang {
				t.Errorf("%s %q: %+v %v", c.lang, c.q, res.Hits, err)
			}
		})
	}
	cats, _ := kb.Categories(ctx, "de")
	var names []string
	for _, c := range cats {
		names = append(names, c.Name)
	}
	if strings.Join(names, ",") != "Zugang und Benutzer,Fälle,Wissen und Hilfe,Ihr Konto" {
		t.Errorf("categories = %v", names)
	}
	// Re-importing the starter content changes nothing.
	r, _ := starter.Report(ctx, kb)
	if r.Unchanged < 16 || len(r.Skipped) != 0 {
		t.Errorf("re-import: %+v", r)
	}
}
