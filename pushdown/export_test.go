package pushdown

// WithCoverCharges runs f with Build planning from the starts charges only (see
// coverCharges).
func WithCoverCharges(charges []float64, f func()) {
	old := coverCharges
	coverCharges = charges
	defer func() { coverCharges = old }()
	f()
}
