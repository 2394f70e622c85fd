-- Who may read a stored file. Files are kept once per SHA-256, but naming
-- a hash in a case proves nothing about having its bytes: a company may
-- read a file only after its own upload of those bytes completed (a
-- colleague's upload counts; so does the agents' vendor owning the
-- company). size is the file's length, counted against the company's
-- storage quota. origin 'migration' marks the grants this migration
-- guessed (see below).
CREATE TABLE file_grant (
    sha256     TEXT NOT NULL CHECK (length(sha256) = 64),
    company_id TEXT NOT NULL REFERENCES company (id),
    size       INTEGER NOT NULL CHECK (size >= 0),
    origin     TEXT NOT NULL DEFAULT 'upload' CHECK (origin IN ('upload', 'migration')),
    created_at TEXT NOT NULL,
    PRIMARY KEY (sha256, company_id)
) WITHOUT ROWID;
CREATE INDEX file_grant_company ON file_grant (company_id);

-- tus uploads in progress. The server chooses the id; only a person of
-- company_id may continue, inspect or end the upload. length is what the
-- upload declared (required), counted against the quota until it
-- finishes or expires.
CREATE TABLE file_upload (
    id         TEXT PRIMARY KEY,
    company_id TEXT NOT NULL REFERENCES company (id),
    person_id  TEXT NOT NULL REFERENCES person (id),
    sha256     TEXT NOT NULL CHECK (length(sha256) = 64),
    length     INTEGER NOT NULL CHECK (length >= 0),
    created_at TEXT NOT NULL
);
CREATE INDEX file_upload_company ON file_upload (company_id);
CREATE INDEX file_upload_created ON file_upload (created_at);

-- Files stored before this migration: the first company whose case or
-- comment named a hash is taken to have uploaded it (the server accepted
-- an upload only for a file a case of the uploader's company named). A
-- grant for bytes that were never uploaded is replaced when they first
-- arrive (see FinishUpload).
INSERT INTO file_grant (sha256, company_id, size, origin, created_at)
SELECT a.sha256, c.company_id, a.size, 'migration', a.created_at
FROM attachment a JOIN support_case c ON c.id = a.case_id
WHERE NOT EXISTS (
    SELECT 1 FROM attachment a2 JOIN support_case c2 ON c2.id = a2.case_id
    WHERE a2.sha256 = a.sha256
      AND (a2.created_at < a.created_at OR (a2.created_at = a.created_at AND a2.id < a.id))
);
