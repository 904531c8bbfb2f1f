package queries

func neonRules() []*Rule {
	return []*Rule{
		{
			ID: "neon-api-key", Description: "Neon API key", Severity: Critical,
			Provider: "Neon", Peers: []string{"neon-api-key"},
			Keywords:   []string{"napi_"},
			Regex:      `(napi_[A-Za-z0-9]{64})` + valueEnd,
			Validators: []Validator{digitAndLetter},
			MinEntropy: 4.0, PreviewPrefix: 5,
			TruePositives: []string{
				`NEON_API_KEY=napi_vvr4xrc1mn82v6bjty4l7s2y6w5i324pm01b2krgyy03nvssnoq4hq0kjmsy7le2`,
				`Authorization: Bearer napi_id85xz16otlqj298nrtvj4p5v6ldi6ikx0gz6a9jtbndyntvhs76srmm595p65m8`,
			},
			FalsePositives: []string{
				`NEON_API_KEY=napi_<your-token>`,
				`NEON_API_KEY=napi_f5l109rnpbq2jdqoz5zjs0vohfr23koazee6x7tk2sryk8i1t8q4kls9y36fh`,
			},
		},
	}
}
