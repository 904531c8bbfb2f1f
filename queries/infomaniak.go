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
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  4.4,
			TruePositives: []string{
				`INFOMANIAK_API_KEY=icgz36uGoQBxKoCjmHepzKid3UL7LjOz1bo-MGBD8VXiWCXSI7_Zt7OL0Xji27qj1lT8RB_R`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","infomaniak_token":"LhXpSnXrg-pWnp8zBXlzKSFv3U4sqyvemqToHMqOHakHYags492hO_1_3_qpv5y4neB-Fspm"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync infomaniak_secret=s_PrTSp5x0-tjY5Jl41i4LxRt3whB6Jvy7XWRdq84o-ZLe9ELBcTk9errBQStsXdQvYu1y6f attempt=2`,
			},
			FalsePositives: []string{
				`INFOMANIAK_API_KEY=${INFOMANIAK_API_KEY}`,
				`infomaniak_token: "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"`,
				`xinfomaniakish_ref=kNZiFOCnnvCmxxOe53BQ08KrjZbMBO74UG9jDd9PSdvmzyxVcl-bBLBsQpD9xDqWrEhy0ESm`,
			},
		},
	}
}
