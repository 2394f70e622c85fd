package server

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/tus/tusd/v2/pkg/filelocker"
	"github.com/tus/tusd/v2/pkg/filestore"
	tusd "github.com/tus/tusd/v2/pkg/handler"
	exslog "golang.org/x/exp/slog"

	"supportportal/internal/portal"
)

// Attachment bytes travel separately from the cases that name them: apps
// upload with the tus protocol (resumable: an interrupted upload continues
// from its offset) and download with ranged GETs. Files are kept under
// their SHA-256, which is checked before a file is accepted, so a damaged
// or forged upload never replaces what a case refers to.

// MaxUploadBytes bounds one file, as the vendor profile's attachment limit.
const MaxUploadBytes = 50 << 20

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
	filelocker.New(store.Path).UseIn(composer)
	h, err := tusd.NewUnroutedHandler(tusd.Config{
		BasePath:              uploadsPath,
		StoreComposer:         composer,
		MaxSize:               MaxUploadBytes,
		NotifyCompleteUploads: true,
		DisableDownload:       true,
		DisableTermination:    true,
		// tusd logs through golang.org/x/exp/slog; only its warnings and
		// errors matter here (the server logs every request itself).
		Logger: exslog.New(exslog.NewJSONHandler(os.Stderr, &exslog.HandlerOptions{Level: exslog.LevelWarn})),
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
	go s.acceptUploads(h.CompleteUploads)
	// The tus routes go through the same sign-in check as the API; a
	// POST is allowed only for a file one of the caller's company's cases
	// names, so the server never stores strangers' files.
	s.handle("POST "+uploadsPath, s.customer(func(w http.ResponseWriter, r *http.Request) {
		sum := tusMeta(r.Header.Get("Upload-Metadata"))["sha256"]
		if ok, err := s.store.AttachmentKnown(r.Context(), ScopeOf(callerOf(r)), sum); err != nil {
			s.writeError(w, r, err)
			return
		} else if !ok {
			s.writeError(w, r, &portal.Error{Code: portal.ENotFound, Reason: "attachment_not_found", Message: "no case of your company has this file"})
			return
		}
		h.PostFile(w, r)
	}))
	s.handle("HEAD "+uploadsPath+"{id}", s.customer(h.HeadFile))
	s.handle("PATCH "+uploadsPath+"{id}", s.customer(h.PatchFile))
	s.handle("GET /v1/files/{sha256}", s.authed(s.getFile))
	s.handle("HEAD /v1/files/{sha256}", s.authed(s.getFile))
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

// acceptUploads checks each finished upload against its SHA-256 and moves
// it into the content-addressed store; a mismatch is discarded (the app
// sees the file missing and sends it again).
func (s *Server) acceptUploads(done <-chan tusd.HookEvent) {
	for ev := range done {
		path := ev.Upload.Storage["Path"]
		sum := ev.Upload.MetaData["sha256"]
		if err := s.acceptUpload(path, sum); err != nil {
			s.log.Warn("upload refused", "id", ev.Upload.ID, "err", err)
		}
		os.Remove(path)
		os.Remove(path + ".info")
	}
}

func (s *Server) acceptUpload(path, sum string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
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
	return os.Rename(path, dst)
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
