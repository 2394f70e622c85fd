package httpapi

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/tus/tusd/v2/pkg/filestore"
	tusd "github.com/tus/tusd/v2/pkg/handler"
	"github.com/tus/tusd/v2/pkg/memorylocker"
	exslog "golang.org/x/exp/slog"

	"supportportal/internal/portal"
	"supportportal/internal/servercore"
)

// Attachment bytes travel separately from the cases that name them: apps
// upload with the tus protocol (resumable: an interrupted upload continues
// from its offset) and download with ranged GETs. Files are kept under
// their SHA-256, which is checked before a file is accepted, so a damaged
// or forged upload never replaces what a case refers to.

// MaxUploadBytes is the most tus accepts for one file whatever the vendor
// profile says; the profile's attachment limit (maxAttachmentBytes) is
// checked for each upload below it.
const MaxUploadBytes = 2 << 30

const uploadsPath = "/v1/uploads/"

func (s *Server) blobPath(sum string) string {
	return filepath.Join(s.cfg.FilesDir, "blobs", sum[:2], sum)
}

func validSum(sum string) bool {
	return len(sum) == 64 && strings.Trim(sum, "0123456789abcdef") == ""
}

// uploadIDKey carries the ID the server chose for a new upload from the
// POST handler to tusd's create hook.
type uploadIDKey struct{}

// registerFiles mounts the tus handler and the download route. Without a
// FilesDir the server keeps metadata only and these routes answer 404.
func (s *Server) registerFiles() {
	if s.cfg.FilesDir == "" {
		return
	}
	store := filestore.New(s.incomingDir())
	if err := os.MkdirAll(store.Path, 0o700); err != nil {
		s.log.Error("files disabled", "err", err)
		return
	}
	composer := tusd.NewStoreComposer()
	// The core only: no deferred length (every upload declares its length,
	// checked against the case and the quota before a byte is stored), no
	// concatenation of other uploads, no termination or download by tus.
	composer.UseCore(store)
	// In-memory locks: a restarted server holds none, and a new request
	// for an upload asks the one still holding it (a cut connection) to let
	// go, so a resumed upload is never refused as locked. One server
	// process serves a files folder.
	memorylocker.New().UseIn(composer)
	h, err := tusd.NewUnroutedHandler(tusd.Config{
		BasePath:           uploadsPath,
		StoreComposer:      composer,
		MaxSize:            MaxUploadBytes,
		DisableDownload:    true,
		DisableTermination: true,
		// tusd logs through golang.org/x/exp/slog; only its warnings and
		// errors matter here (the server logs every request itself).
		Logger: exslog.New(exslog.NewJSONHandler(os.Stderr, &exslog.HandlerOptions{Level: exslog.LevelWarn})),
		// The last PATCH is answered only once the file is checked, in the
		// store and granted to the uploader's company, so an app that got
		// its answer can rely on the file (no completion event to lose in
		// a restart).
		PreFinishResponseCallback: func(hook tusd.HookEvent) (tusd.HTTPResponse, error) {
			first, err := s.acceptUpload(hook.Upload.Storage["Path"], hook.Upload.MetaData["sha256"])
			if err != nil {
				s.log.Warn("upload refused", "id", hook.Upload.ID, "err", err)
				// The upload cannot succeed any more: it ends here and the
				// app starts again from the first byte.
				if derr := s.store.DropUpload(hook.Context, hook.Upload.ID); derr != nil {
					s.log.Error("upload not ended", "id", hook.Upload.ID, "err", derr)
				}
				return tusd.HTTPResponse{}, tusd.NewError("ERR_SHA256_MISMATCH", "the file's content does not match its sha256", http.StatusUnprocessableEntity)
			}
			if err := s.store.FinishUpload(hook.Context, hook.Upload.ID, hook.Upload.Size, first, s.cfg.Now()); err != nil {
				s.log.Warn("upload not granted", "id", hook.Upload.ID, "err", err)
				return tusd.HTTPResponse{}, tusd.NewError("ERR_UPLOAD_EXPIRED", "the upload has expired; send the file again", http.StatusGone)
			}
			return tusd.HTTPResponse{}, nil
		},
		PreUploadCreateCallback: func(hook tusd.HookEvent) (tusd.HTTPResponse, tusd.FileInfoChanges, error) {
			id, _ := hook.Context.Value(uploadIDKey{}).(string)
			if id == "" {
				return tusd.HTTPResponse{}, tusd.FileInfoChanges{}, tusd.NewError("ERR_NO_UPLOAD_ID", "uploads are created through the server's checks", http.StatusInternalServerError)
			}
			return tusd.HTTPResponse{}, tusd.FileInfoChanges{ID: id}, nil
		},
	})
	if err != nil {
		s.log.Error("files disabled", "err", err)
		return
	}
	s.cleanIncoming(store.Path)
	// The tus routes go through the same sign-in check as the API. A POST
	// is allowed only for a file one of the caller's company's cases
	// names, with the length the case declared, within the vendor's file
	// limit and the company's storage quota; the server chooses the ID.
	s.handle("POST "+uploadsPath, s.customer(func(w http.ResponseWriter, r *http.Request) {
		u, err := s.checkNewUpload(r)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		h.PostFile(rec, r.WithContext(context.WithValue(r.Context(), uploadIDKey{}, u.ID)))
		if rec.status != http.StatusCreated {
			s.endUpload(r.Context(), u.ID)
		} else if _, err := s.store.Upload(r.Context(), u.ID); portal.ErrorCode(err) == portal.ENotFound {
			s.removeIncoming(u.ID) // the whole file came with the POST
		}
	}))
	// An upload in progress is only its company's: anyone else is told
	// there is no such upload. tusd reads the ID from a path without the
	// base path.
	own := func(next http.HandlerFunc) http.HandlerFunc {
		return s.customer(func(w http.ResponseWriter, r *http.Request) {
			u, err := s.store.Upload(r.Context(), r.PathValue("id"))
			if err == nil && u.CompanyID != callerOf(r).CompanyID {
				err = &portal.Error{Code: portal.ENotFound, Reason: portal.ReasonNoUpload, Message: "no such upload"}
			}
			if err != nil {
				s.writeError(w, r, err)
				return
			}
			http.StripPrefix(uploadsPath, next).ServeHTTP(w, r)
		})
	}
	s.handle("HEAD "+uploadsPath+"{id}", own(h.HeadFile))
	s.handle("PATCH "+uploadsPath+"{id}", own(func(w http.ResponseWriter, r *http.Request) {
		h.PatchFile(w, r)
		// A finished or refused upload has ended in the store; its partial
		// file in incoming/ is no longer needed (tusd has let go of it).
		id := r.PathValue("id")
		if _, err := s.store.Upload(r.Context(), id); portal.ErrorCode(err) == portal.ENotFound {
			s.removeIncoming(id)
		}
	}))
	s.handle("GET /v1/files/{sha256}", s.authed(s.getFile))
	s.handle("HEAD /v1/files/{sha256}", s.authed(s.getFile))
}

