-- Knowledge base: categories, articles (one row per language version), a
-- full-text index over them, reader feedback and recently viewed articles.

-- Category tree. path is the language-neutral key used by imports
-- ("Cases/Attachments"); names are per UI language, empty = use name_en.
CREATE TABLE kb_category (
    id         TEXT    PRIMARY KEY,                 -- UUIDv7
    parent_id  TEXT    REFERENCES kb_category (id) ON DELETE CASCADE,
    path       TEXT    NOT NULL UNIQUE,
    name_en    TEXT    NOT NULL,
    name_de    TEXT    NOT NULL DEFAULT '',
    position   INTEGER NOT NULL DEFAULT 0,
    created_at TEXT    NOT NULL,
    updated_at TEXT    NOT NULL
);
CREATE INDEX kb_category_parent ON kb_category (parent_id, position);

-- Articles. Translations of one article share source_id and differ in locale.
-- The integer rowid is what the FTS index points at; id is the public ID.
CREATE TABLE kb_article (
    rowid        INTEGER PRIMARY KEY,
    id           TEXT    NOT NULL UNIQUE,           -- UUIDv7
    source_id    TEXT    NOT NULL,                  -- stable ID from the import source
    locale       TEXT    NOT NULL,                  -- 'en', 'de', ...
    category_id  TEXT    REFERENCES kb_category (id) ON DELETE SET NULL,
    title        TEXT    NOT NULL,
    summary      TEXT    NOT NULL DEFAULT '',
    body         TEXT    NOT NULL DEFAULT '',       -- Markdown, or sanitized HTML
    body_format  TEXT    NOT NULL DEFAULT 'markdown' CHECK (body_format IN ('markdown', 'html')),
    body_text    TEXT    NOT NULL DEFAULT '',       -- plain text of body, for the index
    tags         TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(tags)),
    tags_text    TEXT    NOT NULL DEFAULT '',       -- tags joined by spaces, for the index
    vis          TEXT    NOT NULL DEFAULT '',       -- filter tokens for the index (see kb_fts)
    content_hash TEXT    NOT NULL,                  -- detects unchanged re-imports
    published_at TEXT    NOT NULL,
    updated_at   TEXT    NOT NULL,
    version      INTEGER NOT NULL DEFAULT 1,
    UNIQUE (source_id, locale)
);
CREATE INDEX kb_article_category ON kb_article (category_id, locale, title);
CREATE INDEX kb_article_locale ON kb_article (locale);

-- Full-text index over the article columns (external content: the text is
-- stored once, in kb_article). unicode61 with diacritics removed works for
-- every language; stemming and typo correction happen in Go at query time
-- by expanding query words against the index vocabulary, so the index
-- keeps surface forms that snippets can highlight.
-- vis holds filter tokens: "kbhideXX" for each UI language the row is not
-- shown in (a translation exists, or it is a translation into another
-- language) and "kbcatHEX" for its category and each ancestor. Filtering
-- inside the index avoids joining every match to kb_article, which is what
-- keeps searches over 100,000 articles within a few milliseconds.
CREATE VIRTUAL TABLE kb_fts USING fts5 (
    title, summary, body_text, tags_text, vis,
    content = 'kb_article', content_rowid = 'rowid',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE kb_vocab USING fts5vocab (kb_fts, 'row');

-- A second, small index over the short fields only. FTS5 column filters
-- still walk a word's whole doclist, so asking kb_fts for "title matches of
-- a common word" costs as much as finding all its body matches; kb_head
-- answers the same question from doclists a fraction of the size. Search
-- ranks its hits first and only consults kb_fts for body-only matches.
CREATE VIRTUAL TABLE kb_head USING fts5 (
    title, summary, tags_text, vis,
    content = 'kb_article', content_rowid = 'rowid',
    tokenize = 'unicode61 remove_diacritics 2'
);
-- Merge index segments in larger steps: imports of thousands of articles
-- run ~20% faster, and queries see no measurable difference.
INSERT INTO kb_fts (kb_fts, rank) VALUES ('automerge', 8);
INSERT INTO kb_fts (kb_fts, rank) VALUES ('crisismerge', 32);

-- New articles are indexed by the importer in one statement per batch
-- (importer.indexPending), not by an insert trigger: FTS5 flushes its
-- pending terms to a new segment at every statement savepoint, so a
-- trigger made one segment per article and merging them dominated imports.
-- Whatever inserts into kb_article must index the rows itself.
CREATE TRIGGER kb_article_ad AFTER DELETE ON kb_article BEGIN
    INSERT INTO kb_fts (kb_fts, rowid, title, summary, body_text, tags_text, vis)
    VALUES ('delete', old.rowid, old.title, old.summary, old.body_text, old.tags_text, old.vis);
    INSERT INTO kb_head (kb_head, rowid, title, summary, tags_text, vis)
    VALUES ('delete', old.rowid, old.title, old.summary, old.tags_text, old.vis);
END;
CREATE TRIGGER kb_article_au AFTER UPDATE OF title, summary, body_text, tags_text, vis ON kb_article BEGIN
    INSERT INTO kb_fts (kb_fts, rowid, title, summary, body_text, tags_text, vis)
    VALUES ('delete', old.rowid, old.title, old.summary, old.body_text, old.tags_text, old.vis);
    INSERT INTO kb_fts (rowid, title, summary, body_text, tags_text, vis)
    VALUES (new.rowid, new.title, new.summary, new.body_text, new.tags_text, new.vis);
    INSERT INTO kb_head (kb_head, rowid, title, summary, tags_text, vis)
    VALUES ('delete', old.rowid, old.title, old.summary, old.tags_text, old.vis);
    INSERT INTO kb_head (rowid, title, summary, tags_text, vis)
    VALUES (new.rowid, new.title, new.summary, new.tags_text, new.vis);
END;

-- "Was this article helpful?" votes; each is also queued in the outbox.
CREATE TABLE kb_feedback (
    id         TEXT    PRIMARY KEY,                 -- UUIDv7
    article_id TEXT    NOT NULL REFERENCES kb_article (id) ON DELETE CASCADE,
    helpful    INTEGER NOT NULL CHECK (helpful IN (0, 1)),
    created_at TEXT    NOT NULL
);
CREATE INDEX kb_feedback_article ON kb_feedback (article_id);

-- Recently viewed articles, one row per article, newest first by viewed_at.
CREATE TABLE kb_recent (
    article_id TEXT PRIMARY KEY REFERENCES kb_article (id) ON DELETE CASCADE,
    viewed_at  TEXT NOT NULL
);
CREATE INDEX kb_recent_viewed ON kb_recent (viewed_at);

-- generation changes with every import that changed an article, so that a
-- process holding a search vocabulary in memory notices changes made by
-- another process (the command line while the app runs) and rebuilds it.
CREATE TABLE kb_meta (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    generation INTEGER NOT NULL DEFAULT 0
);
INSERT INTO kb_meta (id) VALUES (1);
