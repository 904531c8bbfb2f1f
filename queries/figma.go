package queries

// Figma credentials.
func figmaRules() []*Rule {
	return []*Rule{
		{
			ID:            "figma-personal-access-token",
			Description:   "Figma personal access token",
			Severity:      Critical,
			Provider:      "Figma",
			Peers:         []string{"figma-personal-access-token"},
			Keywords:      []string{"figd_"},
			Regex:         `(figd_[A-Za-z0-9_-]{38,42})(?:[^A-Za-z0-9_-]|$)`,
			Validators:    []Validator{noRuns, digitAndLetter},
			MinEntropy:    4.0,
			PreviewPrefix: 5,
			TruePositives: []string{
				`FIGMA_TOKEN=figd_UXelv5H7nZbvD2OTJn7kjP7ArsGogFb6ZzrU4eUv`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"figd_PO-Tf_j5oXXs-GtLveMX-5MNbUplPTWu0nM3KYBe"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer figd_zCbi6Lhey2qNEe27b6-uVa6lYcpnEIHDLy-RIXA-`,
			},
			FalsePositives: []string{
				`FIGMA_TOKEN=figd_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
				`FIGMA_TOKEN=figd_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcd`,
				`FIGMA_TOKEN=figd_PNk_GmucoSIf89XvoaWyuOdFHb31Mxf19Ao5K`,
			},
		},
		{
			ID:          "figma-personal-access-header-token",
			Description: "Figma legacy personal token in the X-Figma-Token header",
			Severity:    High,
			Provider:    "Figma",
			Peers:       []string{"figma-personal-access-header-token"},
			Keywords:    []string{"x-figma-token", "x_figma_token", "xfigmatoken"},
			IgnoreCase:  true,
			Regex:       assigned(credentialName(`x[_-]?figma[_-]?`), `([0-9A-Fa-f]{4}-[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12})(?:[^A-Za-z0-9-]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  3.3,
			TruePositives: []string{
				`> X-Figma-Token: 4F2A-9C1E7B3D-A5F8-2E6C-B9D4-7A1F3C8E5B20`,
				`{"headers":{"x-figma-token":"8B3D-1E7A5C9F-2D4B-6A8C-E1F3-5B7D9A2C4E6F"}}`,
			},
			FalsePositives: []string{
				`X-Figma-Token: ${FIGMA_TOKEN}`,
				`X-Figma-Token: 0123-456789AB-CDEF-0123-4567-89ABCDEF0123`,
			},
		},
	}
}