func (s *Server) incomingDir() string { return filepath.Join(s.cfg.FilesDir, "incoming") }

// checkNewUpload reads a new upload's SHA-256 and declared length and has
// the core admit and record it (servercore.Service.StartUpload).
func (s *Server) checkNewUpload(r *http.Request) (servercore.FileUpload, error) {
	c := callerOf(r)
	sum := tusMeta(r.Header.Get("Upload-Metadata"))["sha256"]
	if !validSum(sum) {
		return servercore.FileUpload{}, &portal.Error{Code: portal.EInvalid, Reason: portal.ReasonBadSha256, Field: "Upload-Metadata", Message: "the upload needs its sha256 in the metadata"}
	}
	n, err := strconv.ParseInt(r.Header.Get("Upload-Length"), 10, 64)
	if err != nil || n < 0 || r.Header.Get("Upload-Defer-Length") != "" {
		return servercore.FileUpload{}, &portal.Error{Code: portal.EInvalid, Reason: portal.ReasonUploadLengthRequired, Field: "Upload-Length",
			Message: "an upload must declare its length in Upload-Length"}
	}
	return s.core.StartUpload(r.Context(), c, sum, n)
}

// endUpload ends an upload that did not come about or cannot go on.
func (s *Server) endUpload(ctx context.Context, id string) {
	if err := s.store.DropUpload(ctx, id); err != nil {
		s.log.Error("upload not ended", "id", id, "err", err)
	}
	s.removeIncoming(id)
}

