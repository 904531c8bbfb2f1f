package queries

// A 1Password Secret Key is A3, the account id and 26 random characters in dashed groups: the
// second half of the account password, worthless alone and fatal next to it.
func onepasswordRules() []*Rule {
	return []*Rule{
		{
			ID:            "1password-secret-key",
			Description:   "1Password account Secret Key (A3- format)",
			Severity:      Critical,
			Provider:      "1Password",
			Peers:         []string{"1password-secret-key"},
			Keywords:      []string{"A3-"},
			Regex:         `(A3-[A-Z0-9]{6}-(?:[A-Z0-9]{11}|[A-Z0-9]{6}-[A-Z0-9]{5})-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5})(?:[^A-Za-z0-9-]|$)`,
			Validators:    []Validator{noRuns, digitAndLetter},
			MinEntropy:    3.8,
			PreviewPrefix: 3,
			TruePositives: []string{
				`OP_SECRET_KEY=A3-DGEDX3-FCRT7ROGON5-VXTEO-U5S11-HE8DO`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"A3-XLSPPT-ED4VHSTJ8D1-7JEYT-36W9U-8NPZR"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer A3-1DM4QA-DW9NLYV266W-B8K0T-Y1B3Y-WSN04`,
				`op account add --address acme.1password.com --email ops@acme.io --secret-key A3-7KQ2ZD-H4M9TX-R2W8B-PF6CN-3VJ7Y-QX5LD`,
			},
			FalsePositives: []string{
				`OP_SECRET_KEY=A3-xxxxxx-xxxxxxxxxxx-xxxxx-xxxxx-xxxxx`,
				`OP_SECRET_KEY=A3-012345-0123456789A-01234-01234-01234`,
			},
		},
	}
}
