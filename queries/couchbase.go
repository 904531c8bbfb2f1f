package queries

// Couchbase credentials.
func couchbaseRules() []*Rule {
	return []*Rule{
		{
			ID:          "couchbase-capella-api-key",
			Description: "Couchbase Capella API key secret next to its name",
			Severity:    High,
			Provider:    "Couchbase",
			Peers:       []string{"couchbase-capella-api-key"},
			Keywords:    []string{"couchbase", "capella"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("couchbase", "capella"), `([A-Za-z0-9+/]{64})(?:[^A-Za-z0-9+/]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  4.3,
			TruePositives: []string{
				`COUCHBASE_API_KEY=e9A6NSToADkSO6TreeCILXGIARZ55fAxt8z56AEj7/Sj8+zTuicmBEX4Shrx0siL`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","couchbase_token":"UI8MhqU7rrkRm6kYLtsslT29KPSDxnn+aO2p/UUw/cHkHwQrKXZ5JQ8q/MBwl+oZ"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync couchbase_secret=l+21SLslvxdRiBQxLhYu2t7IjDHKJRcA8Pkq3M4ihHtx/hkJSzLcisEVHllZPRoa attempt=2`,
			},
			FalsePositives: []string{
				`COUCHBASE_API_KEY=${COUCHBASE_API_KEY}`,
				`couchbase_token: "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz01"`,
				`xcouchbaseish_ref=HBrDEumkvPSzTOK45G1TklLaDwvjaSyFGogxCc5EkLVyT3GBAUvjKZmV4jueHcBl`,
			},
		},
	}
}
