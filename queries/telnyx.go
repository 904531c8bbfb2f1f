package queries

func telnyxRules() []*Rule {
	return []*Rule{
		{
			ID: "telnyx-api-v2-key", Description: "Telnyx API v2 key next to its name", Severity: High,
			Provider: "Telnyx", Peers: []string{"telnyx-api-v2-key.1"},
			Keywords:   []string{"telnyx", "TELNYX", "Telnyx"},
			Regex:      assigned(namedCredential(`(?:telnyx|TELNYX|Telnyx)`), `(KEY[0-9A-Za-z_-]{55})`+valueEnd),
			Validators: []Validator{digitAndLetter},
			MinEntropy: 4.0,
			TruePositives: []string{
				`TELNYX_API_KEY=KEY16D560AB8914A29F4A4CF3FCA7837688_f72EdSPvTiGsrtLLl3giAY`,
				`  telnyx_api_key: "KEY7734E2E26B36DAFFFAB1A30F75EAACA2_pIFDJysNOVLCKAxNnqaaRc"`,
			},
			FalsePositives: []string{
				`TELNYX_API_KEY=${TELNYX_API_KEY}`,
				`TELNYX_API_KEY=KEYABCDEFGHIJKLMNOPQRSTUVWXYZ012345_abcdefghijklmnopqrstuv`,
			},
		},
	}
}
