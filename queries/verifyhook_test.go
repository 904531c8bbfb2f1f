package queries_test

import (
	"testing"

	"github.com/leakwatch/leakwatch/internal/fakesecret"
	"github.com/leakwatch/leakwatch/queries"
)

type stubVerifier struct {
	verdict string
	got     []string // rule and secret seen
}

func (s *stubVerifier) Verify(rule, secret, fp string, line []byte) (string, string) {
	s.got = append(s.got, rule+" "+secret)
	return s.verdict, "because"
}

// The verifier sees the secret inside the detector; only its verdict reaches the Finding,
// and a live secret is raised to critical.
func TestDetectorVerifyHook(t *testing.T) {
	secret := fakesecret.SlackBot(fakesecret.Fresh())
	cases := []struct {
		verdict, wantSeverity string
	}{
		{"live", "critical"},
		{"revoked", "high"},
		{"", "high"},
	}
	for _, tc := range cases {
		v := &stubVerifier{verdict: tc.verdict}
		d, err := queries.New(queries.Catalog(), queries.Options{Key: []byte("k"), Verify: v})
		if err != nil {
			t.Fatal(err)
		}
		var fs []queries.Finding
		d.Scan([]byte("SLACK_TOKEN="+secret), 0, func(f queries.Finding) { fs = append(fs, f) })
		if len(fs) != 1 || len(v.got) != 1 || v.got[0] != "slack-bot-token "+secret {
			t.Fatalf("findings %+v, verifier saw %v", fs, v.got)
		}
		if string(fs[0].Severity) != tc.wantSeverity || fs[0].Verified != tc.verdict {
			t.Fatalf("verdict %q: finding severity %s verified %q", tc.verdict, fs[0].Severity, fs[0].Verified)
		}
	}
}
