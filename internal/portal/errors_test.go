package portal_test

import (
	"errors"
	"fmt"
	"testing"

	"supportportal/internal/portal"
)

func TestAsError(t *testing.T) {
	if got := portal.AsError(nil); got != nil {
		t.Fatalf("AsError(nil) = %#v, want nil", got)
	}
	pe := &portal.Error{Code: portal.EInvalid, Reason: portal.ReasonTooLong, Field: "subject", Message: "too long"}
	if got := portal.AsError(fmt.Errorf("save: %w", pe)); got != pe {
		t.Fatalf("AsError(wrapped) = %#v, want the wrapped error", got)
	}
	got := portal.AsError(errors.New("disk full"))
	if got == nil || got.Code != portal.EInternal || got.Message != "disk full" || got.Reason != "" {
		t.Fatalf("AsError(plain) = %#v", got)
	}
}
