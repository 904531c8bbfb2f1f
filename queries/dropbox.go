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
			MinEntropy:  2.9,
			TruePositives: []string{
				`DROPBOX_API_KEY=vurnxhekzzit9gn`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","dropbox_token":"efuww8oi1kpxpsn"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync dropbox_secret=3737qqk7ylt06zm attempt=2`,
			},
			FalsePositives: []string{
				`DROPBOX_API_KEY=${DROPBOX_API_KEY}`,
				`dropbox_token: "0123456789abcde"`,
				`xdropboxish_ref=0t46vy75t5imbai`,
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
				`DROPBOX_API_KEY=sl.rgBpwMGrL3CUCSj5L6CndquvPAnd9AkE2amICoryjBVaMor1MwJcQgq9p3IA0mENTDLAK30pDte53DDfu5lXfpRMqQNkX4H_Z-tDiZh168-F-roE6cDDyIhYpXb9AM4xwbb5qGq`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","dropbox_token":"sl.YqSLUA48UUSoEYc-3ke62RP3CjsNBYitTJBnUSbvXqhZ0RGPeCktlQangzLMs5K45C7kNyzsPDL_x4DMHf6BE9s9OpGuspzmOYnJVT-voYyme1XzVxr2X0LtYHXE52GIfwaPtUO"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync dropbox_secret=sl.2P4z5mkHIGZ1UShJmY-TLkzqce6zPxnG0a7y95rtsui8NQRxcxf-Ki2RwAIq8VqpzlYxr2O0gyl_dt8Kj_-vlP3PxcWZRzYmFMPX591eUiCC6BgEf_sKl982FdX8-dfOMFCAWnI attempt=2`,
			},
			FalsePositives: []string{
				`DROPBOX_API_KEY=${DROPBOX_API_KEY}`,
				`dropbox_token: "sl.0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789A"`,
				`xdropboxish_ref=sl.MaHWrjID7yiL5pB1sc9L05964qL4UlKssXcLBJ2CyMlcETOmuuBYLTyR9dDX20lu9iFDpqQXAWDbLn76UpqXWtPJn99P7ubT18cPjeUH562YQUctLMD0QOTOMeKnQHvmjk8nIXo`,
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
				`DROPBOX_API_KEY=oSLIengcPC0AAAAAAAAAAGbw5s2tE8CqGBSTeqEBecdCKMtc-1D8qK2ZLeZ-ByAR`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","dropbox_token":"CacnAvdKEmxAAAAAAAAAAEJbgepMlhP4sOo6O4766c3PBMDSu-AHHmIjmCNbmd9t"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync dropbox_secret=qEweJXhYISbAAAAAAAAAAe0bMYJ-eiGsOC5fbPB8ke9MWIqk7IpCCEosl6Vu44bz attempt=2`,
			},
			FalsePositives: []string{
				`DROPBOX_API_KEY=${DROPBOX_API_KEY}`,
				`xdropboxish_ref=djIESCUkMiKAAAAAAAAAA_uu8uNHt3GzwtipCLZNuE3TGiiPzSOf7ZRHb4MY2MKd`,
			},
		},
	}
}
