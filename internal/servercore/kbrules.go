package servercore

import (
	"strings"
	"unicode/utf8"

	"supportportal/internal/portal"
)

// The rules of the Support team's knowledge editing. They live with the
// server, not in portal, because only the server (its API and console)
// edits articles; the apps only read them.

// Limits on what the Support team writes into the knowledge base.
const (
	MaxArticleTitleRunes   = 250
	MaxArticleSummaryRunes = 1000
	MaxArticleBodyRunes    = 200_000
	MaxArticleTags         = 20
	MaxCategoryNameRunes   = 120
)

// CheckArticle validates an article an agent writes. It returns the tags
// cleaned (trimmed, empty and duplicate ones dropped).
func CheckArticle(title, summary, body, locale string, tags []string) ([]string, error) {
	if strings.TrimSpace(title) == "" {
		return nil, portal.Invalid("title", portal.ReasonRequired, "", "an article needs a title")
	}
	if utf8.RuneCountInString(title) > MaxArticleTitleRunes {
		return nil, portal.Invalid("title", portal.ReasonTooLong, "", "the title is longer than %d characters", MaxArticleTitleRunes)
	}
	if utf8.RuneCountInString(summary) > MaxArticleSummaryRunes {
		return nil, portal.Invalid("summary", portal.ReasonTooLong, "", "the summary is longer than %d characters", MaxArticleSummaryRunes)
	}
	if strings.TrimSpace(body) == "" {
		return nil, portal.Invalid("body", portal.ReasonRequired, "", "an article needs a body")
	}
	if utf8.RuneCountInString(body) > MaxArticleBodyRunes {
		return nil, portal.Invalid("body", portal.ReasonTooLong, "", "the body is longer than %d characters", MaxArticleBodyRunes)
	}
	if !portal.ValidLocale(locale) {
		return nil, portal.Invalid("locale", portal.ReasonBadLocale, locale, "%q is not a language code such as en or de", locale)
	}
	out := []string{}
	seen := map[string]bool{}
	for _, t := range tags {
		t = strings.Join(strings.Fields(t), " ")
		if t == "" || seen[strings.ToLower(t)] {
			continue
		}
		if utf8.RuneCountInString(t) > 50 {
			return nil, portal.Invalid("tags", portal.ReasonTooLong, t, "tag %q is longer than 50 characters", t)
		}
		seen[strings.ToLower(t)] = true
		out = append(out, t)
	}
	if len(out) > MaxArticleTags {
		return nil, portal.Invalid("tags", portal.ReasonTooManyTags, "", "an article has at most %d tags", MaxArticleTags)
	}
	return out, nil
}

// CheckCategoryName validates a knowledge-base category's English name
// (required) and German name (optional).
func CheckCategoryName(en, de string) error {
	if strings.TrimSpace(en) == "" {
		return portal.Invalid("nameEn", portal.ReasonRequired, "", "a category needs an English name")
	}
	if utf8.RuneCountInString(en) > MaxCategoryNameRunes || utf8.RuneCountInString(de) > MaxCategoryNameRunes {
		return portal.Invalid("nameEn", portal.ReasonTooLong, "", "a category name is at most %d characters", MaxCategoryNameRunes)
	}
	return nil
}

// CheckPublishSolution says whether a case's solution may be published as
// a knowledge article: the product's documents have the Support Engineer
// provide a solution first and then make it public, so the case must be
// Solved or Closed, have a solution, and not be published already.
func CheckPublishSolution(status, solution, solutionArticleID string) error {
	if status != portal.StatusSolved && status != portal.StatusClosed {
		return &portal.Error{Code: portal.EConflict, Reason: portal.ReasonCaseNotSolved, Field: "status",
			Message: "only the solution of a solved or closed case can be published"}
	}
	if strings.TrimSpace(solution) == "" {
		return &portal.Error{Code: portal.EConflict, Reason: portal.ReasonNoSolution, Field: "solution",
			Message: "the case has no solution to publish"}
	}
	if solutionArticleID != "" {
		return &portal.Error{Code: portal.EConflict, Reason: portal.ReasonAlreadyPublished, Params: map[string]string{"articleId": solutionArticleID},
			Message: "this solution is already published; edit the article instead"}
	}
	return nil
}
