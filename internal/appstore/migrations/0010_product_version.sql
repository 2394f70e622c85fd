-- The product version a case is about (issue 13: the example of adding a
-- case field): typed on the Contact Support form and autosaved with the
-- draft, sent with case.create and kept as the server last sent it; ''
-- when not given.
ALTER TABLE case_draft ADD COLUMN product_version TEXT NOT NULL DEFAULT '';
ALTER TABLE support_case ADD COLUMN product_version TEXT NOT NULL DEFAULT '';
