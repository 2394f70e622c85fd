-- Customer satisfaction (issue 16): after a case is Solved, the customer
-- rates it (case.rate). One rating per case; rating again replaces it.
-- agent_id is the agent who had solved the case when it was rated (the
-- last change to Solved), so the console counts ratings per agent even
-- after the case moves on. rated_by is the customer who rated.
CREATE TABLE case_satisfaction (
    case_id    TEXT PRIMARY KEY REFERENCES support_case (id),
    vendor_id  TEXT NOT NULL REFERENCES vendor (id),
    rating     TEXT NOT NULL CHECK (rating IN ('satisfied', 'not_satisfied')),
    comment    TEXT NOT NULL DEFAULT '',
    rated_by   TEXT NOT NULL REFERENCES person (id),
    agent_id   TEXT REFERENCES person (id),
    rated_at   TEXT NOT NULL,
    updated_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX case_satisfaction_vendor ON case_satisfaction (vendor_id);

-- A "not satisfied" rating flags the case for the support team's
-- attention (the console's queue) without reopening it; an agent's reply
-- or status change clears the flag.
ALTER TABLE support_case ADD COLUMN needs_attention INTEGER NOT NULL DEFAULT 0 CHECK (needs_attention IN (0, 1));
CREATE INDEX support_case_vendor_attention ON support_case (vendor_id, updated_at) WHERE needs_attention = 1;
