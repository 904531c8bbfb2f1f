package fakesecret

import (
	"math/rand/v2"
	"testing"

	"github.com/leakwatch/leakwatch/detector"
	"github.com/leakwatch/leakwatch/queries"
)

// TestDetected: every generator makes a secret the whole catalogue reports exactly once, as
// the rule of its format; a wrong checksum is reported by none.
func TestDetected(t *testing.T) {
	d, err := detector.New(queries.Catalog(), detector.Options{Key: []byte("k")})
	if err != nil {
		t.Fatal(err)
	}
	find := func(s string) []string {
		var ids []string
		d.Scan([]byte("x "+s+" y"), 0, func(f detector.Finding) { ids = append(ids, f.RuleID) })
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
		{"stripe-restricted-key", func(r *rand.Rand) string { return StripeShort(r, "rk_live_") }},
		{"stripe-secret-key", func(r *rand.Rand) string { return StripeShort(r, "sk_live_") }},
		{"twilio-api-key-sid", TwilioKeySID},
	} {
		for _, r := range []*rand.Rand{seeded, Fresh()} {
			// 200: one short Stripe body in 70 has no digit, and must still be found.
			for i := 0; i < 200; i++ {
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

// TestRawURIPassword: a password with raw reserved characters is reported whole, by the
// URI rule of its scheme, in every URI family.
func TestRawURIPassword(t *testing.T) {
	d, err := detector.New(queries.Catalog(), detector.Options{Key: []byte("k")})
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(3, 4))
	for _, tc := range []struct{ rule, head, tail string }{
		{"postgres-uri-password", "postgres://svc:", "@db.internal:5432/app"},
		{"mongodb-uri-password", "mongodb+srv://app:", "@cluster0.x.mongodb.net/prod"},
		{"redis-uri-password", "redis://default:", "@cache-1.internal:6379/0"},
		{"url-credentials", "https://deploy:", "@registry.example.io/v2/"},
		{"amqp-uri-password", "amqps://worker:", "@mq.internal"},
	} {
		for i := 0; i < 100; i++ {
			pw := RawURIPassword(r)
			line := `{"dsn":"` + tc.head + pw + tc.tail + `"}`
			var got []string
			d.Scan([]byte(line), 0, func(f detector.Finding) {
				got = append(got, f.RuleID)
				if line[f.Start:f.End] != pw {
					t.Errorf("%s: reported bytes %d..%d, want the %d-byte password", tc.rule, f.Start, f.End, len(pw))
				}
			})
			if len(got) != 1 || got[0] != tc.rule {
				t.Fatalf("%s: a password with raw reserved characters is reported as %v", tc.rule, got)
			}
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
