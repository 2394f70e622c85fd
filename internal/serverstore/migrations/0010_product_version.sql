-- The product version a case is about (issue 13: the example of adding a
-- case field), as the customer typed it on the Contact Support form; ''
-- when not given, as for every case sent before this column existed.
ALTER TABLE support_case ADD COLUMN product_version TEXT NOT NULL DEFAULT '';
