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
			MinEntropy:    4.0,
			PreviewPrefix: 6,
			TruePositives: []string{
				`ASAAS_API_KEY=$aact_prod_Yr-IiGSnQvePO3dSDaZstLRupdiuNSM`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"$aact_prod_PjylRd_1FZzRyDRddkS-HeuI"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer $aact_prod_XFk7-HDtAioFkoIPBCfwzOrDNKEJ4oo9`,
			},
			FalsePositives: []string{
				`ASAAS_API_KEY=$aact_prod_xxxxxxxxxxxxxxxxxxxx`,
				`ASAAS_API_KEY=$aact_prod_0123456789ABCDEFGHIJ`,
				`ASAAS_API_KEY=$aact_prod_QmsSQ9C9yTuxWE-nn`,
			},
		},
	}
}
