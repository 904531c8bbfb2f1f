package queries

func pinterestRules() []*Rule {
	return []*Rule{
		{
			ID: "pinterest-access-token", Description: "Pinterest API access token", Severity: High,
			Provider: "Pinterest", Peers: []string{"pinterest-access-token"},
			Keywords:   []string{"pina_"},
			Regex:      `(pina_[A-Za-z0-9_-]{20,200})` + valueEnd,
			Validators: []Validator{digitAndLetter},
			MinEntropy: 3.8, PreviewPrefix: 5,
			TruePositives: []string{
				`PINTEREST_ACCESS_TOKEN=pina_KR8Z097SYRT4GF2DLXFCSI1JY7OCP1S719OWNG65MM19HJ6JVZ82G2X79MBY9T4XUWYL7D8QHB81T4TI04Q1TWM15YCISU48`,
				`ts=2026-12-07T09:14:03Z level=warn msg="webhook delivery" api_key=pina_V6VMLR6FFCC1YLQ8RD4T7BNYOI1YQRS7W9II85AGKVM8NQDGCC0BJPBTK3VE69TQPV7RVAAG0RHH5FO14R54AABBA1NJD400`,
			},
			FalsePositives: []string{
				`PINTEREST_ACCESS_TOKEN=pina_<your-token>`,
				`PINTEREST_ACCESS_TOKEN=pina_927IEP0HQUIYW7TF0FB`,
			},
		},
	}
}
