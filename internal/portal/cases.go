package portal

import (
	"fmt"
	"path"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Case statuses. The first five are the help desk's, owned by the server;
// Draft and WaitingToSend exist only on this device.
const (
	StatusDraft             = "draft"
	StatusWaitingToSend     = "waiting_to_send"
	StatusNew               = "new"
	StatusInProgress        = "in_progress"
	StatusWaitingOnCustomer = "waiting_on_customer"
	StatusSolved            = "solved"
	StatusClosed            = "closed"
)

// CaseStatuses lists the statuses a case row can have, in workflow order.
var CaseStatuses = []string{StatusWaitingToSend, StatusNew, StatusInProgress, StatusWaitingOnCustomer, StatusSolved, StatusClosed}

// IsCaseStatus reports whether s is a status a case row can have.
func IsCaseStatus(s string) bool { return contains(CaseStatuses, s) }

// Priorities, lowest first. Medium is the default.
var Priorities = []string{"low", "medium", "high", "urgent"}

// DefaultPriority is preselected on the Contact Support form.
const DefaultPriority = "medium"

// Limits on what a case holds. The form enforces them too; these are the
// source of truth.
const (
	MaxSubjectRunes     = 250
	MaxDescriptionRunes = 50_000
	MaxCommentRunes     = 50_000
	MaxFileNameRunes    = 200
	// MaxProductVersionRunes bounds the optional product version ("7.4.2").
	MaxProductVersionRunes = 40
)

// transitions lists who may move a case from one status to another.
// Support's moves are made on the server; the app mirrors them as they
// arrive. The customer's only moves are sending a case and reopening a
// Solved (or answering a Waiting on Customer) case by commenting.
var transitions = map[string]map[string]bool{
	StatusDraft:             {StatusWaitingToSend: true},
	StatusWaitingToSend:     {StatusNew: true},
	StatusNew:               {StatusInProgress: true, StatusWaitingOnCustomer: true, StatusSolved: true, StatusClosed: true},
	StatusInProgress:        {StatusWaitingOnCustomer: true, StatusSolved: true, StatusClosed: true},
	StatusWaitingOnCustomer: {StatusInProgress: true, StatusSolved: true, StatusClosed: true},
	StatusSolved:            {StatusInProgress: true, StatusClosed: true},
	StatusClosed:            {},
}

// CanTransition reports whether a case may move from one status to another.
func CanTransition(from, to string) bool { return transitions[from][to] }

// StatusAfterCustomerComment is the status a case takes when the customer
// comments on it: a comment on a Solved case reopens it, an answer to
// Waiting on Customer hands the case back to support, and a Closed case
// takes no comments at all (the customer creates a follow-up case).
func StatusAfterCustomerComment(status string) (string, error) {
	switch status {
	case StatusClosed:
		return "", &Error{Code: EConflict, Reason: ReasonCaseClosed, Message: "this case is closed; create a follow-up case instead"}
	case StatusSolved, StatusWaitingOnCustomer:
		return StatusInProgress, nil
	case StatusWaitingToSend, StatusNew, StatusInProgress:
		return status, nil
	}
	return "", Errorf(EInternal, "unknown case status %q", status)
}

// ComponentSubcategory is the second level of the vendor's component list.
type ComponentSubcategory struct {
	ID     string `json:"id"`
	NameEn string `json:"nameEn"`
	NameDe string `json:"nameDe"`
}

// ComponentCategory is a part of the vendor's product a case is about.
type ComponentCategory struct {
	ID            string                 `json:"id"`
	NameEn        string                 `json:"nameEn"`
	NameDe        string                 `json:"nameDe"`
	Subcategories []ComponentSubcategory `json:"subcategories"`
}

// DefaultComponentCategories is the vendor's component list until the
// server delivers the real one.
func DefaultComponentCategories() []ComponentCategory {
	sub := func(id, en, de string) ComponentSubcategory { return ComponentSubcategory{id, en, de} }
	return []ComponentCategory{
		{"courses", "Courses", "Kurse", []ComponentSubcategory{
			sub("courses.authoring", "Course authoring", "Kurserstellung"),
			sub("courses.enrollment", "Enrollment", "Einschreibung"),
			sub("courses.content", "Content and SCORM", "Inhalte und SCORM"),
			sub("courses.certificates", "Certificates", "Zertifikate"),
		}},
		{"users", "Users and groups", "Benutzer und Gruppen", []ComponentSubcategory{
			sub("users.import", "User import", "Benutzerimport"),
			sub("users.roles", "Roles and permissions", "Rollen und Berechtigungen"),
			sub("users.sso", "Single sign-on", "Single Sign-on"),
			sub("users.groups", "Groups and branches", "Gruppen und Niederlassungen"),
		}},
		{"assessments", "Assessments", "Prüfungen", []ComponentSubcategory{
			sub("assessments.tests", "Tests and quizzes", "Tests und Quiz"),
			sub("assessments.grading", "Grading", "Bewertung"),
			sub("assessments.surveys", "Surveys", "Umfragen"),
		}},
		{"reports", "Reports", "Berichte", []ComponentSubcategory{
			sub("reports.builtin", "Built-in reports", "Standardberichte"),
			sub("reports.custom", "Custom reports", "Eigene Berichte"),
			sub("reports.export", "Export and scheduling", "Export und Zeitplanung"),
		}},
		{"integrations", "Integrations", "Integrationen", []ComponentSubcategory{
			sub("integrations.api", "API", "API"),
			sub("integrations.hris", "HR systems", "HR-Systeme"),
			sub("integrations.video", "Video conferencing", "Videokonferenzen"),
		}},
		{"account", "Account and billing", "Konto und Abrechnung", []ComponentSubcategory{
			sub("account.billing", "Billing and invoices", "Abrechnung und Rechnungen"),
			sub("account.portal", "Customer portal access", "Zugang zum Kundenportal"),
			sub("account.domain", "Domain and branding", "Domain und Branding"),
		}},
		{"other", "Other", "Sonstiges", []ComponentSubcategory{
			sub("other.question", "General question", "Allgemeine Frage"),
			sub("other.feedback", "Product feedback", "Produktfeedback"),
		}},
	}
}

// DraftInput is what the Contact Support form sends on every autosave.
// An empty ID creates a new draft.
type DraftInput struct {
	ID            string `json:"id"`
	Subject       string `json:"subject"`
	CategoryID    string `json:"categoryId"`
	SubcategoryID string `json:"subcategoryId"`
	Description   string `json:"description"`
	Priority      string `json:"priority"`
	FollowUpOf    string `json:"followUpOf"`
	// ProductVersion is the version of the product the case is about
	// (optional, one line).
	ProductVersion string `json:"productVersion"`
}

// Draft is a case being written on this device.
type Draft struct {
	DraftInput
	Attachments []Attachment `json:"attachments"`
	CreatedAt   time.Time    `json:"createdAt" ts_type:"string"`
	UpdatedAt   time.Time    `json:"updatedAt" ts_type:"string"`
}

// ValidateDraft checks what an autosave may store. It is lenient on purpose
// (an unfinished draft is normal) and refuses only what could never be sent,
// so that what the user typed is kept; SubmitErrors is the strict check.
func ValidateDraft(in *DraftInput) error {
	in.Priority = strings.TrimSpace(in.Priority)
	if in.Priority == "" {
		in.Priority = DefaultPriority
	}
	if !contains(Priorities, in.Priority) {
		return Invalid("priority", ReasonUnknownPriority, in.Priority, "unknown priority %q", in.Priority)
	}
	if err := textLimit("subject", in.Subject, MaxSubjectRunes, false); err != nil {
		return err
	}
	if err := textLimit("description", in.Description, MaxDescriptionRunes, true); err != nil {
		return err
	}
	return textLimit("productVersion", in.ProductVersion, MaxProductVersionRunes, false)
}

// ValidateForSubmit checks a draft before it becomes a case, field by field
// in form order, so the form can put the message at the first bad field.
func ValidateForSubmit(in DraftInput, cats []ComponentCategory) error {
	// Blank first: a subject of only spaces and tabs is missing, not one
	// with a control character.
	if strings.TrimSpace(in.Subject) == "" {
		return Invalid("subject", ReasonRequired, "", "a subject is required")
	}
	if err := ValidateDraft(&in); err != nil {
		return err
	}
	var cat *ComponentCategory
	for i := range cats {
		if cats[i].ID == in.CategoryID {
			cat = &cats[i]
		}
	}
	if in.CategoryID == "" {
		return Invalid("category", ReasonRequired, "", "a component category is required")
	} else if cat == nil {
		return Invalid("category", ReasonUnknownCategory, in.CategoryID, "unknown component category %q", in.CategoryID)
	}
	if in.SubcategoryID == "" {
		return Invalid("subcategory", ReasonRequired, "", "a subcategory is required")
	}
	found := false
	for _, s := range cat.Subcategories {
		found = found || s.ID == in.SubcategoryID
	}
	if !found {
		return Invalid("subcategory", ReasonUnknownSubcategory, in.SubcategoryID, "subcategory %q is not part of %q", in.SubcategoryID, in.CategoryID)
	}
	if strings.TrimSpace(in.Description) == "" {
		return Invalid("description", ReasonRequired, "", "a description is required")
	}
	return nil
}

// ValidateComment checks a comment's text.
func ValidateComment(body string) error {
	if strings.TrimSpace(body) == "" {
		return Invalid("body", ReasonRequired, "", "the comment is empty")
	}
	return textLimit("body", body, MaxCommentRunes, true)
}

// textLimit checks a text field: valid UTF-8, no deceptive characters
// (CheckTextChars), at most max characters.
func textLimit(field, s string, max int, multiline bool) error {
	if !utf8.ValidString(s) {
		return Invalid(field, ReasonInvalidText, "", "%s is not valid text", field)
	}
	if err := CheckTextChars(field, s, multiline); err != nil {
		return err
	}
	if n := utf8.RuneCountInString(s); n > max {
		e := Invalid(field, ReasonTooLong, "", "%s has %d characters; at most %d are allowed", field, n, max)
		e.Params = map[string]string{"max": fmt.Sprint(max), "length": fmt.Sprint(n)}
		return e
	}
	return nil
}

// Attachment is a file kept with a draft, case or comment. The bytes live in
// the app's data folder under their SHA-256, so the case keeps them even if
// the original file moves or changes.
type Attachment struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	Size      int64     `json:"size"`
	SHA256    string    `json:"sha256"`
	MimeType  string    `json:"mimeType"`
	Thumbnail string    `json:"thumbnail,omitempty"` // data: URL of a small PNG, images only
	CreatedAt time.Time `json:"createdAt" ts_type:"string"`
}

