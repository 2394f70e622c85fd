-- An article's popularity prior (0..1), recomputed from the deflections and
-- helpful votes of the vendor's companies whenever one arrives and shipped
-- with the article in the feed (a changed prior moves the article up the
-- feed), so the apps rank articles that solve problems slightly higher.
ALTER TABLE kb_article ADD COLUMN popularity REAL NOT NULL DEFAULT 0 CHECK (popularity >= 0 AND popularity <= 1);
CREATE INDEX deflection_source ON deflection (source_id);
CREATE INDEX deflection_article ON deflection (article_id);
CREATE INDEX article_feedback_source ON article_feedback (source_id);
CREATE INDEX article_feedback_article ON article_feedback (article_id);
