package servercore

import (
	"sync"
	"time"
)

// limiter counts failed sign-ins per key (e-mail + client address) in a
// fixed window. It is in memory: a restart forgets the counts, which is
// acceptable for slowing down password guessing on one server process.
type limiter struct {
	mu     sync.Mutex
	max    int
	window time.Duration
	hits   map[string]*window
}

type window struct {
	start time.Time
	count int
}

func newLimiter(max int, per time.Duration) *limiter {
	return &limiter{max: max, window: per, hits: map[string]*window{}}
}

// blocked reports whether key has used up its attempts, and when it may
// try again.
func (l *limiter) blocked(key string, now time.Time) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	w := l.hits[key]
	if w == nil || now.Sub(w.start) >= l.window {
		return false, 0
	}
	if w.count >= l.max {
		return true, w.start.Add(l.window).Sub(now)
	}
	return false, 0
}

// fail counts one failed attempt.
func (l *limiter) fail(key string, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.hits) > 100_000 {
		// Bound memory under a flood of distinct keys: drop expired windows.
		for k, w := range l.hits {
			if now.Sub(w.start) >= l.window {
				delete(l.hits, k)
			}
		}
	}
	w := l.hits[key]
	if w == nil || now.Sub(w.start) >= l.window {
		w = &window{start: now}
		l.hits[key] = w
	}
	w.count++
}

// reset forgets a key's failures after a successful sign-in.
func (l *limiter) reset(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.hits, key)
}
