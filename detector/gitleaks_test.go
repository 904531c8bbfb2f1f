package detector

import (
	"math/rand"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/leakwatch/leakwatch/queries"
)

// importTestdata imports the gitleaks config the queries package's import tests use.
func importTestdata(t testing.TB) ([]*queries.Rule, []queries.SkippedRule) {
	t.Helper()
	f, err := os.Open("../queries/testdata/gitleaks/rules.toml")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rules, skipped, err := queries.ImportGitleaks(f, "rules.toml")
	if err != nil {
		t.Fatal(err)
	}
	return rules, skipped
}

func importString(t testing.TB, s string) ([]*queries.Rule, []queries.SkippedRule, error) {
	t.Helper()
	return queries.ImportGitleaks(strings.NewReader(s), "inline.toml")
}

// gitleaksLines are lines each imported testdata rule must report once (generated values).
func gitleaksLines(rng *rand.Rand) map[string]string {
	upper := func(n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"[rng.Intn(32)]
		}
		return string(b)
	}
	lower := func(n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = "abcdefghijklmnopqrstuvwxyz0123456789"[rng.Intn(36)]
		}
		return string(b)
	}
	digits := func(n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte('0' + rng.Intn(10))
		}
		return string(b)
	}
	return map[string]string{
		"gitleaks:aws-access-token":  `level=info msg="assume role with AKIA` + upper(16) + `"`,
		"gitleaks:github-pat":        `git clone https://x:` + testGitHubToken(rng) + `@github.com/acme/app`,
		"gitleaks:slack-bot-token":   `{"slack":"xoxb-` + digits(11) + `-` + digits(12) + `-` + testBase62(rng, 24) + `"}`,
		"gitleaks:generic-api-key":   `config loaded: api_key="` + testBase62(rng, 32) + `" region=eu`,
		"gitleaks:widget-deploy-key": `widget-deploy: rolling out with wdk_` + lower(32) + ` to prod`,
		"gitleaks:acme-session":      `GET /cart cookie acme_session=` + testBase62(rng, 24),
	}
}

func findIDs(d *Detector, line string) []string {
	var ids []string
	d.Scan([]byte(line), 0, func(f Finding) { ids = append(ids, f.RuleID) })
	return ids
}

// TestGitleaksRulesFind: each imported rule reports its line, with the secret group gitleaks
// names, and nothing else.
func TestGitleaksRulesFind(t *testing.T) {
	rules, _ := importTestdata(t)
	d := mustDetector(t, rules, Options{})
	for id, line := range gitleaksLines(rand.New(rand.NewSource(7))) {
		var got []Finding
		d.Scan([]byte(line), 0, func(f Finding) { got = append(got, f) })
		if len(got) != 1 || got[0].RuleID != id {
			t.Errorf("%s: %q: found %s", id, line, describe(got))
			continue
		}
		if id == "gitleaks:acme-session" && line[got[0].Start-1] != '=' {
			t.Errorf("acme-session: secretGroup 2 should start after '=': %s", describe(got))
		}
	}
}

// TestKeywordAnywhere: the keyword of widget-deploy-key is outside the match, even far from
// it: the imported rule finds it; the same rule under the window contract does not; a line
// without the keyword is not reported (gitleaks' prefilter).
func TestKeywordAnywhere(t *testing.T) {
	rules, _ := importTestdata(t)
	var ka *queries.Rule
	for _, r := range rules {
		if r.ID == "gitleaks:widget-deploy-key" {
			ka = r
		}
	}
	token := "wdk_" + strings.Repeat("k3", 16)
	far := "widget-deploy " + strings.Repeat("step ", 200) + token
	d := mustDetector(t, []*queries.Rule{ka}, Options{})
	if got := findIDs(d, far); len(got) != 1 {
		t.Fatalf("keyword 1000 bytes before the token: found %v, want the rule", got)
	}
	if got := findIDs(d, "WIDGET-DEPLOY "+token); len(got) != 1 {
		t.Errorf("keyword in upper case: found %v", got)
	}
	if got := findIDs(d, "deploy "+token); len(got) != 0 {
		t.Errorf("line without the keyword: found %v, want nothing", got)
	}
	windowed := *ka
	windowed.ID, windowed.KeywordAnywhere = "windowed", false
	if got := findIDs(mustDetector(t, []*queries.Rule{&windowed}, Options{}), far); len(got) != 0 {
		t.Errorf("test premise: a window around the keyword should not reach the token, found %v", got)
	}
}

// TestGitleaksPrefilterEqualsWholeLine: for imported rules too, the prefilter finds exactly
// what the reference (keyword anywhere in the line, regex over the whole line) finds.
func TestGitleaksPrefilterEqualsWholeLine(t *testing.T) {
	rules, _ := importTestdata(t)
	all := append(queries.Catalog(), rules...)
	fast := mustDetector(t, all, Options{Allow: DefaultAllow})
	slow := mustDetector(t, all, Options{Allow: DefaultAllow, NoPrefilter: true})
	rng := rand.New(rand.NewSource(3))
	var lines []string
	for range 3 {
		for _, l := range gitleaksLines(rng) {
			lines = append(lines, l)
			// The keyword removed, and moved to the far end.
			for _, r := range rules {
				for _, k := range r.Keywords {
					if i := strings.Index(strings.ToLower(l), k); i >= 0 {
						cut := l[:i] + l[i+len(k):]
						lines = append(lines, cut, cut+" "+strings.ToUpper(k))
					}
				}
			}
		}
	}
	checked := 0
	for i, l := range lines {
		for j, v := range variants(l) {
			for _, skip := range []int{0, len(v) / 2} {
				want := collect(slow, []byte(v), skip)
				got := collect(fast, []byte(v), skip)
				if !reflect.DeepEqual(got, want) {
					t.Errorf("line %d variant %d skip %d: prefilter %s, reference %s", i, j, skip, describe(got), describe(want))
				}
				checked += len(want)
			}
		}
	}
	if checked == 0 {
		t.Fatal("no findings: the comparison proved nothing")
	}
}

