package servercore

import (
	"time"

	"github.com/google/uuid"

	"supportportal/internal/portal"
)

func checkUUID(field, s string) error {
	if _, err := uuid.Parse(s); err != nil {
		return portal.Invalid(field, portal.ReasonBadID, s, "%s %q is not a UUID", field, s)
	}
	return nil
}

// ClientTime is when the device says something happened (a case written
// offline keeps the time it was written), but never later than now: a
// device clock running ahead must not reorder the server's records.
func ClientTime(s string, now time.Time) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil || t.After(now) || t.Year() < 2000 {
		return now.UTC()
	}
	return t.UTC()
}
