package httpapi_test

import (
	"encoding/json"
	"testing"

	"supportportal/internal/must"
	"supportportal/internal/servercore"
	"supportportal/internal/syncproto"
)

// A customer's app that skips its own check (or a script speaking the API)
// pushes a case whose subject reverses what the agent reads, and comments
// with control characters: each is rejected naming the field, and nothing
// is stored.
func TestPushRefusesDeceptiveText(t *testing.T) {
	e := newEnv(t)
	e.person(e.acme, servercore.RoleAccountOwner, "olivia@acme.example")
	tok := e.signIn("olivia@acme.example")
	caseID, _ := e.newCase(tok)

	edit := func(m syncproto.Mutation, key, value string) syncproto.Mutation {
		var p map[string]any
		if err := json.Unmarshal(m.Payload, &p); err != nil {
			t.Fatal(err)
		}
		p[key] = value
		m.Payload = must.Get(json.Marshal(p))
		return m
	}
	cases := []struct {
		m             syncproto.Mutation
		field, reason string
	}{
		{edit(caseCreate(newID()), "subject", "Please close \u202eyrgna ma I"), "subject", "bidi_control"},
		{edit(caseCreate(newID()), "subject", "Urgent\nPriority: low"), "subject", "control_character"},
		{edit(caseCreate(newID()), "description", "see \u2066hidden\u2069"), "description", "bidi_control"},
		{commentAdd(caseID, "fine\x1b[31m red"), "body", "control_character"},
		{commentAdd(caseID, "\u202dforced order"), "body", "bidi_control"},
	}
	var ms []syncproto.Mutation
	for _, c := range cases {
		ms = append(ms, c.m)
	}
	out := e.push(tok, ms...)
	for i, r := range out.Results {
		c := cases[i]
		if r.Result != syncproto.ResultRejected || r.Error == nil || r.Error.Reason != c.reason || r.Error.Field != c.field || r.Error.Params["position"] == "" {
			t.Errorf("mutation %d: %+v %+v, want %s/%s", i, r, r.Error, c.field, c.reason)
		}
	}
	if cs, comments, _ := e.stored(); cs != 1 || comments != 0 {
		t.Fatalf("%d cases and %d comments stored, want only the first case", cs, comments)
	}
	// Newlines and tabs in a body, and right-to-left text with its marks,
	// are fine.
	ok := e.push(tok, commentAdd(caseID, "Steps:\n\t1. open\n\t2. שלום\u200f!")).Results[0]
	if ok.Result != syncproto.ResultApplied {
		t.Fatalf("%+v", ok.Error)
	}
}
