package queries

func merakiRules() []*Rule {
	return []*Rule{
		{
			ID: "cisco-meraki-api-key", Description: "Cisco Meraki Dashboard API key next to its name", Severity: High,
			Provider: "Cisco Meraki", Peers: []string{"cisco-meraki-api-key"},
			Keywords:   []string{"meraki", "MERAKI", "Meraki"},
			Regex:      assigned(namedCredential(`(?:meraki|MERAKI|Meraki)`), `([0-9a-f]{40})`+valueEnd),
			Validators: []Validator{digitAndLetter},
			MinEntropy: 3.2,
			TruePositives: []string{
				`MERAKI_DASHBOARD_API_KEY=aaaf93d3a3b13cc76869a02a40de47f3880180a3`,
				`  meraki_api_key: "c5ea336123d93217ec2b8195f51b12e53da5e420"`,
			},
			FalsePositives: []string{
				`MERAKI_DASHBOARD_API_KEY=${MERAKI_DASHBOARD_API_KEY}`,
				`MERAKI_DASHBOARD_API_KEY=5d0c5d7f3d1f3a9da59ded8c700808f699033`,
			},
		},
	}
}
