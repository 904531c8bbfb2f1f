package queries

// Infomaniak credentials.
func infomaniakRules() []*Rule {
	return []*Rule{
		{
			ID:          "infomaniak-api-token",
			Description: "Infomaniak API token next to its name",
			Severity:    High,
			Provider:    "Infomaniak",
			Peers:       []string{"infomaniak-api-token"},
			Keywords:    []string{"infomaniak"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("infomaniak"), `([A-Za-z0-9_-]{72})(?:[^A-Za-z0-9\-_]|$)`),
			Validators:  []Validator{noRuns, mixedCase},
			MinEntropy:  4.8,
			TruePositives: []string{
				`INFOMANIAK_API_KEY=7LrzQ5HwEJG_6LQYbMDiYSWSXvN6HM7--nDx8qtRtklVR0SpTBBOnTqzvE2syQjdLIJhrSAe`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","infomaniak_token":"z90j7z3ur9_YwVcLYDgrAsW7OSRAudMcTs96xs0gA2pi1f9TDxCh8_WV8Vv2mmLw_EcsrXUx"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync infomaniak_secret=1bGQZ5ud2MtYqcyAcVrm4cOkqQZL8bjLrLLBO4aQ31nP-WiS16ZMJDdwjnyfPBefcxFim7Rm attempt=2`,
			},
			FalsePositives: []string{
				`INFOMANIAK_API_KEY=${INFOMANIAK_API_KEY}`,
				`infomaniak_token: "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"`,
				`xinfomaniakish_ref=dT6cVFq3D9NrQsXoIT1ZTB6VGalMv-dvfW51jOD2GGce0Iq9hAHH4dTJf0WX_rYF9FPG3FxY`,
			},
		},
	}
}
