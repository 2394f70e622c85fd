package portal

import "testing"

func TestDeceptiveTextRefused(t *testing.T) {
	for _, c := range []struct {
		name, s   string
		multiline bool
		reason    string // "" accepted
		pos, char string
	}{
		{"plain", "Learners cannot enroll", false, "", "", ""},
		{"Arabic and Hebrew with marks", "שלום\u200f (مرحبا\u061c) \u200eok", false, "", "", ""},
		{"newline and tab in a body", "line one\n\tline two\r\nthree", true, "", "", ""},
		{"newline in one line", "Subject\nBcc: x", false, "control_character", "8", "U+000A"},
		{"tab in one line", "a\tb", false, "control_character", "2", "U+0009"},
		{"escape in a body", "ok \x1b[2J", true, "control_character", "4", "U+001B"},
		{"NUL", "a\x00", true, "control_character", "2", "U+0000"},
		{"DEL", "a\x7f", false, "control_character", "2", "U+007F"},
		{"C1 control", "a\u0085b", true, "control_character", "2", "U+0085"},
		{"lone carriage return", "overwritten\rshown", true, "control_character", "12", "U+000D"},
		{"carriage return at the end", "text\r", true, "control_character", "5", "U+000D"},
		{"line separator in one line", "a\u2028b", false, "control_character", "2", "U+2028"},
		{"right-to-left override", "Invoice \u202egpj.exe", false, "bidi_control", "9", "U+202E"},
		{"left-to-right embedding", "\u202aabc", true, "bidi_control", "1", "U+202A"},
		{"pop directional formatting", "abc\u202c", true, "bidi_control", "4", "U+202C"},
		{"right-to-left isolate", "Status: \u2067closed\u2069 open", true, "bidi_control", "9", "U+2067"},
		{"pop directional isolate", "x\u2069", false, "bidi_control", "2", "U+2069"},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := CheckTextChars("subject", c.s, c.multiline)
			if c.reason == "" {
				if err != nil {
					t.Errorf("%s: %v", c.name, err)
				}
				return
			}
			e := AsError(err)
			if err == nil || e.Code != EInvalid || e.Reason != c.reason || e.Field != "subject" || e.Params["position"] != c.pos || e.Params["char"] != c.char {
				t.Errorf("%s: %#v, want %s at %s (%s)", c.name, err, c.reason, c.pos, c.char)
			}
		})
	}
	// Every text a customer writes goes through it, naming its field.
	rlo := "Refund \u202e"
	cats := DefaultComponentCategories()
	in := DraftInput{Subject: "Enrollment fails", CategoryID: cats[0].ID, SubcategoryID: cats[0].Subcategories[0].ID, Description: "It fails.", Priority: "high"}
	if err := ValidateForSubmit(in, cats); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		field string
		check func() error
	}{
		{"subject", func() error { d := in; d.Subject = rlo; return ValidateForSubmit(d, cats) }},
		{"description", func() error { d := in; d.Description = rlo; return ValidateForSubmit(d, cats) }},
		{"subject", func() error { d := in; d.Subject = rlo; return ValidateDraft(&d) }},
		{"body", func() error { return ValidateComment(rlo) }},
		{"body", func() error { return ValidateCommentDraft(rlo) }},
		{"firstName", func() error {
			return ValidateNewUserRequest(NewUserRequest{FirstName: rlo, LastName: "Lovelace", Email: "ada@example.com", ProductRole: RoleAdministrator})
		}},
		{"name", func() error {
			return ValidateAccessRequest(AccessRequest{Name: rlo, Company: "Acme", Email: "ada@example.com", Title: "CTO", Phone: "1", ProductRole: RoleAdministrator})
		}},
		{"reason", func() error { return ValidateDecisionReason(rlo) }},
	} {
		t.Run(c.field, func(t *testing.T) {
			if e := AsError(c.check()); e.Reason != ReasonBidiControl || e.Field != c.field {
				t.Errorf("%s: %#v", c.field, e)
			}
		})
	}
}
