package app_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"

	"supportportal/app"
	"supportportal/internal/appstore"
	"supportportal/internal/must"
	"supportportal/internal/portal"
	"supportportal/internal/starter"
)

func newKBApp(t *testing.T) (*app.App, *appstore.DB) {
	t.Helper()
	ctx := context.Background()
	db, err := appstore.Open(ctx, filepath.Join(t.TempDir(), "portal.db"), appstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := starter.EnsureStarter(ctx, db); err != nil {
		t.Fatal(err)
	}
	return app.New(app.Config{DB: db, NoKeychain: true, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}), db
}

func setLang(t *testing.T, a *app.App, l string) {
	t.Helper()
	if _, err := a.UpdateSettings(portal.SettingsUpdate{Language: &l}); err != nil {
		t.Fatal(err)
	}
}

func TestSearchKnowledge(t *testing.T) {
	a, _ := newKBApp(t)
	res, err := a.SearchKnowledge(portal.SearchQuery{Text: "forgot pasword"})
	if err != nil || len(res.Hits) == 0 || res.Hits[0].SourceID != "starter-sign-in" || res.Hits[0].Locale != "en" {
		t.Fatalf("search: %+v %v", res, err)
	}
	if !strings.Contains(res.Hits[0].Snippet, "<mark>") {
		t.Errorf("snippet = %q", res.Hits[0].Snippet)
	}
	// The UI language decides the article language.
	setLang(t, a, "de")
	res, err = a.SearchKnowledge(portal.SearchQuery{Text: "Passwort vergessen"})
	if err != nil || len(res.Hits) == 0 || res.Hits[0].Locale != "de" {
		t.Fatalf("german search: %+v %v", res, err)
	}
	if _, err := a.SearchKnowledge(portal.SearchQuery{Text: `"NEAR(*:-)`}); err != nil {
		t.Fatalf("hostile: %v", err)
	}
	if _, err := a.SearchKnowledge(portal.SearchQuery{Text: "x", CategoryID: "nope"}); decode(t, err).Code != portal.ENotFound {
		t.Fatal("unknown category should be not_found")
	}
	hits, err := a.SuggestArticles("Benutzer deaktivieren", "Wir haben schon vier Benutzer")
	if err != nil || len(hits) == 0 || hits[0].SourceID != "starter-user-limit" {
		t.Fatalf("suggest: %+v %v", hits, err)
	}
}

func TestKnowledgeBrowsing(t *testing.T) {
	a, _ := newKBApp(t)
	cats, err := a.KnowledgeCategories()
	if err != nil || len(cats) != 4 || cats[0].Children[0].Name != "Portal users" || cats[0].ArticleCount != 5 {
		t.Fatalf("categories: %+v %v", cats, err)
	}
	page, err := a.KnowledgeArticles(cats[0].ID, 0, 2)
	if err != nil || page.Total != 5 || len(page.Items) != 2 {
		t.Fatalf("articles: %+v %v", page, err)
	}
	v, err := a.KnowledgeArticle(page.Items[0].ID)
	if err != nil || !strings.Contains(v.BodyHTML, "<h2") || len(v.CategoryNames) == 0 || v.Related == nil {
		t.Fatalf("article: %+v %v", v, err)
	}
	recent, err := a.RecentArticles()
	if err != nil || len(recent) != 1 || recent[0].ID != v.ID {
		t.Fatalf("recent: %+v %v", recent, err)
	}
}

func TestKnowledgeArticleIDs(t *testing.T) {
	a, _ := newKBApp(t)
	for _, id := range []string{"0190c6a8-0000-7000-8000-000000000000", "", "'; DROP TABLE kb_article; --", strings.Repeat("x", 500)} {
		t.Run(fmt.Sprintf("%.20q", id), func(t *testing.T) {
			_, err := a.KnowledgeArticle(id)
			if pe := decode(t, err); pe.Code != portal.ENotFound || pe.Reason != portal.ReasonArticleNotFound {
				t.Errorf("%.20q: %+v", id, pe)
			}
		})
	}
	// An id of the English version opened in a German UI shows the German
	// version, and the other way round.
	res, _ := a.SearchKnowledge(portal.SearchQuery{Text: "time zone"})
	en := res.Hits[0]
	setLang(t, a, "de")
	v, err := a.KnowledgeArticle(en.ID)
	if err != nil || v.Locale != "de" || v.SourceID != en.SourceID || len(v.Translations) != 2 {
		t.Fatalf("de view of en id: %+v %v", v, err)
	}
	setLang(t, a, "en")
	v2, err := a.KnowledgeArticle(v.ID)
	if err != nil || v2.Locale != "en" || v2.ID != en.ID {
		t.Fatalf("en view of de id: %+v %v", v2, err)
	}
}

func TestArticleFeedback(t *testing.T) {
	a, db := newKBApp(t)
	res, _ := a.SearchKnowledge(portal.SearchQuery{Text: "shared mailbox"})
	id := res.Hits[0].ID
	if err := a.ArticleFeedback(id, true); err != nil {
		t.Fatal(err)
	}
	var helpful int
	must.Do(inFile(t, db).QueryRow(`SELECT helpful FROM kb_feedback WHERE article_id = ?`, id).Scan(&helpful))
	out, err := db.PendingMutations(context.Background(), 10)
	if err != nil {
		t.Fatal(err)
	}
	if helpful != 1 || len(out) != 1 || out[0].Kind != "article.feedback" || !strings.Contains(string(out[0].Payload), id) {
		t.Fatalf("feedback %d, outbox %+v", helpful, out)
	}
	if pe := decode(t, a.ArticleFeedback("missing", false)); pe.Code != portal.ENotFound {
		t.Fatalf("unknown article: %+v", pe)
	}
}

func TestKnowledgeWithoutStore(t *testing.T) {
	a := app.New(app.Config{OpenErr: &portal.Error{Code: portal.EStoreLocked, Message: "locked"}, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if _, err := a.SearchKnowledge(portal.SearchQuery{Text: "x"}); decode(t, err).Code != portal.EStoreLocked {
		t.Fatal("want store error")
	}
	if decode(t, a.ArticleFeedback("x", true)).Code != portal.EStoreLocked {
		t.Fatal("want store error")
	}
}
