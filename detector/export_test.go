package detector

// ImportTestdata is importTestdata for the external tests (the corpus benchmarks, which
// cannot be internal: internal/corpus imports this package).
var ImportTestdata = importTestdata

// SetWindowed makes d search each keyword rule's whole window, as before start ranges: the
// baseline the hostile-line benchmarks compare against.
func SetWindowed(d *Detector) { d.windowed = true }

// KeywordLines are keywordLines for the hostile-line benchmarks.
var KeywordLines = keywordLines
