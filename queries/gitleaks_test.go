package queries

import (
	"math/rand"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
)

func importTestdata(t testing.TB) ([]*Rule, []SkippedRule) {
	t.Helper()
	f, err := os.Open("testdata/gitleaks/rules.toml")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rules, skipped, err := ImportGitleaks(f, "rules.toml")
	if err != nil {
		t.Fatal(err)
	}
	return rules, skipped
}

func importString(t testing.TB, s string) ([]*Rule, []SkippedRule, error) {
	t.Helper()
	return ImportGitleaks(strings.NewReader(s), "inline.toml")
}

// TestImportGitleaksMapping: every field of gitleaks' schema lands where the table says.
func TestImportGitleaksMapping(t *testing.T) {
	rules, _ := importTestdata(t)
	type want struct {
		sev         Severity
		keywords    []string
		secretGroup int
		entropy     float64
		allowlists  int // MatchValidators: global + targeted + the rule's own usable ones
	}
	wants := map[string]want{
		"gitleaks:aws-access-token":  {Medium, []string{"a3t", "akia", "asia", "abia", "acca"}, 0, 3, 2},
		"gitleaks:github-pat":        {Critical, []string{"ghp_"}, 0, 3, 1},
		"gitleaks:slack-bot-token":   {Medium, []string{"xoxb"}, 0, 0, 2},
		"gitleaks:generic-api-key":   {Medium, []string{"access", "api", "auth", "key", "credential", "creds", "passwd", "password", "secret", "token"}, 0, 3.5, 3},
		"gitleaks:widget-deploy-key": {High, []string{"widget-deploy"}, 0, 0, 1},
		"gitleaks:acme-session":      {Medium, []string{"acme_session"}, 2, 0, 1},
	}
	var ids []string
	for _, r := range rules {
		ids = append(ids, r.ID)
		w, ok := wants[r.ID]
		if !ok {
			t.Errorf("unexpected rule %s", r.ID)
			continue
		}
		if r.Severity != w.sev {
			t.Errorf("%s: severity %s, want %s", r.ID, r.Severity, w.sev)
		}
		if !reflect.DeepEqual(r.Keywords, w.keywords) || !r.IgnoreCase || !r.KeywordAnywhere {
			t.Errorf("%s: keywords %q ignoreCase %v anywhere %v, want %q, true, true", r.ID, r.Keywords, r.IgnoreCase, r.KeywordAnywhere, w.keywords)
		}
		if r.SecretGroup != w.secretGroup {
			t.Errorf("%s: secret group %d, want %d", r.ID, r.SecretGroup, w.secretGroup)
		}
		// gitleaks drops entropy <= threshold: MinEntropy is just above it.
		if w.entropy == 0 && r.MinEntropy != 0 || w.entropy > 0 && (r.MinEntropy <= w.entropy || r.MinEntropy > w.entropy+1e-9) {
			t.Errorf("%s: MinEntropy %v for gitleaks entropy %v", r.ID, r.MinEntropy, w.entropy)
		}
		if len(r.MatchValidators) != w.allowlists {
			t.Errorf("%s: %d allowlist validators, want %d", r.ID, len(r.MatchValidators), w.allowlists)
		}
		if r.Description == "" || r.Regex == "" {
			t.Errorf("%s: description %q regex %q", r.ID, r.Description, r.Regex)
		}
	}
	if len(ids) != len(wants) {
		t.Errorf("imported %v, want the %d rules of the table", ids, len(wants))
	}
}

// TestImportGitleaksSkipped: everything not carried over is reported, with its reason.
func TestImportGitleaksSkipped(t *testing.T) {
	_, skipped := importTestdata(t)
	want := []struct {
		id       string
		imported bool
		reason   string
	}{
		{"", false, "[extend] useDefault ignored"},
		{"github-pat", true, "allowlist #1: paths/commits ignored"},
		{"generic-api-key", true, "allowlist #3: regexTarget line ignored"},
		{"generic-api-key", true, "allowlist #4: condition AND with paths/commits never holds"},
		{"acme-session", true, "path ignored"},
		{"pkcs12-file", false, "path rules do not apply to log lines"},
		{"internal-slug", false, "no keywords: leakwatch needs a literal keyword to prefilter on; add keywords to the rule"},
		{"acme-client-id", false, "skipReport"},
	}
	for _, w := range want {
		if !slices.ContainsFunc(skipped, func(s SkippedRule) bool {
			return s.ID == w.id && s.Imported == w.imported && strings.Contains(s.Reason, w.reason)
		}) {
			t.Errorf("no skipped entry {%q imported=%v %q} in %v", w.id, w.imported, w.reason, skipped)
		}
	}
	if len(skipped) != len(want) {
		t.Errorf("%d skipped entries, want %d: %v", len(skipped), len(want), skipped)
	}
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
	var ka *Rule
	for _, r := range rules {
		if r.ID == "gitleaks:widget-deploy-key" {
			ka = r
		}
	}
	token := "wdk_" + strings.Repeat("k3", 16)
	far := "widget-deploy " + strings.Repeat("step ", 200) + token
	d := mustDetector(t, []*Rule{ka}, Options{})
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
	windowed.ID, windowed.KeywordAnywhere, windowed.re = "windowed", false, nil
	if got := findIDs(mustDetector(t, []*Rule{&windowed}, Options{}), far); len(got) != 0 {
		t.Errorf("test premise: a window around the keyword should not reach the token, found %v", got)
	}
}

