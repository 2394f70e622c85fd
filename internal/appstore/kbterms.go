package appstore

import (
	"context"
	"database/sql"
	"fmt"

	"supportportal/internal/kbtext"
)

// termCounts collects changes to kb_term (the index's words and their
// document frequencies) while articles are written, to apply them in the
// same transaction.
type termCounts map[string]int

// add counts the distinct words of one article's indexed fields, sign +1
// for an article indexed, -1 for one removed from the index. Words are
// split and folded as the index does (kbtext mirrors unicode61 with
// remove_diacritics 2).
func (c termCounts) add(sign int, fields ...string) {
	seen := map[string]bool{}
	for _, f := range fields {
		for _, t := range kbtext.Tokenize(f) {
			if !seen[t.Word] {
				seen[t.Word] = true
				c[t.Word] += sign
			}
		}
	}
}

// apply writes the counts to kb_term and clears them.
func (c termCounts) apply(ctx context.Context, tx *sql.Tx) error {
	if len(c) == 0 {
		return nil
	}
	st, err := tx.PrepareContext(ctx, `INSERT INTO kb_term (term, df) VALUES (?1, ?2)
		ON CONFLICT (term) DO UPDATE SET df = df + ?2`)
	if err != nil {
		return fmt.Errorf("word list: %w", err)
	}
	defer st.Close()
	removed := false
	for w, n := range c {
		if n == 0 {
			continue
		}
		removed = removed || n < 0
		if _, err := st.ExecContext(ctx, w, n); err != nil {
			return fmt.Errorf("word list: %w", err)
		}
	}
	if removed {
		if _, err := tx.ExecContext(ctx, `DELETE FROM kb_term WHERE df <= 0`); err != nil {
			return fmt.Errorf("word list: %w", err)
		}
	}
	clear(c)
	return nil
}

// indexedFieldsSQL are the kb_article columns whose words are indexed, in
// the order termCounts.add takes them.
const indexedFieldsSQL = `title, summary, headings_text, body_text, tags_text`

// countRemoved subtracts the words of the articles that query (selecting
// indexedFieldsSQL) returns, before they are deleted or rewritten.
func (c termCounts) countRemoved(ctx context.Context, tx *sql.Tx, query string, args ...any) error {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("word list: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var f [5]string
		if err := rows.Scan(&f[0], &f[1], &f[2], &f[3], &f[4]); err != nil {
			return fmt.Errorf("word list: %w", err)
		}
		c.add(-1, f[:]...)
	}
	return rows.Err()
}
