package servercore

import (
	"context"
	"fmt"
	"slices"
	"strconv"

	"github.com/google/uuid"

	"supportportal/internal/portal"
)

// StartUpload admits and records a customer's new upload of the file
// with this SHA-256 and length: the length must be a size a case of the
// caller's company gives the file, within the vendor's file limit and the
// company's storage quota. The server chooses the upload's ID.
func (s *Service) StartUpload(ctx context.Context, c Caller, sum string, n int64) (FileUpload, error) {
	p, err := s.store.Profile(ctx, c.VendorID)
	if err != nil {
		return FileUpload{}, err
	}
	if limit := p.Vendor.MaxAttachmentBytes; limit > 0 && n > limit {
		return FileUpload{}, &portal.Error{Code: ETooLarge, Reason: portal.ReasonFileTooLarge, Field: "file",
			Params:  map[string]string{"limit": strconv.FormatInt(limit, 10)},
			Message: fmt.Sprintf("the file has %d bytes; at most %d are accepted", n, limit)}
	}
	sizes, err := s.store.DeclaredSizes(ctx, ScopeOf(c), sum)
	if err != nil {
		return FileUpload{}, err
	}
	if len(sizes) == 0 {
		return FileUpload{}, &portal.Error{Code: portal.ENotFound, Reason: portal.ReasonAttachmentNotFound, Message: "no case of your company has this file"}
	}
	if !slices.Contains(sizes, n) {
		return FileUpload{}, &portal.Error{Code: portal.EInvalid, Reason: portal.ReasonUploadSizeMismatch, Field: "Upload-Length",
			Params:  map[string]string{"declared": strconv.FormatInt(sizes[0], 10)},
			Message: fmt.Sprintf("the upload has %d bytes, but the case gives the file %d", n, sizes[0])}
	}
	u := FileUpload{ID: uuid.NewString(), CompanyID: c.CompanyID, PersonID: c.ID, SHA256: sum, Length: n, CreatedAt: s.cfg.Now()}
	if err := s.store.StartUpload(ctx, u, p.Vendor.StorageQuota()); err != nil {
		return FileUpload{}, err
	}
	return u, nil
}
