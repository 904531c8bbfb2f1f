package queries

// Intercom credentials.
func intercomRules() []*Rule {
	return []*Rule{
		{
			ID:          "intercom-api-key",
			Description: "Intercom access token next to its name",
			Severity:    High,
			Provider:    "Intercom",
			Peers:       []string{"intercom-api-key"},
			Keywords:    []string{"intercom"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("intercom"), `([A-Za-z0-9=_-]{60})(?:[^A-Za-z0-9\-=_]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  4.3,
			TruePositives: []string{
				`INTERCOM_API_KEY=fL3AVU4M5gNTSkokrZL353_YqRmnCt6y-D3hcLGLmTkFFCEzHwULgl3g9QGC`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","intercom_token":"f9gVLexz-D5qF3OVIYL5HsnSBR-pKUPufFyQWaS18hs=1nG78U0oLpdpoIvg"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync intercom_secret=gZbKeCTUTP3Itj7jIwMxyVpZArQCypPhMCO22lKsSREmqJ2xhZl4Kpydc0qO attempt=2`,
			},
			FalsePositives: []string{
				`INTERCOM_API_KEY=${INTERCOM_API_KEY}`,
				`intercom_token: "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwx"`,
				`xintercomish_ref=d8DLazLXvhH8p5grwduwEbRdM13GARMi9-A1rCMM05j-dS3hjzgmM3Z1_f3O`,
			},
		},
	}
}
