-- The support server's popularity prior of an article (0..1, from how often
-- customers' votes and "This solved my problem" said it helped). Search
-- multiplies an article's text score by at most 1 + popularityBonus, so
-- among equally good matches the one that solves problems comes first.
ALTER TABLE kb_article ADD COLUMN popularity REAL NOT NULL DEFAULT 0 CHECK (popularity >= 0 AND popularity <= 1);
-- Search asks for the highest prior (what an article not yet ranked could
-- gain); in a knowledge base without priors this index is empty.
CREATE INDEX kb_article_popularity ON kb_article (popularity) WHERE popularity > 0;
