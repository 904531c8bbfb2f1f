package queries

// Authress credentials.
func authressRules() []*Rule {
	return []*Rule{
		{
			ID:          "authress-service-client-access-key",
			Description: "Authress service client access key",
			Severity:    Critical,
			Provider:    "Authress",
			Peers:       []string{"authress-service-client-access-key"},
			Keywords:    []string{".acc_", ".acc-"},
			Regex:       `\b((?:sc|ext|scauth|authress)_[A-Za-z0-9]{5,30}\.[A-Za-z0-9]{4,6}\.acc[_-][A-Za-z0-9-]{10,32}\.[A-Za-z0-9+/_=-]{30,120})(?:[^A-Za-z0-9+/_=-]|$)`,
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  3.5,
			TruePositives: []string{
				`AUTHRESS_ACCESS_KEY=sc_q7Rk2MvX9pLw3TnB5yHd8Fs.k3jd.acc-7h2kq9x4m1pr0f.MC4CAQAwBQYDK2VwBCIEIHq9Lw2kd8PzX5vR7nJ3mTc0yB6gF4sA1eH9uK2oW8iQ`,
				`{"msg":"authress client","accessKey":"sc_Zp4Nq8Wb2Xv7Kd1Lm9Ty.x8fa.acc_92kd7qpw3mz5.MC4CAQAwBQYDK2VwBCIEIF3kP9sL2vQ7xT8wZ1nR4mY6bH0cJ5dG3eA9uK7oV2iX"}`,
			},
			FalsePositives: []string{
				`AUTHRESS_ACCESS_KEY=sc_bad.ihwj.acc-0xd1a47h1rr0f.short`,
				`docs: sc_<client>.<kid>.acc_<id>.<key>`,
			},
		},
	}
}
