package queries

// Airtable credentials.
func airtableRules() []*Rule {
	return []*Rule{
		{
			ID:          "airtable-api-key",
			Description: "Airtable legacy API key next to its name",
			Severity:    High,
			Provider:    "Airtable",
			Peers:       []string{"airtable-api-key"},
			Keywords:    []string{"airtable"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("airtable"), `([A-Za-z0-9]{17})(?:[^A-Za-z0-9.]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  3.0,
			TruePositives: []string{
				`AIRTABLE_API_KEY=RglCHg6Zx9n7KaDP4`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","airtable_token":"7rjXto0Zq2tY0Hz4g"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync airtable_secret=6MwkgL6Vn5mtR4EU4 attempt=2`,
			},
			FalsePositives: []string{
				`AIRTABLE_API_KEY=${AIRTABLE_API_KEY}`,
				`airtable_token: "0123456789ABCDEFG"`,
				`xairtableish_ref=cXCAPCZY4ysysqRwz`,
			},
		},
		{
			ID:          "airtable-personal-access-token",
			Description: "Airtable personal access token next to its name",
			Severity:    Critical,
			Provider:    "Airtable",
			Peers:       []string{"airtable-personnal-access-token"},
			Keywords:    []string{"airtable"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("airtable"), `(pat[A-Za-z0-9]{14}\.[0-9a-f]{64})(?:[^A-Za-z0-9]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  3.9,
			TruePositives: []string{
				`AIRTABLE_API_KEY=pat80OEIKCE1P0ekM.0d46235458b92bd478e486965ce35f43e715ff89fcca30b9a4ec2b06e15c3e1e`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","airtable_token":"patS8UAbK31MzDKFT.8d714ad20cc4747a3c3916785f49edbe5e0a8d0abc69e85ca9eab64d449027a8"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync airtable_secret=patoWRyrUrMUQHI0A.a1e814d7a6f57e8dd67e2b7e816aded1170c256568d0d1eedcbe73125088597e attempt=2`,
				`{"level":"info","msg":"airtable sync","airtable_token":"patBv3Jd8QsL2nWx7.f4e2a9c0b7d15e3f8a6c2b9d0e7f1a4c3b5d8e6f2a0c9b7d1e4f3a8c6b2d5e0f"}`,
			},
			FalsePositives: []string{
				`AIRTABLE_API_KEY=${AIRTABLE_API_KEY}`,
				`airtable_token: "pat0123456789ABCD.0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"`,
				`xairtableish_ref=patzmcnglVTuPCfqe.858c92663dd55ea2bc704968e4990af2b4da4856e0eead59d3a5ced68eff631f`,
			},
		},
		{
			ID:          "airtable-oauth-token",
			Description: "Airtable OAuth access token next to its name",
			Severity:    High,
			Provider:    "Airtable",
			Peers:       []string{"airtable-oauth-token"},
			Keywords:    []string{"airtable"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("airtable"), `([A-Za-z0-9]{16}\.v1\.[A-Za-z0-9_-]{30}\.[0-9a-f]{64})(?:[^A-Za-z0-9]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  4.3,
			TruePositives: []string{
				`AIRTABLE_API_KEY=UngPpjklIR5JKV3q.v1.TjCgoawO3bblDDXfG0VqKJkCbgiNZC.019b0e795fae740ba31be1dcc4080c58b93d0b3b3fa1585bec1896bf5c6ee6ab`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","airtable_token":"1FhVYWndATkqUby9.v1.QB_hh6qJmFr-zrMWqHnL1zB3CED3kP.c5af63ad0e631dd572c2b4faa56fc03399782290287af14bccfd13852d14b8e5"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync airtable_secret=1U26TvPccz7zvPNV.v1.EgDk95rWS4vZQ2oibGtneomNFn5kCY.8c842192124dea03e6ec137057757438d23f2164af5638f7fb736fba83a10ace attempt=2`,
			},
			FalsePositives: []string{
				`AIRTABLE_API_KEY=${AIRTABLE_API_KEY}`,
				`airtable_token: "0123456789ABCDEF.v1.0123456789ABCDEFGHIJKLMNOPQRST.0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"`,
				`xairtableish_ref=S835FcWRfhnMlyt8.v1.-P6zm6HoebYKgYJuaiewERFZdwHiSF.8cdd41492c864fec504d9785ec3f1a9d764406b40d1cb095c96c9221d5f2e8b0`,
			},
		},
	}
}
