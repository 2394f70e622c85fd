package httpapi_test

import (
	"testing"

	"supportportal/internal/servercore"
	"supportportal/internal/syncproto"
)

// Publishing a solution creates an article from it, links the case (which
// the customer then sees), and works once; the article feed carries it.
func TestPublishSolution(t *testing.T) {
	e := newEnv(t)
	e.person(e.acme, servercore.RoleAdministrator, "admin@acme.example")
	e.person("", "", "agent@vendor.example")
	cust, agent := e.signIn("admin@acme.example"), e.signIn("agent@vendor.example")
	caseID, number := e.newCase(cust)

	// Not solved yet: refused.
	_, reason := e.expect(e.do("POST", "/v1/agent/cases/"+caseID+"/publish", agent, nil), 409).apiErr(t)
	if reason != "case_not_solved" {
		t.Fatalf("reason %q", reason)
	}
	e.expect(e.do("POST", "/v1/agent/cases/"+caseID+"/status", agent, map[string]string{"status": "solved",
		"solution": "Clear the **browser cache**."}), 200)
	// A customer cannot publish.
	e.expect(e.do("POST", "/v1/agent/cases/"+caseID+"/publish", cust, nil), 403)

	var out struct {
		Article syncproto.KBArticle
		Case    syncproto.CaseDetail
	}
	e.expect(e.do("POST", "/v1/agent/cases/"+caseID+"/publish", agent, map[string]any{"tags": []string{"cache", " cache "}}), 201).json(t, &out)
	a := out.Article
	if a.Title != "Learners cannot enroll" || a.Body != "Clear the **browser cache**." || a.FromCaseID != caseID ||
		a.Locale != "en" || a.Version != 1 || len(a.Tags) != 1 || a.SourceID == "" {
		t.Fatalf("article %+v", a)
	}
	if out.Case.SolutionArticleID != a.ID || out.Case.Number != number {
		t.Fatalf("case %+v", out.Case.Case)
	}
	var cs syncproto.CaseDetail
	e.expect(e.do("GET", "/v1/cases/"+caseID, cust, nil), 200).json(t, &cs)
	if cs.SolutionArticleID != a.ID {
		t.Fatalf("customer sees solutionArticleId %q", cs.SolutionArticleID)
	}
	// The customer's app learns the link through the changes feed.
	var ch syncproto.ChangePage
	e.expect(e.do("GET", "/v1/changes?cursor=0&limit=500", cust, nil), 200).json(t, &ch)
	last := ch.Items[len(ch.Items)-1]
	if last.Type != "case" || last.Case.SolutionArticleID != a.ID {
		t.Fatalf("last change %+v", last)
	}
	_, reason = e.expect(e.do("POST", "/v1/agent/cases/"+caseID+"/publish", agent, nil), 409).apiErr(t)
	if reason != "already_published" {
		t.Fatalf("reason %q", reason)
	}

	var page syncproto.KBArticlePage
	e.expect(e.do("GET", "/v1/kb/articles?since=0", cust, nil), 200).json(t, &page)
	if len(page.Items) != 1 || page.Items[0].ID != a.ID || page.More {
		t.Fatalf("feed %+v", page)
	}
	e.expect(e.do("GET", "/v1/kb/articles?since="+page.Cursor, cust, nil), 200).json(t, &page)
	if len(page.Items) != 0 {
		t.Fatalf("feed after cursor %+v", page)
	}
}

func TestArticleAndCategoryEditing(t *testing.T) {
	e := newEnv(t)
	e.person("", "", "agent@vendor.example")
	e.person(e.acme, servercore.RoleAdministrator, "admin@acme.example")
	agent, cust := e.signIn("agent@vendor.example"), e.signIn("admin@acme.example")

	var root, child syncproto.KBCategory
	e.expect(e.do("POST", "/v1/agent/kb/categories", agent, map[string]any{"nameEn": "Cases", "nameDe": "Fälle"}), 201).json(t, &root)
	e.expect(e.do("POST", "/v1/agent/kb/categories", agent, map[string]any{"nameEn": "Attachments", "parentId": root.ID}), 201).json(t, &child)
	// A category cannot move inside its own child.
	_, reason := e.expect(e.do("PUT", "/v1/agent/kb/categories/"+root.ID, agent, map[string]any{"nameEn": "Cases", "parentId": child.ID}), 400).apiErr(t)
	if reason != "category_cycle" {
		t.Fatalf("reason %q", reason)
	}
	e.expect(e.do("POST", "/v1/agent/kb/categories", cust, map[string]any{"nameEn": "X"}), 403)
	e.expect(e.do("POST", "/v1/agent/kb/categories", agent, map[string]any{"nameEn": " "}), 400)

	var a syncproto.KBArticle
	e.expect(e.do("POST", "/v1/agent/kb/articles", agent, map[string]any{"title": "Attach files", "body": "Drag them.",
		"categoryId": child.ID, "locale": "de-CH"}), 201).json(t, &a)
	if a.Locale != "de" || a.Version != 1 || a.CategoryID != child.ID {
		t.Fatalf("article %+v", a)
	}
	var b syncproto.KBArticle
	e.expect(e.do("PUT", "/v1/agent/kb/articles/"+a.ID, agent, map[string]any{"title": "Attach files", "body": "Drag or paste them.",
		"version": 1}), 200).json(t, &b)
	if b.Version != 2 || b.Body != "Drag or paste them." || b.PublishedAt != a.PublishedAt || b.Seq <= a.Seq {
		t.Fatalf("updated %+v", b)
	}
	// Someone saving version 1 again lost the race.
	_, reason = e.expect(e.do("PUT", "/v1/agent/kb/articles/"+a.ID, agent, map[string]any{"title": "T", "body": "B", "version": 1}), 409).apiErr(t)
	if reason != "stale_version" {
		t.Fatalf("reason %q", reason)
	}
	e.expect(e.do("POST", "/v1/agent/kb/articles", agent, map[string]any{"title": "T", "body": "B", "categoryId": "nope"}), 404)
	e.expect(e.do("GET", "/v1/agent/kb/articles/"+a.ID, agent, nil), 200)
	var cats struct{ Items []syncproto.KBCategory }
	e.expect(e.do("GET", "/v1/kb/categories", cust, nil), 200).json(t, &cats)
	if len(cats.Items) != 2 || cats.Items[0].ID != root.ID || cats.Items[1].ParentID != root.ID {
		t.Fatalf("categories %+v", cats.Items)
	}
}
