package queries

func upstageRules() []*Rule {
	return []*Rule{
		{
			ID: "upstage-api-key", Description: "Upstage API key next to its name", Severity: High,
			Provider: "Upstage", Peers: []string{"upstage-api-key"},
			Keywords:   []string{"upstage", "UPSTAGE", "Upstage"},
			Regex:      assigned(namedCredential(`(?:upstage|UPSTAGE|Upstage)`), `([A-Za-z0-9_]{32,50})`+valueEnd),
			Validators: []Validator{digitAndLetter},
			MinEntropy: 3.5,
			TruePositives: []string{
				`UPSTAGE_API_KEY=up_Kgaqtd2tzQkyBEFRS2BQO7ALrQxwN`,
				`{"level":"info","msg":"upload ok","upstage_api_key":"up_VHc6QEcRFP7SDE1ap3gfSkj2Ka8aG"}`,
			},
			FalsePositives: []string{
				`UPSTAGE_API_KEY=${UPSTAGE_API_KEY}`,
				`UPSTAGE_API_KEY=ab_abcdefghijklmnopqrstuvwxyz012`,
			},
		},
	}
}
