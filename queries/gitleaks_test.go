package queries

import (
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