// AttachmentError says why one of several chosen files was not attached.
type AttachmentError struct {
	Path  string `json:"path"`
	Name  string `json:"name"`
	Error *Error `json:"error"`
}

// AttachmentResult is the outcome of attaching several files: each file is
// attached or has its own error, and one bad file never stops the others.
type AttachmentResult struct {
	Attachments []Attachment      `json:"attachments"`
	Errors      []AttachmentError `json:"errors"`
}

// AttachmentProgress reports copying of one file, for the progress bar.
type AttachmentProgress struct {
	DraftID string `json:"draftId"`
	Name    string `json:"name"`
	Copied  int64  `json:"copied"`
	Total   int64  `json:"total"`
}

// SanitizeFileName makes a name safe to store and to show: no folders, no
// control or bidi-override characters, no names Windows reserves, and a
// bounded length that keeps the extension. Every file system the app runs
// on keeps the result as it is: Windows would otherwise drop trailing dots
// and spaces, open a device for CON, NUL, COM1… whatever the extension
// (CON.tar.gz too), and refuse a name over 255 UTF-16 units; Linux and
// macOS refuse one over 255 bytes.
func SanitizeFileName(name string) string {
	name = strings.ReplaceAll(name, "\\", "/")
	name = path.Base(name)
	if name == "/" || name == "." || name == ".." {
		name = ""
	}
	var b strings.Builder
	for _, r := range name {
		switch {
		case r == utf8.RuneError, unicode.IsControl(r), unicode.Is(unicode.Bidi_Control, r):
			continue
		case strings.ContainsRune(`<>:"/\|?*`, r):
			b.WriteRune('_')
		default:
			b.WriteRune(r)
		}
	}
	name = trimDotsAndSpaces(b.String())
	if name == "" {
		name = "file"
	}
	stem, ext := name, path.Ext(name)
	if utf8.RuneCountInString(ext) > 16 {
		ext = ""
	}
	stem = strings.TrimSuffix(name, ext)
	// Windows reads the part before the first dot, trailing spaces
	// ignored, as a device name.
	device, _, _ := strings.Cut(stem, ".")
	if reservedNames[strings.ToUpper(strings.TrimRight(device, " "))] {
		stem = "_" + stem
	}
	if r := []rune(stem); len(r)+utf8.RuneCountInString(ext) > MaxFileNameRunes {
		stem = string(r[:MaxFileNameRunes-utf8.RuneCountInString(ext)])
	}
	for len(stem)+len(ext) > MaxFileNameBytes {
		_, size := utf8.DecodeLastRuneInString(stem)
		stem = stem[:len(stem)-size]
	}
	if ext == "" {
		stem = trimDotsAndSpaces(stem) // cut short, it may end in one
	}
	if stem == "" {
		stem = "file"
	}
	return stem + ext
}

