package serverstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/mattn/go-sqlite3"

	"supportportal/internal/portal"
	"supportportal/internal/servercore"
	"supportportal/internal/sqlitedb"
	"supportportal/internal/syncproto"
)

func newID() string { return uuid.Must(uuid.NewV7()).String() }

// Profile returns a vendor's profile; "" means the first vendor created.
func (db *DB) Profile(ctx context.Context, vendorID string) (syncproto.Profile, error) {
	var p syncproto.Profile
	var prof, cats string
	var err error
	if vendorID == "" {
		err = db.read.QueryRowContext(ctx, `SELECT profile, categories FROM vendor ORDER BY created_at, id LIMIT 1`).Scan(&prof, &cats)
	} else {
		err = db.read.QueryRowContext(ctx, `SELECT profile, categories FROM vendor WHERE id = ?`, vendorID).Scan(&prof, &cats)
	}
	if errors.Is(err, sql.ErrNoRows) {
		return p, &portal.Error{Code: portal.ENotFound, Reason: portal.ReasonNoVendor, Message: "this server has no vendor yet; run the seed command"}
	} else if err != nil {
		return p, fmt.Errorf("read vendor profile: %w", err)
	}
	// Every pushed case checks its categories against the profile: decode
	// the stored JSON once per version of it, not once per push.
	raw := prof + "\x00" + cats
	if v, ok := db.profiles.Load(vendorID); ok && v.(decodedProfile).raw == raw {
		return v.(decodedProfile).p.Clone(), nil
	}
	if err := json.Unmarshal([]byte(prof), &p.Vendor); err != nil {
		return p, fmt.Errorf("read vendor profile: %w", err)
	}
	if err := json.Unmarshal([]byte(cats), &p.Categories); err != nil {
		return p, fmt.Errorf("read component categories: %w", err)
	}
	db.profiles.Store(vendorID, decodedProfile{raw: raw, p: p.Clone()})
	return p, nil
}

// decodedProfile is a vendor's profile as decoded from its stored JSON.
type decodedProfile struct {
	raw string
	p   syncproto.Profile
}

const personCols = `p.id, p.vendor_id, coalesce(p.company_id, ''), coalesce(c.name, ''), coalesce(c.status, ''),
	p.kind, p.email, p.name, p.product_role, p.portal_access, p.password_hash, p.settings`

const personFrom = ` FROM person p LEFT JOIN company c ON c.id = p.company_id `

// scanPerson reads the personCols of a row, then the extra columns that
// follow them.
func scanPerson(r interface{ Scan(...any) error }, extra ...any) (servercore.Person, error) {
	var p servercore.Person
	var settings string
	err := r.Scan(append([]any{&p.ID, &p.VendorID, &p.CompanyID, &p.CompanyName, &p.CompanyStatus,
		&p.Kind, &p.Email, &p.Name, &p.ProductRole, &p.PortalAccess, &p.PasswordHash, &settings}, extra...)...)
	p.Settings = decodeSettings(settings)
	return p, err
}

// decodeSettings reads the settings column; nil while it is '{}'.
func decodeSettings(raw string) *syncproto.PersonSettings {
	if raw == "" || raw == "{}" {
		return nil
	}
	var s syncproto.PersonSettings
	if json.Unmarshal([]byte(raw), &s) != nil {
		return nil
	}
	return &s
}

func personNotFound() error {
	return &portal.Error{Code: portal.ENotFound, Reason: portal.ReasonPersonNotFound, Message: "no such person"}
}

// PersonByEmail finds a person by e-mail, case-insensitively.
func (db *DB) PersonByEmail(ctx context.Context, email string) (servercore.Person, error) {
	p, err := scanPerson(db.db.QueryRowContext(ctx, `SELECT `+personCols+personFrom+`WHERE p.email = ?`, portal.NormalizeEmail(email)))
	if errors.Is(err, sql.ErrNoRows) {
		return p, personNotFound()
	} else if err != nil {
		return p, fmt.Errorf("find person: %w", err)
	}
	return p, nil
}

// CreatePasswordToken stores a set-password token's hash.
func (db *DB) CreatePasswordToken(ctx context.Context, t servercore.PasswordToken) error {
	_, err := db.db.ExecContext(ctx, `INSERT INTO password_token (token_hash, person_id, purpose, created_at, expires_at)
		VALUES (?, ?, ?, ?, ?)`, t.TokenHash, t.PersonID, t.Purpose, sqlitedb.FormatTime(t.CreatedAt), sqlitedb.FormatTime(t.ExpiresAt))
	if err != nil {
		return fmt.Errorf("store password token: %w", err)
	}
	return nil
}

