package server

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"supportportal/internal/portal"
	"supportportal/internal/tz"
)

// Outbox mutation kinds the desktop app sends (internal/appstore queues them).
const (
	KindCaseCreate      = "case.create"
	KindCommentAdd      = "comment.add"
	KindArticleFeedback = "article.feedback"
	KindCaseDeflection  = "case.deflection"
	// Portal-user management made offline on My Account.
	KindPortalUserRequest    = "portaluser.request"
	KindPortalUserDeactivate = "portaluser.deactivate"
	KindPortalUserReactivate = "portaluser.reactivate"
	// A change of the settings that follow the person (My Settings).
	KindSettingsUpdate = "settings.update"
)

// SettingsUpdate is the payload of settings.update: the whole set of
// settings the server keeps, as the app had them after the change. The
// server applies pushes in the order it receives them; no device clock
// decides which change wins.
type SettingsUpdate struct {
	PersonSettings
	CreatedAt string `json:"createdAt"`
}

// PortalUserRequest is the payload of portaluser.request: "Request New
// Customer Portal User". RequestID is chosen by the device, so the request
// is stored once however often it is pushed.
type PortalUserRequest struct {
	RequestID string `json:"requestId"`
	portal.NewUserRequest
	CreatedAt string `json:"createdAt"`
}

// PortalUserAccess is the payload of portaluser.deactivate and
// portaluser.reactivate; Access is set from the kind.
type PortalUserAccess struct {
	PersonID  string `json:"personId"`
	CreatedAt string `json:"createdAt"`
	// Reason is optional, kept with a deactivation.
	Reason string `json:"reason,omitempty"`
	Access string `json:"-"`
}

// CaseCreate is the payload of case.create.
type CaseCreate struct {
	CaseID        string       `json:"caseId"`
	Subject       string       `json:"subject"`
	CategoryID    string       `json:"categoryId"`
	SubcategoryID string       `json:"subcategoryId"`
	Description   string       `json:"description"`
	Priority      string       `json:"priority"`
	FollowUpOf    string       `json:"followUpOf"`
	Attachments   []Attachment `json:"attachments"`
	CreatedAt     string       `json:"createdAt"`
}

// CommentAdd is the payload of comment.add.
type CommentAdd struct {
	CommentID   string       `json:"commentId"`
	CaseID      string       `json:"caseId"`
	Body        string       `json:"body"`
	Attachments []Attachment `json:"attachments"`
	CreatedAt   string       `json:"createdAt"`
}

// ArticleFeedback is the payload of article.feedback.
type ArticleFeedback struct {
	FeedbackID string `json:"feedbackId"`
	ArticleID  string `json:"articleId"`
	SourceID   string `json:"sourceId"`
	Locale     string `json:"locale"`
	Helpful    bool   `json:"helpful"`
	CreatedAt  string `json:"createdAt"`
}

// Deflection is the payload of case.deflection.
type Deflection struct {
	DeflectionID string `json:"deflectionId"`
	ArticleID    string `json:"articleId"`
	SourceID     string `json:"sourceId"`
	CreatedAt    string `json:"createdAt"`
}

// CheckMutationID refuses an ID the server could not key a result by.
func CheckMutationID(id string) error {
	if _, err := uuid.Parse(id); err != nil {
		return portal.Invalid("id", "bad_mutation_id", id, "mutation id %q is not a UUID", id)
	}
	return nil
}

