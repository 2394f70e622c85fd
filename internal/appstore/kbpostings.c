// kbpostings: the postings of a query's words as FTS5 stores them, read
// a word at a time (xQueryPhrase), for search's ranking of large result
// sets in Go (kbtop.go).

#include "kbfts5.h"

#define KBTOP_MAXCOL 8

// rowTF reads the current row's frequencies of the (one) phrase of a
// xQueryPhrase cursor per column, each column counted into tf[map[c]]
// (map NULL: the same column; -1: not counted).
static int rowTF(const Fts5ExtensionApi *api, Fts5Context *fts, int nCol, const int *map, unsigned char *tf) {
	memset(tf, 0, KBTOP_MAXCOL);
	// xPhraseFirst walks the phrase's position list as stored; xInst
	// would first copy it into an array of instances.
	Fts5PhraseIter it;
	int ic = -1, io = 0;
	int rc = api->xPhraseFirst(fts, 0, &it, &ic, &io);
	for (; rc == 0 && ic >= 0; api->xPhraseNext(fts, &it, &ic, &io)) {
		if (ic >= nCol) continue;
		int c = map ? map[ic] : ic;
		if (c >= 0 && c < KBTOP_MAXCOL && tf[c] < 255) tf[c]++;
	}
	return rc;
}

// A posting as kbpostings returns it: rowid, phrase number, frequencies
// per column (of the table the caller maps columns to).
#define HEADREC 20

typedef struct {
	unsigned char *buf;
	long n, cap;
	int phrase;      // number of the phrase being read
	int nCol;
	int map[KBTOP_MAXCOL];
	int rc;
} Heads;

static int headRow(const Fts5ExtensionApi *api, Fts5Context *fts, void *p) {
	Heads *h = p;
	unsigned char tf[KBTOP_MAXCOL];
	int rc = rowTF(api, fts, h->nCol, h->map, tf);
	if (rc) return rc;
	if (h->n + HEADREC > h->cap) {
		long cap = h->cap ? h->cap * 2 : 65536;
		unsigned char *b = realloc(h->buf, cap);
		if (!b) return 7;
		h->buf = b;
		h->cap = cap;
	}
	sqlite3_int64 rowid = api->xRowid(fts);
	int ph = h->phrase;
	memcpy(h->buf + h->n, &rowid, 8);
	memcpy(h->buf + h->n + 8, &ph, 4);
	memcpy(h->buf + h->n + 12, tf, KBTOP_MAXCOL);
	h->n += HEADREC;
	return 0;
}

// kbpostings(params) returns the postings of every phrase of its query,
// phrase by phrase, each in rowid order, as HEADREC-byte records: rowid
// (int64), phrase number (int32) and a frequency per column (8 bytes,
// saturating at 255). params is a blob of doubles: nCol, then per column
// of this table the column it is counted as (-1: none), then per phrase
// its number in the output. Search reads the postings of a query's words
// with it once and keeps them in memory (kbtop.go).
void kbpostings(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx,
		int nVal, sqlite3_value **apVal) {
	int nCol = api->xColumnCount(fts);
	int nPhrase = api->xPhraseCount(fts);
	const double *par = nVal == 1 ? sqlite3_value_blob(apVal[0]) : 0;
	int nPar = nVal == 1 ? sqlite3_value_bytes(apVal[0]) / (int)sizeof(double) : 0;
	if (par == 0 || nPar < 1 || (int)par[0] != nCol || nCol > KBTOP_MAXCOL || nPar != 1 + nCol + nPhrase) {
		sqlite3_result_error(ctx, "kbpostings: params do not fit the table and query", -1);
		return;
	}
	Heads h;
	memset(&h, 0, sizeof(h));
	h.nCol = nCol;
	for (int c = 0; c < nCol; c++) h.map[c] = (int)par[1 + c];
	int rc = 0;
	for (int i = 0; rc == 0 && i < nPhrase; i++) {
		h.phrase = (int)par[1 + nCol + i];
		rc = api->xQueryPhrase(fts, i, &h, headRow);
	}
	if (rc != 0) {
		free(h.buf);
		sqlite3_result_error_code(ctx, rc);
		return;
	}
	sqlite3_result_blob(ctx, h.buf ? (void *)h.buf : (void *)"", (int)h.n, h.buf ? free : 0);
}

