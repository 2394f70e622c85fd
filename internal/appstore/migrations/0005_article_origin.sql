-- Which support server an article or category came from ('' for one
-- imported from files on this computer), so that signing in to another
-- server removes the previous vendor's knowledge base and nothing else.
ALTER TABLE kb_article ADD COLUMN origin TEXT NOT NULL DEFAULT '';
ALTER TABLE kb_category ADD COLUMN origin TEXT NOT NULL DEFAULT '';
CREATE INDEX kb_article_origin ON kb_article (origin) WHERE origin <> '';
