-- The central server's store. Times are UTC text in a fixed-width format so
-- that string order is time order (as on the desktop). IDs are UUIDs; a
-- case keeps the UUID the desktop chose, next to the number this server
-- assigns.

-- A vendor whose customers use the portal. profile and categories are the
-- JSON the apps receive. next_case_number is the per-vendor case counter;
-- it is read and bumped in the transaction that creates the case, so
-- numbers are sequential with no gaps or duplicates.
CREATE TABLE vendor (
    id               TEXT PRIMARY KEY,
    slug             TEXT NOT NULL UNIQUE,
    profile          TEXT NOT NULL CHECK (json_valid(profile)),
    categories       TEXT NOT NULL CHECK (json_valid(categories)),
    next_case_number INTEGER NOT NULL DEFAULT 1,
    created_at       TEXT NOT NULL
);

-- A customer company. Trial companies exist (their people are known) but
-- may not sign in to the portal.
CREATE TABLE company (
    id         TEXT PRIMARY KEY,
    vendor_id  TEXT NOT NULL REFERENCES vendor (id),
    name       TEXT NOT NULL,
    domain     TEXT NOT NULL DEFAULT '',
    status     TEXT NOT NULL CHECK (status IN ('active', 'trial')),
    created_at TEXT NOT NULL
);
CREATE INDEX company_vendor ON company (vendor_id);

-- A person who may sign in: a customer of a company (with their role in
-- the vendor's product) or a support agent of the vendor (no company).
-- email is stored lower-cased; password_hash is an argon2id PHC string,
-- '' until the person has set a password.
CREATE TABLE person (
    id            TEXT PRIMARY KEY,
    vendor_id     TEXT NOT NULL REFERENCES vendor (id),
    company_id    TEXT REFERENCES company (id),
    kind          TEXT NOT NULL CHECK (kind IN ('customer', 'agent')),
    email         TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    product_role  TEXT NOT NULL DEFAULT '' CHECK (product_role IN ('', 'account_owner', 'administrator', 'other')),
    portal_access TEXT NOT NULL DEFAULT 'active' CHECK (portal_access IN ('active', 'deactivated')),
    password_hash TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    CHECK ((kind = 'agent') = (company_id IS NULL))
);
CREATE INDEX person_company ON person (company_id);

-- One-time set-password tokens (invitation or forgot password). Only the
-- SHA-256 of the token is kept, so a copy of the database cannot be used
-- to take over an account.
CREATE TABLE password_token (
    token_hash TEXT PRIMARY KEY,
    person_id  TEXT NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    purpose    TEXT NOT NULL CHECK (purpose IN ('invite', 'reset')),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at    TEXT
);
CREATE INDEX password_token_person ON password_token (person_id);

-- Signed-in sessions, by SHA-256 of the bearer token.
CREATE TABLE session (
    token_hash  TEXT PRIMARY KEY,
    person_id   TEXT NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    remote_addr TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL
);
CREATE INDEX session_person ON session (person_id);

-- The change sequence: every write to a case or comment takes the next
-- value in its own transaction. SQLite serializes writers, so values
-- commit in order and a reader paging by "seq > cursor" never skips a
-- row that commits late.
CREATE TABLE change_seq (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    value INTEGER NOT NULL
);
INSERT INTO change_seq (id, value) VALUES (1, 0);

CREATE TABLE support_case (
    id             TEXT PRIMARY KEY,              -- UUID chosen by the device
    vendor_id      TEXT NOT NULL REFERENCES vendor (id),
    company_id     TEXT NOT NULL REFERENCES company (id),
    number         INTEGER NOT NULL,
    author_id      TEXT NOT NULL REFERENCES person (id),
    subject        TEXT NOT NULL,
    category_id    TEXT NOT NULL,
    subcategory_id TEXT NOT NULL,
    description    TEXT NOT NULL,
    priority       TEXT NOT NULL CHECK (priority IN ('low', 'medium', 'high', 'urgent')),
    status         TEXT NOT NULL CHECK (status IN ('new', 'in_progress', 'waiting_on_customer', 'solved', 'closed')),
    solution       TEXT NOT NULL DEFAULT '',
    follow_up_of   TEXT NOT NULL DEFAULT '',
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    seq            INTEGER NOT NULL,
    UNIQUE (vendor_id, number)
);
CREATE INDEX support_case_company_updated ON support_case (company_id, updated_at);
CREATE INDEX support_case_company_seq ON support_case (company_id, seq);

-- The conversation, append-only. company_id is copied from the case so
-- that the changes feed filters without a join.
CREATE TABLE case_comment (
    id          TEXT PRIMARY KEY,
    case_id     TEXT NOT NULL REFERENCES support_case (id),
    company_id  TEXT NOT NULL REFERENCES company (id),
    author_id   TEXT NOT NULL REFERENCES person (id),
    author_kind TEXT NOT NULL CHECK (author_kind IN ('customer', 'support')),
    author_name TEXT NOT NULL,
    body        TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    seq         INTEGER NOT NULL
);
CREATE INDEX case_comment_case ON case_comment (case_id, created_at);
CREATE INDEX case_comment_company_seq ON case_comment (company_id, seq);

-- Attachment metadata; the bytes are uploaded separately (later work).
CREATE TABLE attachment (
    id         TEXT PRIMARY KEY,
    case_id    TEXT NOT NULL REFERENCES support_case (id),
    comment_id TEXT REFERENCES case_comment (id),
    name       TEXT NOT NULL,
    size       INTEGER NOT NULL CHECK (size > 0),
    sha256     TEXT NOT NULL CHECK (length(sha256) = 64),
    mime_type  TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE INDEX attachment_case ON attachment (case_id, comment_id);

CREATE TABLE case_status_history (
    id          INTEGER PRIMARY KEY,
    case_id     TEXT NOT NULL REFERENCES support_case (id),
    from_status TEXT NOT NULL,
    to_status   TEXT NOT NULL,
    actor_id    TEXT NOT NULL REFERENCES person (id),
    at          TEXT NOT NULL
);
CREATE INDEX case_status_history_case ON case_status_history (case_id, id);

-- "This article solved my problem" before a case was sent.
CREATE TABLE deflection (
    id          TEXT PRIMARY KEY,
    company_id  TEXT NOT NULL REFERENCES company (id),
    person_id   TEXT NOT NULL REFERENCES person (id),
    article_id  TEXT NOT NULL,
    source_id   TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    received_at TEXT NOT NULL
);

-- "Was this article helpful?" votes.
CREATE TABLE article_feedback (
    id          TEXT PRIMARY KEY,
    company_id  TEXT NOT NULL REFERENCES company (id),
    person_id   TEXT NOT NULL REFERENCES person (id),
    article_id  TEXT NOT NULL,
    source_id   TEXT NOT NULL DEFAULT '',
    locale      TEXT NOT NULL DEFAULT '',
    helpful     INTEGER NOT NULL CHECK (helpful IN (0, 1)),
    created_at  TEXT NOT NULL,
    received_at TEXT NOT NULL
);

-- Every outbox mutation this server has answered, with the answer: a push
-- retried after a lost response finds its mutations here and gets the
-- same answers without changing anything again.
CREATE TABLE applied_mutation (
    id         TEXT PRIMARY KEY,
    company_id TEXT NOT NULL REFERENCES company (id),
    person_id  TEXT NOT NULL REFERENCES person (id),
    kind       TEXT NOT NULL,
    result     TEXT NOT NULL CHECK (json_valid(result)),
    created_at TEXT NOT NULL
);
