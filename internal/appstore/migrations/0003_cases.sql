-- Cases: drafts written on this device, cases (sent or waiting to send),
-- their conversation, attachments and status history, and deflections
-- ("this article solved my problem").

-- A case being written. Saved on every keystroke pause; discarded drafts are
-- kept (discarded_at set) so that Undo can bring them back.
CREATE TABLE case_draft (
    id             TEXT PRIMARY KEY,           -- UUIDv7
    subject        TEXT NOT NULL DEFAULT '',
    category_id    TEXT NOT NULL DEFAULT '',
    subcategory_id TEXT NOT NULL DEFAULT '',
    description    TEXT NOT NULL DEFAULT '',
    priority       TEXT NOT NULL DEFAULT 'medium',
    follow_up_of   TEXT NOT NULL DEFAULT '',   -- case id, '' when none
    discarded_at   TEXT,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    version        INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX case_draft_updated ON case_draft (discarded_at, updated_at);

-- A case of the company. number is assigned by the server (0 = not sent
-- yet); status, solution and solution_article_id are owned by the server.
CREATE TABLE support_case (
    rowid_         INTEGER PRIMARY KEY,        -- FTS rowid; never leaves the device
    id             TEXT NOT NULL UNIQUE,       -- UUIDv7 chosen by the device that created it
    number         INTEGER NOT NULL DEFAULT 0,
    mine           INTEGER NOT NULL DEFAULT 0, -- opened by the person using this app
    author_name    TEXT NOT NULL DEFAULT '',
    subject        TEXT NOT NULL,
    category_id    TEXT NOT NULL,
    subcategory_id TEXT NOT NULL,
    description    TEXT NOT NULL,
    priority       TEXT NOT NULL CHECK (priority IN ('low', 'medium', 'high', 'urgent')),
    status         TEXT NOT NULL CHECK (status IN ('waiting_to_send', 'new', 'in_progress',
                                                   'waiting_on_customer', 'solved', 'closed')),
    solution            TEXT NOT NULL DEFAULT '',
    solution_article_id TEXT NOT NULL DEFAULT '',
    follow_up_of   TEXT NOT NULL DEFAULT '',
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    version        INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX support_case_updated  ON support_case (updated_at);
CREATE INDEX support_case_status   ON support_case (status, updated_at);
CREATE INDEX support_case_mine     ON support_case (mine, updated_at);
CREATE INDEX support_case_number   ON support_case (number);
CREATE INDEX support_case_priority ON support_case (CASE priority WHEN 'low' THEN 0 WHEN 'medium' THEN 1 WHEN 'high' THEN 2 ELSE 3 END, updated_at);

-- Full-text index over subject and description (external content: the text
-- lives once, in support_case).
CREATE VIRTUAL TABLE case_fts USING fts5 (
    subject, description,
    content = 'support_case', content_rowid = 'rowid_',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER support_case_ai AFTER INSERT ON support_case BEGIN
    INSERT INTO case_fts (rowid, subject, description) VALUES (new.rowid_, new.subject, new.description);
END;
CREATE TRIGGER support_case_ad AFTER DELETE ON support_case BEGIN
    INSERT INTO case_fts (case_fts, rowid, subject, description) VALUES ('delete', old.rowid_, old.subject, old.description);
END;
CREATE TRIGGER support_case_au AFTER UPDATE OF subject, description ON support_case BEGIN
    INSERT INTO case_fts (case_fts, rowid, subject, description) VALUES ('delete', old.rowid_, old.subject, old.description);
    INSERT INTO case_fts (rowid, subject, description) VALUES (new.rowid_, new.subject, new.description);
END;

-- The conversation: append-only. pending = still in the outbox.
CREATE TABLE case_comment (
    id          TEXT PRIMARY KEY,
    case_id     TEXT NOT NULL REFERENCES support_case (id) ON DELETE CASCADE,
    author_kind TEXT NOT NULL CHECK (author_kind IN ('customer', 'support')),
    author_name TEXT NOT NULL DEFAULT '',
    body        TEXT NOT NULL,
    pending     INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL
);
CREATE INDEX case_comment_case ON case_comment (case_id, created_at);

-- The comment being written on a case, saved as it is typed.
CREATE TABLE case_comment_draft (
    case_id    TEXT PRIMARY KEY REFERENCES support_case (id) ON DELETE CASCADE,
    body       TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE case_status_history (
    id          INTEGER PRIMARY KEY,
    case_id     TEXT NOT NULL REFERENCES support_case (id) ON DELETE CASCADE,
    from_status TEXT NOT NULL,
    to_status   TEXT NOT NULL,
    at          TEXT NOT NULL
);
CREATE INDEX case_status_history_case ON case_status_history (case_id, id);

-- Attachments of drafts, cases, comments, and the comment being written
-- ('comment_draft', owner = case id). The bytes live in the blob store under
-- sha256.
CREATE TABLE attachment (
    id         TEXT PRIMARY KEY,
    owner_kind TEXT NOT NULL CHECK (owner_kind IN ('draft', 'case', 'comment', 'comment_draft')),
    owner_id   TEXT NOT NULL,
    name       TEXT NOT NULL,
    size       INTEGER NOT NULL CHECK (size > 0),
    sha256     TEXT NOT NULL CHECK (length(sha256) = 64),
    mime_type  TEXT NOT NULL DEFAULT '',
    thumbnail  TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE INDEX attachment_owner ON attachment (owner_kind, owner_id, created_at);
CREATE INDEX attachment_sha ON attachment (sha256);

-- "This solved my problem": counted and sent to the vendor.
CREATE TABLE deflection (
    id         TEXT PRIMARY KEY,
    draft_id   TEXT NOT NULL,
    article_id TEXT NOT NULL,
    created_at TEXT NOT NULL
);
