package server

import (
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

	"github.com/tus/tusd/v2/pkg/filestore"
	tusd "github.com/tus/tusd/v2/pkg/handler"
	"github.com/tus/tusd/v2/pkg/memorylocker"
	exslog "golang.org/x/exp/slog"

	"supportportal/internal/portal"
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

// registerFiles mounts the tus handler and the download route. Without a
// FilesDir the server keeps metadata only and these routes answer 404.
func (s *Server) registerFiles() {
	if s.cfg.FilesDir == "" {
		return
	}
	store := filestore.New(filepath.Join(s.cfg.FilesDir, "incoming"))
	if err := os.MkdirAll(store.Path, 0o700); err != nil {
		s.log.Error("files disabled", "err", err)
		return
	}
	composer := tusd.NewStoreComposer()
	store.UseIn(composer)
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
		// The last PATCH is answered only once the file is checked and in
		// the store, so an app that got its answer can rely on the file
		// (no completion event to lose in a restart).
		PreFinishResponseCallback: func(hook tusd.HookEvent) (tusd.HTTPResponse, error) {
			if err := s.acceptUpload(hook.Upload.Storage["Path"], hook.Upload.MetaData["sha256"]); err != nil {
				s.log.Warn("upload refused", "id", hook.Upload.ID, "err", err)
				return tusd.HTTPResponse{}, tusd.NewError("ERR_SHA256_MISMATCH", "the file's content does not match its sha256", http.StatusUnprocessableEntity)
			}
			return tusd.HTTPResponse{}, nil
		},
		PreUploadCreateCallback: func(hook tusd.HookEvent) (tusd.HTTPResponse, tusd.FileInfoChanges, error) {
			sum := hook.Upload.MetaData["sha256"]
			if !validSum(sum) {
				return tusd.HTTPResponse{}, tusd.FileInfoChanges{}, tusd.NewError("ERR_BAD_SHA256", "the upload needs its sha256 in the metadata", http.StatusBadRequest)
			}
			return tusd.HTTPResponse{}, tusd.FileInfoChanges{}, nil
		},
	})
	if err != nil {
		s.log.Error("files disabled", "err", err)
		return
	}
	s.cleanIncoming(store.Path)
	// The tus routes go through the same sign-in check as the API; a
	// POST is allowed only for a file one of the caller's company's cases
	// names, so the server never stores strangers' files.
	s.handle("POST "+uploadsPath, s.customer(func(w http.ResponseWriter, r *http.Request) {
		sum := tusMeta(r.Header.Get("Upload-Metadata"))["sha256"]
		if err := s.checkUploadSize(r); err != nil {
			s.writeError(w, r, err)
			return
		}
		if ok, err := s.store.AttachmentKnown(r.Context(), ScopeOf(callerOf(r)), sum); err != nil {
			s.writeError(w, r, err)
			return
		} else if !ok {
			s.writeError(w, r, &portal.Error{Code: portal.ENotFound, Reason: "attachment_not_found", Message: "no case of your company has this file"})
			return
		}
		h.PostFile(w, r)
	}))
	// tusd reads the upload's ID from a path without the base path.
	s.handle("HEAD "+uploadsPath+"{id}", s.customer(http.StripPrefix(uploadsPath, http.HandlerFunc(h.HeadFile)).ServeHTTP))
	s.handle("PATCH "+uploadsPath+"{id}", s.customer(http.StripPrefix(uploadsPath, http.HandlerFunc(h.PatchFile)).ServeHTTP))
	s.handle("GET /v1/files/{sha256}", s.authed(s.getFile))
	s.handle("HEAD /v1/files/{sha256}", s.authed(s.getFile))
}

// checkUploadSize refuses an upload longer than the caller's vendor allows
// for one attachment, so a limit changed in the profile holds at once.
func (s *Server) checkUploadSize(r *http.Request) error {
	n, err := strconv.ParseInt(r.Header.Get("Upload-Length"), 10, 64)
	if err != nil || n < 0 {
		return nil // tus answers a missing or bad length itself
	}
	p, err := s.store.Profile(r.Context(), callerOf(r).VendorID)
	if err != nil {
		return err
	}
	if limit := p.Vendor.MaxAttachmentBytes; limit > 0 && n > limit {
		return &portal.Error{Code: ETooLarge, Reason: "file_too_large", Field: "file",
			Params:  map[string]string{"limit": strconv.FormatInt(limit, 10)},
			Message: fmt.Sprintf("the file has %d bytes; at most %d are accepted", n, limit)}
	}
	return nil
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

func (s *Server) acceptUpload(path, sum string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	h := sha256.New()
	_, err = io.Copy(h, f)
	// Closed before the file is linked and renamed: Windows refuses to
	// rename a file that is open (every good upload failed there).
	f.Close()
	if err != nil {
		return err
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != sum {
		return fmt.Errorf("content hash %s, declared %s", got[:12], sum[:min(12, len(sum))])
	}
	dst := s.blobPath(sum)
	if err := os.MkdirAll(filepath.Dir(dst), 0o700); err != nil {
		return err
	}
	if _, err := os.Stat(dst); err == nil {
		return nil // the same bytes are already here
	}
	// A hard link: tusd still owns the upload file until it has answered.
	if err := os.Link(path, dst+".tmp"); err != nil {
		return err
	}
	return os.Rename(dst+".tmp", dst)
}

// getFile serves a file to a caller whose company (or, for an agent,
// whose vendor) has a case naming it; ranged requests let an interrupted
// download continue.
func (s *Server) getFile(w http.ResponseWriter, r *http.Request) {
	sum := r.PathValue("sha256")
	c := callerOf(r)
	ok := false
	if validSum(sum) {
		var err error
		if ok, err = s.store.AttachmentKnown(r.Context(), ScopeOf(c), sum); err != nil {
			s.writeError(w, r, err)
			return
		}
	}
	if !ok {
		s.writeError(w, r, &portal.Error{Code: portal.ENotFound, Reason: "attachment_not_found", Message: "no such file"})
		return
	}
	f, err := os.Open(s.blobPath(sum))
	if err != nil {
		s.writeError(w, r, &portal.Error{Code: portal.ENotFound, Reason: "file_not_uploaded", Message: "the file has not been uploaded yet"})
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
