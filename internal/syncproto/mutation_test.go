package syncproto_test

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"

	"supportportal/internal/portal"
	"supportportal/internal/syncproto"
)

var rules = syncproto.Rules{
	Profile:       syncproto.Profile{Vendor: portal.DefaultVendorProfile(), Categories: portal.DefaultComponentCategories()},
	ValidTimeZone: func(name string) bool { return name == "Europe/Berlin" },
}

const (
	id1 = "0190a5a4-0000-7000-8000-000000000001"
	id2 = "0190a5a4-0000-7000-8000-000000000002"
	sum = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
)

// Payloads as the app queued them before this package (maps, so keys in
// sorted order), which old outboxes still hold: each decodes to its kind's
// type, valid, with the keys the app sent and no other.
func TestDecodeMutationOfEveryKind(t *testing.T) {
	cat := rules.Profile.Categories[0]
	for _, c := range []struct {
		kind    string
		payload map[string]any
		want    syncproto.Payload
	}{
		{syncproto.KindCaseCreate, map[string]any{"caseId": id1, "subject": " Login fails ", "categoryId": cat.ID,
			"subcategoryId": cat.Subcategories[0].ID, "description": "It fails.", "priority": "", "followUpOf": "",
			"attachments": []map[string]any{{"id": id2, "name": "a/b.png", "size": 3, "sha256": sum, "mimeType": "image/png"}},
			"createdAt":   "2026-01-02T03:04:05Z"},
			&syncproto.CaseCreate{CaseID: id1, Subject: "Login fails", CategoryID: cat.ID, SubcategoryID: cat.Subcategories[0].ID,
				Description: "It fails.", Priority: portal.DefaultPriority,
				Attachments: []syncproto.Attachment{{ID: id2, Name: portal.SanitizeFileName("a/b.png"), Size: 3, SHA256: sum, MimeType: "image/png"}},
				CreatedAt:   "2026-01-02T03:04:05Z"}},
		{syncproto.KindCommentAdd, map[string]any{"commentId": id1, "caseId": id2, "body": "Thanks", "attachments": []any{}, "createdAt": "t"},
			&syncproto.CommentAdd{CommentID: id1, CaseID: id2, Body: "Thanks", Attachments: []syncproto.Attachment{}, CreatedAt: "t"}},
		{syncproto.KindArticleFeedback, map[string]any{"feedbackId": id1, "articleId": "a1", "sourceId": "s1", "locale": "de", "helpful": true, "createdAt": "t"},
			&syncproto.ArticleFeedback{FeedbackID: id1, ArticleID: "a1", SourceID: "s1", Locale: "de", Helpful: true, CreatedAt: "t"}},
		{syncproto.KindCaseDeflection, map[string]any{"deflectionId": id1, "articleId": "a1", "sourceId": "s1", "createdAt": "t"},
			&syncproto.Deflection{DeflectionID: id1, ArticleID: "a1", SourceID: "s1", CreatedAt: "t"}},
		{syncproto.KindPortalUserRequest, map[string]any{"requestId": id1, "firstName": " Ada ", "lastName": "Lovelace",
			"email": "Ada@Example.com", "productRole": "administrator", "createdAt": "t"},
			&syncproto.PortalUserRequest{RequestID: id1, NewUserRequest: portal.NewUserRequest{FirstName: "Ada", LastName: "Lovelace",
				Email: "ada@example.com", ProductRole: "administrator"}, CreatedAt: "t"}},
		{syncproto.KindPortalUserDeactivate, map[string]any{"personId": id1, "createdAt": "t"},
			&syncproto.PortalUserAccess{PersonID: id1, CreatedAt: "t", Access: syncproto.AccessDeactivated}},
		{syncproto.KindPortalUserReactivate, map[string]any{"personId": id1, "createdAt": "t"},
			&syncproto.PortalUserAccess{PersonID: id1, CreatedAt: "t", Access: syncproto.AccessActive}},
		{syncproto.KindSettingsUpdate, map[string]any{"language": "de", "locale": "de-DE", "timeZone": "Europe/Berlin", "createdAt": "t"},
			&syncproto.SettingsUpdate{PersonSettings: syncproto.PersonSettings{Language: "de", Locale: "de-DE", TimeZone: "Europe/Berlin"}, CreatedAt: "t"}},
		{syncproto.KindCaseRate, map[string]any{"caseId": id1, "rating": "not_satisfied", "comment": "  Still slow.\nSee above.  ", "ratedAt": "t"},
			&syncproto.CaseRate{CaseID: id1, Rating: portal.RatingNotSatisfied, Comment: "Still slow.\nSee above.", RatedAt: "t"}},
	} {
		t.Run(c.kind, func(t *testing.T) {
			raw, _ := json.Marshal(c.payload)
			got, err := syncproto.DecodeMutation(syncproto.Mutation{ID: id1, Kind: c.kind, Payload: raw}, rules)
			if err != nil {
				t.Errorf("%s: %v", c.kind, err)
				return
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("%s decodes to %+v, want %+v", c.kind, got, c.want)
			}
			if got.Kind() != c.kind {
				t.Errorf("%s: Kind() is %s", c.kind, got.Kind())
			}
			// The payload the app queues now names the same keys.
			m, err := syncproto.NewMutation(id2, c.want)
			if err != nil || m.Kind != c.kind || m.ID != id2 {
				t.Fatalf("%s: NewMutation %+v, %v", c.kind, m, err)
			}
			var keys map[string]any
			_ = json.Unmarshal(m.Payload, &keys)
			if !slices.Equal(sortedKeys(keys), sortedKeys(c.payload)) {
				t.Errorf("%s: payload keys %v, were %v", c.kind, sortedKeys(keys), sortedKeys(c.payload))
			}
		})
	}
	if len(syncproto.Kinds) != 9 {
		t.Errorf("%d kinds; every kind needs a case above", len(syncproto.Kinds))
	}
}

