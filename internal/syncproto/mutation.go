package syncproto

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/google/uuid"

	"supportportal/internal/portal"
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
	// The customer's satisfaction rating of a Solved case.
	KindCaseRate = "case.rate"
)

// Kinds lists every mutation kind, in the order above.
var Kinds = []string{KindCaseCreate, KindCommentAdd, KindArticleFeedback, KindCaseDeflection,
	KindPortalUserRequest, KindPortalUserDeactivate, KindPortalUserReactivate, KindSettingsUpdate, KindCaseRate}

// Portal access of a person (Person.PortalAccess, MutationResult.PortalAccess).
const (
	AccessActive      = "active"
	AccessDeactivated = "deactivated"
)

// Mutation is one entry of a desktop outbox.
type Mutation struct {
	ID      string          `json:"id"`
	Kind    string          `json:"kind"`
	Payload json.RawMessage `json:"payload"`
}

// Payload is the typed payload of one mutation kind: *CaseCreate,
// *CommentAdd, *ArticleFeedback, *Deflection, *PortalUserRequest,
// *PortalUserAccess, *SettingsUpdate or *CaseRate.
type Payload interface {
	// Kind is the mutation kind the payload travels as.
	Kind() string
	// Validate checks everything that does not depend on stored state,
	// cleaning the payload in place (trimmed text, the default priority,
	// sanitized file names), so a store only adds the state-dependent
	// rules.
	Validate(r Rules) error
}

// Rules are what a payload is validated against.
type Rules struct {
	// Profile is the vendor's: its component categories and file limits.
	Profile Profile
	// ValidTimeZone tells a known IANA time-zone name (settings.update).
	ValidTimeZone portal.TimeZoneValidator
}

// NewMutation wraps a payload as the outbox entry id.
func NewMutation(id string, p Payload) (Mutation, error) {
	b, err := json.Marshal(p)
	if err != nil {
		return Mutation{}, fmt.Errorf("mutation %s: %w", p.Kind(), err)
	}
	return Mutation{ID: id, Kind: p.Kind(), Payload: b}, nil
}

// newPayload returns an empty payload of a kind, nil for an unknown kind.
func newPayload(kind string) Payload {
	switch kind {
	case KindCaseCreate:
		return &CaseCreate{}
	case KindCommentAdd:
		return &CommentAdd{}
	case KindArticleFeedback:
		return &ArticleFeedback{}
	case KindCaseDeflection:
		return &Deflection{}
	case KindPortalUserRequest:
		return &PortalUserRequest{}
	case KindPortalUserDeactivate:
		return &PortalUserAccess{Access: AccessDeactivated}
	case KindPortalUserReactivate:
		return &PortalUserAccess{Access: AccessActive}
	case KindSettingsUpdate:
		return &SettingsUpdate{}
	case KindCaseRate:
		return &CaseRate{}
	}
	return nil
}

// DecodeMutation parses a mutation's payload into the type of its kind
// and validates it (Payload.Validate).
func DecodeMutation(m Mutation, r Rules) (Payload, error) {
	v := newPayload(m.Kind)
	if v == nil {
		return nil, portal.Invalid("kind", portal.ReasonUnknownKind, m.Kind, "unknown mutation kind %q", m.Kind)
	}
	dec := json.NewDecoder(bytes.NewReader(m.Payload))
	if err := dec.Decode(v); err != nil {
		return nil, portal.Invalid("payload", portal.ReasonBadPayload, "", "payload of %s is not valid: %v", m.Kind, err)
	}
	if err := v.Validate(r); err != nil {
		return nil, err
	}
	return v, nil
}

// CheckMutationID refuses an ID the server could not key a result by.
func CheckMutationID(id string) error {
	if _, err := uuid.Parse(id); err != nil {
		return portal.Invalid("id", portal.ReasonBadMutationID, id, "mutation id %q is not a UUID", id)
	}
	return nil
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
	// ProductVersion is the version of the product the case is about, as
	// the customer typed it (optional; an older app never sends it).
	ProductVersion string `json:"productVersion,omitempty"`
}

// Kind is case.create.
func (*CaseCreate) Kind() string { return KindCaseCreate }

// Validate checks the case against the vendor's categories and file limits.
func (v *CaseCreate) Validate(r Rules) error {
	if err := checkUUID("caseId", v.CaseID); err != nil {
		return err
	}
	v.Subject = strings.TrimSpace(v.Subject)
	in := portal.DraftInput{ID: v.CaseID, Subject: v.Subject, CategoryID: v.CategoryID, SubcategoryID: v.SubcategoryID,
		Description: v.Description, Priority: v.Priority, FollowUpOf: v.FollowUpOf, ProductVersion: v.ProductVersion}
	if err := portal.ValidateForSubmit(in, r.Profile.Categories); err != nil {
		return err
	}
	v.ProductVersion = strings.TrimSpace(v.ProductVersion)
	if v.Priority = strings.TrimSpace(v.Priority); v.Priority == "" {
		v.Priority = portal.DefaultPriority
	}
	if v.FollowUpOf != "" {
		if err := checkUUID("followUpOf", v.FollowUpOf); err != nil {
			return err
		}
	}
	return checkAttachments(v.Attachments, r.Profile.Vendor)
}

