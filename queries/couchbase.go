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
			Validators:  []Validator{noRuns, mixedCase},
			MinEntropy:  4.7,
			TruePositives: []string{
				`COUCHBASE_API_KEY=XRJPGpQXkSQbpJSVVJOmVn8ypfgJgAUN1/LtbnE3vLTPnLzR2KG/RMBEaEx4nPis`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","couchbase_token":"bnOhcl6pkcq/NAsrvLDyxxV7sHtkIgOQbTen0LqXD/aOJ2J5b3nYter/YCWwzbKh"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync couchbase_secret=WYu21NdNuKN8weqvJwNDWDbWMNtkgJGT1ih0ANWq0jQBP7pe+6mT2dppw799TI6/ attempt=2`,
			},
			FalsePositives: []string{
				`COUCHBASE_API_KEY=${COUCHBASE_API_KEY}`,
				`couchbase_token: "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz01"`,
				`xcouchbaseish_ref=xfT2TM8CqPl3uVhYR9z8GCoEfXWKKWID1x3aICl0wcahYGyilKcC8MJaVZWdQKxY`,
			},
		},
	}
}
