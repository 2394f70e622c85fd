package portal_test

import (
	"strings"
	"testing"

	"supportportal/internal/portal"
)

// Only a Solved case takes a rating; Closed makes it final.
func TestCanRate(t *testing.T) {
	for status, reason := range map[string]string{
		portal.StatusSolved: "", portal.StatusClosed: "rating_closed",
		portal.StatusNew: "rating_not_solved", portal.StatusInProgress: "rating_not_solved",
		portal.StatusWaitingOnCustomer: "rating_not_solved", portal.StatusWaitingToSend: "rating_not_solved",
	} {
		err := portal.CanRate(status)
		if reason == "" && err != nil || reason != "" && (portal.AsError(err).Reason != reason || portal.ErrorCode(err) != portal.EConflict) {
			t.Errorf("%s: %v, want %q", status, err, reason)
		}
	}
}

func TestValidateRating(t *testing.T) {
	for _, c := range []struct{ rating, comment, reason string }{
		{portal.RatingSatisfied, "", ""},
		{portal.RatingNotSatisfied, strings.Repeat("a", portal.MaxRatingCommentRunes), ""},
		{portal.RatingNotSatisfied, strings.Repeat("a", portal.MaxRatingCommentRunes+1), "too_long"},
		{"Satisfied", "", "unknown_rating"},
		{portal.RatingSatisfied, "a\u2066b", "bidi_control"},
		{portal.RatingSatisfied, "\xff", "invalid_text"},
	} {
		err := portal.ValidateRating(c.rating, c.comment)
		if got := portal.AsError(err); c.reason == "" && err != nil || c.reason != "" && (got == nil || got.Reason != c.reason) {
			t.Errorf("%q %.20q: %v, want %q", c.rating, c.comment, err, c.reason)
		}
	}
}
