package syncer

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"

	"supportportal/internal/appstore"
)

// Files go to the server with the tus protocol (resumable uploads) after
// the case or comment that names them, and come back with ranged GETs.
// Each file succeeds or fails on its own: one bad file never holds up
// the others or the rest of the sync.

// ChunkSize is how much one PATCH carries; an interruption loses at most
// the chunk in flight (tus servers keep what they received).
var ChunkSize int64 = 4 << 20

// Progress reports the transfer of one file.
type Progress func(sha256, name string, done, total int64)

// FileStore says where a file's bytes live on this device.
type FileStore interface {
	Path(sha256 string) (string, error)
}

const tusVersion = "1.0.0"

func (c *Client) request(ctx context.Context, method, u string, body io.Reader) (*http.Request, error) {
	if !isAbs(u) {
		u = c.BaseURL + u
	}
	req, err := http.NewRequestWithContext(ctx, method, u, body)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+c.Token)
	req.Header.Set("Tus-Resumable", tusVersion)
	return req, nil
}

func isAbs(u string) bool {
	p, err := url.Parse(u)
	return err == nil && p.IsAbs()
}

func (c *Client) send(req *http.Request) (*http.Response, error) {
	res, err := c.HTTP.Do(req)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w: %v", req.Method, req.URL.Path, ErrOffline, err)
	}
	return res, nil
}

// HasFile asks whether the server has a file's bytes.
func (c *Client) HasFile(ctx context.Context, sum string) (bool, error) {
	req, err := c.request(ctx, "HEAD", "/v1/files/"+sum, nil)
	if err != nil {
		return false, err
	}
	res, err := c.send(req)
	if err != nil {
		return false, err
	}
	res.Body.Close()
	switch res.StatusCode {
	case http.StatusOK:
		return true, nil
	case http.StatusNotFound:
		return false, nil
	case http.StatusUnauthorized:
		return false, apiError(res.StatusCode, nil)
	}
	return false, fmt.Errorf("HEAD file: server answered %d", res.StatusCode)
}

// Upload sends one file, continuing an earlier upload at uploadURL when
// there is one. saveURL is told the upload's URL as soon as it exists, so
// a kill never loses the place.
func (c *Client) Upload(ctx context.Context, path, sum, name, uploadURL string, saveURL func(string) error, progress func(done, total int64)) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("upload %s: %w", name, err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return fmt.Errorf("upload %s: %w", name, err)
	}
	size := fi.Size()
	offset := int64(-1)
	if uploadURL != "" {
		req, err := c.request(ctx, "HEAD", uploadURL, nil)
		if err != nil {
			return err
		}
		res, err := c.send(req)
		if err != nil {
			return err
		}
		res.Body.Close()
		if res.StatusCode == http.StatusOK {
			offset, _ = strconv.ParseInt(res.Header.Get("Upload-Offset"), 10, 64)
		}
	}
	if offset < 0 { // a new upload
		req, err := c.request(ctx, "POST", "/v1/uploads/", nil)
		if err != nil {
			return err
		}
		req.Header.Set("Upload-Length", strconv.FormatInt(size, 10))
		req.Header.Set("Upload-Metadata", "sha256 "+base64.StdEncoding.EncodeToString([]byte(sum))+
			",filename "+base64.StdEncoding.EncodeToString([]byte(name)))
		res, err := c.send(req)
		if err != nil {
			return err
		}
		b, _ := io.ReadAll(io.LimitReader(res.Body, 1<<16))
		res.Body.Close()
		if res.StatusCode != http.StatusCreated {
			return fmt.Errorf("upload %s: create: %w (%s)", name, apiError(res.StatusCode, b), bytes.TrimSpace(b))
		}
		loc, err := req.URL.Parse(res.Header.Get("Location"))
		if err != nil || res.Header.Get("Location") == "" {
			return fmt.Errorf("upload %s: no Location in the answer", name)
		}
		uploadURL, offset = loc.String(), 0
		if err := saveURL(uploadURL); err != nil {
			return err
		}
	}
	for offset < size {
		n := min(ChunkSize, size-offset)
		req, err := c.request(ctx, "PATCH", uploadURL, io.NewSectionReader(f, offset, n))
		if err != nil {
			return err
		}
		req.ContentLength = n
		req.Header.Set("Content-Type", "application/offset+octet-stream")
		req.Header.Set("Upload-Offset", strconv.FormatInt(offset, 10))
		res, err := c.send(req)
		if err != nil {
			return err
		}
		b, _ := io.ReadAll(io.LimitReader(res.Body, 1<<16))
		res.Body.Close()
		if res.StatusCode != http.StatusNoContent {
			return fmt.Errorf("upload %s: PATCH at %d: %w (%s)", name, offset, apiError(res.StatusCode, b), bytes.TrimSpace(b))
		}
		next, err := strconv.ParseInt(res.Header.Get("Upload-Offset"), 10, 64)
		if err != nil || next <= offset {
			return fmt.Errorf("upload %s: the server did not move on from offset %d", name, offset)
		}
		offset = next
		if progress != nil {
			progress(offset, size)
		}
	}
	return nil
}

