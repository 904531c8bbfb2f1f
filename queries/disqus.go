package queries

// Disqus credentials.
func disqusRules() []*Rule {
	return []*Rule{
		{
			ID:          "disqus-api-key",
			Description: "Disqus API secret next to its name",
			Severity:    High,
			Provider:    "Disqus",
			Peers:       []string{"disqus-api-key"},
			Keywords:    []string{"disqus"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("disqus"), `([A-Za-z0-9]{64})(?:[^A-Za-z0-9]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  4.3,
			TruePositives: []string{
				`DISQUS_API_KEY=CdH1fkGwZEZ8iS7wBWPQ93IP7szLwxKvTxZT72SVIQwmDJ4xcZEprXVhXCLYggyW`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","disqus_token":"JqIOcQHAzOzPBA9m8zf65dJclcwldyZMRciGVbYmQv63RiEDabqnCjosTJ6sIsUZ"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync disqus_secret=fFYNmdToDUS3zEG2VuWx37OhEcxFSNpwr33ru5sXtRSUgvjt7uZ6fZp9CKS1V9fT attempt=2`,
			},
			FalsePositives: []string{
				`DISQUS_API_KEY=${DISQUS_API_KEY}`,
				`disqus_token: "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz01"`,
				`xdisqusish_ref=XW2VL2STWxiCm8q4Jps6rR8bJJR5S6VwJnERQA6g0sGo30pDsiF07d7dNwHJMAym`,
			},
		},
	}
}
