/* bcryptprimitives.dll for Wine 8, which lacks it: Go 1.26 programs on
 * Windows take their random bytes from ProcessPrng and abort at start
 * without it. Real Windows (8.1 and later) has this DLL; this file only
 * serves the Wine run of the tests (scripts/wine-prefix.sh copies it into
 * the prefix's system32). ProcessPrng never fails on Windows; here it
 * forwards to advapi32's RtlGenRandom (SystemFunction036). */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
	while (len > 0) {
		ULONG n = len > 0x40000000 ? 0x40000000 : (ULONG)len;
		if (!SystemFunction036(data, n))
			return FALSE;
		data += n;
		len -= n;
	}
	return TRUE;
}
