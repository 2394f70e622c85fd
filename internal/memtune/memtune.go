// Package memtune tunes how SQLite and the C allocator beneath it handle
// memory, for processes that use SQLite from many threads. Importing it is
// enough; it must be imported before the first database is opened, which
// a package-level import of the store packages guarantees.
//
// Two settings:
//
//   - SQLite keeps allocation statistics (SQLITE_CONFIG_MEMSTATUS) under
//     one process-wide mutex taken on every malloc and free. With requests
//     on both cores in SQLite at once, threads queued on that mutex and
//     woke each other through the kernel: in the 200-app sync benchmark,
//     switching the statistics off lowered p99 from 236-380 ms to
//     185-274 ms. Nothing here reads them (no soft heap limit, no
//     sqlite3_memory_used).
//   - On Linux, glibc gives memory at the top of a heap back to the system
//     as soon as more than 128 KB of it is free (M_TRIM_THRESHOLD). SQLite
//     frees and allocates page-cache and statement memory all the time,
//     and Go runs cgo calls on many threads, each arena trimming on its
//     own: every trim is an madvise with a TLB flush on every core, every
//     reuse a page fault. In the same benchmark that churn was a fifth of
//     all CPU time. A 16 MB threshold keeps at most that much free memory
//     per arena.
package memtune

// TrimThreshold is the free memory an arena keeps before returning it.
const TrimThreshold = 16 << 20
