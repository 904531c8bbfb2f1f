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
			MinEntropy:  3.4,
			TruePositives: []string{
				`CHECKOUT_API_KEY=sk_f1176a2c-b6d0-563e-dcd9-156e037267be`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","checkout_token":"sk_b40cf124-f069-c5c7-a5fc-4b8625448299"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync checkout_secret=sk_96eae19b-44c2-ec0d-3f67-83f4b16e4f34 attempt=2`,
				`checkout_secret_key=sk_sbox_m73dzbpy7cf3gfd46xr4yj5xo4e`,
				`CHECKOUT_SECRET_KEY: "sk_q2k7n4xw6p3v7m5z2tbqr3yhjcd"`,
			},
			FalsePositives: []string{
				`CHECKOUT_API_KEY=${CHECKOUT_API_KEY}`,
				`checkout_token: "sk_01234567-0123-0123-0123-0123456789ab"`,
				`xcheckoutish_ref=sk_b37436d7-85c0-0705-0215-84621f77ae9f`,
			},
		},
	}
}
