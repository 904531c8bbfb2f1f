package queries

// Cloudinary credentials.
func cloudinaryRules() []*Rule {
	return []*Rule{
		{
			ID:          "cloudinary-api-secret",
			Description: "Cloudinary API secret next to its name",
			Severity:    High,
			Provider:    "Cloudinary",
			Peers:       []string{"cloudinary-api-secret"},
			Keywords:    []string{"cloudinary"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("cloudinary"), `([A-Za-z0-9_-]{27})(?:[^A-Za-z0-9\-_]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  3.5,
			TruePositives: []string{
				`CLOUDINARY_API_KEY=IjzA0BT-aNdfNxaIY75-fo1Qwdn`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","cloudinary_token":"EeIPU2NAMHWlTbPrhcXavc9OUvl"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync cloudinary_secret=7xVvT9BHHhCpwbSytUEA1H5ZafO attempt=2`,
				`CLOUDINARY_API_SECRET=Kx8vQ2mZ7nWb3LpR9tYc4HdFg5J`,
			},
			FalsePositives: []string{
				`CLOUDINARY_API_KEY=${CLOUDINARY_API_KEY}`,
				`cloudinary_token: "0123456789ABCDEFGHIJKLMNOPQ"`,
				`xcloudinaryish_ref=FvJta4yHB39fSuZuPP85arXhHk3`,
			},
		},
		{
			ID:          "cloudinary-url",
			Description: "Cloudinary URL with its API secret",
			Severity:    Critical,
			Provider:    "Cloudinary",
			Peers:       []string{"cloudinary-api-secret"},
			Keywords:    []string{"cloudinary://"},
			Regex:       `cloudinary://[0-9]{15}:([A-Za-z0-9_-]{27})@`,
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  4.4,
			TruePositives: []string{
				`CLOUDINARY_URL=cloudinary://483920174562983:Qm7xZ2nVb8LkR4tYw9HdJc3Fp5s@acme-prod`,
				`{"msg":"upload","cfg":"cloudinary://729104856372918:Xn4Wq8Lk2Zr7Vb9Mt3Hc6Jd1Fp5@media"}`,
			},
			FalsePositives: []string{
				`CLOUDINARY_URL=cloudinary://<api_key>:<api_secret>@<cloud_name>`,
				`CLOUDINARY_URL=cloudinary://123456789012345:abcdefghijklmnopqrstuvwxyz0@demo`,
			},
		},
	}
}