// removeIncoming deletes an upload's partial file and its tusd info.
func (s *Server) removeIncoming(id string) {
	if id == "" || strings.ContainsAny(id, `/\`) || id == "." || id == ".." {
		return
	}
	os.Remove(filepath.Join(s.incomingDir(), id))
	os.Remove(filepath.Join(s.incomingDir(), id+".info"))
}

// UploadTTL is how long an unfinished upload is kept; JanitorEvery is how
// often the janitor looks for older ones.
const (
	UploadTTL    = 24 * time.Hour
	JanitorEvery = time.Hour
)

// SweepUploads ends the uploads started more than UploadTTL ago (by the
// server's clock) and removes their partial files, and any file in
// incoming/ that no upload in progress owns and that is as old.
func (s *Server) SweepUploads(ctx context.Context) error {
	if s.cfg.FilesDir == "" {
		return nil
	}
	before := s.cfg.Now().Add(-UploadTTL)
	ids, err := s.store.ExpireUploads(ctx, before)
	if err != nil {
		return err
	}
	for _, id := range ids {
		s.removeIncoming(id)
	}
	ents, err := os.ReadDir(s.incomingDir())
	if err != nil {
		return err
	}
	for _, ent := range ents {
		fi, err := ent.Info()
		if err != nil || !fi.Mode().IsRegular() || !fi.ModTime().Before(before) {
			continue
		}
		id := strings.TrimSuffix(ent.Name(), ".info")
		if _, err := s.store.Upload(ctx, id); portal.ErrorCode(err) == portal.ENotFound {
			os.Remove(filepath.Join(s.incomingDir(), ent.Name()))
		}
	}
	if len(ids) > 0 {
		s.log.Info("expired uploads removed", "count", len(ids))
	}
	return nil
}

// RunJanitor sweeps abandoned uploads every JanitorEvery until ctx ends.
func (s *Server) RunJanitor(ctx context.Context) {
	t := time.NewTicker(JanitorEvery)
	defer t.Stop()
	for {
		if err := s.SweepUploads(ctx); err != nil && ctx.Err() == nil {
			s.log.Error("upload janitor", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// tusMeta decodes tus's Upload-Metadata header ("key base64,key base64").
func tusMeta(h string) map[string]string {
	out := map[string]string{}
	for _, kv := range strings.Split(h, ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(kv), " ")
		if b, err := base64.StdEncoding.DecodeString(v); err == nil {
			out[k] = string(b)
		}
	}
	return out
}

// cleanIncoming removes finished uploads whose file is in the store
// (they are hard links to it) at start.
func (s *Server) cleanIncoming(dir string) {
	infos, _ := filepath.Glob(filepath.Join(dir, "*.info"))
	for _, info := range infos {
		b, err := os.ReadFile(info)
		if err != nil {
			continue
		}
		sum := tusMetaJSON(b)
		if validSum(sum) {
			if _, err := os.Stat(s.blobPath(sum)); err == nil {
				os.Remove(strings.TrimSuffix(info, ".info"))
				os.Remove(info)
			}
		}
	}
}

// tusMetaJSON reads the sha256 from a tusd .info file.
func tusMetaJSON(b []byte) string {
	var info struct {
		MetaData map[string]string
	}
	if json.Unmarshal(b, &info) != nil {
		return ""
	}
	return info.MetaData["sha256"]
}

// acceptUpload checks a finished upload's content against its declared
// SHA-256 and puts it in the store; first says these bytes were not on the
// server before.
func (s *Server) acceptUpload(path, sum string) (first bool, err error) {
	f, err := os.Open(path)
	if err != nil {
		return false, err
	}
	h := sha256.New()
	_, err = io.Copy(h, f)
	// Closed before the file is linked and renamed: Windows refuses to
	// rename a file that is open (every good upload failed there).
	f.Close()
	if err != nil {
		return false, err
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != sum {
		return false, fmt.Errorf("content hash %s, declared %s", got[:12], sum[:min(12, len(sum))])
	}
	dst := s.blobPath(sum)
	if err := os.MkdirAll(filepath.Dir(dst), 0o700); err != nil {
		return false, err
	}
	if _, err := os.Stat(dst); err == nil {
		return false, nil // the same bytes are already here
	}
	// A hard link: tusd still owns the upload file until it has answered.
	if err := os.Link(path, dst+".tmp"); err != nil {
		return false, err
	}
	return true, os.Rename(dst+".tmp", dst)
}

// getFile serves a file to a caller whose company uploaded it (or, for an
// agent, a company of whose vendor did); ranged requests let an
// interrupted download continue. Anyone else is told there is no such
// file, whether or not the server holds it.
func (s *Server) getFile(w http.ResponseWriter, r *http.Request) {
	sum := r.PathValue("sha256")
	c := callerOf(r)
	ok := false
	if validSum(sum) {
		var err error
		if ok, err = s.store.FileReadable(r.Context(), servercore.ScopeOf(c), sum); err != nil {
			s.writeError(w, r, err)
			return
		}
	}
	if !ok {
		s.writeError(w, r, &portal.Error{Code: portal.ENotFound, Reason: portal.ReasonAttachmentNotFound, Message: "no such file"})
		return
	}
	f, err := os.Open(s.blobPath(sum))
	if err != nil {
		s.writeError(w, r, &portal.Error{Code: portal.ENotFound, Reason: portal.ReasonFileNotUploaded, Message: "the file has not been uploaded yet"})
		return
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("X-Content-SHA256", sum)
	http.ServeContent(w, r, "", fi.ModTime(), f)
}
