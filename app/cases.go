package app

import (
	"context"
	"os"
	"strings"

	"supportportal/internal/appstore"
	"supportportal/internal/openfile"
	"supportportal/internal/portal"
)

// The Contact Support and My Account Cases part of the bound API.

// run reports a store that failed to open, else runs f and maps its error.
func run[T any](a *App, f func() (T, error)) (T, error) {
	if a.startErr != nil {
		var zero T
		return zero, a.fail(a.startErr)
	}
	v, err := f()
	return v, a.fail(err)
}

func run0(a *App, f func() error) error {
	_, err := run(a, func() (struct{}, error) { return struct{}{}, f() })
	return err
}

// ComponentCategories is the vendor's list for the case form's pickers.
func (a *App) ComponentCategories() ([]portal.ComponentCategory, error) {
	return run(a, func() ([]portal.ComponentCategory, error) { return a.cases.Categories(a.ctx) })
}

// ListDrafts lists the drafts being written, most recent first.
func (a *App) ListDrafts() ([]portal.Draft, error) {
	return run(a, func() ([]portal.Draft, error) { return a.cases.Drafts(a.ctx) })
}

// GetDraft returns a draft with its files.
func (a *App) GetDraft(id string) (portal.Draft, error) {
	return run(a, func() (portal.Draft, error) { return a.cases.Draft(a.ctx, strings.TrimSpace(id)) })
}

// SaveDraft is the form's autosave: an empty ID creates the draft.
func (a *App) SaveDraft(in portal.DraftInput) (portal.Draft, error) {
	return run(a, func() (portal.Draft, error) { return a.cases.SaveDraft(a.ctx, in) })
}

// DiscardDraft hides a draft; RestoreDraft is its Undo.
func (a *App) DiscardDraft(id string) error {
	return run0(a, func() error { return a.cases.DiscardDraft(a.ctx, id) })
}

// RestoreDraft brings back a discarded draft.
func (a *App) RestoreDraft(id string) error {
	return run0(a, func() error { return a.cases.RestoreDraft(a.ctx, id) })
}

// progress forwards copy progress to the UI's progress bars.
func (a *App) progress(owner string) func(name string, copied, total int64) {
	return func(name string, copied, total int64) {
		if a.platform != nil {
			a.platform.Emit(EventAttachmentProgress, portal.AttachmentProgress{DraftID: owner, Name: name, Copied: copied, Total: total})
		}
	}
}

type addFiles func(ctx context.Context, owner string, paths []string, progress appstore.Progress) (portal.AttachmentResult, error)

// chooseFiles shows the native dialog with the UI's (translated) title and
// attaches what was chosen; a cancelled dialog attaches nothing.
func (a *App) chooseFiles(owner, title string, add addFiles) (portal.AttachmentResult, error) {
	return run(a, func() (portal.AttachmentResult, error) {
		var paths []string
		var err error
		if a.platform != nil {
			paths, err = a.platform.OpenFiles(title)
		}
		if err != nil || len(paths) == 0 {
			return portal.AttachmentResult{Attachments: []portal.Attachment{}, Errors: []portal.AttachmentError{}}, err
		}
		return add(a.ctx, owner, paths, a.progress(owner))
	})
}

// ChooseAttachments lets the user pick files for a draft in the native dialog.
func (a *App) ChooseAttachments(draftID, dialogTitle string) (portal.AttachmentResult, error) {
	return a.chooseFiles(draftID, dialogTitle, a.cases.AddDraftAttachments)
}

// AddAttachmentPaths attaches files dropped on the form, named by the
// tokens the drop was granted (event "files:dropped"); a path is refused.
func (a *App) AddAttachmentPaths(draftID string, tokens []string) (portal.AttachmentResult, error) {
	return run(a, func() (portal.AttachmentResult, error) {
		paths, err := a.grants.Resolve(tokens)
		if err != nil {
			return portal.AttachmentResult{}, err
		}
		return a.cases.AddDraftAttachments(a.ctx, draftID, paths, a.progress(draftID))
	})
}

// ChooseCommentAttachments picks files for the comment being written.
func (a *App) ChooseCommentAttachments(caseID, dialogTitle string) (portal.AttachmentResult, error) {
	return a.chooseFiles(caseID, dialogTitle, a.cases.AddCommentAttachments)
}

// AddCommentAttachmentPaths attaches files dropped on the comment box,
// named by their drop tokens.
func (a *App) AddCommentAttachmentPaths(caseID string, tokens []string) (portal.AttachmentResult, error) {
	return run(a, func() (portal.AttachmentResult, error) {
		paths, err := a.grants.Resolve(tokens)
		if err != nil {
			return portal.AttachmentResult{}, err
		}
		return a.cases.AddCommentAttachments(a.ctx, caseID, paths, a.progress(caseID))
	})
}

