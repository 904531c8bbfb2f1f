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
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  4.2,
			TruePositives: []string{
				`KAGI_API_KEY=FRp64nENg_W.fbEGBvj3qobCi5b_-L9x6WJm5HMKZjWfZrHtjgLJSrb`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","kagi_token":"xbKfYwoh5J2.u0y5eq1JznPwNf5QrUfnOsLSdyTIlqziYgmW-dC7EjM"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync kagi_secret=OPFjgWy7-wW.VNHCod-o5DWkda-xdBNZdO71GvBAumTtRtTjIaDphOo attempt=2`,
			},
			FalsePositives: []string{
				`KAGI_API_KEY=${KAGI_API_KEY}`,
				`kagi_token: "0123456789A.0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefg"`,
				`xkagiish_ref=RSMfG_gCdF1.TMHdFbGdwzWSPYTFAmTbct2Y7y--X4db6zEbLrIcWT-`,
			},
		},
	}
}
