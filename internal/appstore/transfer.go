package appstore

import (
	"context"
	"fmt"
)

// Upload is one file this device must send to the server.
type Upload struct {
	SHA256    string
	Size      int64
	Name      string
	UploadURL string
}

// PendingUploads lists files of sent cases and comments whose bytes the
// server has not confirmed, once the server knows the case or comment
// that names them (its outbox entry is gone).
func (db *DB) PendingUploads(ctx context.Context) ([]Upload, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT sha256, max(size), min(name), max(upload_url) FROM attachment
		WHERE uploaded = 0 AND present = 1 AND owner_kind IN ('case', 'comment')
		  AND owner_id NOT IN (SELECT entity_id FROM outbox)
		GROUP BY sha256 ORDER BY min(created_at)`)
	if err != nil {
		return nil, fmt.Errorf("pending uploads: %w", err)
	}
	defer rows.Close()
	var out []Upload
	for rows.Next() {
		var u Upload
		if err := rows.Scan(&u.SHA256, &u.Size, &u.Name, &u.UploadURL); err != nil {
			return nil, fmt.Errorf("pending uploads: %w", err)
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// SetUploadURL remembers where an upload continues.
func (db *DB) SetUploadURL(ctx context.Context, sum, url string) error {
	_, err := db.db.ExecContext(ctx, `UPDATE attachment SET upload_url = ? WHERE sha256 = ?`, url, sum)
	return err
}

// MarkUploaded records that the server has a file.
func (db *DB) MarkUploaded(ctx context.Context, sum string) error {
	_, err := db.db.ExecContext(ctx, `UPDATE attachment SET uploaded = 1, upload_url = '' WHERE sha256 = ?`, sum)
	return err
}

// MarkPresent records that a file's bytes are now on this device.
func (db *DB) MarkPresent(ctx context.Context, sum string) error {
	_, err := db.db.ExecContext(ctx, `UPDATE attachment SET present = 1, uploaded = 1 WHERE sha256 = ?`, sum)
	return err
}
