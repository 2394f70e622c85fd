package portal

//go:generate go run ../reasons/gen -root ../..

// Error reasons: the machine-readable detail of an Error (its Reason), which
// the UIs translate as errors.<reason>, so a reason never changes once
// shipped. Every reason is declared here and nowhere else: code names the
// constant, never the string (internal/reasons checks), and each has an
// English and a German message (app's TestEveryErrorReasonIsTranslated).
//
// The generator (internal/reasons/gen) keeps this file sorted, turns reason
// literals elsewhere into constants here and writes frontend/src/lib/reasons.ts.
// Edit the constants and their comments, then run go generate ./internal/portal.
const (
	// Your Customer Portal access has been deactivated.
	ReasonAccessDeactivated = "access_deactivated"
	// The Account Owner can be deactivated only by the vendor's support team.
	ReasonAccountOwnerProtected = "account_owner_protected"
	// This is for the support team only.
	ReasonAgentsOnly = "agents_only"
	// This solution has already been published as an article.
	ReasonAlreadyPublished = "already_published"
	// An article with this ID already exists.
	ReasonArticleExists = "article_exists"
	// This article no longer exists or is not available in your language.
	ReasonArticleNotFound = "article_not_found"
	// An attachment's ID or name would not make a path inside the opened-files folder.
	ReasonAttachmentBadPath = "attachment_bad_path"
	// <name> changed while it was being attached.
	ReasonAttachmentChanged = "attachment_changed"
	// <name> is empty.
	ReasonAttachmentEmpty = "attachment_empty"
	// <name> is a folder.
	ReasonAttachmentFolder = "attachment_folder"
	// <name> no longer exists.
	ReasonAttachmentMissing = "attachment_missing"
	// This file no longer exists.
	ReasonAttachmentNotFound = "attachment_not_found"
	// Files of a submitted case cannot be removed.
	ReasonAttachmentSent = "attachment_sent"
	// <name> is larger than the limit of <maxMb> MB.
	ReasonAttachmentTooLarge = "attachment_too_large"
	// <name> was not attached: a case can have at most <max> files.
	ReasonAttachmentTooMany = "attachment_too_many"
	// <name> could not be read.
	ReasonAttachmentUnreadable = "attachment_unreadable"
	// The file type is not on the allow-list of files the app opens (save it instead).
	ReasonAttachmentUnsafe = "attachment_unsafe"
	// A file of this case has a size the server does not accept (<value> bytes).
	ReasonBadAttachmentSize = "bad_attachment_size"
	// The server did not recognise where the last sync left off.
	ReasonBadCursor = "bad_cursor"
	// The server refused an ID of this change.
	ReasonBadID = "bad_id"
	// The server could not read the request.
	ReasonBadJSON = "bad_json"
	// This link cannot be opened in the app (it is damaged or not one of the app's links).
	ReasonBadLink = "bad_link"
	// “<value>” is not a supported language.
	ReasonBadLocale = "bad_locale"
	// The server refused this change because its ID is not valid.
	ReasonBadMutationID = "bad_mutation_id"
	// “<value>” is not a valid number here.
	ReasonBadNumber = "bad_number"
	// The server could not read this change.
	ReasonBadPayload = "bad_payload"
	// A change from the server named an ID that is not a canonical UUID (IDs name rows and folders: a hostile server must not reach outside the app's data).
	ReasonBadServerID = "bad_server_id"
	// The checksum of a file is not valid.
	ReasonBadSha256 = "bad_sha256"
	// The case cannot change to this status.
	ReasonBadTransition = "bad_transition"
	// Character <position> (<char>) would change the reading order of the text, which could mislead the reader.
	ReasonBidiControl = "bidi_control"
	// The request is too large for the server (at most <max> bytes).
	ReasonBodyTooLarge = "body_too_large"
	// This case is closed.
	ReasonCaseClosed = "case_closed"
	// This case already exists on the server.
	ReasonCaseExists = "case_exists"
	// Only a closed case gets a follow-up case.
	ReasonCaseNotClosed = "case_not_closed"
	// This case does not exist or is not available to you.
	ReasonCaseNotFound = "case_not_found"
	// Only a solved case can be published as an article.
	ReasonCaseNotSolved = "case_not_solved"
	// A category cannot be inside itself.
	ReasonCategoryCycle = "category_cycle"
	// This category no longer exists.
	ReasonCategoryNotFound = "category_not_found"
	// This comment already exists on the server.
	ReasonCommentExists = "comment_exists"
	// This company does not exist on the server.
	ReasonCompanyNotFound = "company_not_found"
	// Character <position> is an invisible control character (<char>) that is not allowed here.
	ReasonControlCharacter = "control_character"
	// This is for customers only; support agents use the console.
	ReasonCustomersOnly = "customers_only"
	// The vendor deactivated this user.
	ReasonDeactivatedByVendor = "deactivated_by_vendor"
	// This draft no longer exists; it was sent or discarded.
	ReasonDraftNotFound = "draft_not_found"
	// The same file is attached twice.
	ReasonDuplicateAttachment = "duplicate_attachment"
	// The e-mail address already has a portal account.
	ReasonDuplicateEmail = "duplicate_email"
	// This ID is already in use.
	ReasonDuplicateID = "duplicate_id"
	// Someone already uses this e-mail address.
	ReasonEmailTaken = "email_taken"
	// “<value>” is not a file name.
	ReasonExportBadFileName = "export_bad_file_name"
	// The list contains characters that cannot be exported.
	ReasonExportInvalidUTF8 = "export_invalid_utf8"
	// There is nothing to export.
	ReasonExportNoColumns = "export_no_columns"
	// The list changed while it was being exported.
	ReasonExportRaggedRow = "export_ragged_row"
	// The list is too large to export at once.
	ReasonExportTooLarge = "export_too_large"
	// The file name must end in .csv.
	ReasonExportWrongFileType = "export_wrong_file_type"
	// <name> is not on this computer yet.
	ReasonFileNotHere = "file_not_here"
	// This file has not reached the server yet.
	ReasonFileNotUploaded = "file_not_uploaded"
	// The file is larger than the server accepts.
	ReasonFileTooLarge = "file_too_large"
	// An import file is a link, FIFO, device or socket, not a regular file.
	ReasonImportNotRegular = "import_not_regular"
	// “<value>” cannot be read.
	ReasonImportPathMissing = "import_path_missing"
	// The import files together exceed kbimport.MaxTotalSize.
	ReasonImportTooLarge = "import_too_large"
	// The server address must start with https://.
	ReasonInsecureServerURL = "insecure_server_url"
	// The article body must be Markdown or HTML.
	ReasonInvalidBodyFormat = "invalid_body_format"
	// The e-mail address or password is not correct.
	ReasonInvalidCredentials = "invalid_credentials"
	// “<value>” is not an e-mail address.
	ReasonInvalidEmail = "invalid_email"
	// “<value>” is not a supported article language.
	ReasonInvalidLocale = "invalid_locale"
	// The article's popularity must be between 0 and 1.
	ReasonInvalidPopularity = "invalid_popularity"
	// “<value>” is not a server address such as https://support.example.com.
	ReasonInvalidServerURL = "invalid_server_url"
	// This text contains characters that cannot be stored.
	ReasonInvalidText = "invalid_text"
	// This link is no longer valid.
	ReasonInvalidToken = "invalid_token"
	// “<value>” is not a version number such as 1.4.2.
	ReasonInvalidVersion = "invalid_version"
	// The last active user of a company cannot deactivate themselves.
	ReasonLastActiveUser = "last_active_user"
	// This link is for <value>, but the app is set up for <server>.
	ReasonLinkOtherServer = "link_other_server"
	// The server does not support this request.
	ReasonMethodNotAllowed = "method_not_allowed"
	// The article has no category (for example Cases/Attachments).
	ReasonMissingCategoryPath = "missing_category_path"
	// The article has no ID.
	ReasonMissingSourceID = "missing_source_id"
	// The article has no title.
	ReasonMissingTitle = "missing_title"
	// The server refused this change.
	ReasonMutationIDTaken = "mutation_id_taken"
	// No link from an e-mail is waiting; open the link in the e-mail again.
	ReasonNoPasswordLink = "no_password_link"
	// The server does not know this request.
	ReasonNoRoute = "no_route"
	// Your session has ended.
	ReasonNoSession = "no_session"
	// The case has no solution to publish.
	ReasonNoSolution = "no_solution"
	// This upload has expired on the server.
	ReasonNoUpload = "no_upload"
	// The server has no vendor set up yet.
	ReasonNoVendor = "no_vendor"
	// Sign in to a support server to sync.
	ReasonNotSignedIn = "not_signed_in"
	// <count> changes of the account signed in before are still waiting to be sent.
	ReasonOutboxNotEmpty = "outbox_not_empty"
	// The password is too long.
	ReasonPasswordTooLong = "password_too_long"
	// The password is too short.
	ReasonPasswordTooShort = "password_too_short"
	// The page named a file the user did not choose.
	ReasonPathNotGranted = "path_not_granted"
	// This person is not a portal user of your company.
	ReasonPersonNotFound = "person_not_found"
	// The company already has as many active users as the vendor allows.
	ReasonPortalUserLimit = "portal_user_limit"
	// There is nothing to print.
	ReasonPrintableEmpty = "printable_empty"
	// This case is too large to save as one file.
	ReasonPrintableTooLarge = "printable_too_large"
	// This case is closed, so its rating can no longer be given or changed.
	ReasonRatingClosed = "rating_closed"
	// Only a solved case can be rated.
	ReasonRatingNotSolved = "rating_not_solved"
	// This request has already been decided.
	ReasonRequestDecided = "request_decided"
	// This request no longer exists.
	ReasonRequestNotFound = "request_not_found"
	// A request for this person is already waiting for the support team.
	ReasonRequestPending = "request_pending"
	// This field is required.
	ReasonRequired = "required"
	// Only Account Owners and Administrators may use the portal.
	ReasonRoleNotAllowed = "role_not_allowed"
	// The case already has this status.
	ReasonSameStatus = "same_status"
	// The server is busy right now.
	ReasonServerBusy = "server_busy"
	// The server has a problem right now.
	ReasonServerUnavailable = "server_unavailable"
	// The server could not be reached.
	ReasonServerUnreachable = "server_unreachable"
	// Your session has ended.
	ReasonSessionEnded = "session_ended"
	// The article ID is too long.
	ReasonSourceIDTooLong = "source_id_too_long"
	// Someone changed this in the meantime.
	ReasonStaleVersion = "stale_version"
	// Your company's files on the server have reached their storage limit.
	ReasonStorageQuotaExceeded = "storage_quota_exceeded"
	// This is too long: <length> characters, at most <max> are allowed.
	ReasonTooLong = "too_long"
	// Too many files for one case.
	ReasonTooManyAttachments = "too_many_attachments"
	// Too many sign-in attempts.
	ReasonTooManyAttempts = "too_many_attempts"
	// Too many changes at once for the server.
	ReasonTooManyMutations = "too_many_mutations"
	// The article has too many tags.
	ReasonTooManyTags = "too_many_tags"
	// Companies on a trial account get no portal users.
	ReasonTrialCompany = "trial_company"
	// “<value>” is not a kind of portal access.
	ReasonUnknownAccess = "unknown_access"
	// Pick a Component Category from the list.
	ReasonUnknownCategory = "unknown_category"
	// A person is either a customer or an agent.
	ReasonUnknownKind = "unknown_kind"
	// “<value>” is not a language the portal offers.
	ReasonUnknownLanguage = "unknown_language"
	// “<value>” is not a locale the portal offers.
	ReasonUnknownLocale = "unknown_locale"
	// Pick a priority from the list.
	ReasonUnknownPriority = "unknown_priority"
	// Choose whether the solution solved your problem.
	ReasonUnknownRating = "unknown_rating"
	// “<value>” is not a product role.
	ReasonUnknownRole = "unknown_role"
	// The list cannot be sorted this way.
	ReasonUnknownSort = "unknown_sort"
	// “<value>” is not a case status.
	ReasonUnknownStatus = "unknown_status"
	// Pick a Subcategory of the chosen category.
	ReasonUnknownSubcategory = "unknown_subcategory"
	// “<value>” is not a theme the portal offers.
	ReasonUnknownTheme = "unknown_theme"
	// “<value>” is not a known time zone.
	ReasonUnknownTimeZone = "unknown_time_zone"
	// A link was not opened: only web and e-mail links are.
	ReasonUnsupportedLink = "unsupported_link"
	// The file could not be sent: its size was not given.
	ReasonUploadLengthRequired = "upload_length_required"
	// The file could not be sent: its size is not the one the case lists.
	ReasonUploadSizeMismatch = "upload_size_mismatch"
	// This vendor already exists.
	ReasonVendorExists = "vendor_exists"
)
