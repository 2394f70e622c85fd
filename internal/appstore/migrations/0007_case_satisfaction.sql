-- The customer's satisfaction rating of a Solved case (issue 16), as the
-- server last confirmed it: '' until one is given. A rating given here and
-- not yet confirmed waits in the outbox (case.rate) and is shown from
-- there; rated_by_name is '' for a rating this device gave.
ALTER TABLE support_case ADD COLUMN rating TEXT NOT NULL DEFAULT '' CHECK (rating IN ('', 'satisfied', 'not_satisfied'));
ALTER TABLE support_case ADD COLUMN rating_comment TEXT NOT NULL DEFAULT '';
ALTER TABLE support_case ADD COLUMN rated_at TEXT NOT NULL DEFAULT '';
ALTER TABLE support_case ADD COLUMN rated_by_name TEXT NOT NULL DEFAULT '';
