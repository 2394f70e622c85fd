// Package memtune tunes the C allocator that SQLite allocates from, for
// processes that use SQLite from many threads. Importing it is enough.
//
// On Linux, glibc gives memory at the top of a heap back to the system as
// soon as more than 128 KB of it is free (M_TRIM_THRESHOLD). SQLite frees
// and allocates page-cache and statement memory all the time, and Go runs
// cgo calls on many threads, each arena trimming on its own: every trim is
// an madvise with a TLB flush on every core, every reuse a page fault. In
// the 200-app sync benchmark that churn was a fifth of all CPU time. A
// 16 MB threshold keeps at most that much free memory per arena.
package memtune

// TrimThreshold is the free memory an arena keeps before returning it.
const TrimThreshold = 16 << 20
