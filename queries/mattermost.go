package queries

func mattermostRules() []*Rule {
	return []*Rule{
		{
			ID: "mattermost-access-token", Description: "Mattermost personal access or bot token next to its name", Severity: High,
			Provider: "Mattermost", Peers: []string{"mattermost-access-token"},
			Keywords:   []string{"mattermost", "MATTERMOST", "Mattermost", "MatterMost"},
			Regex:      assigned(namedCredential(`(?:mattermost|MATTERMOST|Mattermost|MatterMost)`), `([A-Za-z0-9]{26})`+valueEnd),
			Validators: []Validator{digitAndLetter},
			MinEntropy: 3.5,
			TruePositives: []string{
				`MATTERMOST_TOKEN=l2af7aa3uvsbrzrxxohnveufh4`,
				`  mattermost_access_token: "e5it9bxulepbpsc965jmxlu19q"`,
			},
			FalsePositives: []string{
				`MATTERMOST_TOKEN=${MATTERMOST_TOKEN}`,
				`MATTERMOST_TOKEN=abcdefghijklmnopqrstuvwxyz`,
			},
		},
	}
}
