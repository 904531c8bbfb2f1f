package queries

// Freemius credentials.
func freemiusRules() []*Rule {
	return []*Rule{
		{
			ID:          "freemius-secret-key",
			Description: "Freemius SDK secret key in a PHP array",
			Severity:    High,
			Provider:    "Freemius",
			Peers:       []string{"freemius-secret-key"},
			Keywords:    []string{"secret_key"},
			IgnoreCase:  true,
			Regex:       `["'](?i:secret_key)["']\s*=>\s*["'](sk_[!-&(-~]{29})["']`,
			Validators:  []Validator{noRuns},
			MinEntropy:  3.5,
			TruePositives: []string{
				`'secret_key' => 'sk_ubb4yN3mzqGR2x8#P7r5&@*xC$utE',`,
				`fs_dynamic_init( array( "id" => "4711", "secret_key" => "sk_Q9m2#vX7p&L4kR8w@T3zN6c*Y1bH5" ) );`,
			},
			FalsePositives: []string{
				`'secret_key' => 'sk_abcdefghijklmnopqrstuvwxyz123',`,
				`'other_key' => 'sk_ubb4yN3mzqGR2x8#P7r5&@*xC$utE',`,
			},
		},
	}
}
