package queries

// Stripe keys come in two lengths: the older short form (24 base62 characters after the
// prefix, still valid on accounts created before 2019) and the long form (99 or more). A
// random 24-character body lacks a digit one time in 70, so the rules ask for two character
// classes (twoClasses), not for a digit; the prefix is what makes the shape distinctive.
func stripeRules() []*Rule {
	return []*Rule{{
		ID:          "stripe-secret-key",
		Description: "Stripe live secret key",
		Severity:    Critical,
		Keywords:    []string{"sk_live_"},
		Regex:       `(sk_live_[0-9A-Za-z]{24,247})`,
		// sk_live_a2V5X… is base64 of "key_": a WorkOS or Highnote key, not Stripe's.
		Validators:    []Validator{refusePrefix(reasonCovered, "sk_live_a2V5X"), twoClasses},
		MinEntropy:    3.5,
		PreviewPrefix: 8,
		TruePositives: []string{
			`stripe.api_key="sk_live_qAmB5rfC3toJuDBoqzEqt537" charge ok`,
			`{\"key\":\"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\"}`,
			`ts=2026-11-02T10:00:00Z level=error msg="stripe call failed" auth="Bearer sk_live_51TJESY7OaV4aamgeFghiVygHRw86DJsBXk0crmmow"`,
			`STRIPE_SECRET_KEY=sk_live_Gm7TfXq2LbR9wKz4NvJc8HdY`,
		},
		FalsePositives: []string{
			`STRIPE_SECRET_KEY=sk_live_QwErTyUiOpAsDfGhJkLzXcVb`, // a keyboard row
			`stripe_key=sk_live_abcdefghijklmnopqrstuvwxyz123456`,
			`task_live_R0FTkBvVe4D64ujD7xUWqu13`,
			`pk_live_WdDle4GmlIoqDvfJdPlAOSB4`,
			`pk_test_vf2Pbo9vCMjAIjbs9kTIFzYI`,
			`STRIPE_SECRET_KEY=sk_live_****************************`,
		},
	}, {
		ID:            "stripe-restricted-key",
		Description:   "Stripe live restricted key",
		Severity:      Critical,
		Keywords:      []string{"rk_live_"},
		Regex:         `(rk_live_[0-9A-Za-z]{24,247})`,
		Validators:    []Validator{twoClasses},
		MinEntropy:    3.5,
		PreviewPrefix: 8,
		TruePositives: []string{
			`STRIPE_RESTRICTED_KEY=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`,
			`POST /v1/refunds key=rk_live_ylLmxvZilLqjuF3AGvdnPwfO; status=402`,
			`{"stripe":{"restricted_key":"rk_live_VbqHxTeRnKdLwPoMzJaSyGcF"}}`,
		},
		FalsePositives: []string{
			`park_live_cv6fGw8PaRCNMHD7zi01FREd`,
			`pk_test_dFAw0VlKIl2zGPgc480U5VWM`,
			`key=rk_live_ylLmxvZilLqjuF3AGvdnPwf`,
			`key=rk_live_abcdefghijklmnopqrstuvwx`,
		},
	}, {
		ID:            "stripe-webhook-secret",
		Description:   "Stripe webhook signing secret",
		Severity:      High,
		Keywords:      []string{"whsec_"},
		Regex:         `(whsec_[0-9A-Za-z]{32,64})`,
		Validators:    []Validator{twoClasses},
		MinEntropy:    3.5,
		PreviewPrefix: 6,
		TruePositives: []string{
			`STRIPE_WEBHOOK_SECRET=whsec_AKfgMRoh86iIvoMomaENxZYZgggnDdbO`,
			`{"msg":"webhook verify","secret":"whsec_thWN8915ZzGsq2pVRw2xhuiV9B3qLC9r"}`,
		},
		FalsePositives: []string{
			`STRIPE_WEBHOOK_SECRET=whsec_...`,
			`STRIPE_WEBHOOK_SECRET=whsec_abcdefghijklmnopqrstuvwxyzabcdefgh`,
		},
	}, {
		ID:            "stripe-test-key",
		Description:   "Stripe test-mode secret or restricted key (reads and writes test data only)",
		Severity:      Low,
		Provider:      "Stripe",
		Peers:         []string{"stripe-access-token"},
		Keywords:      []string{"sk_test_", "rk_test_"},
		Regex:         `((?:sk|rk)_test_[0-9A-Za-z]{24,247})`,
		Validators:    []Validator{twoClasses},
		MinEntropy:    3.5,
		PreviewPrefix: 8,
		TruePositives: []string{
			`STRIPE_SECRET_KEY=sk_test_yG3s6apzxDR91GvVzW1WHLbA`,
			`{"msg":"stripe client","env":"staging","key":"rk_test_516RR3KBBmaM31d8gfXEsmvvroDJYlviXJxwM55dkAiByZzlcYLJg1WZ7GLUBiYWSnLJ2ki8zhPjGbSwmOXpybPd72QNWSF3EH6"}`,
			`Authorization: Bearer sk_test_51FEhcKtkErbdgVK0lE89hxt9fTy6aHNoiehEwLhqqA8FutShQVR3DC9Phj1ctgabuDAfICpKptRCGBugH6cVJjkl8iJFHRnKf9`,
		},
		FalsePositives: []string{
			`STRIPE_SECRET_KEY=sk_test_...`,
			`STRIPE_SECRET_KEY=sk_test_abcdefghijklmnopqrstuvwx`,
			`pk_test_6QdcNW3aclJ4wcd3FkyOt9PO`,
		},
	}}
}
