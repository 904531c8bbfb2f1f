package queries

// Defined Networking credentials.
func definednetworkingRules() []*Rule {
	return []*Rule{
		{
			ID:            "defined-networking-api-token",
			Description:   "Defined Networking (Nebula) API token",
			Severity:      Critical,
			Provider:      "Defined Networking",
			Peers:         []string{"defined-networking-api-token"},
			Keywords:      []string{"dnkey-"},
			Regex:         `(dnkey-[A-Za-z0-9=_-]{26}-[A-Za-z0-9=_-]{52})(?:[^A-Za-z0-9=_-]|$)`,
			Validators:    []Validator{noRuns, digitAndLetter},
			MinEntropy:    4.6,
			PreviewPrefix: 6,
			TruePositives: []string{
				`DN_API_KEY=dnkey-1ISYQEK9BPZA0X5YGH33VGBRH5-PJZX4VL4UPSJ5A4RRY0KW384OQTZ87QUO6FPXFQLCHKRY2R5GNSC`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"dnkey-E38850ED5BV41EM42HO98LYM0F-VVRYQC90GUXI8ZN515DGVTWO485LKVJEMLZY8EV4MH5ZX3OR4B1R"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer dnkey-05VORHBDR9ZV24IL4PGU8QQFPN-W9A5XNORWMQ8CLKNPF0U15J922ZU2V69S1T6CKJHCHOCT4OFUN5H`,
			},
			FalsePositives: []string{
				`DN_API_KEY=dnkey-xxxxxxxxxxxxxxxxxxxxxxxxxx-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
				`DN_API_KEY=dnkey-0123456789ABCDEFGHIJKLMNOP-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEF`,
			},
		},
	}
}
