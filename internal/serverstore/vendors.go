package serverstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"supportportal/internal/portal"
	"supportportal/internal/servercore"
	"supportportal/internal/sqlitedb"
	"supportportal/internal/syncproto"
)

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
