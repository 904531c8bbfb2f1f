package queries

// Dynatrace credentials.
func dynatraceRules() []*Rule {
	return []*Rule{
		{
			ID:            "dynatrace-api-token",
			Description:   "Dynatrace API token",
			Severity:      Critical,
			Provider:      "Dynatrace",
			Peers:         []string{"dynatrace-api-token"},
			Keywords:      []string{"dt0c01."},
			Regex:         `(dt0c01\.[A-Za-z0-9]{24}\.[A-Za-z0-9]{64})(?:[^A-Za-z0-9]|$)`,
			Validators:    []Validator{noRuns, digitAndLetter},
			MinEntropy:    4.6,
			PreviewPrefix: 7,
			TruePositives: []string{
				`DT_API_TOKEN=dt0c01.MQHSJ4DB3T9E0AUVKYISWU0Q.0KOBR49ZETZCXYA7F3ZQRYTSS594TENFME80ZWFMLPEEQSN7V1FCBUN93ULY1D25`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"dt0c01.Q7MM6W9FZQRH7KJYV3MJFRE6.WP9OBFFKO5G67QJ088QEZGSI7RPITIVFJABJKCOTW9LACSS19Q4N0CQ4E8M9YUG2"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer dt0c01.LC5OC8MVSGK9KJFVJDINZXOZ.UPEZELVZKV13G0B8KWT1EIH0JXBG6XV50H16HLPN1BLUQOJEPLGLYJPD5J1GDFI4`,
			},
			FalsePositives: []string{
				`DT_API_TOKEN=dt0c01.xxxxxxxxxxxxxxxxxxxxxxxx.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
				`DT_API_TOKEN=dt0c01.0123456789ABCDEFGHIJKLMN.0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGHIJKLMNOPQR`,
			},
		},
	}
}
