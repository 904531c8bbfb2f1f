package pipeline

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
)

// TestLiteralSetIsLokisSimplification: a value Loki's simplifier turns into substring tests
// (one literal, or an alternation of literals that share no prefix) is matched as such; what
// Loki leaves as a regexp (classes, repetitions, alternations the parser factors) is not.
func TestLiteralSetIsLokisSimplification(t *testing.T) {
	for _, tt := range []struct {
		expr string
		lit  bool
	}{
		{`AKIA`, true}, {`(?i)twilio`, true}, {`dp\.`, true}, {`AKIA|ghp_`, true}, {`(?i)(secret|token)`, true},
		{`a+`, false}, {`a.b`, false}, {`[ab]`, false}, {`abc|abd`, false}, {`(?i:[sſS])`, false},
	} {
		if got := newLiteralSet("(?s)"+tt.expr) != nil; got != tt.lit {
			t.Errorf("%s: substring tests %v, want %v", tt.expr, got, tt.lit)
		}
	}
}

// TestContainsFold: Loki's case-insensitive substring test folds ASCII everywhere, folds a
// non-ASCII rune whose lower case is the literal's letter only after the first byte, and
// never maps ſ to s. On ASCII lines it agrees with Go's (?i) regexp.
func TestContainsFold(t *testing.T) {
	for _, tt := range []struct {
		line, lit string
		want      bool
	}{
		{"TWILIO_SID", "twilio", true}, {"tWiLiO", "twilio", true}, {"twili0", "twilio", false},
		{"tas\u212a", "task", true},  // Kelvin sign after the first byte: folds to k
		{"\u212aey=1", "key", false}, // ...but not as the first byte
		{"ſecret", "secret", false},  // ſ has no lower-case mapping to s
		{"TWİLIO", "twilio", true},   // İ lowers to i
		{"", "a", false}, {"abc", "", true},
	} {
		if got := containsFold(tt.line, []byte(tt.lit)); got != tt.want {
			t.Errorf("containsFold(%q, %q) = %v, want %v", tt.line, tt.lit, got, tt.want)
		}
	}
	rng := rand.New(rand.NewPCG(7, 9))
	const alphabet = "aAsSkK:/.@-"
	word := func(n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = alphabet[rng.IntN(len(alphabet))]
		}
		return string(b)
	}
	for range 2000 {
		lit, line := word(1+rng.IntN(3)), word(rng.IntN(12))
		re := regexp.MustCompile("(?i)" + regexp.QuoteMeta(lit))
		if got, want := containsFold(line, []byte(strings.ToLower(lit))), re.MatchString(line); got != want {
			t.Fatalf("containsFold(%q, %q) = %v, regexp %v", line, lit, got, want)
		}
	}
}
