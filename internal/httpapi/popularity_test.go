package httpapi_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"testing"

	"supportportal/internal/must"
	"supportportal/internal/servercore"
	"supportportal/internal/syncproto"
)

func feedbackMutation(sourceID string, helpful bool) syncproto.Mutation {
	return syncproto.Mutation{ID: newID(), Kind: syncproto.KindArticleFeedback, Payload: json.RawMessage(fmt.Sprintf(
		`{"feedbackId":%q,"articleId":%q,"sourceId":%q,"locale":"en","helpful":%t,"createdAt":"2026-01-01T00:00:00.000000Z"}`,
		newID(), newID(), sourceID, helpful))}
}

func deflectionMutation(sourceID string) syncproto.Mutation {
	return syncproto.Mutation{ID: newID(), Kind: syncproto.KindCaseDeflection, Payload: json.RawMessage(fmt.Sprintf(
		`{"deflectionId":%q,"articleId":%q,"sourceId":%q,"createdAt":"2026-01-01T00:00:00.000000Z"}`,
		newID(), newID(), sourceID))}
}

// The server adds up the deflections and votes the apps of two companies
// push for an article (named by the server ID the apps synced it under)
// into its popularity prior, and ships the changed prior in the article
// feed; another vendor's customers' votes do not count.
func TestPopularityFromTwoCompanies(t *testing.T) {
	e := newEnv(t)
	e.person("", "", "agent@vendor.example")
	e.person(e.acme, servercore.RoleAdministrator, "admin@acme.example")
	e.person(e.globex, servercore.RoleAdministrator, "admin@globex.example")
	agent, acme, globex := e.signIn("agent@vendor.example"), e.signIn("admin@acme.example"), e.signIn("admin@globex.example")
	other := must.Get(e.st.CreateCompany(context.Background(), servercore.Company{VendorID: e.agentVendor, Name: "Elsewhere", Status: servercore.CompanyActive}))
	e.person(other, servercore.RoleAdministrator, "admin@elsewhere.example")
	elsewhere := e.signIn("admin@elsewhere.example")

	var a, b syncproto.KBArticle
	e.expect(e.do("POST", "/v1/agent/kb/articles", agent, map[string]any{"title": "Clear the cache", "body": "Then reload."}), 201).json(t, &a)
	e.expect(e.do("POST", "/v1/agent/kb/articles", agent, map[string]any{"title": "Reload the page", "body": "Press F5."}), 201).json(t, &b)
	if a.Popularity != 0 || b.Popularity != 0 {
		t.Fatalf("new articles have popularity %v, %v", a.Popularity, b.Popularity)
	}
	feed := func(since int64) map[string]syncproto.KBArticle {
		t.Helper()
		var page syncproto.KBArticlePage
		e.expect(e.do("GET", fmt.Sprintf("/v1/kb/articles?since=%d", since), acme, nil), 200).json(t, &page)
		out := map[string]syncproto.KBArticle{}
		for _, x := range page.Items {
			out[x.ID] = x
		}
		return out
	}
	applied := func(res pushResult) {
		t.Helper()
		for i, r := range res.Results {
			if r.Result != syncproto.ResultApplied {
				t.Fatalf("mutation %d: %+v %+v", i, r, r.Error)
			}
		}
	}

	// Acme: 3 deflections and 2 helpful votes for a.
	applied(e.push(acme, deflectionMutation(a.ID), deflectionMutation(a.ID), deflectionMutation(a.ID),
		feedbackMutation(a.ID, true), feedbackMutation(a.ID, true)))
	got := feed(b.Seq)
	if len(got) != 1 || !near(got[a.ID].Popularity, 0.35) { // 5 / (5 + 10) = 0.33, in steps of 0.05
		t.Fatalf("after Acme: feed %+v, want a with 0.35", got)
	}
	afterAcme := got[a.ID].Seq

	// Globex: 4 helpful and 1 not helpful for a, 1 not helpful for b.
	// Another vendor's customer votes for a by its ID: not counted.
	applied(e.push(globex, feedbackMutation(a.ID, true), feedbackMutation(a.ID, true), feedbackMutation(a.ID, true),
		feedbackMutation(a.ID, true), feedbackMutation(a.ID, false), feedbackMutation(b.ID, false)))
	applied(e.push(elsewhere, feedbackMutation(a.ID, false), feedbackMutation(a.ID, false), feedbackMutation(a.ID, false)))
	got = feed(afterAcme)
	want := servercore.Popularity(3, 6, 1) // 9 / (9 + 1 + 10) = 0.45
	if !near(want, 0.45) || len(got) != 1 || !near(got[a.ID].Popularity, want) {
		t.Fatalf("after Globex: feed %+v, want only a with %v (b's prior stays 0, so it is not shipped again)", got, want)
	}
	var stored syncproto.KBArticle
	e.expect(e.do("GET", "/v1/agent/kb/articles/"+b.ID, agent, nil), 200).json(t, &stored)
	if stored.ID != b.ID || stored.Popularity != 0 {
		t.Errorf("b popularity %v, want 0", stored.Popularity)
	}
	// The agent's edit keeps the prior, whatever the request says.
	var edited syncproto.KBArticle
	e.expect(e.do("PUT", "/v1/agent/kb/articles/"+a.ID, agent, map[string]any{"title": "Clear the cache", "body": "Then reload the page.",
		"popularity": 1}), 200).json(t, &edited)
	if !near(edited.Popularity, want) {
		t.Errorf("edited popularity %v, want %v", edited.Popularity, want)
	}
}

func TestPopularityBounds(t *testing.T) {
	for _, c := range []struct {
		defl, yes, no int
		want          float64
	}{
		{0, 0, 0, 0}, {0, 0, 50, 0}, {1, 0, 0, 0.10}, {0, 1, 0, 0.10}, {5, 0, 0, 0.35}, {1000000, 0, 0, 1}, {90, 0, 0, 0.9}, {-5, -1, -1, 0},
	} {
		t.Run(fmt.Sprint(c.defl, c.yes, c.no), func(t *testing.T) {
			if got := servercore.Popularity(c.defl, c.yes, c.no); !near(got, c.want) {
				t.Errorf("Popularity(%d, %d, %d) = %v, want %v", c.defl, c.yes, c.no, got, c.want)
			}
		})
	}
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }
