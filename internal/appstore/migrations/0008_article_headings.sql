-- Headings as a search field of their own (BM25F: title, summary,
-- headings, body, tags, each with its weight and length normalisation).
-- headings_text holds the article's headings, one a line, extracted at
-- import; the body text keeps them too, for snippets. kb_headings() is the
-- import's extraction, registered on every connection (db.go).
ALTER TABLE kb_article ADD COLUMN headings_text TEXT NOT NULL DEFAULT '';
UPDATE kb_article SET headings_text = kb_headings(body, body_format);

-- kb_fts gains the column: FTS5 tables cannot add one, so it is made anew
-- and rebuilt from kb_article (its external content).
DROP TRIGGER kb_article_ad;
DROP TRIGGER kb_article_au;
DROP TABLE kb_vocab;
DROP TABLE kb_fts;
CREATE VIRTUAL TABLE kb_fts USING fts5 (
    title, summary, headings_text, body_text, tags_text, vis,
    content = 'kb_article', content_rowid = 'rowid',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE kb_vocab USING fts5vocab (kb_fts, 'row');
INSERT INTO kb_fts (kb_fts, rank) VALUES ('automerge', 8);
INSERT INTO kb_fts (kb_fts, rank) VALUES ('crisismerge', 32);
INSERT INTO kb_fts (kb_fts) VALUES ('rebuild');

CREATE TRIGGER kb_article_ad AFTER DELETE ON kb_article BEGIN
    INSERT INTO kb_fts (kb_fts, rowid, title, summary, headings_text, body_text, tags_text, vis)
    VALUES ('delete', old.rowid, old.title, old.summary, old.headings_text, old.body_text, old.tags_text, old.vis);
    INSERT INTO kb_head (kb_head, rowid, title, summary, tags_text, vis)
    VALUES ('delete', old.rowid, old.title, old.summary, old.tags_text, old.vis);
END;
CREATE TRIGGER kb_article_au AFTER UPDATE OF title, summary, headings_text, body_text, tags_text, vis ON kb_article BEGIN
    INSERT INTO kb_fts (kb_fts, rowid, title, summary, headings_text, body_text, tags_text, vis)
    VALUES ('delete', old.rowid, old.title, old.summary, old.headings_text, old.body_text, old.tags_text, old.vis);
    INSERT INTO kb_fts (rowid, title, summary, headings_text, body_text, tags_text, vis)
    VALUES (new.rowid, new.title, new.summary, new.headings_text, new.body_text, new.tags_text, new.vis);
    INSERT INTO kb_head (kb_head, rowid, title, summary, tags_text, vis)
    VALUES ('delete', old.rowid, old.title, old.summary, old.tags_text, old.vis);
    INSERT INTO kb_head (rowid, title, summary, tags_text, vis)
    VALUES (new.rowid, new.title, new.summary, new.tags_text, new.vis);
END;
