package syncer_test

import (
	"context"
	"testing"

	"supportportal/internal/appstore"
	"supportportal/internal/portal"
	"supportportal/internal/syncer"
)

// Votes cast in one app reach the server, which ships the article's new
// popularity prior with the knowledge base; after the next pull the app
// ranks the voted article above its equally matching twin, offline too.
func TestHelpfulVotesLiftAnArticleAfterSync(t *testing.T) {
	w := newWorld(t)
	w.person(w.acme, "ann@acme.example")
	w.person("", "maria@vendor.example")
	ctx := context.Background()
	sess, err := syncer.NewClient(w.srv.URL, "").SignIn(ctx, "maria@vendor.example", password)
	if err != nil {
		t.Fatal(err)
	}
	// Created in this order, "first" ranks first while both are equal.
	for _, title := range []string{"Sign-in troubles (first)", "Sign-in troubles (second)"} {
		post(t, w.srv.URL+"/v1/agent/kb/articles", sess.Token, map[string]any{"title": title,
			"body": "If the sign-in page keeps loading, clear the browser cache."})
	}
	ann := w.device(w.srv.URL, "ann@acme.example")
	if r := ann.sync(t); r.Articles != 2 {
		t.Fatalf("report %+v", r)
	}
	kb := appstore.NewKnowledge(ann.db)
	titles := func() []string {
		t.Helper()
		res, err := kb.Search(ctx, portal.SearchQuery{Text: "sign-in page keeps loading"})
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, h := range res.Hits {
			out = append(out, h.Title)
		}
		return out
	}
	before := titles()
	if len(before) != 2 {
		t.Fatalf("hits %v", before)
	}
	res, _ := kb.Search(ctx, portal.SearchQuery{Text: "sign-in page keeps loading"})
	second := res.Hits[1]
	for range 2 {
		if err := kb.Feedback(ctx, second.ID, true); err != nil {
			t.Fatal(err)
		}
	}
	// One sync pushes the votes (the server moves the article up its
	// feed) and pulls the article with its new prior.
	if r := ann.sync(t); r.Articles != 1 {
		t.Fatalf("report %+v, want the voted article pulled again", r)
	}
	if got := titles(); got[0] != second.Title {
		t.Fatalf("after the votes: hits %v, want %q first (before: %v)", got, second.Title, before)
	}
}
