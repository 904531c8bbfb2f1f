package queries

// Etsy credentials.
func etsyRules() []*Rule {
	return []*Rule{
		{
			ID:          "etsy-open-api-key",
			Description: "Etsy Open API keystring (and shared secret) next to its name",
			Severity:    High,
			Provider:    "Etsy",
			Peers:       []string{"etsy-open-api-key", "etsy-access-token"},
			Keywords:    []string{"etsy"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("etsy"), `([A-Za-z0-9]{24}(?::[A-Za-z0-9]{10,64})?)(?:[^A-Za-z0-9]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  3.9,
			TruePositives: []string{
				`ETSY_API_KEY=jld8gog68wqnffjw8rdmb89n:0xz5ri63vf`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","etsy_token":"430wmf7jhsylh30z1wjbsdmn:o0esx345ed"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync etsy_secret=lwjt11341f66z1915rhwein9:hg5esxilm8 attempt=2`,
				`ETSY_API_KEY=1k2bb33c44d55eqr7t6fff9a:a1b2c3d4e5`,
			},
			FalsePositives: []string{
				`ETSY_API_KEY=${ETSY_API_KEY}`,
				`etsy_token: "0123456789abcdefghijklmn:0123456789"`,
				`xetsyish_ref=ofz8icaidp67p4z3iq5jxme6:kk3n6n38by`,
			},
		},
	}
}
