-- Personal settings of the person using this app. One row: the store is
-- per OS user (and per data directory), so there is only one person.
CREATE TABLE settings (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    language   TEXT    NOT NULL DEFAULT 'en',
    locale     TEXT    NOT NULL DEFAULT '',      -- '' = follow the OS
    time_zone  TEXT    NOT NULL DEFAULT '',      -- '' = follow the OS
    theme      TEXT    NOT NULL DEFAULT 'system',
    created_at TEXT    NOT NULL,                 -- UTC, RFC 3339
    updated_at TEXT    NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1
);
INSERT INTO settings (id, created_at, updated_at)
VALUES (1, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));

-- Small pieces of device state (window geometry, last screen) that never sync.
CREATE TABLE app_state (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- The vendor profile as last delivered by the server (JSON); absent until
-- the first sync, when built-in defaults apply.
CREATE TABLE vendor_profile (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    profile    TEXT NOT NULL CHECK (json_valid(profile)),
    updated_at TEXT NOT NULL
);

-- Local mutations waiting to reach the central server, in the order they were
-- made. The mutation ID is a UUIDv7 chosen here; the server applies each ID at
-- most once, so a push retried after a lost response changes nothing twice.
-- A mutation leaves the outbox only when the server has answered for it.
CREATE TABLE outbox (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,   -- local order, never reused
    id         TEXT    NOT NULL UNIQUE,             -- mutation UUIDv7
    kind       TEXT    NOT NULL,                    -- e.g. case.create, comment.add
    entity_id  TEXT    NOT NULL,                    -- local UUID of the row it changes
    payload    TEXT    NOT NULL CHECK (json_valid(payload)),
    state      TEXT    NOT NULL DEFAULT 'pending'
               CHECK (state IN ('pending', 'rejected')),
    attempts   INTEGER NOT NULL DEFAULT 0,
    last_error TEXT    NOT NULL DEFAULT '',
    created_at TEXT    NOT NULL,
    updated_at TEXT    NOT NULL
);
CREATE INDEX outbox_entity ON outbox (entity_id);

-- Where pull left off with each server: an opaque server-side cursor. Keyed by
-- server and account so that switching either never mixes two accounts' data.
CREATE TABLE sync_state (
    server_url   TEXT NOT NULL,
    account_id   TEXT NOT NULL,
    cursor       TEXT NOT NULL DEFAULT '',
    last_sync_at TEXT,
    last_error   TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (server_url, account_id)
);