// Download fetches a file into dst, continuing a partial dst.part with a
// ranged request, and checks its SHA-256 before it is used.
func (c *Client) Download(ctx context.Context, sum, dst string, progress func(done, total int64)) error {
	part := dst + ".part"
	if err := os.MkdirAll(filepath.Dir(dst), 0o700); err != nil {
		return fmt.Errorf("download: %w", err)
	}
	f, err := os.OpenFile(part, os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		return fmt.Errorf("download: %w", err)
	}
	have, _ := f.Seek(0, io.SeekEnd)
	req, err := c.request(ctx, "GET", "/v1/files/"+sum, nil)
	if err != nil {
		f.Close()
		return err
	}
	if have > 0 {
		req.Header.Set("Range", fmt.Sprintf("bytes=%d-", have))
	}
	res, err := c.send(req)
	if err != nil {
		f.Close()
		return err
	}
	defer res.Body.Close()
	switch res.StatusCode {
	case http.StatusOK: // the whole file: start over
		if err := f.Truncate(0); err != nil {
			f.Close()
			return err
		}
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			f.Close()
			return err
		}
		have = 0
	case http.StatusPartialContent:
	default:
		f.Close()
		b, _ := io.ReadAll(io.LimitReader(res.Body, 1<<16))
		return apiError(res.StatusCode, b)
	}
	total := have + res.ContentLength
	buf := make([]byte, 1<<20)
	for {
		n, rerr := res.Body.Read(buf)
		if n > 0 {
			if _, err := f.Write(buf[:n]); err != nil {
				f.Close()
				return err
			}
			have += int64(n)
			if progress != nil {
				progress(have, total)
			}
		}
		if rerr == io.EOF {
			break
		} else if rerr != nil {
			f.Close()
			return fmt.Errorf("download: %w: %v", ErrOffline, rerr)
		}
	}
	if err := f.Close(); err != nil {
		return err
	}
	got, err := fileSum(part)
	if err != nil {
		return err
	}
	if got != sum {
		os.Remove(part)
		return fmt.Errorf("download: the file arrived damaged (SHA-256 %s, expected %s); it is fetched again next time", got[:12], sum[:12])
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o700); err != nil {
		return err
	}
	return os.Rename(part, dst)
}

func fileSum(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// uploadFiles sends every file the server still lacks. It stops at the
// first sign the server is unreachable (the next sync resumes); any other
// failure is counted and the next file goes on.
func (e *Engine) uploadFiles(ctx context.Context) (sent, failed int, err error) {
	if e.Files == nil {
		return 0, 0, nil
	}
	ups, err := e.db.PendingUploads(ctx)
	if err != nil {
		return 0, 0, err
	}
	for _, u := range ups {
		err := e.uploadOne(ctx, u)
		switch {
		case err == nil:
			sent++
		case IsOffline(err) || Unauthorized(err):
			return sent, failed, err
		default:
			failed++
			e.log.Warn("file not sent", "name", u.Name, "err", err)
		}
	}
	return sent, failed, nil
}

func (e *Engine) uploadOne(ctx context.Context, u appstore.Upload) error {
	if ok, err := e.client.HasFile(ctx, u.SHA256); err != nil {
		return err
	} else if ok {
		return e.db.MarkUploaded(ctx, u.SHA256)
	}
	path, err := e.Files.Path(u.SHA256)
	if err != nil {
		return err
	}
	err = e.client.Upload(ctx, path, u.SHA256, u.Name, u.UploadURL,
		func(url string) error { return e.db.SetUploadURL(ctx, u.SHA256, url) },
		func(done, total int64) {
			if e.OnProgress != nil {
				e.OnProgress(u.SHA256, u.Name, done, total)
			}
		})
	var he *HTTPError
	if errors.As(err, &he) && (he.Status == http.StatusNotFound || he.Status == http.StatusConflict || he.Status == http.StatusGone) {
		// The server forgot the unfinished upload, or it no longer fits
		// (offset mismatch): start it again from the first byte.
		_ = e.db.SetUploadURL(ctx, u.SHA256, "")
	}
	if err != nil {
		return err
	}
	// Only the server's word that it has the file, checked, counts: an
	// upload finished before a server restart may never have been accepted.
	if ok, err := e.client.HasFile(ctx, u.SHA256); err != nil {
		return err
	} else if !ok {
		_ = e.db.SetUploadURL(ctx, u.SHA256, "")
		return fmt.Errorf("upload %s: the server did not keep the file; it is sent again", u.Name)
	}
	return e.db.MarkUploaded(ctx, u.SHA256)
}

// Fetch downloads a file this device does not have yet (a colleague's
// attachment being opened) into the local store.
func (e *Engine) Fetch(ctx context.Context, sum, name string) error {
	if e.Files == nil {
		return errors.New("no file store")
	}
	dst, err := e.Files.Path(sum)
	if err != nil {
		return err
	}
	err = e.client.Download(ctx, sum, dst, func(done, total int64) {
		if e.OnProgress != nil {
			e.OnProgress(sum, name, done, total)
		}
	})
	if err != nil {
		return err
	}
	return e.db.MarkPresent(ctx, sum)
}
