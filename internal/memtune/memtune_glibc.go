//go:build linux && cgo

package memtune

/*
#include <malloc.h>

static int memtune_apply(int trim) {
#ifdef M_TRIM_THRESHOLD
	return mallopt(M_TRIM_THRESHOLD, trim);
#else
	return 0;
#endif
}
*/
import "C"

// applied reports whether the allocator took the setting (for the test).
var applied = C.memtune_apply(C.int(TrimThreshold)) == 1
