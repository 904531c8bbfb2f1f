package queries

// Kagi credentials.
func kagiRules() []*Rule {
	return []*Rule{
		{
			ID:          "kagi-api-key",
			Description: "Kagi API token next to its name",
			Severity:    High,
			Provider:    "Kagi",
			Peers:       []string{"kagi-api-key"},
			Keywords:    []string{"kagi"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("kagi"), `([A-Za-z0-9_-]{11}\.[A-Za-z0-9_-]{43})(?:[^A-Za-z0-9\-_]|$)`),
			Validators:  []Validator{noRuns, mixedCase},
			MinEntropy:  4.6,
			TruePositives: []string{
				`KAGI_API_KEY=tK-1n383DML.ZJq5uhRESMLTRwiPfKTN8SlS73I57FQ0vHmHdsTo_H0`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","kagi_token":"P07KMH2U2kH.zv3w8TlSiZ8GFKDzNEjqzvKkbwMLRytmeB4CdQXBpEC"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync kagi_secret=pYfMxrWTbcV.eO6eWEJyGv_RYtaqHYt-C9ikWro5OOvqSKttIYSPOLY attempt=2`,
			},
			FalsePositives: []string{
				`KAGI_API_KEY=${KAGI_API_KEY}`,
				`kagi_token: "0123456789A.0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefg"`,
				`xkagiish_ref=xjllJQSR16_.NWS72hVJRxijol1Z3xxfoeUU4u3HTJVCLQ5TbZA1LXo`,
			},
		},
	}
}
