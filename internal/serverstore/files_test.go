package serverstore_test

import (
	"context"
	"database/sql"
	"maps"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"supportportal/internal/must"
	"supportportal/internal/servercore"
	"supportportal/internal/serverstore"
	"supportportal/internal/serverstore/storetest"
	"supportportal/internal/sqlitedb"
)

// A server with files from before file grants upgrades in place: each
// stored file goes to the first company whose case named it (uploads were
// accepted only for a file a case of the uploader's company named), not
// to a company that named it later. A guessed grant for bytes that never
// arrived gives way when they first do.
func TestMigrationGrantsOldFilesToTheFirstNamer(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	raw, err := sql.Open("sqlite3", "file:"+path+"?_foreign_keys=on")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"0001_init.sql", "0002_portal_users.sql", "0003_knowledge.sql", "0004_account_rev.sql", "0005_person_settings.sql"} {
		b, err := os.ReadFile(filepath.Join("migrations", name))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := raw.Exec(string(b)); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	x, y, z := strings.Repeat("a1", 32), strings.Repeat("b2", 32), strings.Repeat("c3", 32)
	at := func(m int) string { return time.Date(2026, 5, 1, 9, m, 0, 0, time.UTC).Format(sqlitedb.TimeFormat) }
	for _, q := range []string{`PRAGMA user_version = 5`,
		`INSERT INTO vendor (id, slug, profile, categories, created_at) VALUES ('v1', 'demo', '{}', '[]', '` + at(0) + `')`,
		`INSERT INTO company (id, vendor_id, name, status, created_at) VALUES ('ca', 'v1', 'Acme', 'active', '` + at(0) + `'), ('cb', 'v1', 'Globex', 'active', '` + at(0) + `'), ('cc', 'v1', 'Initech', 'active', '` + at(0) + `')`,
		`INSERT INTO person (id, vendor_id, company_id, kind, email, name, product_role, created_at, updated_at) VALUES
			('pa', 'v1', 'ca', 'customer', 'a@acme.example', 'A', 'administrator', '` + at(0) + `', '` + at(0) + `'),
			('pb', 'v1', 'cb', 'customer', 'b@globex.example', 'B', 'administrator', '` + at(0) + `', '` + at(0) + `'),
			('pc', 'v1', 'cc', 'customer', 'c@initech.example', 'C', 'administrator', '` + at(0) + `', '` + at(0) + `')`,
		`INSERT INTO support_case (id, vendor_id, company_id, number, author_id, subject, category_id, subcategory_id, description, priority, status, created_at, updated_at, seq) VALUES
			('k1', 'v1', 'ca', 1, 'pa', 'S', 'c', 's', 'D', 'low', 'new', '` + at(1) + `', '` + at(1) + `', 1),
			('k2', 'v1', 'cb', 2, 'pb', 'S', 'c', 's', 'D', 'low', 'new', '` + at(2) + `', '` + at(2) + `', 2),
			('k3', 'v1', 'cb', 3, 'pb', 'S', 'c', 's', 'D', 'low', 'new', '` + at(3) + `', '` + at(3) + `', 3)`,
		// x: Acme first, Globex later. y: Globex only. z: named by Globex,
		// bytes never uploaded.
		`INSERT INTO attachment (id, case_id, name, size, sha256, created_at) VALUES
			('f2', 'k2', 'copy.pdf', 10, '` + x + `', '` + at(2) + `'),
			('f1', 'k1', 'report.pdf', 10, '` + x + `', '` + at(1) + `'),
			('f3', 'k3', 'log.txt', 20, '` + y + `', '` + at(3) + `'),
			('f4', 'k3', 'ghost.bin', 30, '` + z + `', '` + at(3) + `')`,
	} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatalf("%s: %v", q[:min(len(q), 60)], err)
		}
	}
	raw.Close()

	db, err := serverstore.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	grants := func() map[string]string {
		t.Helper()
		rows, err := storetest.Peek(t, path).Query(`SELECT sha256, company_id, size, origin FROM file_grant ORDER BY sha256, company_id`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		out := map[string]string{}
		for rows.Next() {
			var sum, company, origin string
			var size int64
			must.Do(rows.Scan(&sum, &company, &size, &origin))
			out[sum[:2]+"/"+company] = origin + "/" + strconv.FormatInt(size, 10)
		}
		return out
	}
	want := map[string]string{"a1/ca": "migration/10", "b2/cb": "migration/20", "c3/cb": "migration/30"}
	if got := grants(); !maps.Equal(got, want) {
		t.Fatalf("grants %v, want %v", got, want)
	}
	scope := func(company string) servercore.Scope { return servercore.Scope{VendorID: "v1", CompanyID: company} }
	for _, c := range []struct {
		company, sum string
		want         bool
	}{{"ca", x, true}, {"cb", x, false}, {"cb", y, true}, {"ca", y, false}, {"", x, true}} {
		t.Run(c.company+" reads "+c.sum[:2], func(t *testing.T) {
			if ok, err := db.FileReadable(ctx, scope(c.company), c.sum); err != nil || ok != c.want {
				t.Fatalf("%s reads %s: %v %v", c.company, c.sum[:2], ok, err)
			}
		})
	}
	// Initech uploads z's bytes, which arrive for the first time: Globex's
	// guessed grant goes; a later upload of known bytes takes none away.
	now := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	for _, u := range []servercore.FileUpload{{ID: "u1", CompanyID: "cc", PersonID: "pc", SHA256: z, Length: 30, CreatedAt: now},
		{ID: "u2", CompanyID: "cc", PersonID: "pc", SHA256: x, Length: 10, CreatedAt: now}} {
		if err := db.StartUpload(ctx, u, 1<<30); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.FinishUpload(ctx, "u1", 30, true, now); err != nil {
		t.Fatal(err)
	}
	if err := db.FinishUpload(ctx, "u2", 10, false, now); err != nil {
		t.Fatal(err)
	}
	want = map[string]string{"a1/ca": "migration/10", "a1/cc": "upload/10", "b2/cb": "migration/20", "c3/cc": "upload/30"}
	if got := grants(); !maps.Equal(got, want) {
		t.Fatalf("grants after uploads %v, want %v", got, want)
	}
	if _, err := db.Upload(ctx, "u1"); err == nil {
		t.Fatal("a finished upload is still in progress")
	}
}
