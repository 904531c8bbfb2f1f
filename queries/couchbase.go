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
				`COUCHBASE_API_KEY=47ujthApmRbDACCoYNOVWo8CWWI8HLL+hggMJE2UzUnYXqK9t6zA8qVZ8Inpdt5R`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","couchbase_token":"IE8qC+b32WTRVLHLzcePXuKBFMV3UlZvElEJp/e3lAepCCFsZkk4jR3XI4Ex0xqe"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync couchbase_secret=SBQArIfu45G1C0juVhstuMut2hmmoXm587jf0KdhkzbvB4HvfEdbpSs9do7RFkXQ attempt=2`,
			},
			FalsePositives: []string{
				`COUCHBASE_API_KEY=${COUCHBASE_API_KEY}`,
				`couchbase_token: "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz01"`,
				`xcouchbaseish_ref=jvDTenvgGepkQQ1wktdkAX7PJlzYByLk+FN0jIfdyBF3v9IEQTZ1KcsdL5IlT8xi`,
			},
		},
	}
}
