package queries

// Google Cloud. Service-account JSON keys are PEM private keys inside "private_key" and are
// reported by private-key-pkcs8.
func gcpRules() []*Rule {
	return []*Rule{{
		ID:            "gcp-api-key",
		Description:   "Google API key (Maps, Gemini, Firebase, Cloud APIs)",
		Severity:      High,
		Keywords:      []string{"AIza"},
		Regex:         `(AIza[0-9A-Za-z_-]{35})`,
		Validators:    []Validator{noRuns},
		MinEntropy:    3.5,
		PreviewPrefix: 4,
		TruePositives: []string{
			`GET /maps/api/geocode/json?address=Berlin&key=AIzaTvHhEf790VeB75VQxB_JCgPXBf9ATMzPEJV HTTP/1.1`,
			`{"level":"info","msg":"gemini request","x-goog-api-key":"AIzabkb-xe7Kwthzo6nXXWflz8tVslcfkEsUB5X"}`,
		},
		FalsePositives: []string{
			`GOOGLE_API_KEY=AIzaXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX`,
			`{"apiKey":"AIzaSyabcdefghijklmnopqrstuvwxyz1234567"}`, // a typed sequence
			`id=MAIzasprX9TNhS8ri1AVVr3KQvNQ7C03EDQFKldr`,
			`GOOGLE_API_KEY=AIzaSyabcdefghijklmnopqrstuvwxyz0123456`,
		},
	}, {
		// Gemini API keys made in Google AI Studio since 2025 carry the AQ. prefix of Google's
		// access-bound credentials; the fixed part after it names the key type.
		ID:            "gcp-gemini-api-key",
		Description:   "Google Gemini API key (AQ. format)",
		Severity:      High,
		Provider:      "Google Cloud",
		Peers:         []string{"gcp-gemini-api"},
		Keywords:      []string{"AQ.Ab8RN6"},
		Regex:         `(AQ\.Ab8RN6[A-Za-z0-9_-]{44})(?:[^A-Za-z0-9_-]|$)`,
		Validators:    []Validator{noRuns, mixedCase},
		MinEntropy:    4.0,
		PreviewPrefix: 9,
		TruePositives: []string{
			`GEMINI_API_KEY=AQ.Ab8RN6U8JZpDE0iGXlD6gNCFbaEPFjbD0kH8Oool8DklZDOCj2`,
			`{"msg":"generateContent","x-goog-api-key":"AQ.Ab8RN6ISaJiHkTj0rLGlkoMXGjtEkDnNfribxUdl7dXTPyLsxP"}`,
		},
		FalsePositives: []string{`GEMINI_API_KEY=AQ.Ab8RN6xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`, `GEMINI_API_KEY=AQ.Ab8RN6short`},
	}, {
		ID:            "gcp-oauth-client-secret",
		Description:   "Google OAuth client secret",
		Severity:      High,
		Keywords:      []string{"GOCSPX-"},
		Regex:         `(GOCSPX-[0-9A-Za-z_-]{28})`,
		MinEntropy:    3.5,
		PreviewPrefix: 7,
		TruePositives: []string{
			`GOOGLE_CLIENT_SECRET=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`,
			`{"web":{"client_id":"1234567890-abc.apps.googleusercontent.com","client_secret":"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"}}`,
		},
		FalsePositives: []string{`client_secret=GOCSPX-<secret>`},
	}, {
		ID:            "gcp-oauth-refresh-token",
		Description:   "Google OAuth refresh token",
		Severity:      High,
		Keywords:      []string{"1//0"},
		Regex:         `(1//0[0-9A-Za-z_-]{40,250})`,
		MinEntropy:    4.0,
		PreviewPrefix: 4,
		TruePositives: []string{
			`refresh_token=1//0XJNETrss7uxef8wQCZOMQC-HXzIVGHwZkjK4MjblW-bSJoQj2OJV055FAWepkL6nLxLg5BeVm9Z6dF5DzC4Xt1OKhx_19xStVoE&client_id=123.apps.googleusercontent.com`,
			`{"refresh_token":"1//0ghxq74TYuppiwL7BPFR4l4YnTY7AxksQXiFxw_M7CfHv9V70woxOEk2j_SiAKOBnnkwAeaSLoXbT2T8ydXHJr8Rfkv82F_hs_Ou","scope":"https://www.googleapis.com/auth/drive"}`,
		},
		FalsePositives: []string{`path=1//0000000000000000000000000000000000000000000000`},
	}, {
		ID:            "gcp-oauth-access-token",
		Description:   "Google OAuth access token (short-lived)",
		Severity:      Medium,
		Keywords:      []string{"ya29."},
		Regex:         `(ya29\.(?:c\.)?[0-9A-Za-z_-]{30,400})`,
		MinEntropy:    4.0,
		PreviewPrefix: 5,
		TruePositives: []string{
			`Authorization: Bearer ya29.a0c5NplKKdMrR1sY5nmiwGu5gUl7oz0GMFJxMgLR9wtmRG6JE03snwTvYRG363VH_Q6uIfGsT8Vivx81XeRQx1eRZ6tbWZIFzFng9e_F3hqjkqNv2-BO6H8ayS36WLuAd1eiHtspB1DD3eOZ7vPRNhSk`,
			`{"access_token":"ya29.c.D7mR81x2P1qEoKV5St64l7hLkLF4KIU8lpRp5ZIu2wjszjNU6zJmGdWvPz_ZDgDkvab09Nj1SVq4HqTUq8g159w2VJOsAqXFzx6ddv32NzEn8P1FSOm6-h9w","expires_in":3599}`,
		},
		FalsePositives: []string{`access_token=ya29.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`},
	}}
}
