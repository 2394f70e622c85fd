-- PLACEHOLDER in branch sec-auth only: migration 0006 belongs to branch
-- sec-files (file grants). Migrations must be numbered without gaps, so
-- this keeps 0007 applicable here. When merging, take sec-files' file.
SELECT 1;