// DecodeMutation parses and validates a mutation's payload against the
// vendor's profile. It checks everything that does not depend on stored
// state, so a store only adds the state-dependent rules. The result is a
// *CaseCreate, *CommentAdd, *ArticleFeedback, *Deflection,
// *PortalUserRequest, *PortalUserAccess or *SettingsUpdate.
func DecodeMutation(m Mutation, p Profile) (any, error) {
	var v any
	switch m.Kind {
	case KindCaseCreate:
		v = &CaseCreate{}
	case KindCommentAdd:
		v = &CommentAdd{}
	case KindArticleFeedback:
		v = &ArticleFeedback{}
	case KindCaseDeflection:
		v = &Deflection{}
	case KindPortalUserRequest:
		v = &PortalUserRequest{}
	case KindPortalUserDeactivate:
		v = &PortalUserAccess{Access: AccessDeactivated}
	case KindPortalUserReactivate:
		v = &PortalUserAccess{Access: AccessActive}
	case KindSettingsUpdate:
		v = &SettingsUpdate{}
	default:
		return nil, portal.Invalid("kind", "unknown_kind", m.Kind, "unknown mutation kind %q", m.Kind)
	}
	dec := json.NewDecoder(bytes.NewReader(m.Payload))
	if err := dec.Decode(v); err != nil {
		return nil, portal.Invalid("payload", "bad_payload", "", "payload of %s is not valid: %v", m.Kind, err)
	}
	switch v := v.(type) {
	case *CaseCreate:
		if err := checkUUID("caseId", v.CaseID); err != nil {
			return nil, err
		}
		v.Subject = strings.TrimSpace(v.Subject)
		in := portal.DraftInput{ID: v.CaseID, Subject: v.Subject, CategoryID: v.CategoryID, SubcategoryID: v.SubcategoryID,
			Description: v.Description, Priority: v.Priority, FollowUpOf: v.FollowUpOf}
		if err := portal.ValidateForSubmit(in, p.Categories); err != nil {
			return nil, err
		}
		if v.Priority = strings.TrimSpace(v.Priority); v.Priority == "" {
			v.Priority = portal.DefaultPriority
		}
		if v.FollowUpOf != "" {
			if err := checkUUID("followUpOf", v.FollowUpOf); err != nil {
				return nil, err
			}
		}
		if err := checkAttachments(v.Attachments, p.Vendor); err != nil {
			return nil, err
		}
	case *CommentAdd:
		if err := checkUUID("commentId", v.CommentID); err != nil {
			return nil, err
		}
		if err := checkUUID("caseId", v.CaseID); err != nil {
			return nil, err
		}
		if err := portal.ValidateComment(v.Body); err != nil {
			return nil, err
		}
		if err := checkAttachments(v.Attachments, p.Vendor); err != nil {
			return nil, err
		}
	case *ArticleFeedback:
		if err := checkUUID("feedbackId", v.FeedbackID); err != nil {
			return nil, err
		}
		if err := checkArticle(v.ArticleID, v.SourceID); err != nil {
			return nil, err
		}
		if len(v.Locale) > 35 {
			return nil, portal.Invalid("locale", "too_long", "", "locale is too long")
		}
	case *Deflection:
		if err := checkUUID("deflectionId", v.DeflectionID); err != nil {
			return nil, err
		}
		if err := checkArticle(v.ArticleID, v.SourceID); err != nil {
			return nil, err
		}
	case *PortalUserRequest:
		if err := checkUUID("requestId", v.RequestID); err != nil {
			return nil, err
		}
		v.NewUserRequest = v.NewUserRequest.Normalize()
		if err := portal.ValidateNewUserRequest(v.NewUserRequest); err != nil {
			return nil, err
		}
	case *PortalUserAccess:
		if err := checkUUID("personId", v.PersonID); err != nil {
			return nil, err
		}
		v.Reason = strings.TrimSpace(v.Reason)
		if err := portal.ValidateDeactivationReason(v.Reason); err != nil {
			return nil, err
		}
	case *SettingsUpdate:
		upd := portal.SettingsUpdate{Language: &v.Language, Locale: &v.Locale, TimeZone: &v.TimeZone}
		s, err := upd.Apply(portal.DefaultSettings(), tz.Valid)
		if err != nil {
			return nil, err
		}
		v.Language, v.Locale, v.TimeZone = s.Language, s.Locale, s.TimeZone
	}
	return v, nil
}

func checkUUID(field, s string) error {
	if _, err := uuid.Parse(s); err != nil {
		return portal.Invalid(field, "bad_id", s, "%s %q is not a UUID", field, s)
	}
	return nil
}

func checkArticle(articleID, sourceID string) error {
	if strings.TrimSpace(articleID) == "" {
		return portal.Invalid("articleId", "required", "", "an article id is required")
	}
	if len(articleID) > 200 || len(sourceID) > 500 {
		return portal.Invalid("articleId", "too_long", "", "article id or source id is too long")
	}
	return nil
}

// checkAttachments enforces the vendor's limits on files; the names are
// cleaned the same way the desktop cleans them.
func checkAttachments(as []Attachment, v portal.VendorProfile) error {
	if v.MaxAttachments > 0 && len(as) > v.MaxAttachments {
		return portal.Invalid("attachments", "too_many_attachments", "", "at most %d files may be attached", v.MaxAttachments)
	}
	seen := map[string]bool{}
	for i := range as {
		a := &as[i]
		if err := checkUUID("attachments.id", a.ID); err != nil {
			return err
		}
		if seen[a.ID] {
			return portal.Invalid("attachments.id", "duplicate_attachment", a.ID, "attachment %s is listed twice", a.ID)
		}
		seen[a.ID] = true
		if a.Size <= 0 || (v.MaxAttachmentBytes > 0 && a.Size > v.MaxAttachmentBytes) {
			return portal.Invalid("attachments.size", "bad_attachment_size", fmt.Sprint(a.Size), "attachment %q has size %d; files of 1 byte to %d bytes are accepted", a.Name, a.Size, v.MaxAttachmentBytes)
		}
		if b, err := hex.DecodeString(a.SHA256); err != nil || len(b) != 32 {
			return portal.Invalid("attachments.sha256", "bad_sha256", a.SHA256, "attachment %q has no valid SHA-256", a.Name)
		}
		a.SHA256 = strings.ToLower(a.SHA256)
		a.Name = portal.SanitizeFileName(a.Name)
		if len(a.MimeType) > 255 {
			a.MimeType = ""
		}
	}
	return nil
}

// ClientTime is when the device says something happened (a case written
// offline keeps the time it was written), but never later than now: a
// device clock running ahead must not reorder the server's records.
func ClientTime(s string, now time.Time) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil || t.After(now) || t.Year() < 2000 {
		return now.UTC()
	}
	return t.UTC()
}

// Rejected turns a rule or validation failure into a mutation result.
func Rejected(id string, err error) MutationResult {
	return MutationResult{ID: id, Result: ResultRejected, Error: portal.AsError(err)}
}
