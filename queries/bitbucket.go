package queries

// Bitbucket credentials.
func bitbucketRules() []*Rule {
	return []*Rule{
		{
			ID:          "bitbucket-client-id",
			Description: "Bitbucket OAuth consumer key next to its name",
			Severity:    Low,
			Provider:    "Bitbucket",
			Peers:       []string{"bitbucket-client-id"},
			Keywords:    []string{"bitbucket"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("bitbucket"), `([A-Za-z0-9]{32})(?:[^A-Za-z0-9]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  3.6,
			TruePositives: []string{
				`BITBUCKET_API_KEY=LggrSArQqUHLqlyS6NVgqDsF70zfaBkg`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","bitbucket_token":"agRB7ohZUVSrSpgPcTxhbw6EzL8GLwS2"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync bitbucket_secret=FxRKMgTMamrYYelA7OZv3Fsc1ek1I4nz attempt=2`,
			},
			FalsePositives: []string{
				`BITBUCKET_API_KEY=${BITBUCKET_API_KEY}`,
				`bitbucket_token: "0123456789ABCDEFGHIJKLMNOPQRSTUV"`,
				`xbitbucketish_ref=IrMtbI47gGYi5gqTLKGeCPgev8VAkopL`,
			},
		},
		{
			ID:          "bitbucket-client-secret",
			Description: "Bitbucket OAuth consumer secret next to its name",
			Severity:    High,
			Provider:    "Bitbucket",
			Peers:       []string{"bitbucket-client-secret"},
			Keywords:    []string{"bitbucket"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("bitbucket"), `([A-Za-z0-9]{64})(?:[^A-Za-z0-9]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  4.2,
			TruePositives: []string{
				`BITBUCKET_API_KEY=MYGAVDyLWhj3TrQZ0JVaVKcwRX9aNfxf1UWVh0GOHzsjNbk81goUwbSpOGkEW6V5`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","bitbucket_token":"WzaEMTLEiexLZ6VwzjEAwmTPCfWLSJwL3tJ6ioNzAFlXbpH77yGG6khZsf8RxuSf"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync bitbucket_secret=EE4XuTUHzj66eK7UfzKNDLT9k3bmwsX7dx3ujFl1PLZ2kb7bxRoAIL55A9k5BZDc attempt=2`,
			},
			FalsePositives: []string{
				`BITBUCKET_API_KEY=${BITBUCKET_API_KEY}`,
				`bitbucket_token: "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz01"`,
				`xbitbucketish_ref=DGj0kdUA37IV0Seq72TJuINWr730GukLHCuKhuJRXVwbLQXzkUVVGDBuifJAEsci`,
			},
		},
	}
}
