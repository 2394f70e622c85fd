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
