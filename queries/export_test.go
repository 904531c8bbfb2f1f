package queries

// ImportTestdata is importTestdata for the external tests (those that need the detector,
// which imports this package).
var ImportTestdata = importTestdata