// RemoveAttachment removes a file from a draft or an unsent comment.
func (a *App) RemoveAttachment(id string) error {
	return run0(a, func() error { return a.cases.RemoveAttachment(a.ctx, id) })
}

// SubmitDraft sends the case, or queues it as Waiting to send.
func (a *App) SubmitDraft(id string) (portal.CaseSummary, error) {
	return run(a, func() (portal.CaseSummary, error) {
		c, err := a.cases.Submit(a.ctx, id)
		if err == nil {
			a.kickSync()
		}
		return c, err
	})
}

// ListCases is a page of My Account Cases.
func (a *App) ListCases(f portal.CaseFilter) (portal.CasePage, error) {
	return run(a, func() (portal.CasePage, error) { return a.cases.List(a.ctx, f) })
}

// GetCase returns a case with its conversation.
func (a *App) GetCase(id string) (portal.CaseDetail, error) {
	return run(a, func() (portal.CaseDetail, error) { return a.cases.Case(a.ctx, strings.TrimSpace(id)) })
}

// SaveCommentDraft keeps the comment being typed.
func (a *App) SaveCommentDraft(caseID, body string) error {
	return run0(a, func() error { return a.cases.SaveCommentDraft(a.ctx, caseID, body) })
}

// AddComment adds a comment with the files staged for it.
func (a *App) AddComment(caseID, body string) (portal.Comment, error) {
	return run(a, func() (portal.Comment, error) {
		m, err := a.cases.AddComment(a.ctx, caseID, body)
		if err == nil {
			a.kickSync()
		}
		return m, err
	})
}

// RateCase is the answer to "Did this solve your problem?" on a Solved
// case: satisfied or not_satisfied, with an optional comment. It is kept
// and queued offline; rating again replaces it until the case is closed.
func (a *App) RateCase(caseID, rating, comment string) (portal.CaseDetail, error) {
	return run(a, func() (portal.CaseDetail, error) {
		d, err := a.cases.RateCase(a.ctx, strings.TrimSpace(caseID), rating, comment)
		if err == nil {
			a.kickSync()
		}
		return d, err
	})
}

// DismissRatingRefusal removes a rating the server refused, once read.
func (a *App) DismissRatingRefusal(caseID string) (portal.CaseDetail, error) {
	return run(a, func() (portal.CaseDetail, error) { return a.cases.DismissRating(a.ctx, strings.TrimSpace(caseID)) })
}

// CreateFollowUp starts a draft linked to a Closed case.
func (a *App) CreateFollowUp(caseID string) (portal.Draft, error) {
	return run(a, func() (portal.Draft, error) { return a.cases.CreateFollowUp(a.ctx, caseID) })
}

// RecordDeflection records "This solved my problem".
func (a *App) RecordDeflection(draftID, articleID string) error {
	return run0(a, func() error { return a.cases.RecordDeflection(a.ctx, draftID, articleID) })
}

// OutboxCount is how many changes wait to be sent, for the status area.
func (a *App) OutboxCount() (int, error) {
	return run(a, func() (int, error) { return a.db.OutboxCount(a.ctx) })
}

// OpenAttachment opens a file with the system's program for its type. The
// bytes are copied out under their own name, so the program sees the right
// extension and can never change the stored copy. Only documents, images,
// text and archives are opened (internal/openfile); other files can be
// saved.
func (a *App) OpenAttachment(id string) error {
	return run0(a, func() error {
		att, err := a.localAttachment(id)
		if err != nil {
			return err
		}
		if !openfile.Openable(att.Name) {
			return openfile.NotOpenable(att.Name)
		}
		src, err := a.cases.Blobs().Path(att.SHA256)
		if err != nil {
			return err
		}
		f, err := os.Open(src)
		if err != nil {
			return err
		}
		defer f.Close()
		origin := ""
		if acc, _ := a.lastAccount(); acc != nil {
			origin = acc.ServerURL
		}
		dst, err := openfile.Write(a.dataDir, att.ID, att.Name, origin, f)
		if err != nil || a.platform == nil {
			return err
		}
		return a.platform.OpenFile(dst)
	})
}

// SaveAttachmentAs saves a copy of a file where the user chooses.
func (a *App) SaveAttachmentAs(id string) error {
	return run0(a, func() error {
		att, err := a.localAttachment(id)
		if err != nil || a.platform == nil {
			return err
		}
		dst, err := a.platform.SaveFile(att.Name)
		if err != nil || dst == "" { // cancelled
			return err
		}
		return a.cases.Blobs().CopyTo(att.SHA256, dst)
	})
}

// localAttachment returns an attachment whose bytes are on this device,
// downloading a colleague's file first.
func (a *App) localAttachment(id string) (portal.Attachment, error) {
	att, path, err := a.cases.AttachmentFile(a.ctx, id)
	if err != nil {
		return att, err
	}
	if _, err := os.Stat(path); err != nil {
		if err := a.fetchFile(att.SHA256, att.Name); err != nil {
			return att, err
		}
	}
	return att, nil
}
