package fakesecret

import (
	"math/rand/v2"
	"testing"

	"github.com/leakwatch/leakwatch/queries"
)

// TestDetected: every generator makes a secret the whole catalogue reports exactly once, as
// the rule of its format; a wrong checksum is reported by none.
func TestDetected(t *testing.T) {
	d, err := queries.New(queries.Catalog(), queries.Options{Key: []byte("k")})
	if err != nil {
		t.Fatal(err)
	}
	find := func(s string) []string {
		var ids []string
		d.Scan([]byte("x "+s+" y"), 0, func(f queries.Finding) { ids = append(ids, f.RuleID) })
		return ids
	}
	seeded := rand.New(rand.NewPCG(1, 2))
	for _, tc := range []struct {
		rule string
		gen  func(*rand.Rand) string
	}{
		{"github-pat", func(r *rand.Rand) string { return GitHub(r, "ghp_") }},
		{"github-oauth-token", func(r *rand.Rand) string { return GitHub(r, "gho_") }},
		{"npm-access-token", NPM},
		{"aws-access-key-id", AWSKeyID},
		{"stripe-secret-key", func(r *rand.Rand) string { return Stripe(r, 24+r.IntN(75)) }},
		{"slack-bot-token", SlackBot},
	} {
		for _, r := range []*rand.Rand{seeded, Fresh()} {
			for i := 0; i < 20; i++ {
				s := tc.gen(r)
				if got := find(s); len(got) != 1 || got[0] != tc.rule {
					t.Fatalf("%s: a %d-byte fake is reported as %v, want [%s]", tc.rule, len(s), got, tc.rule)
				}
			}
		}
	}
	for i := 0; i < 20; i++ {
		if got := find(GitHubBadChecksum(seeded, "ghp_")); len(got) != 0 {
			t.Fatalf("a wrong-checksum token is reported as %v", got)
		}
	}
}

func TestWithChecksum(t *testing.T) {
	// A fixed body gives a fixed token: the demo stack's documented fake, computed by hand.
	if got, want := WithChecksum("ghp_", "LeakwatchDemoFakeTokenNotReal1"), "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"; got != want {
		t.Fatalf("WithChecksum = %q, want %q", got, want)
	}
	if a, b := GitHub(rand.New(rand.NewPCG(7, 7)), "ghp_"), GitHub(rand.New(rand.NewPCG(7, 7)), "ghp_"); a != b {
		t.Fatal("the same seed gave two different tokens")
	}
	if a, b := GitHub(Fresh(), "ghp_"), GitHub(Fresh(), "ghp_"); a == b {
		t.Fatal("Fresh gave the same token twice")
	}
}
