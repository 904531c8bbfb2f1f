package queries

// Duffel credentials.
func duffelRules() []*Rule {
	return []*Rule{
		{
			ID:            "duffel-api-token",
			Description:   "Duffel live or test API token",
			Severity:      Critical,
			Provider:      "Duffel",
			Peers:         []string{"duffel-api-token"},
			Keywords:      []string{"duffel_live_", "duffel_test_"},
			Regex:         `(duffel_(?:live|test)_[A-Za-z0-9_=-]{43})(?:[^A-Za-z0-9_=-]|$)`,
			Validators:    []Validator{noRuns, digitAndLetter},
			MinEntropy:    4.1,
			PreviewPrefix: 7,
			TruePositives: []string{
				`DUFFEL_ACCESS_TOKEN=duffel_live_N85HrYSgbJwNDf_z8XKHLnJ6IVFYZ3UHJusAs8ij1Ol`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"duffel_live_5e7ngWLIAjgMxmagcvvCecivryqVm3cOiC1U3dc7ofq"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer duffel_live_3CEs1zLqSn8FlJz7K1cclzWWGh9NCKigIcz6jx2OE8M`,
			},
			FalsePositives: []string{
				`DUFFEL_ACCESS_TOKEN=duffel_live_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
				`DUFFEL_ACCESS_TOKEN=duffel_live_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefg`,
				`DUFFEL_ACCESS_TOKEN=duffel_live_UNyg-DLbX4G0dw5bjB8K4DZ3EfHYDc_pKHXo4TaO`,
			},
		},
	}
}
