package detector

// ImportTestdata is importTestdata for the external tests (the corpus benchmarks, which
// cannot be internal: internal/corpus imports this package).
var ImportTestdata = importTestdata
