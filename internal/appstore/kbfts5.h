// Declarations shared by the FTS5 ranking functions (kbrank.go, kbpostings.c).
// From sqlite3.h (the SQLite C API is stable). The functions are defined by
// github.com/mattn/go-sqlite3, which compiles SQLite into the same binary.
#ifndef KBFTS5_H
#define KBFTS5_H
#include <stdlib.h>
#include <string.h>

typedef struct sqlite3 sqlite3;
typedef struct sqlite3_stmt sqlite3_stmt;
typedef struct sqlite3_context sqlite3_context;
typedef struct sqlite3_value sqlite3_value;
typedef long long sqlite3_int64;
int sqlite3_auto_extension(void (*xEntryPoint)(void));
int sqlite3_prepare_v2(sqlite3 *db, const char *zSql, int nByte, sqlite3_stmt **ppStmt, const char **pzTail);
int sqlite3_bind_pointer(sqlite3_stmt*, int, void*, const char*, void (*)(void*));
int sqlite3_step(sqlite3_stmt*);
int sqlite3_finalize(sqlite3_stmt *pStmt);
double sqlite3_value_double(sqlite3_value*);
void sqlite3_result_double(sqlite3_context*, double);
void sqlite3_result_error(sqlite3_context*, const char*, int);
void sqlite3_result_error_code(sqlite3_context*, int);
void *sqlite3_malloc(int);
void sqlite3_free(void*);

// From the FTS5 section of sqlite3.h, up to the members used here.
typedef struct Fts5Context Fts5Context;
typedef struct Fts5PhraseIter { const unsigned char *a; const unsigned char *b; } Fts5PhraseIter;
typedef struct Fts5ExtensionApi Fts5ExtensionApi;
struct Fts5ExtensionApi {
	int iVersion;
	void *(*xUserData)(Fts5Context*);
	int (*xColumnCount)(Fts5Context*);
	int (*xRowCount)(Fts5Context*, sqlite3_int64 *pnRow);
	int (*xColumnTotalSize)(Fts5Context*, int iCol, sqlite3_int64 *pnToken);
	int (*xTokenize)(Fts5Context*, const char *pText, int nText, void *pCtx,
		int (*xToken)(void*, int, const char*, int, int, int));
	int (*xPhraseCount)(Fts5Context*);
	int (*xPhraseSize)(Fts5Context*, int iPhrase);
	int (*xInstCount)(Fts5Context*, int *pnInst);
	int (*xInst)(Fts5Context*, int iIdx, int *piPhrase, int *piCol, int *piOff);
	sqlite3_int64 (*xRowid)(Fts5Context*);
	int (*xColumnText)(Fts5Context*, int iCol, const char **pz, int *pn);
	int (*xColumnSize)(Fts5Context*, int iCol, int *pnToken);
	int (*xQueryPhrase)(Fts5Context*, int iPhrase, void *pUserData,
		int(*)(const Fts5ExtensionApi*,Fts5Context*,void*));
	int (*xSetAuxdata)(Fts5Context*, void *pAux, void(*xDelete)(void*));
	void *(*xGetAuxdata)(Fts5Context*, int bClear);
	int (*xPhraseFirst)(Fts5Context*, int iPhrase, Fts5PhraseIter*, int*, int*);
	void (*xPhraseNext)(Fts5Context*, Fts5PhraseIter*, int *piCol, int *piOff);
};
typedef void (*fts5_extension_function)(const Fts5ExtensionApi *pApi, Fts5Context *pFts,
	sqlite3_context *pCtx, int nVal, sqlite3_value **apVal);
typedef struct fts5_api fts5_api;
struct fts5_api {
	int iVersion;
	int (*xCreateTokenizer)(fts5_api*, const char*, void*, void*, void (*)(void*));
	int (*xFindTokenizer)(fts5_api*, const char*, void**, void*);
	int (*xCreateFunction)(fts5_api*, const char*, void*, fts5_extension_function, void (*)(void*));
};

sqlite3 *sqlite3_context_db_handle(sqlite3_context*);
int sqlite3_bind_int64(sqlite3_stmt*, int, sqlite3_int64);
int sqlite3_reset(sqlite3_stmt *pStmt);
const void *sqlite3_column_blob(sqlite3_stmt*, int iCol);
int sqlite3_column_bytes(sqlite3_stmt*, int iCol);
const void *sqlite3_value_blob(sqlite3_value*);
const unsigned char *sqlite3_value_text(sqlite3_value*);
int sqlite3_value_bytes(sqlite3_value*);
void sqlite3_result_blob(sqlite3_context*, const void*, int, void(*)(void*));
void sqlite3_result_null(sqlite3_context*);


// kbpostings (kbpostings.c): the postings of a query's words, see kbtop.go.
void kbpostings(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx,
	int nVal, sqlite3_value **apVal);

#endif