func invalidToken() error {
	return &portal.Error{Code: portal.ENotFound, Reason: portal.ReasonInvalidToken, Field: "token",
		Message: "this link has expired or was already used; ask for a new one with Forgot Password"}
}

// CheckPasswordToken reports whether a token is unused and unexpired.
func (db *DB) CheckPasswordToken(ctx context.Context, tokenHash string, now time.Time) error {
	var one int
	err := db.db.QueryRowContext(ctx, `SELECT 1 FROM password_token WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?`,
		tokenHash, sqlitedb.FormatTime(now)).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return invalidToken()
	} else if err != nil {
		return fmt.Errorf("check password token: %w", err)
	}
	return nil
}

// SetPassword consumes a token and sets the password; the person's other
// sessions end, since whoever had them may be the reason for the reset.
func (db *DB) SetPassword(ctx context.Context, tokenHash, passwordHash string, now time.Time) (servercore.Person, error) {
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return servercore.Person{}, fmt.Errorf("set password: %w", err)
	}
	defer tx.Rollback()
	var personID string
	err = tx.QueryRowContext(ctx, `SELECT person_id FROM password_token WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?`,
		tokenHash, sqlitedb.FormatTime(now)).Scan(&personID)
	if errors.Is(err, sql.ErrNoRows) {
		return servercore.Person{}, invalidToken()
	} else if err != nil {
		return servercore.Person{}, fmt.Errorf("set password: %w", err)
	}
	p, err := scanPerson(tx.QueryRowContext(ctx, `SELECT `+personCols+personFrom+`WHERE p.id = ?`, personID))
	if err != nil {
		return p, fmt.Errorf("set password: %w", err)
	}
	if p.PortalAccess != servercore.AccessActive {
		return p, &portal.Error{Code: servercore.EForbidden, Reason: portal.ReasonAccessDeactivated, Message: "your portal access has been deactivated"}
	}
	stmts := []struct {
		q    string
		args []any
	}{
		// Every outstanding token of the person goes with this one: a
		// reset link sent earlier must not work after the password is set.
		{`UPDATE password_token SET used_at = ? WHERE person_id = ? AND used_at IS NULL`, []any{sqlitedb.FormatTime(now), personID}},
		{`UPDATE person SET password_hash = ?, updated_at = ? WHERE id = ?`, []any{passwordHash, sqlitedb.FormatTime(now), personID}},
		{`DELETE FROM session WHERE person_id = ?`, []any{personID}},
	}
	for _, s := range stmts {
		if _, err := tx.ExecContext(ctx, s.q, s.args...); err != nil {
			return p, fmt.Errorf("set password: %w", err)
		}
	}
	return p, tx.Commit()
}

