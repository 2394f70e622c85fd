package httpapi_test

import (
	"encoding/json"
	"reflect"
	"supportportal/internal/serverstore/storetest"
	"testing"
	"time"

	"supportportal/internal/must"
	"supportportal/internal/portal"
	"supportportal/internal/servercore"
	"supportportal/internal/syncproto"
)

func caseRate(caseID, rating, comment string) syncproto.Mutation {
	return syncproto.Mutation{ID: newID(), Kind: syncproto.KindCaseRate, Payload: must.Get(json.Marshal(map[string]any{
		"caseId": caseID, "rating": rating, "comment": comment, "ratedAt": time.Now().UTC().Add(-time.Minute).Format(time.RFC3339Nano),
	}))}
}

// A customer rates a Solved case over the API: the rating is applied
// once, reaches a colleague through /v1/sync, shows to the agent, and the
// refusals name their reasons.
func TestRateCaseOverHTTP(t *testing.T) {
	e := newEnv(t)
	e.person(e.acme, servercore.RoleAdministrator, "ann@acme.example")
	e.person(e.acme, servercore.RoleAccountOwner, "bob@acme.example")
	e.person(e.globex, servercore.RoleAccountOwner, "gil@globex.example")
	e.person("", "", "maria@vendor.example")
	ann, bob, gil, agent := e.signIn("ann@acme.example"), e.signIn("bob@acme.example"), e.signIn("gil@globex.example"), e.signIn("maria@vendor.example")
	id, number := e.newCase(ann)

	// Not solved yet.
	if r := e.push(ann, caseRate(id, "satisfied", "")).Results[0]; r.Result != "rejected" || r.Error.Reason != portal.ReasonRatingNotSolved {
		t.Fatalf("unsolved: %+v %+v", r, r.Error)
	}
	e.expect(e.do("POST", "/v1/agent/cases/"+id+"/status", agent, map[string]string{"status": "solved", "solution": "Re-publish it."}), 200)

	var bobSync syncproto.SyncResponse
	e.expect(e.do("POST", "/v1/sync", bob, map[string]any{"mutations": []any{}}), 200).json(t, &bobSync)
	cursor := bobSync.Changes.Cursor

	m := caseRate(id, "not_satisfied", "The course is still hidden.")
	batch := map[string]any{"mutations": []syncproto.Mutation{m}}
	first := e.expect(e.do("POST", "/v1/push", ann, batch), 200)
	second := e.expect(e.do("POST", "/v1/push", ann, batch), 200)
	if string(first.body) != string(second.body) {
		t.Fatalf("answers differ:\n%s\n%s", first.body, second.body)
	}
	var res pushResult
	first.json(t, &res)
	if r := res.Results[0]; r.Result != "applied" || r.CaseID != id || r.CaseNumber != number || r.CaseStatus != "solved" {
		t.Fatalf("result %+v %+v", r, r.Error)
	}
	ratings := storetest.Count(t, e.st.Path, `SELECT count(*) FROM case_satisfaction`)
	if ratings != 1 {
		t.Fatalf("%d ratings stored", ratings)
	}

	// Bob's next sync carries the case with Ann's rating.
	e.expect(e.do("POST", "/v1/sync", bob, map[string]any{"mutations": []any{}, "cursor": cursor}), 200).json(t, &bobSync)
	if len(bobSync.Changes.Items) != 1 || bobSync.Changes.Items[0].Case == nil {
		t.Fatalf("bob's changes %+v", bobSync.Changes.Items)
	}
	sat := bobSync.Changes.Items[0].Case.Satisfaction
	if sat == nil || sat.Rating != "not_satisfied" || sat.Comment != "The course is still hidden." || sat.RatedByName != "ann" || sat.RatedAt.IsZero() {
		t.Fatalf("bob sees %+v", sat)
	}
	// The agent sees it on the case; the status stayed Solved.
	var d syncproto.CaseDetail
	e.expect(e.do("GET", "/v1/agent/cases/"+id, agent, nil), 200).json(t, &d)
	if d.Status != portal.StatusSolved || !reflect.DeepEqual(d.Satisfaction, sat) {
		t.Fatalf("agent sees %s %+v", d.Status, d.Satisfaction)
	}

	// Refusals, each with its reason and field.
	for _, c := range []struct {
		tok    string
		m      syncproto.Mutation
		reason string
	}{
		{gil, caseRate(id, "satisfied", ""), "case_not_found"},
		{ann, caseRate(id, "great", ""), "unknown_rating"},
		{ann, caseRate(id, "not_satisfied", "see \u202eelif.exe"), "bidi_control"},
		{ann, caseRate("not-a-case", "satisfied", ""), "bad_id"},
	} {
		if r := e.push(c.tok, c.m).Results[0]; r.Result != "rejected" || r.Error.Reason != c.reason {
			t.Errorf("%s: %+v %+v, want %s", c.m.Payload, r, r.Error, c.reason)
		}
	}
	// Closed: final.
	e.expect(e.do("POST", "/v1/agent/cases/"+id+"/status", agent, map[string]string{"status": "closed"}), 200)
	if r := e.push(bob, caseRate(id, "satisfied", "")).Results[0]; r.Result != "rejected" || r.Error.Reason != portal.ReasonRatingClosed {
		t.Fatalf("closed: %+v %+v", r, r.Error)
	}
	e.expect(e.do("GET", "/v1/cases/"+id, gil, nil), 404)
	e.expect(e.do("GET", "/v1/cases/"+id, ann, nil), 200).json(t, &d)
	if d.Satisfaction == nil || d.Satisfaction.Rating != "not_satisfied" {
		t.Fatalf("after the refusals: %+v", d.Satisfaction)
	}
}
