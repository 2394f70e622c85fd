package appstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"supportportal/internal/syncproto"
)

// Feedback records whether an article helped and queues the vote in the
// outbox (kind "article.feedback") for the server.
func (k *Knowledge) Feedback(ctx context.Context, articleID string, helpful bool) error {
	articleID = strings.TrimSpace(articleID)
	tx, err := k.db.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("article feedback: %w", err)
	}
	defer tx.Rollback()
	var sourceID, locale string
	err = tx.QueryRowContext(ctx, `SELECT source_id, locale FROM kb_article WHERE id = ?`, articleID).Scan(&sourceID, &locale)
	if errors.Is(err, sql.ErrNoRows) {
		return articleNotFound(articleID)
	} else if err != nil {
		return fmt.Errorf("article feedback: %w", err)
	}
	now := k.db.now()
	id := newID()
	if _, err := tx.ExecContext(ctx, `INSERT INTO kb_feedback (id, article_id, helpful, created_at) VALUES (?, ?, ?, ?)`,
		id, articleID, helpful, now); err != nil {
		return fmt.Errorf("article feedback: %w", err)
	}
	if err := queue(ctx, tx, id, &syncproto.ArticleFeedback{
		FeedbackID: id, ArticleID: articleID, SourceID: sourceID, Locale: locale,
		Helpful: helpful, CreatedAt: now,
	}, now); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("article feedback: %w", err)
	}
	return nil
}
