package queries

// Docker Swarm join tokens and unlock keys: either hands a node or the cluster secrets to whoever holds it.
func dockerRules() []*Rule {
	return []*Rule{
		{
			ID:            "docker-swarm-join-token",
			Description:   "Docker Swarm join token",
			Severity:      Critical,
			Provider:      "Docker",
			Peers:         []string{"docker-swarm-join-token"},
			Keywords:      []string{"SWMTKN-1-"},
			Regex:         `(SWMTKN-1-[a-z0-9]{50,60}-[a-z0-9]{24,30})(?:[^A-Za-z0-9-]|$)`,
			Validators:    []Validator{noRuns, digitAndLetter},
			MinEntropy:    4.7,
			PreviewPrefix: 9,
			TruePositives: []string{
				`SWARM_JOIN_TOKEN=SWMTKN-1-hijqm0i1vr9zra1iywwqy9z8updst2m5mgv783xhp3pdpzua9l-v1di46e1arms6jh1oa9buvdr6`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"SWMTKN-1-fqf5w0sx2s5byrnbm8kogpq55vhyyif1bmhywtfy8tlicyh2t7-mal1b6yt8f0kymj00e0ae737j"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer SWMTKN-1-yits8tpn4c05cpc4ki5kgglktgz5t9lyieerz9kn4zdbl5fd5p-ckgmn4thdc8umdv9wiy8phxw3`,
				`docker swarm join --token SWMTKN-1-3pu6hszjas19xyp7ghgosyx9k8atbfcr8p2is99znpy26u2lkl-7p73s1dx5in4tatdymyhg9hu2 192.168.99.121:2377`,
			},
			FalsePositives: []string{
				`SWARM_JOIN_TOKEN=SWMTKN-1-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx-xxxxxxxxxxxxxxxxxxxxxxxxx`,
				`SWARM_JOIN_TOKEN=SWMTKN-1-0123456789abcdefghijklmnopqrstuvwxyz0123456789abcd-0123456789abcdefghijklmno`,
			},
		},
		{
			ID:            "docker-swarm-unlock-key",
			Description:   "Docker Swarm autolock unlock key",
			Severity:      Critical,
			Provider:      "Docker",
			Peers:         []string{"docker-swarm-unlock-key"},
			Keywords:      []string{"SWMKEY-1-"},
			Regex:         `(SWMKEY-1-[A-Za-z0-9+/]{40,50})(?:[^A-Za-z0-9+/]|$)`,
			Validators:    []Validator{noRuns, digitAndLetter},
			MinEntropy:    4.3,
			PreviewPrefix: 9,
			TruePositives: []string{
				`SWARM_UNLOCK_KEY=SWMKEY-1-6jVJw2UGsYPdigIPfiNijnAnjgdBMXAjpuZz1JsNpKU`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"SWMKEY-1-VrJZ5HVnLyfpE9gWCpsUo2OWuhp+Wxe8x7Tg0993cRQDT"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer SWMKEY-1-urqO/3yYIJCaojTPBLb1X9vr9VwicCQbPisXfB473+7B`,
			},
			FalsePositives: []string{
				`SWARM_UNLOCK_KEY=SWMKEY-1-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
				`SWARM_UNLOCK_KEY=SWMKEY-1-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcd`,
				`SWARM_UNLOCK_KEY=SWMKEY-1-3bdBqTdhHUe3BlyTNWllVEhCP131ube+qc7kz`,
			},
		},
	}
}
