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
			Regex:       assigned(nameWords("aiven"), `([A-Za-z0-9+/]{372})(?:[^A-Za-z0-9+/]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  5.6,
			TruePositives: []string{
				`AIVEN_API_KEY=sreegxKwEmNJMBQRVNixqWPwv0OK/dLZJVpYN4utFhjob8uGg9wgOmTLGMexNzQWZJ8eJluX8C0rUHUgXPfJywGSNt+gt7ZsE624QVWNmyahTA+ELI4QUjg5YwxXCT7svzof1dOPiEZiRqJaMddADERTBOv6euDoM25+HYgs7ctuRJGmjMRG+Qrst9HLQsohirIt3lKSsDynvCtjWK3a1ZY4HGR+e4vOwLJYphpb34dgagdRROcguoSh7cZgS/ZttgoaVD5H/4YDrgKDxux/seO4j3DG1C1pY0sTuYiy+fw+/O63DKpTQuxOl4MxasnXVOgSxRng64TL8jhDSWZjITFj1wlFbDyZI3K2maMCCaYdRyicfVRG`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","aiven_token":"Kx6SvP8B6/NF9eplvIjC5O5H0uQlXSKqw03bIDfQYGOvif7jKRYGfnItVRdTZojfp6wm/D8eVNqiZw1QmAYj6lKSK0CMIrvfoA9vxRhw4QOnRt0RP8DFy1UUGCr7OVWRLxAvje00FLEul0BDOCw3jPfAI2ZkT/JLqZ1aGy+ZxqNS6QggCHJKhNazUAbd1LHe8cqi2ylTedohjuCZg/geuv10Gj7/FeNH+/3l/yr/jMpU/3DJ8g2zZYhB0yOs6zmVRFoqltnNc0BYHkmbCDmtEhafj28nf7PYXYiPRpUNw6ICJBiOTgjtceNHGYbhKxaL6hNkfwHXxyvRv++5U8l45dqOyROriQHlbLwqMhgdY5Oe1/LpnQ//"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync aiven_secret=h81mlcLkwV6j65bJq/g2FgHarHM/5qgePiaHPcFp8NU0mzCPBPMwxgQ36ip6e5ajE5xd+ybUqG6JPAtpuarEqX8Qd4j5wJ5eixdlDYD7Nh1mbdsincraPopwtb/2L2GTaWmWGYHzQopQkGaMbM4f0DMDUNGCDXU/dWA2oUvNUmZ7HzYrqzI8aekb1mWISjZmoBvjXrx71lRT+FTC6+pIllFQ5M3EDV1a/0LTeMfDTouBpzDqaBBAS8zosf/vvI77cNMoHOWBlJ6Whgoh5hgQrt/HfT6g2mtyow/Q3ig90/uAL7/wHDASL+n8oclt8vmMuUZclbh4/2j0owbgRjz87URcSUNGCka1He4R13J0mR86PhQzqFrn attempt=2`,
			},
			FalsePositives: []string{
				`AIVEN_API_KEY=${AIVEN_API_KEY}`,
				`aiven_token: "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"`,
				`xaivenish_ref=4bPNRPkm43QDVXruoqsj0aYWjPDaqhFAsqVvWIhdG0IeEh7laJhrlE5xlvfykuILbeNUHvUxC7ZZoB4uxX7TQQlU4Kx+TNVO2AJYJf61EMXonOL0Cb1DT7R0DCfSjLVWc0Smnqx8JM05YFn7fHowx8qDpZKyB8MOyMPa7ce2TvzRbYXASrlc0UPt7B3V2S7LPLdVkXB2Ni7LziTybmmEXY3ifgKJVz3g5vxMNtK9/cbbHDI9S8zdGeDeFM3xcVuD6uoMvewarxblp+/1QxDv01qEynj6mFmVNAPp9nlMpgp3HDrV39YproXSpjWKRvyfKy3rSDyFlw8dBa+zhbIA7scy/cDqDC8sq95dr+RH0TWTSPRI9EI8`,
			},
		},
	}
}
