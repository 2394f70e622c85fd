package sqlite

import (
	"context"
	"database/sql"
	"os"
	"testing"
	"time"

	"supportportal/internal/kbtext"
)

func TestProbeTimings(t *testing.T) {
	path := os.Getenv("KB_PROBE_DB")
	if path == "" {
		t.Skip()
	}
	ctx := context.Background()
	db, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	k := NewKnowledge(db)
	v, _ := k.vocabulary(ctx)
	for _, text := range []string{"each checkout reset organization", "configuration", "alert with sort configure"} {
		p := v.planQuery(text, "en", maxTerms)
		e := match(p.terms, true, 1)
		t.Logf("query %q → %d terms, expr len %d: %s", text, len(p.terms), len(e), e)
		filter := filter{hide: "kbhideen"}
		time1 := func(name, q string, args ...any) {
			start := time.Now()
			rows, err := db.db.QueryContext(ctx, q, args...)
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for rows.Next() {
				n++
			}
			rows.Close()
			t.Logf("  %-10s %8s rows=%d", name, time.Since(start).Round(time.Microsecond), n)
		}
		all := filter.apply(e)
		time1("count", `SELECT count(*) FROM (SELECT 1 FROM kb_fts WHERE kb_fts MATCH ? LIMIT 1001)`, all)
		time1("countnof", `SELECT count(*) FROM (SELECT 1 FROM kb_fts WHERE kb_fts MATCH ? LIMIT 1001)`, e)
		for _, tr := range tiers(filter, e) {
			time1("cut "+tr.table, `SELECT rowid FROM `+tr.table+` WHERE `+tr.table+` MATCH ? ORDER BY rowid DESC LIMIT 1 OFFSET 999`, tr.expr)
			time1("rank "+tr.table, `SELECT rowid FROM `+tr.table+` f WHERE f.`+tr.table+` MATCH :x AND f.rank MATCH 'bm25(`+tr.weights+`)'`+tr.exclude+` ORDER BY rank LIMIT 10`, sql.Named("x", tr.expr))
		}
		_ = kbtext.Tokenize
	}
}
