-- Who deactivated a person and why (issue 12, item 6): the vendor (its
-- command line or an agent) or the company (one of its portal users).
-- Only the vendor lifts a vendor's deactivation. deactivated_by is '' for
-- an active person, and for people deactivated before this migration,
-- whose origin was not recorded (they are treated as the company's).
-- deactivated_by_person is the person who did it ('' from the command
-- line); deactivation_reason is free text, optional from the app.
ALTER TABLE person ADD COLUMN deactivated_by TEXT NOT NULL DEFAULT '' CHECK (deactivated_by IN ('', 'vendor', 'company'));
ALTER TABLE person ADD COLUMN deactivated_by_person TEXT NOT NULL DEFAULT '';
ALTER TABLE person ADD COLUMN deactivation_reason TEXT NOT NULL DEFAULT '';
