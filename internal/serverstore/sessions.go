package serverstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"supportportal/internal/portal"
	"supportportal/internal/servercore"
	"supportportal/internal/sqlitedb"
)

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
