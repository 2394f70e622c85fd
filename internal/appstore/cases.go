package appstore

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"

	"supportportal/internal/attach"
	"supportportal/internal/portal"
)

// Cases stores drafts, cases, their conversation and attachments. Every
// change meant for the server goes into the outbox in the same transaction
// as the change itself, so the two can never disagree.
type Cases struct {
	db    *DB
	blobs *attach.Store
	// Me is the name shown on comments written on this device until sign-in
	// (a later issue) supplies the portal user's name.
	Me string
}

// NewCases returns the case store; attachment bytes go to blobs.
func NewCases(db *DB, blobs *attach.Store) *Cases { return &Cases{db: db, blobs: blobs, Me: "You"} }

// Categories returns the vendor's component categories: the server's list
// once synced, the defaults until then.
func (c *Cases) Categories(ctx context.Context) ([]portal.ComponentCategory, error) {
	var cats []portal.ComponentCategory
	ok, err := c.db.GetState(ctx, "component_categories", &cats)
	if err != nil || !ok || len(cats) == 0 {
		return portal.DefaultComponentCategories(), err
	}
	return cats, nil
}

func newID() string { return uuid.Must(uuid.NewV7()).String() }

func parseTime(s string) time.Time {
	t, _ := time.Parse(TimeFormat, s)
	return t
}

func draftNotFound(id string) error {
	return &portal.Error{Code: portal.ENotFound, Reason: portal.ReasonDraftNotFound, Params: map[string]string{"id": id},
		Message: fmt.Sprintf("draft %q does not exist or was sent", id)}
}

func caseNotFound(id string) error {
	return &portal.Error{Code: portal.ENotFound, Reason: portal.ReasonCaseNotFound, Params: map[string]string{"id": id},
		Message: fmt.Sprintf("case %q does not exist", id)}
}
