package openfile

// Marked reports whether the copy carries the platform's download mark.
var Marked = marked

// Marks is whether this platform has such a mark.
const Marks = marks
