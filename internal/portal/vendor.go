package portal

// VendorProfile describes the SaaS vendor whose customers use the portal.
// The central server delivers it; until then the defaults below apply, so the
// app never hard-codes a vendor's name or links in its screens.
type VendorProfile struct {
	Name               string `json:"name"`
	ProductName        string `json:"productName"`
	HelpDocumentsURL   string `json:"helpDocumentsUrl"`
	PortalAccessEmail  string `json:"portalAccessEmail"`
	PortalUserLimit    int    `json:"portalUserLimit"`
	MaxAttachmentBytes int64  `json:"maxAttachmentBytes"`
	MaxAttachments     int    `json:"maxAttachments"`
	// StorageQuotaBytes is how many bytes of files each customer company
	// may keep on the server (uploads in progress count); 0 means
	// DefaultStorageQuotaBytes.
	StorageQuotaBytes int64 `json:"storageQuotaBytes"`
	// LatestVersion is the newest app release the vendor offers (semver,
	// "" when none is announced) and DownloadURL the page to get it from.
	// The app tells the user; it never replaces itself.
	LatestVersion string `json:"latestVersion,omitempty"`
	DownloadURL   string `json:"downloadUrl,omitempty"`
}

// DefaultStorageQuotaBytes is a company's storage quota when the vendor
// profile sets none: 5 GB.
const DefaultStorageQuotaBytes int64 = 5 << 30

// StorageQuota is the quota in effect.
func (v VendorProfile) StorageQuota() int64 {
	if v.StorageQuotaBytes > 0 {
		return v.StorageQuotaBytes
	}
	return DefaultStorageQuotaBytes
}

// DefaultVendorProfile is used before a server has sent the real profile.
func DefaultVendorProfile() VendorProfile {
	return VendorProfile{
		Name:               "Northwind Learning",
		ProductName:        "Northwind LMS",
		HelpDocumentsURL:   "https://docs.example.com/northwind-lms",
		PortalAccessEmail:  "portalaccess@example.com",
		PortalUserLimit:    4,
		MaxAttachmentBytes: 50 << 20,
		MaxAttachments:     20,
		StorageQuotaBytes:  DefaultStorageQuotaBytes,
	}
}