// CreateSession stores a session.
func (db *DB) CreateSession(ctx context.Context, s servercore.Session) error {
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("create session: %w", err)
	}
	defer tx.Rollback()
	// Expired sessions of the person go now, so the table does not grow
	// with every sign-in.
	if _, err := tx.ExecContext(ctx, `DELETE FROM session WHERE person_id = ? AND expires_at <= ?`, s.PersonID, sqlitedb.FormatTime(s.CreatedAt)); err != nil {
		return fmt.Errorf("create session: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO session (token_hash, person_id, remote_addr, created_at, expires_at)
		VALUES (?, ?, ?, ?, ?)`, s.TokenHash, s.PersonID, s.RemoteAddr, sqlitedb.FormatTime(s.CreatedAt), sqlitedb.FormatTime(s.ExpiresAt)); err != nil {
		return fmt.Errorf("create session: %w", err)
	}
	// My Account lists when each user last signed in.
	if _, err := tx.ExecContext(ctx, `UPDATE person SET last_sign_in_at = ? WHERE id = ?`, sqlitedb.FormatTime(s.CreatedAt), s.PersonID); err != nil {
		return fmt.Errorf("create session: last sign-in: %w", err)
	}
	return tx.Commit()
}

// Caller returns the person behind a live session. Deactivation deletes
// sessions, and the access check here makes that hold even for a session
// created in a race with the deactivation.
func (db *DB) Caller(ctx context.Context, tokenHash string, now time.Time) (servercore.Caller, error) {
	var c servercore.Caller
	var expires string
	row := db.read.QueryRowContext(ctx, `SELECT `+personCols+`, s.expires_at FROM session s JOIN person p ON p.id = s.person_id
		LEFT JOIN company c ON c.id = p.company_id
		WHERE s.token_hash = ? AND s.expires_at > ? AND p.portal_access = 'active'`, tokenHash, sqlitedb.FormatTime(now))
	var err error
	c.Person, err = scanPerson(row, &expires)
	if errors.Is(err, sql.ErrNoRows) {
		return c, &portal.Error{Code: portal.ENotFound, Reason: portal.ReasonNoSession, Message: "no such session"}
	} else if err != nil {
		return c, fmt.Errorf("read session: %w", err)
	}
	c.SessionExpiresAt = sqlitedb.ParseTime(expires)
	return c, nil
}

// DeleteSession ends a session.
func (db *DB) DeleteSession(ctx context.Context, tokenHash string) error {
	if _, err := db.db.ExecContext(ctx, `DELETE FROM session WHERE token_hash = ?`, tokenHash); err != nil {
		return fmt.Errorf("end session: %w", err)
	}
	return nil
}

// CreateVendor adds a vendor and returns its ID.
func (db *DB) CreateVendor(ctx context.Context, slug string, p syncproto.Profile) (string, error) {
	prof, err := json.Marshal(p.Vendor)
	if err != nil {
		return "", fmt.Errorf("create vendor: %w", err)
	}
	if p.Categories == nil {
		p.Categories = portal.DefaultComponentCategories()
	}
	cats, err := json.Marshal(p.Categories)
	if err != nil {
		return "", fmt.Errorf("create vendor: %w", err)
	}
	id := newID()
	_, err = db.db.ExecContext(ctx, `INSERT INTO vendor (id, slug, profile, categories, created_at) VALUES (?, ?, ?, ?, ?)`,
		id, slug, string(prof), string(cats), sqlitedb.FormatTime(time.Now()))
	if err != nil {
		if isUnique(err) {
			return "", &portal.Error{Code: portal.EConflict, Reason: portal.ReasonVendorExists, Message: fmt.Sprintf("vendor %q exists", slug)}
		}
		return "", fmt.Errorf("create vendor: %w", err)
	}
	return id, nil
}

// CreateCompany adds a company and returns its ID.
func (db *DB) CreateCompany(ctx context.Context, c servercore.Company) (string, error) {
	if c.Status != servercore.CompanyActive && c.Status != servercore.CompanyTrial {
		return "", portal.Invalid("status", portal.ReasonUnknownStatus, c.Status, "company status must be active or trial")
	}
	id := newID()
	_, err := db.db.ExecContext(ctx, `INSERT INTO company (id, vendor_id, name, domain, status, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
		id, c.VendorID, c.Name, c.Domain, c.Status, sqlitedb.FormatTime(time.Now()))
	if err != nil {
		return "", fmt.Errorf("create company: %w", err)
	}
	return id, nil
}

// CreatePerson adds a person and returns their ID.
func (db *DB) CreatePerson(ctx context.Context, p servercore.Person) (string, error) {
	var company any
	switch p.Kind {
	case servercore.KindAgent:
		p.ProductRole = ""
	case servercore.KindCustomer:
		company = p.CompanyID
		switch p.ProductRole {
		case servercore.RoleAccountOwner, servercore.RoleAdministrator, servercore.RoleOther:
		default:
			return "", portal.Invalid("productRole", portal.ReasonUnknownRole, p.ProductRole, "unknown product role %q", p.ProductRole)
		}
	default:
		return "", portal.Invalid("kind", portal.ReasonUnknownKind, p.Kind, "a person is a customer or an agent")
	}
	if p.PortalAccess == "" {
		p.PortalAccess = servercore.AccessActive
	}
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return "", fmt.Errorf("create person: %w", err)
	}
	defer tx.Rollback()
	if p.Kind == servercore.KindCustomer && p.PortalAccess == servercore.AccessActive {
		if err := checkUserLimit(ctx, tx, p.CompanyID); err != nil {
			return "", err
		}
	}
	id, now := newID(), sqlitedb.FormatTime(time.Now())
	_, err = tx.ExecContext(ctx, `INSERT INTO person (id, vendor_id, company_id, kind, email, name, product_role,
		portal_access, password_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		id, p.VendorID, company, p.Kind, portal.NormalizeEmail(p.Email), p.Name, p.ProductRole, p.PortalAccess, p.PasswordHash, now, now)
	if err != nil {
		if isUnique(err) {
			return "", &portal.Error{Code: portal.EConflict, Reason: portal.ReasonEmailTaken, Field: "email", Message: fmt.Sprintf("%s already has an account", p.Email)}
		}
		return "", fmt.Errorf("create person: %w", err)
	}
	if p.Kind == servercore.KindCustomer {
		if err := writeAudit(ctx, tx, audit{vendorID: p.VendorID, actorKind: "system", actorName: "command line",
			action: servercore.AuditUserCreated, personID: id, companyID: p.CompanyID, at: time.Now(),
			details: map[string]any{"email": portal.NormalizeEmail(p.Email), "name": p.Name, "productRole": p.ProductRole, "portalAccess": p.PortalAccess}}); err != nil {
			return "", err
		}
	}
	if err := tx.Commit(); err != nil {
		return "", fmt.Errorf("create person: %w", err)
	}
	return id, nil
}

// checkUserLimit refuses one more active portal user when the company
// already has as many as the vendor allows (the documents say four; a
// shared mailbox is the suggested way around it). It runs inside the
// write transaction, so two concurrent additions cannot both pass.
func checkUserLimit(ctx context.Context, tx *sql.Tx, companyID string) error {
	var prof string
	var active int
	err := tx.QueryRowContext(ctx, `SELECT v.profile, (SELECT count(*) FROM person p WHERE p.company_id = c.id
		AND p.kind = 'customer' AND p.portal_access = 'active')
		FROM company c JOIN vendor v ON v.id = c.vendor_id WHERE c.id = ?`, companyID).Scan(&prof, &active)
	if errors.Is(err, sql.ErrNoRows) {
		return portal.Invalid("companyId", portal.ReasonCompanyNotFound, companyID, "no such company")
	} else if err != nil {
		return fmt.Errorf("portal user limit: %w", err)
	}
	var v portal.VendorProfile
	if err := json.Unmarshal([]byte(prof), &v); err != nil {
		return fmt.Errorf("portal user limit: %w", err)
	}
	if v.PortalUserLimit > 0 && active >= v.PortalUserLimit {
		return &portal.Error{Code: portal.EConflict, Reason: portal.ReasonPortalUserLimit, Params: map[string]string{"limit": fmt.Sprint(v.PortalUserLimit)},
			Message: fmt.Sprintf("the company already has %d active Customer Portal users; deactivate one first", active)}
	}
	return nil
}

// SetPortalAccess activates or deactivates a person as the vendor (the
// command line); deactivating ends their sessions in the same transaction.
func (db *DB) SetPortalAccess(ctx context.Context, personID, access string) error {
	return db.SetPortalAccessBecause(ctx, personID, access, "")
}

// SetPortalAccessBecause is SetPortalAccess with the reason recorded with
// a deactivation. A deactivation made here is the vendor's: the company's
// portal users cannot lift it.
func (db *DB) SetPortalAccessBecause(ctx context.Context, personID, access, reason string) error {
	if access != servercore.AccessActive && access != servercore.AccessDeactivated {
		return portal.Invalid("portalAccess", portal.ReasonUnknownAccess, access, "portal access is active or deactivated")
	}
	reason = strings.TrimSpace(reason)
	if err := portal.ValidateDeactivationReason(reason); err != nil {
		return err
	}
	by := portal.DeactivatedByVendor
	if access == servercore.AccessActive {
		by, reason = "", ""
	}
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("set portal access: %w", err)
	}
	defer tx.Rollback()
	if access == servercore.AccessActive {
		var kind, company, current string
		err := tx.QueryRowContext(ctx, `SELECT kind, coalesce(company_id, ''), portal_access FROM person WHERE id = ?`, personID).Scan(&kind, &company, &current)
		if errors.Is(err, sql.ErrNoRows) {
			return personNotFound()
		} else if err != nil {
			return fmt.Errorf("set portal access: %w", err)
		}
		if kind == servercore.KindCustomer && current != servercore.AccessActive {
			if err := checkUserLimit(ctx, tx, company); err != nil {
				return err
			}
		}
	}
	var vendorID, company, before string
	err = tx.QueryRowContext(ctx, `SELECT vendor_id, coalesce(company_id, ''), portal_access FROM person WHERE id = ?`, personID).
		Scan(&vendorID, &company, &before)
	if errors.Is(err, sql.ErrNoRows) {
		return personNotFound()
	} else if err != nil {
		return fmt.Errorf("set portal access: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE person SET portal_access = ?, deactivated_by = ?, deactivated_by_person = '',
		deactivation_reason = ?, updated_at = ? WHERE id = ?`, access, by, reason, sqlitedb.FormatTime(time.Now()), personID); err != nil {
		return fmt.Errorf("set portal access: %w", err)
	}
	if before != access {
		action := servercore.AuditUserReactivated
		if access == servercore.AccessDeactivated {
			action = servercore.AuditUserDeactivated
		}
		if err := writeAudit(ctx, tx, audit{vendorID: vendorID, actorKind: "system", actorName: "command line", action: action,
			personID: personID, companyID: company, at: time.Now(), details: map[string]any{"from": before, "to": access, "by": by, "reason": reason}}); err != nil {
			return err
		}
	}
	if access == servercore.AccessDeactivated {
		if _, err := tx.ExecContext(ctx, `DELETE FROM session WHERE person_id = ?`, personID); err != nil {
			return fmt.Errorf("set portal access: end sessions: %w", err)
		}
	}
	return tx.Commit()
}

