package queries

// InfluxDB credentials.
func influxdbRules() []*Rule {
	return []*Rule{
		{
			ID:          "influxdb-api-token",
			Description: "InfluxDB API token next to its name",
			Severity:    High,
			Provider:    "InfluxDB",
			Peers:       []string{"influxdb-api-token"},
			Keywords:    []string{"influx"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("influx"), `([A-Za-z0-9_-]{86}==)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  4.6,
			TruePositives: []string{
				`INFLUX_API_KEY=-FaxZd8W_0NZxcI2mtJhhCaSpsjhvOOORnBp_YNbBtPpnrmvBX24o_S4YolOWJ3cu1jnxdwrxhmcfaW_ittYB8==`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","influx_token":"nFj34AUVl1zYHG7jcWYADCSadGBBlk3avf30w_n2Bzv4YThLzL0GQSAos5hucN3quDs0v6-q0CKEPHIxZmFKJ8=="}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync influx_secret=0XbV5XfnCc3kdPuJg8q4OkxAHp1Eh6ejfmSq27ZPjSCCnUfUoD1igNubCHFmZeKAuXqibgbboU5LXNGYBm_hJ0== attempt=2`,
			},
			FalsePositives: []string{
				`INFLUX_API_KEY=${INFLUX_API_KEY}`,
				`influx_token: "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMN=="`,
				`xinfluxish_ref=7zVBaI4QM22wsoCDRzRl-Xbl3JtwdjO4VAe4PtNlAWKR7lVG7RoKOry5r-J7E6aCKJnVAHh7kGeo006OTdmYfD==`,
			},
		},
	}
}
