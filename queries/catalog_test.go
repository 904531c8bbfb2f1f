package queries_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/leakwatch/leakwatch/detector"
	"github.com/leakwatch/leakwatch/queries"
)

var kebab = regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`)

// TestCatalogShape checks what every rule must carry before any sample runs.
func TestCatalogShape(t *testing.T) {
	rules := queries.Catalog()
	if len(rules) < 110 {
		t.Errorf("catalogue has %d rules, want at least 110", len(rules))
	}
	seen := map[string]bool{}
	for _, r := range rules {
		if !kebab.MatchString(r.ID) {
			t.Errorf("rule %q: id is not kebab-case", r.ID)
		}
		if seen[r.ID] {
			t.Errorf("rule %s: duplicate id", r.ID)
		}
		seen[r.ID] = true
		if r.Description == "" {
			t.Errorf("rule %s: no description", r.ID)
		}
		if _, err := queries.ParseSeverity(string(r.Severity)); err != nil {
			t.Errorf("rule %s: %v", r.ID, err)
		}
		if err := r.Check(); err != nil {
			t.Errorf("rule %s: %v", r.ID, err)
		}
		if !r.Builtin() {
			t.Errorf("rule %s: not marked built-in: a detector would compile it up front", r.ID)
		}
		// The detector compiles built-in regexes lazily and trusts them: this is their proof.
		re, err := regexp.Compile(r.Regex)
		if err != nil {
			t.Errorf("rule %s: %v", r.ID, err)
			continue
		}
		if r.SecretGroup > re.NumSubexp() {
			t.Errorf("rule %s: secret group %d of %d", r.ID, r.SecretGroup, re.NumSubexp())
		}
		for _, k := range r.Keywords {
			// A short keyword makes the prefilter and the store-side pushdown useless.
			if len(k) < 3 {
				t.Errorf("rule %s: keyword %q shorter than 3 bytes", r.ID, k)
			}
		}
		if len(r.TruePositives) < 2 || len(r.FalsePositives) < 1 {
			t.Errorf("rule %s: needs >= 2 true-positive and >= 1 false-positive samples", r.ID)
		}
		tp, fp := r.Samples()
		if len(tp) != len(r.TruePositives) || len(fp) != len(r.FalsePositives) {
			t.Errorf("rule %s: Samples does not return the samples", r.ID)
		}
	}
}

// TestKeywordContract: every match of every rule's regex, on every sample line of the whole
// catalogue, contains one of the rule's keywords. The Loki and Elasticsearch pushdown filter
// on keywords alone, so a match without one would be a leak the store never returns.
func TestKeywordContract(t *testing.T) {
	rules := queries.Catalog()
	var lines []string
	for _, r := range rules {
		lines = append(lines, r.TruePositives...)
		lines = append(lines, r.FalsePositives...)
	}
	for _, r := range rules {
		if r.KeywordAnywhere {
			// The weaker contract: the detector runs such a rule only on a line holding a
			// keyword (TestKeywordAnywhereNeedsKeyword), so the pushdown returns every line
			// it can report, whatever the match holds.
			continue
		}
		re := regexp.MustCompile(r.Regex)
		for _, line := range lines {
			for _, m := range re.FindAllStringIndex(line, -1) {
				if !r.KeywordMatches(line[m[0]:m[1]]) {
					t.Errorf("rule %s: match %d..%d has no keyword", r.ID, m[0], m[1])
				}
			}
		}
	}
}

// TestCatalogSamples runs every rule's own samples through a detector holding the whole
// catalogue: a true positive must be found exactly once, by its own rule and by no other (one
// secret, one report), and a false positive by no rule at all.
func TestCatalogSamples(t *testing.T) {
	rules := queries.Catalog()
	d, err := detector.New(rules, detector.Options{Key: []byte("test-key"), Allow: detector.DefaultAllow})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rules {
		t.Run(r.ID, func(t *testing.T) {
			var prefixes []string
			for i, s := range r.TruePositives {
				var own int
				d.Scan([]byte(s), 0, func(f detector.Finding) {
					if f.RuleID != r.ID {
						t.Errorf("true positive %d: also found by %s (%s)", i, f.RuleID, f.Preview)
						return
					}
					own++
					sec := s[f.Start:f.End]
					if !r.KeywordMatches(s[max(0, f.Start-200):min(len(s), f.End+200)]) {
						t.Errorf("true positive %d: no keyword near the secret", i)
					}
					if strings.Contains(f.Preview, sec) {
						t.Errorf("true positive %d: preview shows the whole secret", i)
					}
					if r.PreviewPrefix > 0 {
						prefixes = append(prefixes, sec[:min(r.PreviewPrefix, len(sec))])
					}
				})
				if own != 1 {
					t.Errorf("true positive %d: rule found %d secrets, want 1", i, own)
				}
			}
			// The preview prefix must be public: a literal part of the format (a keyword).
			for _, p := range prefixes {
				public := false
				for _, k := range r.Keywords {
					if strings.HasPrefix(k, p) || r.IgnoreCase && strings.HasPrefix(strings.ToLower(k), strings.ToLower(p)) {
						public = true
					}
				}
				if !public {
					t.Errorf("preview prefix %q is not a literal part of a keyword", p)
				}
			}
			for i, s := range r.FalsePositives {
				d.Scan([]byte(s), 0, func(f detector.Finding) {
					t.Errorf("false positive %d: found by %s (%s)", i, f.RuleID, f.Preview)
				})
			}
		})
	}
}

// TestSuppressionReasons: validators and the detector report fixed words, never a candidate.
func TestSuppressionReasons(t *testing.T) {
	allowed := map[string]bool{"checksum": true, "placeholder": true, "entropy": true, "structure": true,
		"covered": true, "allowlist": true, "boundary": true}
	rules := queries.Catalog()
	d, err := detector.New(rules, detector.Options{Key: []byte("k"), Allow: detector.DefaultAllow, OnSuppressed: func(id, reason string) {
		if !allowed[reason] {
			t.Errorf("rule %s: suppression reason %q is not a fixed word", id, reason)
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rules {
		for _, s := range r.FalsePositives {
			d.Scan([]byte(s), 0, func(detector.Finding) {})
		}
	}
}

// TestSecretsInsideBlobs: a true-positive secret glued inside a longer alphanumeric run (a
// base64 blob, a hash, a longer identifier) is not reported: "xAKIA…x", "task_live_…".
func TestSecretsInsideBlobs(t *testing.T) {
	rules := queries.Catalog()
	d, err := detector.New(rules, detector.Options{Key: []byte("test-key")})
	if err != nil {
		t.Fatal(err)
	}
	isAlnum := func(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
	const blob = "Qm9ndXNCbG9iRm9yVGVzdHNPbmx5"
	tested := 0
	for _, r := range rules {
		s := r.TruePositives[0]
		var secret string
		d.Scan([]byte(s), 0, func(f detector.Finding) { secret = s[f.Start:f.End] })
		if secret == "" || !isAlnum(secret[0]) || !isAlnum(secret[len(secret)-1]) {
			continue // secrets that start or end with punctuation are delimited by it
		}
		tested++
		for _, line := range []string{blob + secret + blob, "x" + secret} {
			d.Scan([]byte(line), 0, func(f detector.Finding) {
				if f.RuleID == r.ID {
					t.Errorf("rule %s: found its secret glued inside a longer run (%s)", r.ID, f.Preview)
				}
			})
		}
		// A character glued after the secret makes either a longer token of a variable-length
		// format (reported whole) or nothing: never the first len(secret) bytes of a longer run.
		d.Scan([]byte(secret+"x"), 0, func(f detector.Finding) {
			if f.RuleID == r.ID && f.End == len(secret) {
				t.Errorf("rule %s: reported a truncated prefix of a longer run (%s)", r.ID, f.Preview)
			}
		})
	}
	if tested < 50 {
		t.Errorf("only %d rules tested, the sample extraction is broken", tested)
	}
}

// TestURIListBothFound: a greedy URI password cut at its own host leaves the rest of the
// match to be searched again, so the next URI of a comma list is found too, in order.
func TestURIListBothFound(t *testing.T) {
	d, err := detector.New(queries.Catalog(), detector.Options{Key: []byte("k")})
	if err != nil {
		t.Fatal(err)
	}
	line := "DATABASE_URLS=postgres://a:Pq7xLm2Zr9@h1.internal/db,postgres://b:Vb8#nKw3Tq5@h2.internal/db?x=ops@acme.io"
	var got []string
	d.Scan([]byte(line), 0, func(f detector.Finding) { got = append(got, f.RuleID+" "+line[f.Start:f.End]) })
	want := []string{"postgres-uri-password Pq7xLm2Zr9", "postgres-uri-password Vb8#nKw3Tq5"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("found %q, want %q", got, want)
	}
}

// TestKeywordAnywhereNeedsKeyword: a built-in rule with KeywordAnywhere reports nothing on a
// line without one of its keywords, even where its regex matches.
func TestKeywordAnywhereNeedsKeyword(t *testing.T) {
	d, err := detector.New(queries.Catalog(), detector.Options{Key: []byte("k")})
	if err != nil {
		t.Fatal(err)
	}
	tested := 0
	for _, r := range queries.Catalog() {
		if !r.KeywordAnywhere {
			continue
		}
		for _, s := range r.TruePositives {
			var stripped = s
			for _, k := range r.Keywords {
				stripped = strings.ReplaceAll(stripped, k, "")
			}
			if r.KeywordMatches(stripped) || !regexp.MustCompile(r.Regex).MatchString(stripped) {
				continue
			}
			tested++
			d.Scan([]byte(stripped), 0, func(f detector.Finding) {
				if f.RuleID == r.ID {
					t.Errorf("rule %s: reported a line without its keyword", r.ID)
				}
			})
		}
	}
	if tested == 0 {
		t.Error("no keyword-anywhere true positive still matches without its keyword: the test proves nothing")
	}
}
