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
				`INFLUX_API_KEY=wlFD67H2m7XpP9zVDFsb_EMeFhp7-yHdgBz7Dy46w-2QdTMEJVifeU-pQTO13dABUtrPk3wI3PSuENY71COck_==`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","influx_token":"Skp7asAnmc63TlMVwujCgbVsm7CzlPtqXZ0lsO9zi_1urmQA-Tr7-d1JuEfuYY9rj13DbrJTHtlPnU_6DHgDAX=="}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync influx_secret=49BZe93cYTVM5kfsXK7BtygC3BMSz4Qisqt9p-BSs49oBXFBCA-jGYzxGtD2iz16O8d_melMj-0USj2870ieYy== attempt=2`,
			},
			FalsePositives: []string{
				`INFLUX_API_KEY=${INFLUX_API_KEY}`,
				`influx_token: "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMN=="`,
				`xinfluxish_ref=SNPFe4Gmb8wcvRFXSyPCyQUHi2_xpU8rrKhxdzbpCW37j9zWxDsHN7onB0LI0qhZAW1HvFRPEKQc6c3U43o56z==`,
			},
		},
	}
}
