package corpus

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"

	"github.com/leakwatch/leakwatch/detector"
	"github.com/leakwatch/leakwatch/internal/fakesecret"
	"github.com/leakwatch/leakwatch/queries"
)

func generate(t *testing.T, opts Options) ([]byte, *Truth) {
	t.Helper()
	var buf bytes.Buffer
	truth, err := Generate(&buf, opts)
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), truth
}

func TestDeterministic(t *testing.T) {
	a, ta := generate(t, Options{Size: 200 << 10, Seed: 7})
	b, tb := generate(t, Options{Size: 200 << 10, Seed: 7})
	c, _ := generate(t, Options{Size: 200 << 10, Seed: 8})
	if sha256.Sum256(a) != sha256.Sum256(b) || len(ta.Secrets) != len(tb.Secrets) {
		t.Fatal("same seed, different corpus")
	}
	if bytes.Equal(a, c) {
		t.Fatal("different seeds, same corpus")
	}
}

// TestTruth checks the ground truth against the text: sizes and line counts, and every
// planted secret is where the truth says, matched there by its rule's regex.
func TestTruth(t *testing.T) {
	data, truth := generate(t, Options{Size: 1 << 20, Seed: 1, SecretRate: 0.02, DecoyRate: 0.02})
	if truth.Bytes != int64(len(data)) || truth.Bytes < 1<<20 || truth.Bytes > 1<<20+64<<10 {
		t.Fatalf("truth says %d bytes, wrote %d, asked 1 MiB", truth.Bytes, len(data))
	}
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	if len(lines) != truth.Lines {
		t.Fatalf("truth says %d lines, corpus has %d", truth.Lines, len(lines))
	}
	if len(truth.Secrets) < 50 || len(truth.Decoys) < 50 {
		t.Fatalf("%d secrets, %d decoys: rates not applied", len(truth.Secrets), len(truth.Decoys))
	}
	res := map[string]*regexp.Regexp{}
	for _, r := range queries.Catalog() {
		res[r.ID] = regexp.MustCompile(r.Regex)
	}
	contexts := map[string]bool{}
	for _, p := range truth.Secrets {
		line := lines[p.Line-1]
		if p.Start < 0 || p.End > len(line) || p.Start >= p.End {
			t.Fatalf("secret of %s at line %d [%d,%d) outside the line", p.Rule, p.Line, p.Start, p.End)
		}
		ok := false
		for _, m := range res[p.Rule].FindAllStringIndex(line, -1) {
			ok = ok || m[0] <= p.Start && p.End <= m[1]
		}
		if !ok {
			t.Errorf("line %d: rule %s does not match around [%d,%d)", p.Line, p.Rule, p.Start, p.End)
		}
		contexts[p.Context] = true
	}
	for _, c := range []string{"query", "json", "escaped-json", "env", "uri", "header", "logfmt"} {
		if !contexts[c] {
			t.Errorf("no secret planted in context %s", c)
		}
	}
	if len(truth.Kinds) != len(decoys) {
		t.Errorf("%d decoy kinds used, want %d", len(truth.Kinds), len(decoys))
	}
	for _, f := range []string{"json", "logfmt", "nginx", "java-stack", "go-stack", "env"} {
		if truth.Records[f] == 0 {
			t.Errorf("no %s records", f)
		}
	}
}

