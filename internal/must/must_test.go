package must

import (
	"errors"
	"testing"
)

func TestMust(t *testing.T) {
	boom := errors.New("boom")
	panics := func(name string, f func()) {
		t.Run(name, func(t *testing.T) {
			defer func() {
				if r := recover(); r != boom {
					t.Errorf("recovered %v, want %v", r, boom)
				}
			}()
			f()
		})
	}
	panics("Do", func() { Do(boom) })
	panics("Get", func() { Get(1, boom) })
	panics("Get2", func() { Get2(1, "a", boom) })
	Do(nil)
	if v := Get(42, nil); v != 42 {
		t.Errorf("Get = %d", v)
	}
	if a, b := Get2(1, "a", nil); a != 1 || b != "a" {
		t.Errorf("Get2 = %d, %q", a, b)
	}
}