// MaxFileNameBytes bounds a file name's UTF-8 length: 255 is the limit of
// ext4 and APFS, and a name within it is also within NTFS's 255 UTF-16
// units.
const MaxFileNameBytes = 255

func trimDotsAndSpaces(s string) string { return strings.Trim(strings.TrimSpace(s), ". ") }

// reservedNames are Windows' device names (with the superscript digits
// Windows also reads as device numbers).
var reservedNames = func() map[string]bool {
	m := map[string]bool{"CON": true, "PRN": true, "AUX": true, "NUL": true, "CONIN$": true, "CONOUT$": true}
	for _, d := range []string{"1", "2", "3", "4", "5", "6", "7", "8", "9", "¹", "²", "³"} {
		m["COM"+d], m["LPT"+d] = true, true
	}
	return m
}()

// CaseFilter selects and orders the case list.
type CaseFilter struct {
	Mine     bool     `json:"mine"`
	Statuses []string `json:"statuses"`
	Query    string   `json:"query"`
	Sort     string   `json:"sort"` // number, status, priority, updated
	Desc     bool     `json:"desc"`
	Offset   int      `json:"offset"`
	Limit    int      `json:"limit"`
}

// Case list paging limits.
const (
	DefaultCaseLimit = 25
	MaxCaseLimit     = 200
	MaxQueryBytes    = 10_000
)