// isUnique reports a UNIQUE or PRIMARY KEY violation: an ID or e-mail
// that is already taken.
func isUnique(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && (se.ExtendedCode == sqlite3.ErrConstraintUnique || se.ExtendedCode == sqlite3.ErrConstraintPrimaryKey)
}

// SetRelease announces the newest app release in a vendor's profile (""
// means the first vendor): apps compare it with their own version and
// point their users to downloadURL. An empty version and URL withdraw the
// announcement. Bad input is refused with its reason and changes nothing.
func (db *DB) SetRelease(ctx context.Context, vendorID, version, downloadURL string) (syncproto.Profile, error) {
	version, downloadURL = strings.TrimPrefix(strings.TrimSpace(version), "v"), strings.TrimSpace(downloadURL)
	if version != "" || downloadURL != "" {
		if !portal.ValidVersion(version) {
			return syncproto.Profile{}, portal.Invalid("version", portal.ReasonInvalidVersion, version, "%q is not a semantic version (MAJOR.MINOR.PATCH)", version)
		}
		if !portal.ValidDownloadURL(downloadURL) {
			return syncproto.Profile{}, portal.Invalid("downloadUrl", portal.ReasonUnsupportedLink, downloadURL, "the download page must be an http(s) address")
		}
	}
	// Read and write in one transaction (it takes the write lock at BEGIN),
	// so a concurrent change to the profile is not overwritten.
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return syncproto.Profile{}, fmt.Errorf("announce release: %w", err)
	}
	defer tx.Rollback()
	var id, prof string
	if vendorID == "" {
		err = tx.QueryRowContext(ctx, `SELECT id, profile FROM vendor ORDER BY created_at, id LIMIT 1`).Scan(&id, &prof)
	} else {
		err = tx.QueryRowContext(ctx, `SELECT id, profile FROM vendor WHERE id = ?`, vendorID).Scan(&id, &prof)
	}
	if errors.Is(err, sql.ErrNoRows) {
		return syncproto.Profile{}, &portal.Error{Code: portal.ENotFound, Reason: portal.ReasonNoVendor, Message: "this server has no vendor yet; run the seed command"}
	} else if err != nil {
		return syncproto.Profile{}, fmt.Errorf("announce release: %w", err)
	}
	var v portal.VendorProfile
	if err := json.Unmarshal([]byte(prof), &v); err != nil {
		return syncproto.Profile{}, fmt.Errorf("announce release: %w", err)
	}
	v.LatestVersion, v.DownloadURL = version, downloadURL
	b, err := json.Marshal(v)
	if err != nil {
		return syncproto.Profile{}, fmt.Errorf("announce release: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE vendor SET profile = ? WHERE id = ?`, string(b), id); err != nil {
		return syncproto.Profile{}, fmt.Errorf("announce release: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return syncproto.Profile{}, fmt.Errorf("announce release: %w", err)
	}
	return db.Profile(ctx, vendorID)
}
