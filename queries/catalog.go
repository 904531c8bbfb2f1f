package queries

// Catalog returns the built-in rules, in a stable order. Each call returns fresh values, so
// callers may not share state through it; the detector compiles what it is given.
func Catalog() []*Rule {
	var all []*Rule
	for _, family := range families {
		all = append(all, family()...)
	}
	return all
}

// families lists one function per provider file (aws.go, github.go, …).
var families = []func() []*Rule{
	awsRules,
	githubRules,
	stripeRules,
}