// Normalize checks a filter and fills defaults.
func (f *CaseFilter) Normalize() error {
	switch f.Sort {
	case "":
		f.Sort, f.Desc = "updated", true
	case "number", "status", "priority", "updated":
	default:
		return Invalid("sort", ReasonUnknownSort, f.Sort, "cannot sort by %q", f.Sort)
	}
	for _, s := range f.Statuses {
		if !IsCaseStatus(s) {
			return Invalid("statuses", ReasonUnknownStatus, s, "unknown case status %q", s)
		}
	}
	if f.Limit <= 0 {
		f.Limit = DefaultCaseLimit
	}
	f.Limit = min(f.Limit, MaxCaseLimit)
	f.Offset = max(f.Offset, 0)
	if len(f.Query) > MaxQueryBytes {
		f.Query = f.Query[:MaxQueryBytes]
	}
	return nil
}

// CaseSummary is a row of My Account Cases. Number is 0 until the server
// has assigned one.
type CaseSummary struct {
	ID            string    `json:"id"`
	Number        int64     `json:"number"`
	Subject       string    `json:"subject"`
	CategoryID    string    `json:"categoryId"`
	SubcategoryID string    `json:"subcategoryId"`
	Status        string    `json:"status"`
	Priority      string    `json:"priority"`
	Mine          bool      `json:"mine"`
	CreatedAt     time.Time `json:"createdAt" ts_type:"string"`
	UpdatedAt     time.Time `json:"updatedAt" ts_type:"string"`
}

// CasePage is one page of the case list.
type CasePage struct {
	Items []CaseSummary `json:"items"`
	Total int           `json:"total"`
}

// Comment is one message in a case's conversation.
type Comment struct {
	ID          string       `json:"id"`
	AuthorName  string       `json:"authorName"`
	AuthorKind  string       `json:"authorKind"` // customer or support
	Body        string       `json:"body"`
	Pending     bool         `json:"pending"` // still in the outbox
	Attachments []Attachment `json:"attachments"`
	CreatedAt   time.Time    `json:"createdAt" ts_type:"string"`
}

// StatusChange is one line of a case's status history.
type StatusChange struct {
	From string    `json:"from"`
	To   string    `json:"to"`
	At   time.Time `json:"at" ts_type:"string"`
}

// Solution is support's answer to a Solved case, and the knowledge article
// published from it, when there is one.
type Solution struct {
	Text      string `json:"text"`
	ArticleID string `json:"articleId"`
}

// CaseRef points at another case.
type CaseRef struct {
	ID      string `json:"id"`
	Number  int64  `json:"number"`
	Subject string `json:"subject"`
}

// CaseDetail is everything the case page shows.
type CaseDetail struct {
	CaseSummary
	Description    string         `json:"description"`
	Attachments    []Attachment   `json:"attachments"`
	Comments       []Comment      `json:"comments"`
	History        []StatusChange `json:"history"`
	Solution       *Solution      `json:"solution,omitempty"`
	FollowUpOfCase *CaseRef       `json:"followUpOfCase,omitempty"`
	// ProductVersion is the version of the product the case is about
	// ("" when none was given).
	ProductVersion string `json:"productVersion"`
	// The comment being written and its staged attachments, kept so a
	// restart never loses them.
	CommentDraft            string       `json:"commentDraft"`
	CommentDraftAttachments []Attachment `json:"commentDraftAttachments"`
	CanComment              bool         `json:"canComment"`
	CanFollowUp             bool         `json:"canFollowUp"`
	// Satisfaction is the rating shown: the one given here and still
	// waiting to be sent when there is one (SatisfactionPending), else the
	// last one the server confirmed; nil when there is none.
	Satisfaction        *Satisfaction `json:"satisfaction,omitempty"`
	SatisfactionPending bool          `json:"satisfactionPending"`
	// SatisfactionRefused is why the server refused the last rating given
	// here (rating again replaces it).
	SatisfactionRefused *Error `json:"satisfactionRefused,omitempty"`
	// CanRate: the case is Solved, so a rating can be given or changed.
	CanRate bool `json:"canRate"`
}

// ValidateCommentDraft checks the comment being typed: it may be empty.
func ValidateCommentDraft(body string) error { return textLimit("body", body, MaxCommentRunes, true) }
