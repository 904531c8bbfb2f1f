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
				`SWARM_JOIN_TOKEN=SWMTKN-1-dk1mtnr1o133rk6of5hfu8nxn5764w78l9n1dxumlmpyr5fpr4-y3qsgegig38ivvlnea28r5j7c`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"SWMTKN-1-f8qcpoxnky1klqtrlzu13050gz2msyknvey3tdrc60frccdpp4-hp6ipd8ij59oy84dkzstq4oth"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer SWMTKN-1-xedxxk6p29lvvy1yggxc6t2xh8tcvt0a81c5slyxk5twm4xd5d-qpxxthn6rah0ti5xeb1h3v3gu`,
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
			Validators:    []Validator{noRuns, mixedCase},
			MinEntropy:    4.5,
			PreviewPrefix: 9,
			TruePositives: []string{
				`SWARM_UNLOCK_KEY=SWMKEY-1-Fj24VHkk+/mTgkPGjiyztV/5B00OVRVJOZfUBKaGoLfeai94v`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"SWMKEY-1-7xyUceUWcLynYnUKq8/Gkp4mPjcZYfVZDbLDICaLhAzIIq8T"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer SWMKEY-1-Y0HMsHhKL9m1sDy7OnjIYUan2lx8o2ZnjGp/+jU3D`,
			},
			FalsePositives: []string{
				`SWARM_UNLOCK_KEY=SWMKEY-1-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
				`SWARM_UNLOCK_KEY=SWMKEY-1-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcd`,
				`SWARM_UNLOCK_KEY=SWMKEY-1-g8Te/AcuMP0vhpCgHYU8y2FiJTvpufkQM5/Si`,
			},
		},
	}
}
