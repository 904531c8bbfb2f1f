package queries

func stripeRules() []*Rule {
	return []*Rule{{
		ID:            "stripe-secret-key",
		Description:   "Stripe live secret key",
		Severity:      Critical,
		Keywords:      []string{"sk_live_"},
		Regex:         `\b(sk_live_[0-9A-Za-z]{24,99})\b`,
		PreviewPrefix: 8,
		TruePositives: []string{
			`stripe.api_key="sk_live_4eC39HqLyjWDarjtT1zdp7dcQ9vN2xKe" charge ok`,
			`{\"key\":\"sk_live_51HxQ2dK8vT3mN7pL4sR9wY6zA1bC5eF8gJ0\"}`,
		},
		FalsePositives: []string{`task_live_4eC39HqLyjWDarjtT1zdp7dcQ9vN2xKe`, `pk_live_4eC39HqLyjWDarjtT1zdp7dcQ9vN2xKe`},
	}}
}
