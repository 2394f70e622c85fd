package app

import "supportportal/internal/syncer"

// The events the app sends to the UI (Platform.Emit, runtime.EventsEmit in
// the window). The SPA names the same events, with their payloads, in
// frontend/src/lib/events.ts; TestEventNamesMatchTheSPA keeps the two lists
// equal and every Emit on one of these constants.
const (
	// EventSyncProgress carries a syncer.Report after each step of a sync.
	EventSyncProgress = "sync:progress"
	// EventSyncChanged carries a SyncChanged when a sync ends.
	EventSyncChanged = "sync:changed"
	// EventSyncNotices carries []appstore.Notice: replies and status changes
	// to tell the user about.
	EventSyncNotices = "sync:notices"
	// EventSyncSignedOut carries nothing: the server ended the session.
	EventSyncSignedOut = "sync:signedout"
	// EventTransferProgress carries a TransferProgress while a file is sent
	// or fetched.
	EventTransferProgress = "transfer:progress"
	// EventAttachmentProgress carries a portal.AttachmentProgress while a
	// file is copied into a draft.
	EventAttachmentProgress = "attachment:progress"
	// EventFilesDropped carries DroppedFiles.
	EventFilesDropped = "files:dropped"
	// EventLinkOpened carries nothing: a supportportal:// link reached the
	// app; the UI asks PasswordLink for it.
	EventLinkOpened = "link:opened"
)

// SyncChanged is what the UI hears when a sync ends: what it moved, and
// why it failed ("" when it did not).
type SyncChanged struct {
	Report syncer.Report `json:"report"`
	Error  string        `json:"error"`
}

// TransferProgress is how far a file sent to or fetched from the server is.
type TransferProgress struct {
	SHA256 string `json:"sha256"`
	Name   string `json:"name"`
	Done   int64  `json:"done"`
	Total  int64  `json:"total"`
}