// TestFreshTokens: generated tokens are real-looking secrets of their rule (right shape and
// checksum), and the wrong-checksum decoy is not.
func TestFreshTokens(t *testing.T) {
	rules := map[string]*queries.Rule{}
	for _, r := range queries.Catalog() {
		rules[r.ID] = r
	}
	rng := rand.New(rand.NewPCG(uint64(1), 0))
	for id, fresh := range freshTokens {
		r := rules[id]
		if r == nil {
			t.Errorf("fresh-token generator for unknown rule %s", id)
			continue
		}
		d, err := detector.New([]*queries.Rule{r}, detector.Options{Key: []byte("k")})
		if err != nil {
			t.Fatal(err)
		}
		// A fresh token replaces the secret of the rule's first sample match, as plantSecret
		// does: for URI rules it is the password alone.
		tmpls, err := templates([]*queries.Rule{r})
		if err != nil || len(tmpls) == 0 {
			t.Fatalf("%s: no template: %v", id, err)
		}
		tm := tmpls[0]
		for i := 0; i < 50; i++ {
			tok := fresh(rng)
			line := "x " + tm.match[:tm.s] + tok + tm.match[tm.e:] + " y"
			var n int
			d.Scan([]byte(line), 0, func(f detector.Finding) {
				n++
				if line[f.Start:f.End] != tok {
					t.Errorf("%s: reported %d..%d, not the fresh token", id, f.Start, f.End)
				}
			})
			if n != 1 {
				t.Fatalf("%s: fresh token of %d bytes found %d times", id, len(tok), n)
			}
		}
	}
	d, _ := detector.New([]*queries.Rule{rules["github-pat"]}, detector.Options{Key: []byte("k")})
	d.Scan([]byte("x "+fakesecret.GitHubBadChecksum(rng, "ghp_")+" y"), 0, func(detector.Finding) { t.Error("bad-checksum token reported") })
}

// TestScanScore runs the detector over a small corpus: the score must meet the targets the
// bench command checks. Misses and false positives are listed by rule.
func TestScanScore(t *testing.T) {
	data, truth := generate(t, Options{Size: 2 << 20, Seed: 3, SecretRate: 0.01, DecoyRate: 0.01})
	d, err := detector.New(queries.Catalog(), detector.Options{Key: []byte("k"), Allow: detector.DefaultAllow})
	if err != nil {
		t.Fatal(err)
	}
	sc := NewScorer(truth)
	n, err := Scan(bufio.NewReader(bytes.NewReader(data)), d, func(line, start, end int, f detector.Finding) {
		sc.Add(line, start, end, f.RuleID)
	})
	if err != nil || n != int64(len(data)) {
		t.Fatalf("scanned %d of %d bytes: %v", n, len(data), err)
	}
	s := sc.Result()
	t.Logf("%d secrets, %d findings: recall %.4f precision %.4f", s.Planted, s.Findings, s.Recall(), s.Precision())
	if s.Recall() < 0.995 || s.Precision() < 0.995 {
		t.Errorf("recall %.4f precision %.4f, want >= 0.995: missed %v (lines %v), decoys %v, duplicates %v, unexpected %v (lines %v)",
			s.Recall(), s.Precision(), s.Missed, s.MissedLines, s.DecoyHits, s.Duplicates, s.Unexpected, s.UnexpectedLines)
	}
}

func TestScorer(t *testing.T) {
	truth := &Truth{
		Secrets: []Planted{{Line: 1, Start: 2, End: 10, Rule: "a"}, {Line: 3, Start: 0, End: 5, Rule: "b"}},
		Decoys:  []Planted{{Line: 2, Start: 4, End: 9, Decoy: "placeholder"}},
	}
	sc := NewScorer(truth)
	sc.Add(1, 2, 10, "a") // correct
	sc.Add(1, 2, 10, "a") // the same secret again: not correct twice
	sc.Add(1, 3, 10, "c") // another rule on the planted secret
	sc.Add(2, 5, 6, "a")  // on the decoy
	sc.Add(4, 0, 1, "a")  // elsewhere
	s := sc.Result()
	if s.Planted != 2 || s.Recalled != 1 || s.Findings != 5 || s.Correct != 1 {
		t.Fatalf("score %+v", s)
	}
	if s.DecoyHits["placeholder by a"] != 1 || s.Duplicates["c (planted as a)"] != 1 || s.Unexpected["a"] != 1 || s.Missed["b"] != 1 || s.FindingsOutsideRun != 1 {
		t.Fatalf("causes %+v", s)
	}
	if s.Recall() != 0.5 || s.Precision() != 0.2 {
		t.Fatalf("recall %v precision %v", s.Recall(), s.Precision())
	}
}
