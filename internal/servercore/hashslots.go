package servercore

import (
	"context"
	"runtime"
	"time"

	"supportportal/internal/portal"
)

// HashSlotBytes is the memory one argon2id hash or check takes (its m
// parameter). Hashes in flight are capped so that together they stay
// within Config.HashMemory: unbounded, 400 parallel set-password requests
// once drove the server to 7.6 GB.
const HashSlotBytes = argonMemory * 1024

// DefaultHashMemory is the memory argon2id may use at once when
// Config.HashMemory is 0: five slots of 19 MiB (fewer on a machine with
// fewer than six processors, see newHashSlots).
const DefaultHashMemory = 5 * HashSlotBytes

// DefaultHashWait is how long a request waits for a free hash slot before
// it is answered 503 server_busy.
const DefaultHashWait = 2 * time.Second

// hashSlots is a semaphore over argon2id work.
type hashSlots struct {
	ch   chan struct{}
	wait time.Duration
}

// newHashSlots sizes the semaphore by memory and by processors: each
// hash keeps one processor busy (argonThreads is 1), and at least one is
// left for everything else the server answers. With five slots on two
// processors, /healthz p99 during a set-password flood was 132 ms; with
// one, 8 ms (BenchmarkHealthzUnderFlood).
func newHashSlots(memory int64, wait time.Duration) *hashSlots {
	n := max(min(int(memory/HashSlotBytes), runtime.GOMAXPROCS(0)-1), 1)
	return &hashSlots{ch: make(chan struct{}, n), wait: wait}
}

func errBusy() error {
	return &portal.Error{Code: EUnavailable, Reason: portal.ReasonServerBusy,
		Message: "the server is busy; try again in a moment"}
}

// run runs fn in a slot, or returns server_busy when none frees up within
// the wait (or the request ends first).
func (h *hashSlots) run(ctx context.Context, fn func()) error {
	t := time.NewTimer(h.wait)
	defer t.Stop()
	select {
	case h.ch <- struct{}{}:
	case <-t.C:
		return errBusy()
	case <-ctx.Done():
		return errBusy()
	}
	defer func() { <-h.ch }()
	fn()
	return nil
}

// hashPassword is HashPassword within a hash slot.
func (s *Service) hashPassword(ctx context.Context, pw string) (string, error) {
	var hash string
	var err error
	if serr := s.hashes.run(ctx, func() { hash, err = HashPassword(pw) }); serr != nil {
		return "", serr
	}
	return hash, err
}

// checkPassword is CheckPassword within a hash slot.
func (s *Service) checkPassword(ctx context.Context, hash, pw string) (bool, error) {
	var ok bool
	if err := s.hashes.run(ctx, func() { ok = CheckPassword(hash, pw) }); err != nil {
		return false, err
	}
	return ok, nil
}

// HashSlots is how many argon2id hashes may run at once.
func (s *Service) HashSlots() int { return cap(s.hashes.ch) }

// HoldHashSlot takes a hash slot until release is called, so that a test
// can fill every slot without racing real hashes.
func (s *Service) HoldHashSlot() (release func()) {
	s.hashes.ch <- struct{}{}
	return func() { <-s.hashes.ch }
}