// CommentAdd is the payload of comment.add.
type CommentAdd struct {
	CommentID   string       `json:"commentId"`
	CaseID      string       `json:"caseId"`
	Body        string       `json:"body"`
	Attachments []Attachment `json:"attachments"`
	CreatedAt   string       `json:"createdAt"`
}

// Kind is comment.add.
func (*CommentAdd) Kind() string { return KindCommentAdd }

// Validate checks the IDs, the text and the files.
func (v *CommentAdd) Validate(r Rules) error {
	if err := checkUUID("commentId", v.CommentID); err != nil {
		return err
	}
	if err := checkUUID("caseId", v.CaseID); err != nil {
		return err
	}
	if err := portal.ValidateComment(v.Body); err != nil {
		return err
	}
	return checkAttachments(v.Attachments, r.Profile.Vendor)
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

// Kind is article.feedback.
func (*ArticleFeedback) Kind() string { return KindArticleFeedback }

// Validate checks the IDs and the locale's length.
func (v *ArticleFeedback) Validate(Rules) error {
	if err := checkUUID("feedbackId", v.FeedbackID); err != nil {
		return err
	}
	if err := checkArticle(v.ArticleID, v.SourceID); err != nil {
		return err
	}
	if len(v.Locale) > 35 {
		return portal.Invalid("locale", portal.ReasonTooLong, "", "locale is too long")
	}
	return nil
}

// Deflection is the payload of case.deflection.
type Deflection struct {
	DeflectionID string `json:"deflectionId"`
	ArticleID    string `json:"articleId"`
	SourceID     string `json:"sourceId"`
	CreatedAt    string `json:"createdAt"`
}

// Kind is case.deflection.
func (*Deflection) Kind() string { return KindCaseDeflection }

// Validate checks the IDs.
func (v *Deflection) Validate(Rules) error {
	if err := checkUUID("deflectionId", v.DeflectionID); err != nil {
		return err
	}
	return checkArticle(v.ArticleID, v.SourceID)
}

// PortalUserRequest is the payload of portaluser.request: "Request New
// Customer Portal User". RequestID is chosen by the device, so the request
// is stored once however often it is pushed.
type PortalUserRequest struct {
	RequestID string `json:"requestId"`
	portal.NewUserRequest
	CreatedAt string `json:"createdAt"`
}

// Kind is portaluser.request.
func (*PortalUserRequest) Kind() string { return KindPortalUserRequest }

// Validate normalises the request and applies portal's rules for it.
func (v *PortalUserRequest) Validate(Rules) error {
	if err := checkUUID("requestId", v.RequestID); err != nil {
		return err
	}
	v.NewUserRequest = v.NewUserRequest.Normalize()
	return portal.ValidateNewUserRequest(v.NewUserRequest)
}

// PortalUserAccess is the payload of portaluser.deactivate and
// portaluser.reactivate; Access (AccessDeactivated or AccessActive) is
// set from the kind and decides it.
type PortalUserAccess struct {
	PersonID  string `json:"personId"`
	CreatedAt string `json:"createdAt"`
	// Reason is optional, kept with a deactivation.
	Reason string `json:"reason,omitempty"`
	Access string `json:"-"`
}

// Kind is portaluser.reactivate for AccessActive, else
// portaluser.deactivate.
func (v *PortalUserAccess) Kind() string {
	if v.Access == AccessActive {
		return KindPortalUserReactivate
	}
	return KindPortalUserDeactivate
}

// Validate checks the person's ID and the reason.
func (v *PortalUserAccess) Validate(Rules) error {
	if err := checkUUID("personId", v.PersonID); err != nil {
		return err
	}
	v.Reason = strings.TrimSpace(v.Reason)
	return portal.ValidateDeactivationReason(v.Reason)
}

// SettingsUpdate is the payload of settings.update: the whole set of
// settings the server keeps, as the app had them after the change. The
// server applies pushes in the order it receives them; no device clock
// decides which change wins.
type SettingsUpdate struct {
	PersonSettings
	CreatedAt string `json:"createdAt"`
}

// Kind is settings.update.
func (*SettingsUpdate) Kind() string { return KindSettingsUpdate }

// Validate applies portal's settings rules ("" follows the system).
func (v *SettingsUpdate) Validate(r Rules) error {
	upd := portal.SettingsUpdate{Language: &v.Language, Locale: &v.Locale, TimeZone: &v.TimeZone}
	s, err := upd.Apply(portal.DefaultSettings(), r.ValidTimeZone)
	if err != nil {
		return err
	}
	v.Language, v.Locale, v.TimeZone = s.Language, s.Locale, s.TimeZone
	return nil
}

// CaseRate is the payload of case.rate: the customer's satisfaction with a
// Solved case (portal.CanRate says when a case takes one). Rating again
// replaces the last rating; the server applies ratings in the order it
// receives them. RatedAt is when the device says it was given.
type CaseRate struct {
	CaseID  string `json:"caseId"`
	Rating  string `json:"rating"` // satisfied or not_satisfied
	Comment string `json:"comment"`
	RatedAt string `json:"ratedAt"`
}

// Kind is case.rate.
func (*CaseRate) Kind() string { return KindCaseRate }

// Validate checks the case's ID, the rating and the comment (trimmed).
func (v *CaseRate) Validate(Rules) error {
	if err := checkUUID("caseId", v.CaseID); err != nil {
		return err
	}
	v.Comment = portal.NormalizeRatingComment(v.Comment)
	return portal.ValidateRating(v.Rating, v.Comment)
}

func checkUUID(field, s string) error {
	if _, err := uuid.Parse(s); err != nil {
		return portal.Invalid(field, portal.ReasonBadID, s, "%s %q is not a UUID", field, s)
	}
	return nil
}

func checkArticle(articleID, sourceID string) error {
	if strings.TrimSpace(articleID) == "" {
		return portal.Invalid("articleId", portal.ReasonRequired, "", "an article id is required")
	}
	if len(articleID) > 200 || len(sourceID) > 500 {
		return portal.Invalid("articleId", portal.ReasonTooLong, "", "article id or source id is too long")
	}
	return nil
}

// checkAttachments enforces the vendor's limits on files; the names are
// cleaned the same way the desktop cleans them.
func checkAttachments(as []Attachment, v portal.VendorProfile) error {
	if v.MaxAttachments > 0 && len(as) > v.MaxAttachments {
		return portal.Invalid("attachments", portal.ReasonTooManyAttachments, "", "at most %d files may be attached", v.MaxAttachments)
	}
	seen := map[string]bool{}
	for i := range as {
		a := &as[i]
		if err := checkUUID("attachments.id", a.ID); err != nil {
			return err
		}
		if seen[a.ID] {
			return portal.Invalid("attachments.id", portal.ReasonDuplicateAttachment, a.ID, "attachment %s is listed twice", a.ID)
		}
		seen[a.ID] = true
		if a.Size <= 0 || (v.MaxAttachmentBytes > 0 && a.Size > v.MaxAttachmentBytes) {
			return portal.Invalid("attachments.size", portal.ReasonBadAttachmentSize, fmt.Sprint(a.Size), "attachment %q has size %d; files of 1 byte to %d bytes are accepted", a.Name, a.Size, v.MaxAttachmentBytes)
		}
		if b, err := hex.DecodeString(a.SHA256); err != nil || len(b) != 32 {
			return portal.Invalid("attachments.sha256", portal.ReasonBadSha256, a.SHA256, "attachment %q has no valid SHA-256", a.Name)
		}
		a.SHA256 = strings.ToLower(a.SHA256)
		a.Name = portal.SanitizeFileName(a.Name)
		if len(a.MimeType) > 255 {
			a.MimeType = ""
		}
	}
	return nil
}

// Mutation results.
const (
	ResultApplied  = "applied"
	ResultRejected = "rejected"
)

// MutationResult is the server's answer to one mutation.
type MutationResult struct {
	ID         string `json:"id"`
	Result     string `json:"result"` // applied or rejected
	CaseID     string `json:"caseId,omitempty"`
	CaseNumber int64  `json:"caseNumber,omitempty"`
	CaseStatus string `json:"caseStatus,omitempty"`
	CommentID  string `json:"commentId,omitempty"`
	// RequestID answers portaluser.request; PersonID and PortalAccess
	// answer portaluser.deactivate and portaluser.reactivate.
	RequestID    string        `json:"requestId,omitempty"`
	PersonID     string        `json:"personId,omitempty"`
	PortalAccess string        `json:"portalAccess,omitempty"`
	Error        *portal.Error `json:"error,omitempty"`
}

// Rejected turns a rule or validation failure into a mutation result.
func Rejected(id string, err error) MutationResult {
	return MutationResult{ID: id, Result: ResultRejected, Error: portal.AsError(err)}
}

// PushRequest is the body of POST /v1/push.
type PushRequest struct {
	Mutations []Mutation `json:"mutations"`
}

// PushResponse answers POST /v1/push: one result per mutation, in order.
type PushResponse struct {
	Results []MutationResult `json:"results"`
}

// SyncRequest is the body of POST /v1/sync: a push and where the changes
// feed continues.
type SyncRequest struct {
	Mutations []Mutation `json:"mutations"`
	Cursor    string     `json:"cursor"`
	Limit     int        `json:"limit"`
}

// SyncResponse answers POST /v1/sync: the push's results and the first
// page of changes read after them.
type SyncResponse struct {
	Results []MutationResult `json:"results"`
	Changes ChangePage       `json:"changes"`
}
