package queries

func segmentRules() []*Rule {
	return []*Rule{
		{
			ID: "segment-public-api-token", Description: "Segment Public API token", Severity: High,
			Provider: "Segment", Peers: []string{"segment-public-api-token.1"},
			Keywords:   []string{"sgp_"},
			Regex:      `(sgp_[A-Za-z0-9]{64})` + valueEnd,
			Validators: []Validator{twoClasses},
			MinEntropy: 4.0, PreviewPrefix: 4,
			TruePositives: []string{
				`SEGMENT_PUBLIC_API_TOKEN=sgp_k9o1et4ipIEKlkR6ZILDioTHxyU3Zce5VsSbRme8GLcWrLoWu3uQ4hkVrjgWNvXf`,
				`Authorization: Bearer sgp_HKKsCfCI0aKZN8EwAWZabQuG9z5xoiCPb1RxpQ3QXnMGPdcJBquOOVlvZVV5CNvc`,
			},
			FalsePositives: []string{
				`SEGMENT_PUBLIC_API_TOKEN=sgp_<your-token>`,
				`SEGMENT_PUBLIC_API_TOKEN=sgp_aQWR5d91V3i3iHOdbj2TPJBCgLZIr3oeKsMIeV1uOYowtCwgmnS2YgygeAlqX`,
			},
		},
	}
}
