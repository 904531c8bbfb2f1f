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
				`SWARM_JOIN_TOKEN=SWMTKN-1-75gd6yngj4uoluyldj6rlcfr0a0hqy4fqjfn380ulcxso2u7y9-2595n0b0w7ryy0n26epjjme4p`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"SWMTKN-1-jr15de46664qy8tihkqcj4k5b8ziojir28f690ph51z4vom37g-2e6zfpifbkurq8nl0usq3mvl1"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer SWMTKN-1-irucuomtrsgoi0s1v2vsjq9tigp6qzhxgmy9mhnbe2zqo6wqam-1b1r5kvflfsjr0a0e5tcp3b4s`,
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
				`SWARM_UNLOCK_KEY=SWMKEY-1-r34wmMP8BrZDAkRvAMtoEHIlvMATJjUpo9uWIl6RIUsei+kp`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"SWMKEY-1-EJH1q5+HoV2NH3tKRJeUGKaG200uwseF1wtCcLnO"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer SWMKEY-1-Y7QIlR36DzU+0oLVeW00COGOAOw9HBRgnAkXXCC6CB`,
			},
			FalsePositives: []string{
				`SWARM_UNLOCK_KEY=SWMKEY-1-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
				`SWARM_UNLOCK_KEY=SWMKEY-1-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcd`,
				`SWARM_UNLOCK_KEY=SWMKEY-1-Vi1s3DVJEhwKasRhT/VHQp5/ZWyvBxnGw7fLY`,
			},
		},
	}
}
