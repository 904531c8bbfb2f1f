package queries

// A JSON Web Token base64-encoded once more (Basic-style headers, Kubernetes secret data, config values).
func jwtbase64Rules() []*Rule {
	return []*Rule{
		{
			ID:          "jwt-base64",
			Description: "JSON Web Token encoded once more in base64 (a header or config value)",
			Severity:    Critical,
			Provider:    "JSON Web Token",
			Peers:       []string{"jwt-base64"},
			Keywords:    []string{"ZXlK"},
			Regex:       `(ZXlK[A-Za-z0-9+/]{60,1000}={0,2})(?:[^A-Za-z0-9+/=]|$)`,
			Validators:  []Validator{base64JWT},
			MinEntropy:  4.0,
			TruePositives: []string{
				`SSO_ASSERTION=ZXlKaGJHY2lPaUpJVXpJMU5pSXNJblI1Y0NJNklrcFhWQ0o5LmV5SnpkV0lpT2lKMUxUZ3pNVElpTENKeWIyeGxJam9pWVdSdGFXNGlMQ0psZUhBaU9qRTNPVFkwTURBd01EQjkucTNaOG1YMXZSN3ROMmtQOXdMNHlCNmNIMGRGNWdKOHNBM2VVN2lPMWtNNA==`,
				`{"msg":"forwarded","x-jwt-b64":"ZXlKaGJHY2lPaUpTVXpJMU5pSXNJbXRwWkNJNkltc3hJbjAuZXlKcGMzTWlPaUpvZEhSd2N6b3ZMMmxrTG1GamJXVXVhVzhpTENKaGRXUWlPaUpoY0draWZRLlRxN0xtMlpwOVhrNFJuOFdiM1ZjNkhkMUpmNUdzMFlhMkV1N0lvM0t4OU16NFF3OEw"}`,
			},
			FalsePositives: []string{
				`payload=ZXlKaGJHY2lPaUp1YjI1bEluMC5leUp6ZFdJaU9pSjFMVGd6TVRJaWZRLg==`,
				`note=ZXlKIGlzIGhvdyBldmVyeSBKU09OIHdlYiB0b2tlbiBzdGFydHMsIG5vdGhpbmcgbW9yZSB0byBzZWUgaGVyZSBhdCBhbGw=`,
			},
		},
	}
}
