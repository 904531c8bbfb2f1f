package queries

// Ramp API client credentials.
func rampRules() []*Rule {
	return []*Rule{
		{
			ID: "ramp-client-id", Description: "Ramp API client id", Severity: Low,
			Provider: "Ramp", Peers: []string{"ramp-client-id"},
			Keywords:   []string{"ramp_id_"},
			Regex:      `(ramp_id_[A-Za-z0-9]{40})` + valueEnd,
			Validators: []Validator{twoClasses},
			MinEntropy: 4.0, PreviewPrefix: 8,
			TruePositives: []string{
				`RAMP_CLIENT_ID=ramp_id_zOx024gFq95L2IXuKTxHPVwT6zth11FtCV0PsMkD`,
				`ts=2026-12-07T09:14:03Z level=warn msg="retrying call" api_key=ramp_id_HRtd2hTANWX6JtuFdx22E01uaVF9U7JI6demYckA`,
			},
			FalsePositives: []string{
				`RAMP_CLIENT_ID=ramp_id_<your-token>`,
				`RAMP_CLIENT_ID=ramp_id_5E7EAfS3IeM6THqXbGr9lo8Hnvep5wExFk7wR`,
			},
		},
		{
			ID: "ramp-client-secret", Description: "Ramp API client secret", Severity: Critical,
			Provider: "Ramp", Peers: []string{"ramp-client-secret"},
			Keywords:   []string{"ramp_sec_"},
			Regex:      `(ramp_sec_[A-Za-z0-9]{48})` + valueEnd,
			Validators: []Validator{twoClasses},
			MinEntropy: 4.0, PreviewPrefix: 9,
			TruePositives: []string{
				`RAMP_CLIENT_SECRET=ramp_sec_qWKVLSEPaXpjEJE5ubW5s1wvrzMLpqAJZCbh5sNPQZ5maLAF`,
				`GET /v1/account?key=ramp_sec_rBysey4GFH3MSvFwk8tV1RSzFXT6DmkVPV1ocggsrKHtlsK7&page=2 HTTP/1.1 401`,
			},
			FalsePositives: []string{
				`RAMP_CLIENT_SECRET=ramp_sec_<your-token>`,
				`RAMP_CLIENT_SECRET=ramp_sec_jNGEzIl5y8erhkXxrzYsFJntYbBO10WDcZT1NsZeGmQp8`,
			},
		},
	}
}
