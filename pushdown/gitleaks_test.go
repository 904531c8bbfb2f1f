package pushdown_test

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/leakwatch/leakwatch/detector"
	"github.com/leakwatch/leakwatch/pushdown"
)

// TestPlanSupersetWithGitleaks: the Loki query of the plan of the catalogue plus imported
// gitleaks rules (and the superset tests' custom rule: one rule set, planned once) keeps
// every line the detector reports, including lines whose keyword lies outside the match
// (KeywordAnywhere) and case variants.
func TestPlanSupersetWithGitleaks(t *testing.T) {
	t.Parallel()
	imported := importTestdata(t)
	rules := supersetRules(t)
	qs := parsePushdowns(t, rules)
	det, err := detector.New(rules, detector.Options{Key: []byte("k")})
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(5, 5))
	pick := func(alphabet string, n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = alphabet[rng.IntN(len(alphabet))]
		}
		return string(b)
	}
	const b62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	reported := map[string]bool{}
	checked := 0
	for range 20 {
		for _, l := range []string{
			"widget-deploy: step 1 of 3 " + strings.Repeat("pad ", 40) + "wdk_" + pick("abcdefghijklmnopqrstuvwxyz0123456789", 32),
			`msg="cookie" acme_session=` + pick(b62, 24),
			`{"slack":"xoxb-` + pick("0123456789", 11) + "-" + pick("0123456789", 12) + "-" + pick(b62, 24) + `"}`,
			`creds: ` + pick(b62, 40),
			`Passwd => '` + pick(b62, 20) + `'`,
			"role ASIA" + pick("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16),
		} {
			for _, v := range []string{l, strings.ToUpper(l), strings.ToLower(l)} {
				var ids []string
				det.Scan([]byte(v), 0, func(f detector.Finding) { ids = append(ids, f.RuleID) })
				if len(ids) == 0 {
					continue
				}
				checked++
				for _, id := range ids {
					reported[id] = true
				}
				if !keptBySome(qs, v) {
					t.Errorf("line reported by %v is dropped by every pushdown query: %q", ids, v)
				}
			}
		}
	}
	for _, r := range imported {
		if r.ID != "gitleaks:github-pat" && !reported[r.ID] {
			t.Errorf("no line exercised %s", r.ID)
		}
	}
	if checked == 0 {
		t.Fatal("no reported line: the test proved nothing")
	}
	// Imported keywords go to keyword-searching stores (Elasticsearch) case-insensitive.
	for _, k := range pushdown.Build(planInput(imported), pushdown.CostModel{}).Keywords {
		if !k.IgnoreCase && strings.ToLower(k.Text) != strings.ToUpper(k.Text) {
			t.Errorf("keyword %q pushed down case-sensitively", k.Text)
		}
	}
}
