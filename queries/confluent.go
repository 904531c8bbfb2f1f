package queries

// Confluent credentials.
func confluentRules() []*Rule {
	return []*Rule{
		{
			ID:          "confluent-secret-key",
			Description: "Confluent Cloud API secret next to its name",
			Severity:    Critical,
			Provider:    "Confluent",
			Peers:       []string{"confluent-secret-key"},
			Keywords:    []string{"confluent"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("confluent"), `([A-Za-z0-9]{64})(?:[^A-Za-z0-9]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  4.3,
			TruePositives: []string{
				`CONFLUENT_API_KEY=PGBTy2LiWibxeqReLWQThyzI7MrmuCGawCUqMLYbtZCJkNoEDawXXxPchmjEtj7T`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","confluent_token":"ixt3qvDa2mOLmtjir4AHf33vsX09qJWaomEWlvfEYo59HvxdlHcqbnEhOpWKzQV7"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync confluent_secret=df3JKbBUjaycWvdfTfIReoW90QGBWmmeLtoN7r7LhuCBsHhwvtGo3nV8H9lLrZuf attempt=2`,
			},
			FalsePositives: []string{
				`CONFLUENT_API_KEY=${CONFLUENT_API_KEY}`,
				`confluent_token: "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz01"`,
				`xconfluentish_ref=eIeyxvf0AcyFkKswLsBTnnavx3YNIAuBB3sTjg0wHktOv0DnVmu4bwokx2wMlyvO`,
			},
		},
		{
			ID:          "confluent-access-token",
			Description: "Confluent Cloud API key next to its name",
			Severity:    Medium,
			Provider:    "Confluent",
			Peers:       []string{"confluent-access-token"},
			Keywords:    []string{"confluent"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("confluent"), `([A-Za-z0-9]{16})(?:[^A-Za-z0-9]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  2.9,
			TruePositives: []string{
				`CONFLUENT_API_KEY=uabkeqPwRSJ4vlOS`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","confluent_token":"9rvX7d4lbOlmi8Wf"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync confluent_secret=oJ9pArDh8RJG9fGN attempt=2`,
				`confluent_api_key: "ZQ4KX7PMNB2WR5TY"`,
			},
			FalsePositives: []string{
				`CONFLUENT_API_KEY=${CONFLUENT_API_KEY}`,
				`confluent_token: "0123456789ABCDEF"`,
				`xconfluentish_ref=HeqtqV3wTwMjgyPx`,
			},
		},
	}
}
