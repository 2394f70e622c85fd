-- Attachment files travel apart from the cases that name them.
-- uploaded: the server has confirmed the bytes (this device's files);
-- upload_url: where an interrupted upload continues;
-- present: the bytes are on this device (a colleague's files arrive as
-- names first and are downloaded when opened).
ALTER TABLE attachment ADD COLUMN uploaded INTEGER NOT NULL DEFAULT 0;
ALTER TABLE attachment ADD COLUMN upload_url TEXT NOT NULL DEFAULT '';
ALTER TABLE attachment ADD COLUMN present INTEGER NOT NULL DEFAULT 1;
CREATE INDEX attachment_upload ON attachment (uploaded, present);
