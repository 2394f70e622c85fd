-- The knowledge base the Support team publishes. Articles are written in
-- Markdown; the apps and the console render them through the sanitizer in
-- internal/markdown, so nothing stored here is trusted as HTML.

-- Category tree of a vendor's knowledge base. position orders siblings.
CREATE TABLE kb_category (
    id         TEXT PRIMARY KEY,
    vendor_id  TEXT NOT NULL REFERENCES vendor (id),
    parent_id  TEXT REFERENCES kb_category (id),
    name_en    TEXT NOT NULL,
    name_de    TEXT NOT NULL DEFAULT '',
    position   INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    seq        INTEGER NOT NULL,
    CHECK (parent_id IS NULL OR parent_id <> id)
);
CREATE INDEX kb_category_vendor ON kb_category (vendor_id, parent_id, position);

-- One language version of an article. (source_id, locale) identifies it
-- across edits and imports, like on the desktop; version counts edits so
-- that two agents editing at once do not overwrite each other. seq comes
-- from change_seq, so apps can page GET /v1/kb/articles?since= without
-- missing an article that commits late. from_case_id is the case whose
-- solution the article was published from.
CREATE TABLE kb_article (
    id           TEXT PRIMARY KEY,
    vendor_id    TEXT NOT NULL REFERENCES vendor (id),
    source_id    TEXT NOT NULL,
    locale       TEXT NOT NULL,
    title        TEXT NOT NULL,
    summary      TEXT NOT NULL DEFAULT '',
    body         TEXT NOT NULL,
    category_id  TEXT REFERENCES kb_category (id),
    tags         TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(tags)),
    published_at TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    version      INTEGER NOT NULL DEFAULT 1,
    from_case_id TEXT REFERENCES support_case (id),
    seq          INTEGER NOT NULL,
    UNIQUE (vendor_id, source_id, locale)
);
CREATE INDEX kb_article_vendor_seq ON kb_article (vendor_id, seq);
CREATE INDEX kb_article_category ON kb_article (category_id);

-- The article a case's solution was published as, so the apps can link
-- "Solution" to it.
ALTER TABLE support_case ADD COLUMN solution_article_id TEXT NOT NULL DEFAULT '';

-- The console's queue filters by status across companies, oldest waiting first.
CREATE INDEX support_case_vendor_status_updated ON support_case (vendor_id, status, updated_at);