// TestGitleaksPrefilterEqualsWholeLine: for imported rules too, the prefilter finds exactly
// what the reference (keyword anywhere in the line, regex over the whole line) finds.
func TestGitleaksPrefilterEqualsWholeLine(t *testing.T) {
	rules, _ := importTestdata(t)
	all := append(Catalog(), rules...)
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

// TestGitleaksIDsNeverClash: gitleaks ids equal to built-in ones are imported under the
// prefix, and Select accepts them next to the whole catalogue.
func TestGitleaksIDsNeverClash(t *testing.T) {
	rules, _ := importTestdata(t)
	builtin := map[string]bool{}
	for _, r := range Catalog() {
		builtin[r.ID] = true
	}
	if !builtin["github-pat"] {
		t.Fatal("test premise: the catalogue has github-pat, as gitleaks does")
	}
	for _, r := range rules {
		if !strings.HasPrefix(r.ID, GitleaksIDPrefix) || builtin[r.ID] {
			t.Errorf("imported id %s", r.ID)
		}
	}
	sel, err := Select(Catalog(), nil, rules)
	if err != nil {
		t.Fatal(err)
	}
	if len(sel) != len(Catalog())+len(rules) {
		t.Errorf("Select kept %d rules, want %d", len(sel), len(Catalog())+len(rules))
	}
}

// TestImportGitleaksErrors: a malformed file is an error naming the file and the line.
func TestImportGitleaksErrors(t *testing.T) {
	cases := []struct{ name, toml, want string }{
		{"toml syntax", "[[rules]]\nid = \"a\"\nregex = '''x\n", "inline.toml:"},
		{"bad regex", "title = \"t\"\n\n[[rules]]\nid = \"a\"\nkeywords = [\"a\"]\nregex = '''a(b'''\n", "inline.toml:3: rule a: regex:"},
		{"missing id", "[[rules]]\nregex = '''a'''\n", "inline.toml:1: rule id is missing"},
		{"duplicate id", "[[rules]]\nid = \"a\"\nregex = '''a'''\n[[rules]]\nid = \"a\"\nregex = '''b'''\n", "inline.toml:4: rule id \"a\" is already used at inline.toml:1"},
		{"secretGroup", "[[rules]]\nid = \"a\"\nregex = '''(a)'''\nsecretGroup = 2\n", "secretGroup 2: the regex has 1 groups"},
		{"no regex no path", "[[rules]]\nid = \"a\"\n", "both regex and path are empty"},
		{"both allowlist forms", "[[rules]]\nid = \"a\"\nregex = '''a'''\nkeywords=[\"a\"]\n[rules.allowlist]\nstopwords=[\"x\"]\n[[rules.allowlists]]\nstopwords=[\"y\"]\n", "cannot be used alongside"},
		{"unknown target", "[[allowlists]]\ntargetRules = [\"nope\"]\nstopwords = [\"x\"]\n", "rule \"nope\" is not defined"},
		{"bad condition", "[[allowlists]]\ncondition = \"XOR\"\nstopwords = [\"x\"]\n", "condition \"XOR\""},
		{"empty allowlist", "[[allowlists]]\ndescription = \"nothing\"\n", "at least one of"},
		{"bad allowlist regex", "[[allowlists]]\nregexes = ['''(''']\n", "regexes[0]"},
		{"wrong type", "[[rules]]\nid = \"a\"\nentropy = \"high\"\n", "inline.toml:"},
	}
	for _, c := range cases {
		_, _, err := importString(t, c.toml)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want it to contain %q", c.name, err, c.want)
		}
	}
}

// TestRuleSecretGroupCompile: an explicit SecretGroup beyond the regex's groups is refused.
func TestRuleSecretGroupCompile(t *testing.T) {
	r := &Rule{ID: "x", Severity: Low, Keywords: []string{"a"}, Regex: "(a)", SecretGroup: 2}
	if err := r.compile(); err == nil || !strings.Contains(err.Error(), "secret group 2") {
		t.Errorf("compile: %v", err)
	}
}

// FuzzGitleaksDetector: with imported rules (keywords anywhere in the line) the prefilter
// finds exactly what the reference finds, on any input.
func FuzzGitleaksDetector(f *testing.F) {
	rules, _ := importTestdata(f)
	all := append(Catalog(), rules...)
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
