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
			MinEntropy:    4.6,
			PreviewPrefix: 5,
			TruePositives: []string{
				`CANVA_CLIENT_SECRET=cnvcaT-p8gpw3KwWtATicIwRjq-fOqLX63Af_dwCgsUFirYCbPvhasBg`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"cnvcaFmN1H53DtsAxgw8euAhUA-Aj9H9lFFqY6ruuuGs_WGszjP039oL"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer cnvcaSmdtYVPmU0RCKOBD6M6p5RNtJFfNU-3WxBFwA8bWtZ_VUstSq6s`,
			},
			FalsePositives: []string{
				`CANVA_CLIENT_SECRET=cnvcaxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
				`CANVA_CLIENT_SECRET=cnvca0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmno`,
				`CANVA_CLIENT_SECRET=cnvcaHoZge-EbW5pKFX4XKIJXDns58NwGOYC5BYcgnjrUJ2hsuddH`,
			},
		},
	}
}
