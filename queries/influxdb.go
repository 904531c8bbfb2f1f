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
			Validators:  []Validator{noRuns, mixedCase},
			MinEntropy:  5.0,
			TruePositives: []string{
				`INFLUX_API_KEY=eyTwKRTGKQrVVD7KwsKpT-RfmhrxE4NyegI-_DrWJ8RxC9T9s0_MTdKuI2-o0353xAhQbyLcK4M3xGIeRyYsmH==`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","influx_token":"YoW27bnVnRyfX-wa3f4icFRHJO5A_79pvwRZ6AwsEpHGU0e7i4wYEcxDK4pOvj25P7QUVbw3gcSbL23etgoCtz=="}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync influx_secret=o5ERAEAeOmPquis7myL-WsjhOR18Mxufl4bWC4Akf8sAMS10jnLKIp0S1M7OzDatakBlMgXUfsqYzch5fzqph3== attempt=2`,
			},
			FalsePositives: []string{
				`INFLUX_API_KEY=${INFLUX_API_KEY}`,
				`influx_token: "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMN=="`,
				`xinfluxish_ref=mwkvPKI_MAgvq2A7EWe31oqAfK50TX2bCMS0GXoAD3oQntAQGVhs11u3vvYLjZ49DKEjmOrdgNXGBlAEHPLjkZ==`,
			},
		},
	}
}
