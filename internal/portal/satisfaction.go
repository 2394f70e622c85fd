package portal

import (
	"strings"
	"time"
)

// Customer satisfaction (CSAT): after a case is Solved, the customer says
// whether the answer solved the problem, with an optional comment. As in
// Zendesk, a rating can be given and changed while the case is Solved and
// is final once the case is Closed; a case reopened and solved again may be
// rated again. A "not satisfied" rating does not reopen the case's status:
// it flags the case for the support team's attention (the console's
// queue), until an agent replies or changes the status.

// Ratings.
const (
	RatingSatisfied    = "satisfied"
	RatingNotSatisfied = "not_satisfied"
)

// Ratings lists the ratings a customer can give.
var Ratings = []string{RatingSatisfied, RatingNotSatisfied}

// MaxRatingCommentRunes bounds the comment given with a rating.
const MaxRatingCommentRunes = 2000

// Satisfaction is the customer's rating of a Solved case, as the server
// keeps it (one per case: a new rating replaces the last).
type Satisfaction struct {
	Rating      string    `json:"rating"` // satisfied or not_satisfied
	Comment     string    `json:"comment"`
	RatedAt     time.Time `json:"ratedAt" ts_type:"string"`
	RatedByID   string    `json:"ratedById"`
	RatedByName string    `json:"ratedByName"`
}

// NormalizeRatingComment trims the comment given with a rating.
func NormalizeRatingComment(s string) string { return strings.TrimSpace(s) }

// ValidateRating checks a rating and its (already trimmed) comment: a known
// rating, and a comment that is valid text of at most
// MaxRatingCommentRunes characters without deceptive characters.
func ValidateRating(rating, comment string) error {
	if !contains(Ratings, rating) {
		return Invalid("rating", ReasonUnknownRating, rating, "unknown rating %q; satisfied or not_satisfied", rating)
	}
	return textLimit("comment", comment, MaxRatingCommentRunes, true)
}

// CanRate says whether a case in this status takes a rating: only a
// Solved one. A Closed case's rating is final (rating_closed); any other
// status is not solved yet (rating_not_solved).
func CanRate(status string) error {
	switch status {
	case StatusSolved:
		return nil
	case StatusClosed:
		return &Error{Code: EConflict, Reason: ReasonRatingClosed, Field: "rating",
			Message: "this case is closed; its rating can no longer be given or changed"}
	}
	return &Error{Code: EConflict, Reason: ReasonRatingNotSolved, Field: "rating",
		Message: "only a solved case can be rated"}
}
