package queries

// Defined Networking credentials.
func definednetworkingRules() []*Rule {
	return []*Rule{
		{
			ID:            "defined-networking-api-token",
			Description:   "Defined Networking (Nebula) API token",
			Severity:      Critical,
			Provider:      "Defined Networking",
			Peers:         []string{"defined-networking-api-token"},
			Keywords:      []string{"dnkey-"},
			Regex:         `(dnkey-[A-Za-z0-9=_-]{26}-[A-Za-z0-9=_-]{52})(?:[^A-Za-z0-9=_-]|$)`,
			Validators:    []Validator{noRuns, digitAndLetter},
			MinEntropy:    4.6,
			PreviewPrefix: 6,
			TruePositives: []string{
				`DN_API_KEY=dnkey-ALXPDHGEP05KT3WONI2AOO019O-L9N9KCHXVI0CREFAN19S8DAY1NGHR9LNBCE9MTEHBBFX2XY6MYEI`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"dnkey-BM2MKG6PIPSAH762V1GRMY7055-III3FEBZ8TI1CV7O94YRZB1IMJA3JE8U9WQ0T2FT78GJ0NM3WM6Y"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer dnkey-BL7S2Q4XK9U302REKVXE0DZ0CF-R0992ZC2DHQF8YS7EI2EA2JQIWM8WHVPPW390HZUH42TIDH05I22`,
			},
			FalsePositives: []string{
				`DN_API_KEY=dnkey-xxxxxxxxxxxxxxxxxxxxxxxxxx-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
				`DN_API_KEY=dnkey-0123456789ABCDEFGHIJKLMNOP-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEF`,
			},
		},
	}
}