// TestGitleaksAllowlists: global, targeted and rule allowlists suppress with reason
// "allowlist"; ignored parts (line target, AND with paths) do not suppress.
func TestGitleaksAllowlists(t *testing.T) {
	rules, _ := importTestdata(t)
	reasons := map[string]int{}
	d := mustDetector(t, rules, Options{OnSuppressed: func(rule, reason string) { reasons[rule+" "+reason]++ }})
	rng := rand.New(rand.NewSource(11))
	b := func(n int) string { return testBase62(rng, n) }
	cases := []struct {
		name, line string
		found      bool
		suppressed string // rule whose "allowlist" suppression is expected
	}{
		{"global stopword", `token="` + b(10) + `NotASecret` + b(10) + `"`, false, "gitleaks:generic-api-key"},
		{"global regex on the secret", `api_key="FAKE` + b(28) + `"`, false, "gitleaks:generic-api-key"},
		{"rule stopword", `password: "` + b(12) + `sample` + b(12) + `"`, false, "gitleaks:generic-api-key"},
		{"rule regex on the match", `public_key = "` + b(40) + `"`, false, "gitleaks:generic-api-key"},
		{"rule regex on the secret", "role AKIA0000" + "QRSTUVWX2345", false, "gitleaks:aws-access-token"},
		{"targeted allowlist", "xoxb-12345678901-123456789012-TESTTESTTEST" + b(8), false, "gitleaks:slack-bot-token"},
		{"targeted allowlist does not reach other rules", `api_key="` + b(20) + `-TESTTESTTEST"`, true, ""},
		{"line target is ignored", `x-request-id=abc api_key="` + b(32) + `"`, true, ""},
		{"AND with paths is ignored", `secret="` + b(12) + `fixture` + b(12) + `"`, true, ""},
		{"no allowlist applies", `auth_token=` + b(40), true, ""},
	}
	for _, c := range cases {
		clear(reasons)
		got := findIDs(d, c.line)
		if (len(got) > 0) != c.found {
			t.Errorf("%s: found %v, want found=%v", c.name, got, c.found)
		}
		if c.suppressed != "" && reasons[c.suppressed+" allowlist"] == 0 {
			t.Errorf("%s: no allowlist suppression for %s (got %v)", c.name, c.suppressed, reasons)
		}
	}
}

// TestGitleaksEntropyAndGroups: gitleaks' entropy cut is strict (equal entropy is dropped),
// an explicit secretGroup wins over a group named "secret".
func TestGitleaksEntropyAndGroups(t *testing.T) {
	rules, _, err := importString(t, `
[[rules]]
id = "e"
regex = '''tok=([a-h]{8})'''
entropy = 3
keywords = ["tok="]
[[rules]]
id = "g"
regex = '''(?P<secret>grp)-([a-z0-9]{12})'''
secretGroup = 2
keywords = ["grp-"]
`)
	if err != nil {
		t.Fatal(err)
	}
	d := mustDetector(t, rules, Options{})
	// "abcdefgh": 8 distinct symbols, entropy exactly 3 bits: gitleaks drops it.
	if got := findIDs(d, "tok=abcdefgh"); len(got) != 0 {
		t.Errorf("entropy equal to the threshold: found %v", got)
	}
	var fs []Finding
	d.Scan([]byte("x grp-k3j5h7g9f1d2 y"), 0, func(f Finding) { fs = append(fs, f) })
	if len(fs) != 1 || fs[0].Start != 6 || fs[0].End != 18 {
		t.Errorf("secretGroup 2: found %s, want 6-18", describe(fs))
	}
}

// TestRuleSecretGroupCompile: an explicit SecretGroup beyond the regex's groups is refused.
func TestRuleSecretGroupCompile(t *testing.T) {
	r := &queries.Rule{ID: "x", Severity: queries.Low, Keywords: []string{"a"}, Regex: "(a)", SecretGroup: 2}
	if _, err := New([]*queries.Rule{r}, Options{Key: testKey}); err == nil || !strings.Contains(err.Error(), "secret group 2") {
		t.Errorf("New: %v", err)
	}
}

// FuzzGitleaksDetector: with imported rules (keywords anywhere in the line) the prefilter
// finds exactly what the reference finds, on any input.
func FuzzGitleaksDetector(f *testing.F) {
	rules, _ := importTestdata(f)
	all := append(queries.Catalog(), rules...)
	fast := mustDetector(f, all, Options{Allow: DefaultAllow})
	slow := mustDetector(f, all, Options{Allow: DefaultAllow, NoPrefilter: true})
	for _, l := range gitleaksLines(rand.New(rand.NewSource(1))) {
		f.Add([]byte(l), uint16(0))
		f.Add([]byte(strings.ToUpper(l)), uint16(5))
	}
	f.Fuzz(func(t *testing.T, text []byte, skip16 uint16) {
		skip := int(skip16) % (len(text) + 2)
		if got, want := collect(fast, text, skip), collect(slow, text, skip); !reflect.DeepEqual(got, want) {
			t.Fatalf("prefilter found %s, reference %s", describe(got), describe(want))
		}
	})
}