func sortedKeys(m map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func TestDecodeMutationRefuses(t *testing.T) {
	for _, c := range []struct {
		kind, payload, reason, field string
	}{
		{"case.delete", `{}`, "unknown_kind", "kind"},
		{syncproto.KindCommentAdd, `{"commentId": 5}`, "bad_payload", "payload"},
		{syncproto.KindCommentAdd, `{"commentId": "nope", "caseId": "` + id2 + `", "body": "x"}`, "bad_id", "commentId"},
		{syncproto.KindCaseDeflection, `{"deflectionId": "` + id1 + `", "articleId": " "}`, "required", "articleId"},
		{syncproto.KindArticleFeedback, `{"feedbackId": "` + id1 + `", "articleId": "a", "locale": "` + strings.Repeat("x", 36) + `"}`, "too_long", "locale"},
		{syncproto.KindSettingsUpdate, `{"language": "en", "timeZone": "Mars/Olympus"}`, "unknown_time_zone", "timeZone"},
		{syncproto.KindCommentAdd, `{"commentId": "` + id1 + `", "caseId": "` + id2 + `", "body": "x", "attachments": [{"id": "` + id1 + `", "size": 1, "sha256": "` + sum + `"}, {"id": "` + id1 + `", "size": 1, "sha256": "` + sum + `"}]}`, "duplicate_attachment", "attachments.id"},
		{syncproto.KindCaseRate, `{"caseId": "nope", "rating": "satisfied"}`, "bad_id", "caseId"},
		{syncproto.KindCaseRate, `{"caseId": "` + id1 + `", "rating": "meh"}`, "unknown_rating", "rating"},
		{syncproto.KindCaseRate, `{"caseId": "` + id1 + `", "rating": ""}`, "unknown_rating", "rating"},
		{syncproto.KindCaseRate, `{"caseId": "` + id1 + `", "rating": "satisfied", "comment": "` + strings.Repeat("x", portal.MaxRatingCommentRunes+1) + `"}`, "too_long", "comment"},
		{syncproto.KindCaseRate, `{"caseId": "` + id1 + `", "rating": "not_satisfied", "comment": "fine \u202e!enif"}`, "bidi_control", "comment"},
		{syncproto.KindCaseRate, `{"caseId": "` + id1 + `", "rating": "not_satisfied", "comment": "bell \u0007"}`, "control_character", "comment"},
	} {
		t.Run(c.kind+" "+c.field, func(t *testing.T) {
			_, err := syncproto.DecodeMutation(syncproto.Mutation{ID: id1, Kind: c.kind, Payload: json.RawMessage(c.payload)}, rules)
			pe := portal.AsError(err)
			if err == nil || pe.Reason != c.reason || pe.Field != c.field {
				t.Errorf("%s %s: %v, want %s on %s", c.kind, c.payload, err, c.reason, c.field)
			}
		})
	}
	if err := syncproto.CheckMutationID("x"); portal.AsError(err).Reason != portal.ReasonBadMutationID {
		t.Errorf("CheckMutationID: %v", err)
	}
	r := syncproto.Rejected(id1, portal.Invalid("f", "why", "", "no"))
	if r.Result != syncproto.ResultRejected || r.ID != id1 || r.Error.Reason != "why" {
		t.Errorf("Rejected: %+v", r)
	}
}

// A rating's comment may fill the whole allowance, in any script, on
// several lines; it is optional.
func TestCaseRateValidate(t *testing.T) {
	for _, c := range []syncproto.CaseRate{
		{CaseID: id1, Rating: portal.RatingSatisfied},
		{CaseID: id1, Rating: portal.RatingNotSatisfied, Comment: strings.Repeat("ü", portal.MaxRatingCommentRunes)},
		{CaseID: id1, Rating: portal.RatingNotSatisfied, Comment: "Zeile 1\r\nZeile 2\tmit Tab \u200f"},
	} {
		v := c
		if err := v.Validate(rules); err != nil {
			t.Errorf("%+v: %v", c, err)
		}
		if v.Comment != c.Comment {
			t.Errorf("comment changed to %q", v.Comment)
		}
	}
	v := syncproto.CaseRate{CaseID: id1, Rating: portal.RatingSatisfied, Comment: " \n "}
	if err := v.Validate(rules); err != nil || v.Comment != "" {
		t.Errorf("blank comment: %q, %v", v.Comment, err)
	}
}

// The product version of case.create (issue 13) is optional, one line and
// at most portal.MaxProductVersionRunes characters; a valid one is kept
// trimmed, and a case without one encodes without the key, as an older
// app sent it.
func TestCaseCreateProductVersion(t *testing.T) {
	cat := rules.Profile.Categories[0]
	decode := func(version *string) (*syncproto.CaseCreate, error) {
		p := map[string]any{"caseId": id1, "subject": "Login fails", "categoryId": cat.ID,
			"subcategoryId": cat.Subcategories[0].ID, "description": "It fails.", "attachments": []any{}, "createdAt": "t"}
		if version != nil {
			p["productVersion"] = *version
		}
		raw, _ := json.Marshal(p)
		v, err := syncproto.DecodeMutation(syncproto.Mutation{ID: id1, Kind: syncproto.KindCaseCreate, Payload: raw}, rules)
		if err != nil {
			return nil, err
		}
		return v.(*syncproto.CaseCreate), nil
	}
	for _, c := range []struct{ in, want string }{
		{" 7.4.2 ", "7.4.2"},
		{"", ""},
		{strings.Repeat("9", portal.MaxProductVersionRunes), strings.Repeat("9", portal.MaxProductVersionRunes)},
		{"Version 8 – Früh", "Version 8 – Früh"},
	} {
		v, err := decode(&c.in)
		if err != nil || v.ProductVersion != c.want {
			t.Errorf("product version %q: %+v, %v; want %q", c.in, v, err, c.want)
		}
	}
	v, err := decode(nil)
	if err != nil || v.ProductVersion != "" {
		t.Fatalf("no product version: %+v, %v", v, err)
	}
	if m, _ := syncproto.NewMutation(id2, v); strings.Contains(string(m.Payload), "productVersion") {
		t.Errorf("a case without a product version encodes %s", m.Payload)
	}
	for _, c := range []struct{ in, reason, param string }{
		{strings.Repeat("9", portal.MaxProductVersionRunes+1), portal.ReasonTooLong, "max"},
		{"7.4\n2", portal.ReasonControlCharacter, "position"},
		{"7.4\u202e2", portal.ReasonBidiControl, "position"},
		{"7.4\x002", portal.ReasonControlCharacter, "position"},
	} {
		_, err := decode(&c.in)
		pe := portal.AsError(err)
		if err == nil || pe.Reason != c.reason || pe.Field != "productVersion" || pe.Params[c.param] == "" {
			t.Errorf("product version %q: %v (%+v), want %s on productVersion", c.in, err, pe, c.reason)
		}
	}
}
