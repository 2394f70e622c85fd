-- The support server's popularity prior of an article (0..1, from how often
-- customers' votes and "This solved my problem" said it helped). Search
-- multiplies an article's text score by at most 1 + popularityBonus, so
-- among equally good matches the one that solves problems comes first.
ALTER TABLE kb_article ADD COLUMN popularity REAL NOT NULL DEFAULT 0 CHECK (popularity >= 0 AND popularity <= 1);
