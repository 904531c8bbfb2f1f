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
			MinEntropy:  3.2,
			TruePositives: []string{
				`AIRTABLE_API_KEY=Tlobi8UKyK9wWeroS`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","airtable_token":"ZIj6v2tSw5rg2dlSK"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync airtable_secret=PxJT9PBNnMee9Payp attempt=2`,
			},
			FalsePositives: []string{
				`AIRTABLE_API_KEY=${AIRTABLE_API_KEY}`,
				`airtable_token: "0123456789ABCDEFG"`,
				`xairtableish_ref=RewjgeT14RUpuCVgT`,
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
			MinEntropy:  4.0,
			TruePositives: []string{
				`AIRTABLE_API_KEY=patAlVjFAMpjEykTT.ac453b769f1347205b1ca6540ad2ae64aacaaf9b2565f5457aedf0cef26f00ed`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","airtable_token":"patZ88E2g1ssFdJW6.2321212fe6a8e788f2e3f9ae9d56b0f0809e850c5ce62458e0ea590efdbeb1d0"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync airtable_secret=pat64hLzmCVQK2IZu.86279d4f49d324cbfdcbe29e99fc08b5484557b276b12c101803604525833633 attempt=2`,
				`{"level":"info","msg":"airtable sync","airtable_token":"patBv3Jd8QsL2nWx7.f4e2a9c0b7d15e3f8a6c2b9d0e7f1a4c3b5d8e6f2a0c9b7d1e4f3a8c6b2d5e0f"}`,
			},
			FalsePositives: []string{
				`AIRTABLE_API_KEY=${AIRTABLE_API_KEY}`,
				`airtable_token: "pat0123456789ABCD.0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"`,
				`xairtableish_ref=pataGU8mQRISmGSqq.2e0b325c0f40ffaba1b6014c8c8acfec157537cd5727258a801c9206d8edecfa`,
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
			MinEntropy:  4.6,
			TruePositives: []string{
				`AIRTABLE_API_KEY=csGRTEyCiRYfL8df.v1.7KiVnTqo0g2d_y6N-Hti-qpi2H7BVv.70eaa9adbf713a470889a1fc772df6bc63957a2dc186161e2e99279037a729d1`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","airtable_token":"54DV1tc5suQpbt6H.v1.B2AEGm_LJ3o50R3Q7utGle6mS5cxlQ.049409bb4d1932784a3ffca937bd9a78e07b2101ba72de87d3baa3e280db8749"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync airtable_secret=61cRsFjpyyWkneUh.v1.tLCISTKqGiYBVuONwEr1xi3nsRgAPe.ae684eb8724dbf6bc8848d5f3499fd99592a61fcaed0a4ae2f743794d3bf0ea8 attempt=2`,
			},
			FalsePositives: []string{
				`AIRTABLE_API_KEY=${AIRTABLE_API_KEY}`,
				`airtable_token: "0123456789ABCDEF.v1.0123456789ABCDEFGHIJKLMNOPQRST.0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"`,
				`xairtableish_ref=VOqkXBaIE3j0p3l6.v1.aOCA5o_rHMsomQMMmFbQFj9qS2LqHJ.61a83a712e418c7939ef2eed5b75f21fc7ce1ad967e1d4ce13981e0eddea2898`,
			},
		},
	}
}
