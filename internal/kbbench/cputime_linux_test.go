package kbbench_test

import (
	"syscall"
	"time"
)

// threadCPU is the CPU time of the calling thread (user and system): what
// a query costs whatever else the machine runs, unlike its wall time.
// Callers lock their goroutine to its thread.
func threadCPU() (time.Duration, bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(1, &ru); err != nil { // RUSAGE_THREAD
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}
