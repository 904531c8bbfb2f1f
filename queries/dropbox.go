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
			MinEntropy:  2.8,
			TruePositives: []string{
				`DROPBOX_API_KEY=162p6m21t2pbhzq`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","dropbox_token":"5li6b2988gxuq5s"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync dropbox_secret=fstdg6io1i0quhw attempt=2`,
			},
			FalsePositives: []string{
				`DROPBOX_API_KEY=${DROPBOX_API_KEY}`,
				`dropbox_token: "0123456789abcde"`,
				`xdropboxish_ref=fpx9pxq6da4ygn4`,
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
			Validators:  []Validator{noRuns, mixedCase},
			MinEntropy:  5.3,
			TruePositives: []string{
				`DROPBOX_API_KEY=sl.qJWO1EcVMU-w1-0kzFoHBEifGhqEs5g3NBCEzMT8X5yfyxL8MNueDEJkeDpt55Lc4JWu7-5g7_-w4uPJ-Gdx7FA06d4XbaDLr2PMHHjUVNA4KqEg7nKXPnojSeTUUYbQeQH8vfD`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","dropbox_token":"sl.a9vxi2ZCVoIbI4ijuu9ZAuyhvbDom1sqbqmawxPz2FLDeaKT2kH5pxKnRV40aTGEDu9R2mDVRkwnrPDM1upA0Zzc7p2zQSoxjEmiaRVzKqpxZwKYsgvWP_mEfgstQMq4AlelB41"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync dropbox_secret=sl.wblMgWYrluDQyrSHFrzNkQcApxs26APXyvu308iEieC9lXEfygMGYNn4tr4Qlv7UdY6-tm5kvQS_dSV6iszaaRWkme9xCpkLezVUzerWXcQUNNOHuR4DvqNWcJNPrKqXEgU3C4f attempt=2`,
			},
			FalsePositives: []string{
				`DROPBOX_API_KEY=${DROPBOX_API_KEY}`,
				`dropbox_token: "sl.0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789A"`,
				`xdropboxish_ref=sl.-dvDwD7NqBK85k0rScykntoBcAD9TV8SJ0kEFBgMkLijl-lTkjLdCICtDpZLcz1EFUg-t1myUEI-6hyVJhNDR6qYi6TAE1XyckVlpoKPUXOtoaBcON--naLpwdZJziSCnkplfFh`,
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
			Validators:  []Validator{mixedCase},
			MinEntropy:  4.4,
			TruePositives: []string{
				`DROPBOX_API_KEY=Oxl8QO1eKedAAAAAAAAAAdAl-sGDn0CMUVPKgntrLgTUI0jz6xPRDpaKjLJ3s_vW`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","dropbox_token":"5Om3pjSXO4pAAAAAAAAAAt-wYgCG-90RzgzTx6FKYMdBiLWMvyS7CrDsQxOc9vdq"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync dropbox_secret=8vsnNcv6DGjAAAAAAAAAA1Z3QYZ9_ftaLi15EFwFmi0JA8xVy9ZKuitooFiq9wsw attempt=2`,
			},
			FalsePositives: []string{
				`DROPBOX_API_KEY=${DROPBOX_API_KEY}`,
				`xdropboxish_ref=AREmiGdY31HAAAAAAAAAALgsRFoR8ZTwvn_0flICXtSfXS6kdSOuID0t3vyJZQPr`,
			},
		},
	}
}
