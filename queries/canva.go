package queries

// Canva credentials.
func canvaRules() []*Rule {
	return []*Rule{
		{
			ID:            "canva-client-secret",
			Description:   "Canva Connect API client secret",
			Severity:      Critical,
			Provider:      "Canva",
			Peers:         []string{"canva-client-secret"},
			Keywords:      []string{"cnvca"},
			Regex:         `(cnvca[A-Za-z0-9_-]{51})(?:[^A-Za-z0-9\-_]|$)`,
			Validators:    []Validator{noRuns, digitAndLetter},
			MinEntropy:    4.2,
			PreviewPrefix: 5,
			TruePositives: []string{
				`CANVA_CLIENT_SECRET=cnvcaIzeG8fAo7a09H55so4MVy5Bu7HhhhJuqKaN_xbqwl3dPED6Entf`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"cnvcafj5lcstlC1i59_UTIsfumuTHCxLshakm5P5B3-oJJOi6tYYK_AF"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer cnvcaSF8mervIoFfelVUxgQlgBJqUE5TqRVWnL3CRpaZ7LH-fQLotIGe`,
			},
			FalsePositives: []string{
				`CANVA_CLIENT_SECRET=cnvcaxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
				`CANVA_CLIENT_SECRET=cnvca0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmno`,
				`CANVA_CLIENT_SECRET=cnvcabPifCfWZsBbydVfSWLDVwHDC0FSshhnno8nQn15rxIwWJtLl`,
			},
		},
	}
}
