-- The personal settings that follow a person from device to device
-- (language, locale, time zone; the theme stays with each device), as the
-- last settings.update mutation the server applied left them. '{}' until
-- the person changes one in an app.
ALTER TABLE person ADD COLUMN settings TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(settings));
