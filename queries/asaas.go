package queries

// Asaas credentials.
func asaasRules() []*Rule {
	return []*Rule{
		{
			ID:            "asaas-api-token",
			Description:   "Asaas production or sandbox API key",
			Severity:      Critical,
			Provider:      "Asaas",
			Peers:         []string{"asaas-api-token"},
			Keywords:      []string{"$aact_"},
			Regex:         `(\$aact_(?:prod|hmlg)_[A-Za-z0-9_-]{20,100})(?:[^A-Za-z0-9_-]|$)`,
			Validators:    []Validator{noRuns, digitAndLetter},
			MinEntropy:    3.7,
			PreviewPrefix: 6,
			TruePositives: []string{
				`ASAAS_API_KEY=$aact_prod_p2n9SaeL84nA1Uxd7zQZp4PlJqVH`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"$aact_prod_k99XdraT8O75Bs_agU5tF73_5-fJB0"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer $aact_prod_k3byG0fcfrN8BKU6zq-Fd526ov`,
			},
			FalsePositives: []string{
				`ASAAS_API_KEY=$aact_prod_xxxxxxxxxxxxxxxxxxxx`,
				`ASAAS_API_KEY=$aact_prod_0123456789ABCDEFGHIJ`,
				`ASAAS_API_KEY=$aact_prod_FVgJyzDeJ4EMWxV_W`,
			},
		},
	}
}
