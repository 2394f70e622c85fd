-- Portal-user management: requests for new users (from a signed-in
-- customer, or from someone without a login), and the audit log of every
-- change to a company's portal users. Self-contained: it relies on no
-- other migration but the initial schema, so it can be renumbered.

-- When a person last signed in, for the company's list of its users.
ALTER TABLE person ADD COLUMN last_sign_in_at TEXT;

-- "Request New Customer Portal User" from a signed-in customer of the
-- company. The id is chosen by the device, so a request queued offline and
-- pushed twice is stored once. person_id is the user an approval created.
CREATE TABLE portal_user_request (
    id           TEXT PRIMARY KEY,
    vendor_id    TEXT NOT NULL REFERENCES vendor (id),
    company_id   TEXT NOT NULL REFERENCES company (id),
    first_name   TEXT NOT NULL,
    last_name    TEXT NOT NULL,
    email        TEXT NOT NULL,
    product_role TEXT NOT NULL,
    requested_by TEXT NOT NULL REFERENCES person (id),
    status       TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
    reason       TEXT NOT NULL DEFAULT '',
    person_id    TEXT REFERENCES person (id),
    decided_by   TEXT REFERENCES person (id),
    decided_at   TEXT,
    created_at   TEXT NOT NULL
);
CREATE INDEX portal_user_request_company ON portal_user_request (company_id, status, created_at);
CREATE INDEX portal_user_request_vendor ON portal_user_request (vendor_id, status, created_at);

-- The documents' "email portal access" path: someone without a login asks
-- for access from the sign-in screen. The company is what they typed; the
-- agent who approves picks the company record (company_id). Only the
-- SHA-256 of the requester's status token is kept.
CREATE TABLE access_request (
    id             TEXT PRIMARY KEY,
    vendor_id      TEXT NOT NULL REFERENCES vendor (id),
    name           TEXT NOT NULL,
    company        TEXT NOT NULL,
    email          TEXT NOT NULL,
    product_domain TEXT NOT NULL DEFAULT '',
    title          TEXT NOT NULL,
    phone          TEXT NOT NULL,
    product_role   TEXT NOT NULL,
    token_hash     TEXT NOT NULL UNIQUE,
    remote_addr    TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
    reason         TEXT NOT NULL DEFAULT '',
    company_id     TEXT REFERENCES company (id),
    person_id      TEXT REFERENCES person (id),
    decided_by     TEXT REFERENCES person (id),
    decided_at     TEXT,
    created_at     TEXT NOT NULL
);
CREATE INDEX access_request_vendor ON access_request (vendor_id, status, created_at);

-- Who changed which portal user, when, and how. Append-only. actor_id is
-- NULL for the command line and the public access-request form;
-- actor_name keeps the name as it was. details is JSON.
CREATE TABLE portal_user_audit (
    id          INTEGER PRIMARY KEY,
    vendor_id   TEXT NOT NULL REFERENCES vendor (id),
    actor_id    TEXT REFERENCES person (id),
    actor_kind  TEXT NOT NULL CHECK (actor_kind IN ('customer', 'agent', 'public', 'system')),
    actor_name  TEXT NOT NULL,
    action      TEXT NOT NULL,
    person_id   TEXT REFERENCES person (id),
    company_id  TEXT REFERENCES company (id),
    request_id  TEXT,
    details     TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(details)),
    at          TEXT NOT NULL
);
CREATE INDEX portal_user_audit_vendor ON portal_user_audit (vendor_id, id);
CREATE INDEX portal_user_audit_company ON portal_user_audit (company_id, id);
