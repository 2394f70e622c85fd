package servercore_test

import (
	"strings"
	"testing"

	"supportportal/internal/portal"
	"supportportal/internal/servercore"
)

func TestCheckArticle(t *testing.T) {
	tags, err := servercore.CheckArticle("Title", "", "Body", "en", []string{" a  b ", "A B", "", "c"})
	if err != nil || strings.Join(tags, "|") != "a b|c" {
		t.Fatalf("tags %q %v", tags, err)
	}
	for _, tc := range []struct {
		title, body, locale string
		tags                []string
		reason              string
	}{
		{"", "b", "en", nil, "required"},
		{"t", " ", "en", nil, "required"},
		{strings.Repeat("x", servercore.MaxArticleTitleRunes+1), "b", "en", nil, "too_long"},
		{"t", "b", "english", nil, "bad_locale"},
		{"t", "b", "en", strings.Split(strings.Repeat("x,", 25)+"y", ","), ""}, // duplicates collapse
	} {
		t.Run(tc.reason, func(t *testing.T) {
			_, err := servercore.CheckArticle(tc.title, "", tc.body, tc.locale, tc.tags)
			got := ""
			if err != nil {
				got = portal.AsError(err).Reason
			}
			if got != tc.reason {
				t.Errorf("%+v: reason %q, want %q", tc, got, tc.reason)
			}
		})
	}
	many := make([]string, servercore.MaxArticleTags+1)
	for i := range many {
		many[i] = strings.Repeat("t", i+1)
	}
	if _, err := servercore.CheckArticle("t", "", "b", "en", many); portal.AsError(err).Reason != portal.ReasonTooManyTags {
		t.Fatalf("too many tags: %v", err)
	}
}

func TestCheckPublishSolution(t *testing.T) {
	for _, tc := range []struct{ status, solution, article, reason string }{
		{portal.StatusInProgress, "s", "", "case_not_solved"},
		{portal.StatusSolved, " ", "", "no_solution"},
		{portal.StatusSolved, "s", "a1", "already_published"},
		{portal.StatusSolved, "s", "", ""},
		{portal.StatusClosed, "s", "", ""},
	} {
		t.Run(tc.status+" "+tc.reason, func(t *testing.T) {
			err := servercore.CheckPublishSolution(tc.status, tc.solution, tc.article)
			if (err == nil) != (tc.reason == "") || (err != nil && portal.AsError(err).Reason != tc.reason) {
				t.Errorf("%+v: %v", tc, err)
			}
		})
	}
}
