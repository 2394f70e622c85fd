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

// DeclaredSizes returns the distinct sizes the attachments of cases in
// scope (and of their comments) give a file with this SHA-256.
func (db *DB) DeclaredSizes(ctx context.Context, s servercore.Scope, sum string) ([]int64, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT DISTINCT a.size FROM attachment a JOIN support_case c ON c.id = a.case_id
		WHERE a.sha256 = ? AND `+scopeSQL, append([]any{sum}, scopeArgs(s)...)...)
	if err != nil {
		return nil, fmt.Errorf("declared sizes: %w", err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var n int64
		if err := rows.Scan(&n); err != nil {
			return nil, fmt.Errorf("declared sizes: %w", err)
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// FileReadable reports whether a company in scope holds a grant for the file.
func (db *DB) FileReadable(ctx context.Context, s servercore.Scope, sum string) (bool, error) {
	var n int
	err := db.read.QueryRowContext(ctx, `SELECT count(*) FROM file_grant g JOIN company c ON c.id = g.company_id
		WHERE g.sha256 = ? AND c.vendor_id = ? AND (? = '' OR c.id = ?)`, sum, s.VendorID, s.CompanyID, s.CompanyID).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("file readable: %w", err)
	}
	return n > 0, nil
}

// StartUpload records an upload if it fits the company's quota; the check
// and the insert share the write transaction, so parallel uploads cannot
// together pass a quota each alone fits.
func (db *DB) StartUpload(ctx context.Context, u servercore.FileUpload, quota int64) error {
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("start upload: %w", err)
	}
	defer tx.Rollback()
	var used int64
	if err := tx.QueryRowContext(ctx, `SELECT
		(SELECT coalesce(sum(size), 0) FROM file_grant WHERE company_id = ?) +
		(SELECT coalesce(sum(length), 0) FROM file_upload WHERE company_id = ?)`, u.CompanyID, u.CompanyID).Scan(&used); err != nil {
		return fmt.Errorf("start upload: %w", err)
	}
	if used+u.Length > quota {
		return &portal.Error{Code: servercore.ETooLarge, Reason: portal.ReasonStorageQuotaExceeded, Field: "file",
			Params:  map[string]string{"quota": fmt.Sprint(quota), "used": fmt.Sprint(used)},
			Message: fmt.Sprintf("your company's files on the server would exceed its storage quota of %d bytes (%d in use, this file has %d)", quota, used, u.Length)}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO file_upload (id, company_id, person_id, sha256, length, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
		u.ID, u.CompanyID, u.PersonID, u.SHA256, u.Length, sqlitedb.FormatTime(u.CreatedAt)); err != nil {
		return fmt.Errorf("start upload: %w", err)
	}
	return tx.Commit()
}

// Upload returns an upload in progress.
func (db *DB) Upload(ctx context.Context, id string) (servercore.FileUpload, error) {
	u := servercore.FileUpload{ID: id}
	var at string
	err := db.read.QueryRowContext(ctx, `SELECT company_id, person_id, sha256, length, created_at FROM file_upload WHERE id = ?`, id).
		Scan(&u.CompanyID, &u.PersonID, &u.SHA256, &u.Length, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return u, &portal.Error{Code: portal.ENotFound, Reason: portal.ReasonNoUpload, Message: "no such upload"}
	} else if err != nil {
		return u, fmt.Errorf("read upload: %w", err)
	}
	u.CreatedAt = sqlitedb.ParseTime(at)
	return u, nil
}

// FinishUpload turns an upload into a grant for its company.
func (db *DB) FinishUpload(ctx context.Context, id string, size int64, first bool, now time.Time) error {
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("finish upload: %w", err)
	}
	defer tx.Rollback()
	var company, sum string
	err = tx.QueryRowContext(ctx, `DELETE FROM file_upload WHERE id = ? RETURNING company_id, sha256`, id).Scan(&company, &sum)
	if errors.Is(err, sql.ErrNoRows) {
		return &portal.Error{Code: portal.ENotFound, Reason: portal.ReasonNoUpload, Message: "the upload has expired"}
	} else if err != nil {
		return fmt.Errorf("finish upload: %w", err)
	}
	if first {
		if _, err := tx.ExecContext(ctx, `DELETE FROM file_grant WHERE sha256 = ? AND origin = 'migration' AND company_id <> ?`, sum, company); err != nil {
			return fmt.Errorf("finish upload: %w", err)
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO file_grant (sha256, company_id, size, origin, created_at) VALUES (?, ?, ?, 'upload', ?)
		ON CONFLICT (sha256, company_id) DO UPDATE SET size = excluded.size, origin = 'upload'`, sum, company, size, sqlitedb.FormatTime(now)); err != nil {
		return fmt.Errorf("finish upload: %w", err)
	}
	return tx.Commit()
}

// DropUpload ends an upload without a grant.
func (db *DB) DropUpload(ctx context.Context, id string) error {
	if _, err := db.db.ExecContext(ctx, `DELETE FROM file_upload WHERE id = ?`, id); err != nil {
		return fmt.Errorf("drop upload: %w", err)
	}
	return nil
}

// ExpireUploads ends the uploads started before before.
func (db *DB) ExpireUploads(ctx context.Context, before time.Time) ([]string, error) {
	rows, err := db.db.QueryContext(ctx, `DELETE FROM file_upload WHERE created_at < ? RETURNING id`, sqlitedb.FormatTime(before))
	if err != nil {
		return nil, fmt.Errorf("expire uploads: %w", err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("expire uploads: %w", err)
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}
