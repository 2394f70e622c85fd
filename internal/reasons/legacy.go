package reasons

// legacyNames are the Reason constants that moved to DeclFile under a new
// name ("dir.Old" -> New), so that code merged from before the move is
// rewritten too. Constants that kept their name need no entry.
var legacyNames = map[string]string{
	"internal/csvexport.ReasonNoColumns":     "ReasonExportNoColumns",
	"internal/csvexport.ReasonRaggedRow":     "ReasonExportRaggedRow",
	"internal/csvexport.ReasonTooLarge":      "ReasonExportTooLarge",
	"internal/csvexport.ReasonInvalidUTF8":   "ReasonExportInvalidUTF8",
	"internal/csvexport.ReasonBadFileName":   "ReasonExportBadFileName",
	"internal/csvexport.ReasonWrongFileType": "ReasonExportWrongFileType",
	"internal/openfile.ReasonNotOpenable":    "ReasonAttachmentUnsafe",
	"internal/openfile.ReasonBadOpenPath":    "ReasonAttachmentBadPath",
}
