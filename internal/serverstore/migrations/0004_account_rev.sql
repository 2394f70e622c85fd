-- A revision number per company that changes whenever anything the My
-- Account screen shows changes: the company, its people, its requests for
-- new portal users, or the vendor's profile (which sets the user limit).
-- The changes feed reports it, so an app asks for the account only when it
-- changed instead of on every periodic sync. Triggers keep it true for
-- every write path, including the support console and the command line.
ALTER TABLE company ADD COLUMN account_rev INTEGER NOT NULL DEFAULT 0;

CREATE TRIGGER person_account_rev_insert AFTER INSERT ON person WHEN NEW.company_id IS NOT NULL
BEGIN
    UPDATE company SET account_rev = account_rev + 1 WHERE id = NEW.company_id;
END;

-- Only the columns My Account shows (a person's settings or password are
-- not the company's news).
CREATE TRIGGER person_account_rev_update
AFTER UPDATE OF company_id, kind, email, name, product_role, portal_access, last_sign_in_at ON person
BEGIN
    UPDATE company SET account_rev = account_rev + 1 WHERE id IN (OLD.company_id, NEW.company_id);
END;

CREATE TRIGGER person_account_rev_delete AFTER DELETE ON person WHEN OLD.company_id IS NOT NULL
BEGIN
    UPDATE company SET account_rev = account_rev + 1 WHERE id = OLD.company_id;
END;

CREATE TRIGGER user_request_account_rev_insert AFTER INSERT ON portal_user_request
BEGIN
    UPDATE company SET account_rev = account_rev + 1 WHERE id = NEW.company_id;
END;

CREATE TRIGGER user_request_account_rev_update AFTER UPDATE ON portal_user_request
BEGIN
    UPDATE company SET account_rev = account_rev + 1 WHERE id IN (OLD.company_id, NEW.company_id);
END;

CREATE TRIGGER user_request_account_rev_delete AFTER DELETE ON portal_user_request
BEGIN
    UPDATE company SET account_rev = account_rev + 1 WHERE id = OLD.company_id;
END;

-- "UPDATE OF" leaves account_rev itself out, so the trigger's own update
-- does not fire it again.
CREATE TRIGGER company_account_rev_update AFTER UPDATE OF vendor_id, name, domain, status ON company
BEGIN
    UPDATE company SET account_rev = account_rev + 1 WHERE id = NEW.id;
END;

CREATE TRIGGER vendor_account_rev_update AFTER UPDATE OF profile ON vendor
BEGIN
    UPDATE company SET account_rev = account_rev + 1 WHERE vendor_id = NEW.id;
END;
