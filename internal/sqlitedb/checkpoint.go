package sqlitedb

import (
	"database/sql"
	"sync"
	"time"

	"supportportal/internal/must"
)

// Checkpoints say when the write-ahead log is copied back into the
// database file. Left to SQLite, the commit that fills the log to a size
// (wal_autocheckpoint, 1,000 pages by default) does it, with two fsyncs,
// while it holds the write lock. A store starts its own checkpointer
// instead and sets SQLite's far off, as a backstop for long runs of
// writes.
type Checkpoints struct {
	// Every is how often the log is looked at.
	Every time.Duration
	// IdlePages, when not 0, copies the log only at a look that finds it
	// unchanged since the one before (the store is idle) and at least this
	// many pages long; a checkpoint a reader stopped partway is finished at
	// the next such look, however little is left. When 0, every look
	// copies whatever it can (a passive checkpoint runs beside the writer
	// and the readers).
	IdlePages int
}

// Start runs the checkpoints on db (a pool of its own, or the store's)
// until the returned stop is called; stop waits for a running checkpoint
// to end and may be called more than once.
func (p Checkpoints) Start(db *sql.DB) (stop func()) {
	quit, done := make(chan struct{}), make(chan struct{})
	go p.run(db, quit, done)
	return sync.OnceFunc(func() {
		close(quit)
		<-done
	})
}

func (p Checkpoints) run(db *sql.DB, quit <-chan struct{}, done chan<- struct{}) {
	defer close(done)
	t := time.NewTicker(p.Every)
	defer t.Stop()
	last := -1
	for {
		select {
		case <-quit:
			return
		case <-t.C:
		}
		if p.IdlePages == 0 {
			// Errors (SQLITE_BUSY while another checkpoint runs, say) only
			// leave the work to the next look or to the backstop.
			must.Get(db.Exec(`PRAGMA wal_checkpoint(PASSIVE)`))
			continue
		}
		var busy, logPages, copied int
		// NOOP only reports the log's size and how much of it is copied.
		if err := db.QueryRow(`PRAGMA wal_checkpoint(NOOP)`).Scan(&busy, &logPages, &copied); err != nil {
			continue
		}
		if logPages == last && logPages >= p.IdlePages && copied < logPages {
			// Errors (another connection's lock) leave it to the next look.
			must.Get(db.Exec(`PRAGMA wal_checkpoint(PASSIVE)`))
		}
		last = logPages
	}
}
