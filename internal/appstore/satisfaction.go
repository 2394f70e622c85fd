package appstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"supportportal/internal/portal"
	"supportportal/internal/syncproto"
)

// RateCase records the customer's satisfaction with a Solved case and
// queues it for the server (case.rate), offline like everything else. A
// rating again replaces the last one, here and on the server, until the
// case is Closed; a refused rating it replaces leaves the outbox.
func (c *Cases) RateCase(ctx context.Context, caseID, rating, comment string) (portal.CaseDetail, error) {
	comment = portal.NormalizeRatingComment(comment)
	if err := portal.ValidateRating(rating, comment); err != nil {
		return portal.CaseDetail{}, err
	}
	tx, err := c.db.db.BeginTx(ctx, nil)
	if err != nil {
		return portal.CaseDetail{}, fmt.Errorf("rate case: %w", err)
	}
	defer tx.Rollback()
	var status string
	err = tx.QueryRowContext(ctx, `SELECT status FROM support_case WHERE id = ?`, caseID).Scan(&status)
	if errors.Is(err, sql.ErrNoRows) {
		return portal.CaseDetail{}, caseNotFound(caseID)
	} else if err != nil {
		return portal.CaseDetail{}, fmt.Errorf("rate case: %w", err)
	}
	if err := portal.CanRate(status); err != nil {
		return portal.CaseDetail{}, err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM outbox WHERE kind = ? AND entity_id = ? AND state = 'rejected'`,
		syncproto.KindCaseRate, caseID); err != nil {
		return portal.CaseDetail{}, fmt.Errorf("rate case: %w", err)
	}
	now := c.db.now()
	if err := queue(ctx, tx, caseID, &syncproto.CaseRate{CaseID: caseID, Rating: rating, Comment: comment, RatedAt: now}, now); err != nil {
		return portal.CaseDetail{}, err
	}
	if err := tx.Commit(); err != nil {
		return portal.CaseDetail{}, fmt.Errorf("rate case: %w", err)
	}
	return c.Case(ctx, caseID)
}

// satisfaction fills in a case's rating: the latest one waiting in the
// outbox, else the server's (and why the server refused the last one
// given here, if it did).
func (c *Cases) satisfaction(ctx context.Context, d *portal.CaseDetail, rating, comment, ratedAt, ratedBy string) error {
	if rating != "" {
		d.Satisfaction = &portal.Satisfaction{Rating: rating, Comment: comment, RatedAt: parseTime(ratedAt), RatedByName: ratedBy}
	}
	rows, err := c.db.db.QueryContext(ctx, `SELECT payload, state, last_error FROM outbox WHERE kind = ? AND entity_id = ?
		ORDER BY state = 'pending' DESC, seq DESC LIMIT 1`, syncproto.KindCaseRate, d.ID)
	if err != nil {
		return fmt.Errorf("read rating: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var payload, state, lastErr string
		if err := rows.Scan(&payload, &state, &lastErr); err != nil {
			return fmt.Errorf("read rating: %w", err)
		}
		if state == "rejected" {
			var pe portal.Error
			if json.Unmarshal([]byte(lastErr), &pe) == nil && pe.Code != "" {
				d.SatisfactionRefused = &pe
			}
			continue
		}
		var p syncproto.CaseRate
		if err := json.Unmarshal([]byte(payload), &p); err != nil {
			return fmt.Errorf("read rating: %w", err)
		}
		d.Satisfaction = &portal.Satisfaction{Rating: p.Rating, Comment: p.Comment, RatedAt: parseTime(p.RatedAt)}
		d.SatisfactionPending = true
	}
	d.CanRate = portal.CanRate(d.Status) == nil
	return rows.Err()
}

// applyRated shows a rating the server accepted until the changes feed
// brings the case itself (with the rater's name as the server knows it).
func applyRated(ctx context.Context, tx *sql.Tx, mutationID string) error {
	var payload string
	if err := tx.QueryRowContext(ctx, `SELECT payload FROM outbox WHERE id = ?`, mutationID).Scan(&payload); err != nil {
		return fmt.Errorf("apply rating: %w", err)
	}
	var p syncproto.CaseRate
	if err := json.Unmarshal([]byte(payload), &p); err != nil {
		return fmt.Errorf("apply rating: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE support_case SET rating = ?, rating_comment = ?, rated_at = ?, rated_by_name = '' WHERE id = ?`,
		p.Rating, p.Comment, p.RatedAt, p.CaseID); err != nil {
		return fmt.Errorf("apply rating: %w", err)
	}
	return nil
}

// remoteRating is a case's rating as the server sends it, as columns: none
// for a rating this app does not know.
func remoteRating(s *portal.Satisfaction) (rating, comment, ratedAt, ratedBy string) {
	if s == nil || portal.ValidateRating(s.Rating, s.Comment) != nil {
		return "", "", "", ""
	}
	return s.Rating, s.Comment, s.RatedAt.UTC().Format(TimeFormat), s.RatedByName
}

// DismissRating removes the refused ratings of a case from the outbox once
// the user has read why; a rating still waiting to be sent stays.
func (c *Cases) DismissRating(ctx context.Context, caseID string) (portal.CaseDetail, error) {
	if _, err := c.db.db.ExecContext(ctx, `DELETE FROM outbox WHERE kind = ? AND entity_id = ? AND state = 'rejected'`,
		syncproto.KindCaseRate, caseID); err != nil {
		return portal.CaseDetail{}, fmt.Errorf("dismiss rating: %w", err)
	}
	return c.Case(ctx, caseID)
}
