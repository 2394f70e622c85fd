package appstore

/*
#include "kbfts5.h"

// kbrank(weight per column..., idf per phrase...) is FTS5's bm25() with
// the inverse document frequency of each phrase given by the caller.
// bm25() computes it by reading the phrase's whole doclist once per query,
// which for common words was most of a query's time; the caller knows
// document frequencies from its vocabulary.
static void kbrank(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx,
		int nVal, sqlite3_value **apVal) {
	const double k1 = 1.2, b = 0.75;
	int nCol = api->xColumnCount(fts);
	int nPhrase = api->xPhraseCount(fts);
	if (nVal != nCol + nPhrase) {
		sqlite3_result_error(ctx, "kbrank: need one weight per column and one idf per phrase", -1);
		return;
	}
	// Per query: average row size, then the phrase frequencies of a row.
	double *data = api->xGetAuxdata(fts, 0);
	if (data == 0) {
		sqlite3_int64 nRow = 0, nTok = 0;
		int rc = api->xRowCount(fts, &nRow);
		if (rc == 0) rc = api->xColumnTotalSize(fts, -1, &nTok);
		if (rc != 0) {
			sqlite3_result_error_code(ctx, rc);
			return;
		}
		data = sqlite3_malloc((int)sizeof(double) * (1 + nPhrase));
		if (data == 0) {
			sqlite3_result_error_code(ctx, 7); // SQLITE_NOMEM
			return;
		}
		data[0] = nRow > 0 ? (double)nTok / (double)nRow : 1.0;
		if (data[0] <= 0) data[0] = 1.0;
		rc = api->xSetAuxdata(fts, data, sqlite3_free);
		if (rc != 0) {
			sqlite3_result_error_code(ctx, rc);
			return;
		}
	}
	double avgdl = data[0], *freq = data + 1;
	memset(freq, 0, sizeof(double) * nPhrase);
	int nInst = 0;
	int rc = api->xInstCount(fts, &nInst);
	for (int i = 0; rc == 0 && i < nInst; i++) {
		int ip, ic, io;
		rc = api->xInst(fts, i, &ip, &ic, &io);
		if (rc == 0 && ip >= 0 && ip < nPhrase && ic >= 0 && ic < nCol) {
			freq[ip] += sqlite3_value_double(apVal[ic]);
		}
	}
	int nTok = 0;
	if (rc == 0) rc = api->xColumnSize(fts, -1, &nTok);
	if (rc != 0) {
		sqlite3_result_error_code(ctx, rc);
		return;
	}
	double score = 0, norm = k1 * (1 - b + b * (double)nTok / avgdl);
	for (int i = 0; i < nPhrase; i++) {
		if (freq[i] > 0) {
			score += sqlite3_value_double(apVal[nCol + i]) * (freq[i] * (k1 + 1.0)) / (freq[i] + norm);
		}
	}
	sqlite3_result_double(ctx, -score); // lower is better, as with bm25()
}

// kbscore(k1, prox, cover, weight per column..., b per column...,
// then per phrase: idf, group) is the one relevance score of search:
//
//   - BM25F: a phrase's frequency is summed over the columns, each
//     weighted and normalised by that column's length against its average,
//     then saturated once with k1;
//   - a word (group) counts once: its variants (inflections, corrections)
//     add their frequencies, weighted by the best matched variant's idf,
//     which the caller lowers for corrections so they never outweigh an
//     exact word;
//   - coverage: the share c of the query's idf (per group) the row
//     matches scales the score by 1 - cover + cover*c, so an article
//     answering the whole question beats one repeating two of its words;
//   - proximity: adjacent matches of two different groups within three
//     words of each other in one column add `prox` times the smaller idf.
//
// Groups are numbered from 0; a negative group marks a filter phrase that
// never scores.
static void kbscore(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx,
		int nVal, sqlite3_value **apVal) {
	int nCol = api->xColumnCount(fts);
	int nPhrase = api->xPhraseCount(fts);
	if (nVal != 3 + 2*nCol + 2*nPhrase) {
		sqlite3_result_error(ctx, "kbscore: need k1, prox, cover, weights, b per column, idf and group per phrase", -1);
		return;
	}
	double k1 = sqlite3_value_double(apVal[0]);
	double prox = sqlite3_value_double(apVal[1]);
	double cover = sqlite3_value_double(apVal[2]);
	sqlite3_value **w = apVal + 3, **bv = apVal + 3 + nCol, **ph = apVal + 3 + 2*nCol;
	// Per query: per-column average sizes, then scratch arrays.
	// layout: avg[nCol] idf[nPhrase] grp[nPhrase] tf[nPhrase] gscore[nPhrase] gidf[nPhrase] gtot[nPhrase] len[nCol]
	double *data = api->xGetAuxdata(fts, 0);
	if (data == 0) {
		sqlite3_int64 nRow = 0;
		int rc = api->xRowCount(fts, &nRow);
		if (rc != 0) {
			sqlite3_result_error_code(ctx, rc);
			return;
		}
		data = sqlite3_malloc((int)sizeof(double) * (2*nCol + 6*nPhrase + 1));
		if (data == 0) {
			sqlite3_result_error_code(ctx, 7); // SQLITE_NOMEM
			return;
		}
		for (int c = 0; c < nCol; c++) {
			sqlite3_int64 nTok = 0;
			rc = api->xColumnTotalSize(fts, c, &nTok);
			if (rc != 0) {
				sqlite3_free(data);
				sqlite3_result_error_code(ctx, rc);
				return;
			}
			data[c] = nRow > 0 && nTok > 0 ? (double)nTok / (double)nRow : 1.0;
		}
		for (int i = 0; i < nPhrase; i++) {
			data[nCol + i] = sqlite3_value_double(ph[2*i]);
			data[nCol + nPhrase + i] = sqlite3_value_double(ph[2*i+1]);
		}
		rc = api->xSetAuxdata(fts, data, sqlite3_free);
		if (rc != 0) {
			sqlite3_result_error_code(ctx, rc);
			return;
		}
	}
	double *avg = data, *idf = data + nCol, *grp = idf + nPhrase, *tf = grp + nPhrase;
	double *gidf = tf + nPhrase, *gtf = gidf + nPhrase, *gtot = gtf + nPhrase, *len = gtot + nPhrase;
	int rc = 0;
	for (int c = 0; c < nCol && rc == 0; c++) {
		int n = 0;
		rc = api->xColumnSize(fts, c, &n);
		double b = sqlite3_value_double(bv[c]);
		len[c] = 1.0 - b + b * (double)n / avg[c];
		if (len[c] <= 0) len[c] = 1.0;
	}
	if (rc != 0) {
		sqlite3_result_error_code(ctx, rc);
		return;
	}
	memset(tf, 0, sizeof(double) * nPhrase);
	memset(gidf, 0, sizeof(double) * 3 * nPhrase);
	int nInst = 0;
	rc = api->xInstCount(fts, &nInst);
	int pc = -1, po = 0, pg = -1, pp = -1;
	double bonus = 0;
	for (int i = 0; rc == 0 && i < nInst; i++) {
		int ip, ic, io;
		rc = api->xInst(fts, i, &ip, &ic, &io);
		if (rc != 0 || ip < 0 || ip >= nPhrase || ic < 0 || ic >= nCol) continue;
		int g = (int)grp[ip];
		if (g < 0) continue;
		tf[ip] += sqlite3_value_double(w[ic]) / len[ic];
		if (pc == ic && pg >= 0 && pg != g && io - po <= 3 && io >= po) {
			bonus += prox * (idf[ip] < idf[pp] ? idf[ip] : idf[pp]);
		}
		pc = ic; po = io; pg = g; pp = ip;
	}
	if (rc != 0) {
		sqlite3_result_error_code(ctx, rc);
		return;
	}
	// Per group: the best matched variant's idf, the summed frequency, and
	// the group's full weight (its best variant's idf) for coverage.
	int nGroup = 0;
	for (int i = 0; i < nPhrase; i++) {
		int g = (int)grp[i];
		if (g < 0 || g >= nPhrase) continue;
		if (g + 1 > nGroup) nGroup = g + 1;
		if (idf[i] > gtot[g]) gtot[g] = idf[i];
		if (tf[i] > 0) {
			gtf[g] += tf[i];
			if (idf[i] > gidf[g]) gidf[g] = idf[i];
		}
	}
	double score = 0, got = 0, all = 0;
	for (int g = 0; g < nGroup; g++) {
		all += gtot[g];
		if (gtf[g] > 0) {
			score += gidf[g] * gtf[g] * (k1 + 1.0) / (gtf[g] + k1);
			got += gidf[g];
		}
	}
	if (all > 0 && cover > 0) {
		score *= 1.0 - cover + cover * got / all;
	}
	sqlite3_result_double(ctx, -(score + bonus)); // lower is better, as with bm25()
}

// kbrank_init registers kbrank on every new connection.
static int kbrank_init(sqlite3 *db, char **err, const void *unused) {
	fts5_api *api = 0;
	sqlite3_stmt *st = 0;
	if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, 0) != 0) {
		return 0; // built without FTS5: search reports its own error
	}
	sqlite3_bind_pointer(st, 1, (void*)&api, "fts5_api_ptr", 0);
	sqlite3_step(st);
	sqlite3_finalize(st);
	if (api != 0 && api->iVersion >= 2) {
		int rc = api->xCreateFunction(api, "kbrank", 0, kbrank, 0);
		if (rc == 0) rc = api->xCreateFunction(api, "kbscore", 0, kbscore, 0);
		if (rc == 0) rc = api->xCreateFunction(api, "kbpostings", 0, kbpostings, 0);
		return rc;
	}
	return 0;
}

static void kbrank_register(void) {
	sqlite3_auto_extension((void (*)(void))kbrank_init);
}
*/
import "C"

func init() { C.kbrank_register() }
