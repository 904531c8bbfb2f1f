package queries

// Aiven credentials.
func aivenRules() []*Rule {
	return []*Rule{
		{
			ID:          "aiven-auth-token",
			Description: "Aiven API authentication token next to its name",
			Severity:    High,
			Provider:    "Aiven",
			Peers:       []string{"aiven-auth-token"},
			Keywords:    []string{"aiven"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("aiven"), `([A-Za-z0-9+/=]{372})(?:[^A-Za-z0-9+/=]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  5.0,
			TruePositives: []string{
				`AIVEN_API_KEY=BRaB8iimMg/aPngCo0vTL6a0BJm37/8UpQ7ClyOoGDy8RrFANlCVEvJPOqtALTcSi2/jmFZM2rfjpXI9/y+XWcrqRHYCziwq9zEoVMLH8=kpSMizIPttoGGNZe=70S5qzxEK6aRnQwY/Au=ciHVvkdXcMHOa1uPSWtgm2TAs4SzlxjlqVbFf19PYiDJmvg=6ODw6VgryaUSBxwoP63znBuAXqceRjWBuSqBzSB0FIjv1wsHcwnGbOYxSdU=nPLGcp2AZJ2EvJTrC0026VBdZ1BE9oCRDS3D=o==oUBNxeghvivkCy5sUm7L+Cf9F9koqc53ysmr78SsHK13Nvo7b72srjxk=RXNmLLThGurbdpFDxvH1MYU2`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","aiven_token":"spD/xs9eaXXCCW98S2HKySJXFPK4Q6iDtFIS9kARukhCmeKuJTH2WV8n==jUmhaZBUZxPYXRTk40YOlQ2xj7PlbSJMhqs8bp868Gb/Y92gArHk62jstBHgOvuC9sJ9fBMm/R75svRYSGGpGcvG0wtsDA279bw2zqMzC/Lt=rbVR4QyULAytcgoTXQQ2BbdLKvzSODJ0XHm=g5B0pN8L=ekZIO26XyGNJ1hDtfiezHRKh0VFjAKSmOEDWXAiD1MthYe3VtC5Vlj8NQyaC2M+6nt8RQ3GkRmZhTOWhgqPufHZbML15T0WAzNyuRhCQ1EJ2VDuRpH9xo/+y+CE2a3EG8rGqxVx8HvWhmoLqWBs1NmZfXJmDRNoQ"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync aiven_secret=Te0VcJjVYj+LY58HsmL5DllqmH9f0N3EV3H9q8kk8zcTCGZToYdEG0koLECkPyUMempBmE6peLiygApQ7O1Z3L2ClWph44e1jnohf/YoGwVFdy/NxQCSpqZu1vaKs7V3fA6s9E7olhWTlMxuTT3st9JP+yH2o=F3YPu9y6PDP7O03=wfyNJg3c4Ayqarqnh7Mv8rGiRylriQqMyTNrs4/Pye23W5lhpSWwJ1XbqXHrC6c49KTFjdrwMY/yVDtslKwi3VL8P8BIn9CUTac425dZ8VdrhIHPAuB=M4amzA/b9JJQwJu1x0rZdFbeCoRmOq6fMFMWslLEdDyYdM7jCv59mZKoa24xAwSbtft7k4/h2shP1TsKEK attempt=2`,
			},
			FalsePositives: []string{
				`AIVEN_API_KEY=${AIVEN_API_KEY}`,
				`aiven_token: "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"`,
				`xaivenish_ref=/L+6pSRGlhCLJmxMiRkCeoE7ZA1edyhNY/Mvxg=ZBA9pcwPIj7jEgLw6DhU1pXrzI4Ew8XK5S8nC228ooFY/Xt5q0l+X4VycNB7AzGfcWu/F61uUT9AITbyWOfMsbUo09hhrJ53r2qLkq0s0sfwJHmWKIa3Ty5tNOVWUuG3zWyQQCwx/rQkSf5gkTuG2ovKR22raMpAAsgLIPbpxAC/Ks9etL3jX5he6z=LtGQZmRjTnYmfHUt6a=yRrfj11LJOCNKlrT24z/=rJWty4IvM2XAqA73UGoDZ8t3ramNZJk4v4J4/JYJLnf3jktJaC4lqf16vM9/uDoarUYCc9GJqd=5mLnrXuLgoCwgrF2+sAqVWUv+fVOxM9`,
			},
		},
		{
			ID:          "aiven-auth-header",
			Description: "Aiven API token in an aivenv1 Authorization header",
			Severity:    Critical,
			Provider:    "Aiven",
			Peers:       []string{"aiven-auth-token"},
			Keywords:    []string{"aivenv1 "},
			Regex:       `aivenv1 ([A-Za-z0-9+/=]{372})(?:[^A-Za-z0-9+/=]|$)`,
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  4.5,
			TruePositives: []string{
				`> Authorization: aivenv1 VAdJ1oo7BEcwtoONceeq9yn8OT2NA8MUYbUID0WRQS5/aXFetHXrIJnDEqgQC4MrKK8CZ+cnu4JDue/7B9eU8a31MQ/I1FbEpXBlAPSNQAaElF8ty+KMbnAZOiaGA+X5ljYmvA6wP/6f/KXZA+3POn8iYs4FkmmU+u9ycRNZtfkO4gF9j0DxSGZ+FigG0RrtTmlZZ8zWhEvSyEhdGDW2MjmPbwKFEX17JfXTc8GVVAEa7z33wwmAFbpJusxHKMNZDMtnv6bCPObOYrwAiTLjZH/ekGYE6K2CXp9Msso3KKAzaITXRDAtreSJ5t91Y1UhVbn6i/5KIR7sp3+Plv9YvZeBtMHD2hLNLQZ+D4QqkXfEc4/9wK==`,
				`{"headers":{"authorization":"aivenv1 OgEGZAJavO8DH1Hhbi0V1t+cYwub41280bpXuX8q71m0V/6+cBzrBe1/D2RtTgj6D6TUtvz33v8LIPTNSY3Egucsz+aDiNYGK5RUK2/BMBwuWR5rTYebTgyq6OOPzvdHun61GwP4xU+Bv3QD0F7Ql1fOUXcPRp4U/Ssfpdj89mwKWE7H3FRD1P9eS3yRFmBuUO4cm7qsqpDQTcA0M+3fJpf4RHVawYBd7RuQY/PkDO9snxpOF9Fmx5uT9ld68jEP33TE1BEVwrUJvLF3MChvwd4celB0sL6sENcrMIg3GagV6Slz4/0xiRm8wcOsAn9BLqmGaFYZiKrjfXPSeC+YyFfwPjaQeZs8HVAYOy8XxFk832aXH2Je"}}`,
			},
			FalsePositives: []string{
				`Authorization: aivenv1 <token>`,
				`Authorization: aivenv1 xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
			},
		},
	}
}
