package queries

// Dropbox credentials.
func dropboxRules() []*Rule {
	return []*Rule{
		{
			ID:          "dropbox-api-token",
			Description: "Dropbox app secret next to its name",
			Severity:    Medium,
			Provider:    "Dropbox",
			Peers:       []string{"dropbox-api-token"},
			Keywords:    []string{"dropbox"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("dropbox"), `([a-z0-9]{15})(?:[^A-Za-z0-9]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  2.7,
			TruePositives: []string{
				`DROPBOX_API_KEY=hog9wz8sfdkgbn6`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","dropbox_token":"c3ny0wveof1gbg3"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync dropbox_secret=27hzs8k782itstn attempt=2`,
			},
			FalsePositives: []string{
				`DROPBOX_API_KEY=${DROPBOX_API_KEY}`,
				`dropbox_token: "0123456789abcde"`,
				`xdropboxish_ref=ofcm5aokx1ccgo5`,
			},
		},
		{
			ID:          "dropbox-short-lived-api-token",
			Description: "Dropbox short-lived access token next to its name",
			Severity:    High,
			Provider:    "Dropbox",
			Peers:       []string{"dropbox-short-lived-api-token"},
			Keywords:    []string{"dropbox"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("dropbox"), `(sl\.[A-Za-z0-9_-]{135})(?:[^A-Za-z0-9\-_]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  4.7,
			TruePositives: []string{
				`DROPBOX_API_KEY=sl.4dYeUddbxI2JcinkwyW3EFiVpQSH7JK7eEz3WcUZzMgW0qZD4G4Cq7ZzU9NeeZeMlRxjE7E1oAnJospFIrVUk_XVOyZ3DvYjJQNQCHVIKNn_Zk9Szxq2JpfkW-S1urzL4afsPZI`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","dropbox_token":"sl.a_sv9rf7Aibyhgy0Q2jv_YM3gPJ_JN-7ITavLktgagVc1OnCPD6JYGI-9lTbHgwvzazcn_6W5wNVK9jZVvpSTlsTKjjbdCN_dDnrspRv7cwDD5xr6HmJQw6YnHlv-aoIHJ3mEYd"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync dropbox_secret=sl.5mjY9RDuPvULKzFnvhYTj0azFzlTukCDAwiRsZZu99pvAXSG1jRXSxPsOcChqvsPBpn5LT5hQ7GpjDLdnw0tzzh_wonghBtLbhwhpxYYKXXjuDKd2L_0-kkfF6Lp5NNvQMtmjDy attempt=2`,
			},
			FalsePositives: []string{
				`DROPBOX_API_KEY=${DROPBOX_API_KEY}`,
				`dropbox_token: "sl.0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789A"`,
				`xdropboxish_ref=sl.ldhVdXM24coFLZQyFVQEC4QYBYPjGARclddkxoFZ7wo0xF2qxjiKsyq8lG8KCpoBrGMU4N1-ZfMJUGF_MNo9KAECb_85FJ9sYHVKwzAeoVdZ1sBQdt7qL0YAA6jneHHKDHs7bX6`,
			},
		},
		{
			ID:          "dropbox-long-lived-api-token",
			Description: "Dropbox long-lived access token next to its name",
			Severity:    High,
			Provider:    "Dropbox",
			Peers:       []string{"dropbox-long-lived-api-token"},
			Keywords:    []string{"dropbox"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("dropbox"), `([A-Za-z0-9]{11}AAAAAAAAAA[A-Za-z0-9_-]{43})(?:[^A-Za-z0-9\-_]|$)`),
			Validators:  []Validator{digitAndLetter},
			MinEntropy:  4.1,
			TruePositives: []string{
				`DROPBOX_API_KEY=C4O2PCh7nRiAAAAAAAAAAckTk11m5aotGZE80e2runGp9CgGqim1oxnJafjxoODp`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","dropbox_token":"dmxh2oevnKbAAAAAAAAAAUD5hf9PESGPeQ3Jj68hyfi4Sdon6pshJG5bTkUJroCM"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync dropbox_secret=Hz1ZJOud3tUAAAAAAAAAATk3HsX46mF8feEytpA0ze_2a6s14rJUMGG4UiA9yhbh attempt=2`,
			},
			FalsePositives: []string{
				`DROPBOX_API_KEY=${DROPBOX_API_KEY}`,
				`xdropboxish_ref=m2rJFgh2yeyAAAAAAAAAA95vH7tWa3pjjBAT2T-n1Y783VFFSMeLLbdkSA5k8VrB`,
			},
		},
	}
}
