package queries

// Moonshot AI (Kimi) credentials.
func kimiRules() []*Rule {
	return []*Rule{
		{
			ID:          "kimi-api-key",
			Description: "Moonshot AI (Kimi) API key next to its name",
			Severity:    High,
			Provider:    "Moonshot AI (Kimi)",
			Peers:       []string{"kimi-api-key"},
			Keywords:    []string{"kimi", "moonshot"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("kimi", "moonshot"), `(sk-[A-Za-z0-9_-]{48})(?:[^A-Za-z0-9\-_]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  4.2,
			TruePositives: []string{
				`KIMI_API_KEY=sk-w384HQA8BW2gQ8xYPJ9_4sVgB7ZE5CnjOrCBvxs3g-n1nxUq`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","kimi_token":"sk-rOnsH3TFPwHsBkcYqClO5FQEg2GXwAtzP3zuKAo95xoGXCMg"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync kimi_secret=sk-5kEhkxLK1skATnZi1PSM6zY7JPpodkNFpXzskNL7orSggZ0C attempt=2`,
			},
			FalsePositives: []string{
				`KIMI_API_KEY=${KIMI_API_KEY}`,
				`kimi_token: "sk-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijkl"`,
				`xkimiish_ref=sk-unzE8hrRyFA2xl39unnC2hHZ6ssPdVRSW5TfAwiT6TQxXQBc`,
			},
		},
	}
}
