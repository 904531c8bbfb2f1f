package queries

// Checkout.com credentials.
func checkoutRules() []*Rule {
	return []*Rule{
		{
			ID:          "checkout-secret-key",
			Description: "Checkout.com secret key next to its name",
			Severity:    Critical,
			Provider:    "Checkout.com",
			Peers:       []string{"checkout-secret-key"},
			Keywords:    []string{"checkout"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("checkout"), `(sk_(?:sbox_)?[a-z2-7]{26,27}|sk_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:[^A-Za-z0-9_-]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  3.5,
			TruePositives: []string{
				`CHECKOUT_API_KEY=sk_cb6127bd-fff7-17a5-e63c-3adc1d8cc3d4`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","checkout_token":"sk_0b542af3-3a48-7df9-27ef-2b88ec911da8"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync checkout_secret=sk_d5b0b6bd-66ce-e03c-eacb-9e1f837232a4 attempt=2`,
				`checkout_secret_key=sk_sbox_m73dzbpy7cf3gfd46xr4yj5xo4e`,
				`CHECKOUT_SECRET_KEY: "sk_q2k7n4xw6p3v7m5z2tbqr3yhjcd"`,
			},
			FalsePositives: []string{
				`CHECKOUT_API_KEY=${CHECKOUT_API_KEY}`,
				`checkout_token: "sk_01234567-0123-0123-0123-0123456789ab"`,
				`xcheckoutish_ref=sk_610be715-9023-64b5-8590-a337bf7d45f6`,
			},
		},
	}
}
