package queries

// Cerebras credentials.
func cerebrasRules() []*Rule {
	return []*Rule{
		{
			ID:            "cerebras-api-key",
			Description:   "Cerebras inference API key",
			Severity:      Critical,
			Provider:      "Cerebras",
			Peers:         []string{"cerebras-api-key"},
			Keywords:      []string{"csk-"},
			Regex:         `(csk-[a-z0-9]{48})(?:[^A-Za-z0-9]|$)`,
			Validators:    []Validator{noRuns, digitAndLetter},
			MinEntropy:    4.2,
			PreviewPrefix: 4,
			TruePositives: []string{
				`CEREBRAS_API_KEY=csk-2a4z0vuwflu39c3hi4hs17xojojlf0dv1ukyc1ld6pd8wnci`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"csk-md0zaxeyh1karfh726e4jnyojxuhfglaybgq22k448eiq5pm"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer csk-xsloheifhx6d561ok3v83rtjxnt6enhhc6uviw7dtm0frrmm`,
			},
			FalsePositives: []string{
				`CEREBRAS_API_KEY=csk-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
				`CEREBRAS_API_KEY=csk-0123456789abcdefghijklmnopqrstuvwxyz0123456789ab`,
				`CEREBRAS_API_KEY=csk-ykkwg30ra1fhc268rt6yy22acettcu1k6bp2q1v8kh45b`,
			},
		},
	}
}
