package queries

// FreshBooks credentials.
func freshbooksRules() []*Rule {
	return []*Rule{
		{
			ID:          "freshbooks-access-token",
			Description: "FreshBooks access token next to its name",
			Severity:    High,
			Provider:    "FreshBooks",
			Peers:       []string{"freshbooks-access-token"},
			Keywords:    []string{"freshbooks"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("freshbooks"), `([A-Za-z0-9]{64})(?:[^A-Za-z0-9]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  4.7,
			TruePositives: []string{
				`FRESHBOOKS_API_KEY=1qFeCqRoLuy86wBDf4ZzKjbpOech8tVpNtpK3JZ8N1SZgaLWe2prHF8SpHo84bID`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","freshbooks_token":"m65WHJWhGe8IIwVI6zijVSCuO6gI9DX6OUY4MmCSp0KoxVKGZMd7SprZHpFO7spz"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync freshbooks_secret=ZM2oU6SW7BdlUpSqJFThLcQj6LiiFSAOtQiy1mzPMNYzAKpJLYp3WNyaxi8TjBFv attempt=2`,
			},
			FalsePositives: []string{
				`FRESHBOOKS_API_KEY=${FRESHBOOKS_API_KEY}`,
				`freshbooks_token: "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz01"`,
				`xfreshbooksish_ref=D8HzDcwzzKB6AC2SSeCdxr8jAfdJLPBvDtFfTQFjsicsaH2jdbfDM3S1AsgYCiLO`,
			},
		},
	}
}
