package detector_test

import (
	"testing"
	"time"

	"github.com/leakwatch/leakwatch/detector"
	"github.com/leakwatch/leakwatch/internal/fakesecret"
	"github.com/leakwatch/leakwatch/internal/verdict"
	"github.com/leakwatch/leakwatch/internal/verify"
	"github.com/leakwatch/leakwatch/queries"
)

type stubVerifier struct {
	verdict verdict.Verdict
	got     []string // rule and secret seen
}

func (s *stubVerifier) Verify(rule, secret, fp string, line []byte) (verdict.Verdict, string) {
	s.got = append(s.got, rule+" "+secret)
	return s.verdict, "because"
}

// The verifier sees the secret inside the detector; only its verdict reaches the Finding,
// and a live secret is raised to critical.
func TestDetectorVerifyHook(t *testing.T) {
	secret := fakesecret.SlackBot(fakesecret.Fresh())
	cases := []struct {
		verdict      verdict.Verdict
		wantSeverity string
	}{
		{"live", "critical"},
		{"revoked", "high"},
		{"", "high"},
	}
	for _, tc := range cases {
		v := &stubVerifier{verdict: tc.verdict}
		d, err := detector.New(queries.Catalog(), detector.Options{Key: []byte("k"), Verify: v})
		if err != nil {
			t.Fatal(err)
		}
		var fs []detector.Finding
		d.Scan([]byte("SLACK_TOKEN="+secret), 0, func(f detector.Finding) { fs = append(fs, f) })
		if len(fs) != 1 || len(v.got) != 1 || v.got[0] != "slack-bot-token "+secret {
			t.Fatalf("findings %+v, verifier saw %v", fs, v.got)
		}
		if string(fs[0].Severity) != tc.wantSeverity || fs[0].Verified != tc.verdict {
			t.Fatalf("verdict %q: finding severity %s verified %q", tc.verdict, fs[0].Severity, fs[0].Verified)
		}
	}
}

// BenchmarkVerifyHook measures what an enabled verifier costs the detector when it has
// nothing to send: the rule is not verified, or the provider's rate limit holds the call
// back (the same path as a secret checked within `every`). Baseline: no verifier.
func BenchmarkVerifyHook(b *testing.B) {
	r := fakesecret.Fresh()
	var lines [][]byte
	for i := 0; i < 64; i++ {
		lines = append(lines, []byte(`{"level":"info","msg":"posting to slack","token":"`+fakesecret.SlackBot(r)+`","request_id":"a8f3"}`))
	}
	otherRule, err := verify.New(verify.Config{Rules: []string{"github-pat"}})
	if err != nil {
		b.Fatal(err)
	}
	// Nothing listens on the port: the one call made fails fast; every later one is held
	// back by the hour-long rate limit.
	limited, err := verify.New(verify.Config{Rules: []string{"slack-bot-token"}, MinInterval: time.Hour,
		BaseURLs: map[string]string{verify.Slack: "http://127.0.0.1:1"}})
	if err != nil {
		b.Fatal(err)
	}
	for _, bc := range []struct {
		name string
		v    detector.Verifier
	}{{"baseline-no-verifier", nil}, {"rule-not-verified", otherRule}, {"rate-limited-or-fresh", limited}} {
		b.Run(bc.name, func(b *testing.B) {
			d, err := detector.New(queries.Catalog(), detector.Options{Key: []byte("k"), Verify: bc.v})
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			n := 0
			for i := 0; i < b.N; i++ {
				d.Scan(lines[i%len(lines)], 0, func(detector.Finding) { n++ })
			}
			if n != b.N {
				b.Fatalf("%d findings for %d lines", n, b.N)
			}
		})
	}
}
