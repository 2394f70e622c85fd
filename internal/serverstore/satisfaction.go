package serverstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"supportportal/internal/portal"
	"supportportal/internal/servercore"
	"supportportal/internal/sqlitedb"
	"supportportal/internal/syncproto"
)

// rateCase stores a customer's rating of a Solved case of their company
// (portal.CanRate), replacing an earlier one, and moves the case up the
// changes feed so that every device of the company gets it. A "not
// satisfied" rating flags the case for the support team's attention; a
// "satisfied" one clears the flag (the rating that raised it is gone).
// The status stays as it is: as in Zendesk, a bad rating does not reopen
// a case, it asks an agent to look.
func rateCase(ctx context.Context, tx *sql.Tx, c servercore.Caller, v *syncproto.CaseRate, now time.Time) (syncproto.Case, error) {
	cs, err := readCase(ctx, tx, servercore.ScopeOf(c), v.CaseID)
	if err != nil {
		return cs, err
	}
	if err := portal.CanRate(cs.Status); err != nil {
		return cs, err
	}
	// The agent who solved it: the last change to Solved (only agents
	// solve cases).
	var agent sql.NullString
	err = tx.QueryRowContext(ctx, `SELECT h.actor_id FROM case_status_history h JOIN person p ON p.id = h.actor_id
		WHERE h.case_id = ? AND h.to_status = ? AND p.kind = ? ORDER BY h.id DESC LIMIT 1`,
		cs.ID, portal.StatusSolved, servercore.KindAgent).Scan(&agent)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return cs, fmt.Errorf("rate case: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO case_satisfaction (case_id, vendor_id, rating, comment, rated_by, agent_id, rated_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (case_id) DO UPDATE SET rating = excluded.rating, comment = excluded.comment, rated_by = excluded.rated_by,
			agent_id = excluded.agent_id, rated_at = excluded.rated_at, updated_at = excluded.updated_at`,
		cs.ID, c.VendorID, v.Rating, v.Comment, c.ID, agent, sqlitedb.FormatTime(servercore.ClientTime(v.RatedAt, now)), sqlitedb.FormatTime(now)); err != nil {
		return cs, fmt.Errorf("rate case: %w", err)
	}
	seq, err := nextSeq(ctx, tx)
	if err != nil {
		return cs, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE support_case SET needs_attention = ?, updated_at = ?, seq = ? WHERE id = ?`,
		v.Rating == portal.RatingNotSatisfied, sqlitedb.FormatTime(now), seq, cs.ID); err != nil {
		return cs, fmt.Errorf("rate case: %w", err)
	}
	return cs, nil
}

// clearAttention takes a case off the support team's attention list: an
// agent replied or changed its status. It runs in the transaction of that
// change, which moves the case up the feed itself.
func clearAttention(ctx context.Context, tx *sql.Tx, caseID string) error {
	if _, err := tx.ExecContext(ctx, `UPDATE support_case SET needs_attention = 0 WHERE id = ? AND needs_attention = 1`, caseID); err != nil {
		return fmt.Errorf("clear attention: %w", err)
	}
	return nil
}

// NeedsAttention reports whether a case of the vendor is flagged for the
// support team's attention (a "not satisfied" rating no agent has acted
// on yet).
func (db *DB) NeedsAttention(ctx context.Context, vendorID, caseID string) (bool, error) {
	var flag bool
	err := db.read.QueryRowContext(ctx, `SELECT needs_attention FROM support_case WHERE id = ? AND vendor_id = ?`, caseID, vendorID).Scan(&flag)
	if errors.Is(err, sql.ErrNoRows) {
		return false, caseNotFound(caseID)
	} else if err != nil {
		return false, fmt.Errorf("needs attention: %w", err)
	}
	return flag, nil
}

// SatisfactionCounts counts the vendor's current ratings (one per rated
// case) per agent who solved the case and per component category, most
// rated first. Names are the agents'; categories are named by the console.
func (db *DB) SatisfactionCounts(ctx context.Context, vendorID string) (servercore.SatisfactionCounts, error) {
	out := servercore.SatisfactionCounts{ByAgent: []servercore.SatisfactionRow{}, ByCategory: []servercore.SatisfactionRow{}}
	read := func(q string, dst *[]servercore.SatisfactionRow) error {
		rows, err := db.read.QueryContext(ctx, q, vendorID)
		if err != nil {
			return fmt.Errorf("satisfaction counts: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var r servercore.SatisfactionRow
			if err := rows.Scan(&r.Key, &r.Name, &r.Satisfied, &r.NotSatisfied); err != nil {
				return fmt.Errorf("satisfaction counts: %w", err)
			}
			*dst = append(*dst, r)
		}
		return rows.Err()
	}
	const counts = `sum(s.rating = 'satisfied') AS yes, sum(s.rating = 'not_satisfied') AS no`
	if err := read(`SELECT coalesce(s.agent_id, ''), coalesce(p.name, ''), `+counts+`
		FROM case_satisfaction s LEFT JOIN person p ON p.id = s.agent_id
		WHERE s.vendor_id = ? GROUP BY s.agent_id ORDER BY yes + no DESC, p.name, s.agent_id`, &out.ByAgent); err != nil {
		return out, err
	}
	if err := read(`SELECT c.category_id, '', `+counts+`
		FROM case_satisfaction s JOIN support_case c ON c.id = s.case_id
		WHERE s.vendor_id = ? GROUP BY c.category_id ORDER BY yes + no DESC, c.category_id`, &out.ByCategory); err != nil {
		return out, err
	}
	for _, r := range out.ByCategory {
		out.Satisfied += r.Satisfied
		out.NotSatisfied += r.NotSatisfied
	}
	return out, nil
}
