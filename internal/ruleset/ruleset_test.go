package ruleset

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/leakwatch/leakwatch/detector"
	"github.com/leakwatch/leakwatch/internal/config"
	"github.com/leakwatch/leakwatch/queries"
)

func gitleaksConfig(t *testing.T, extra string, files map[string]string) *config.Config {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	cfg, err := config.Parse([]byte("data_dir: "+dir+"\nrules:\n"+extra), func(k string) (string, bool) {
		if k == "RULES" {
			return dir, true
		}
		return "", false
	})
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

const okRule = "[[rules]]\nid = \"acme\"\nregex = '''acme_[a-z0-9]{16}'''\nkeywords = [\"acme_\"]\n"

// TestBuildDetectorGitleaks: imported rules run after the custom ones; errors name the
// rules.gitleaks entry, the file and its line; ids clash only when really the same.
func TestBuildDetectorGitleaks(t *testing.T) {
	cfg := gitleaksConfig(t, "  gitleaks: ['${RULES}/a.toml']\n  custom: [{id: own, keywords: [own_], regex: 'own_[a-z]{8}'}]\n",
		map[string]string{"a.toml": okRule})
	det, err := Build(cfg, []byte("k"), nil)
	if err != nil {
		t.Fatal(err)
	}
	rules := det.Rules()
	if n := len(rules); rules[n-2].ID != "own" || rules[n-1].ID != "gitleaks:acme" {
		t.Errorf("last rules %s, %s: want own, gitleaks:acme", rules[n-2].ID, rules[n-1].ID)
	}
	found := 0
	det.Scan([]byte("x acme_0123456789abcdef y"), 0, func(detector.Finding) { found++ })
	if found != 1 {
		t.Errorf("imported rule found %d secrets, want 1", found)
	}

	cases := []struct {
		name, extra string
		files       map[string]string
		want        string
	}{
		{"missing file", "  gitleaks: ['${RULES}/nope.toml']\n", nil, "rules.gitleaks[0]: open "},
		{"bad regex", "  gitleaks: ['${RULES}/a.toml', '${RULES}/b.toml']\n",
			map[string]string{"a.toml": okRule, "b.toml": "# team rules\n\n[[rules]]\nid = \"x\"\nregex = '''x(('''\nkeywords = [\"x\"]\n"},
			"rules.gitleaks[1]: "},
		{"same id in two files", "  gitleaks: ['${RULES}/a.toml', '${RULES}/b.toml']\n",
			map[string]string{"a.toml": okRule, "b.toml": okRule}, "rules.gitleaks[1] ("},
		{"custom takes the id", "  gitleaks: ['${RULES}/a.toml']\n  custom: [{id: 'gitleaks:acme', keywords: [acme_], regex: 'acme_[a-z]{4}'}]\n",
			map[string]string{"a.toml": okRule}, "already defined by rules.custom[0]"},
	}
	for _, c := range cases {
		_, err := Build(gitleaksConfig(t, c.extra, c.files), []byte("k"), nil)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want %q", c.name, err, c.want)
		}
		if c.name == "bad regex" && (err == nil || !strings.Contains(err.Error(), "b.toml:3: rule x: regex")) {
			t.Errorf("bad regex: error %v does not name the file's line", err)
		}
	}
}

// TestBuildDetectorCustomChecks: custom rules' entropy, allow and samples apply; a failing
// sample is a config error naming the rule and the sample's index, never its text.
func TestBuildDetectorCustomChecks(t *testing.T) {
	const rule = "  custom:\n  - id: acme-token\n    keywords: [acme_]\n    regex: 'acme_[a-z0-9]{16}'\n"
	for _, tc := range []struct {
		name, extra string
		want        string // error substring; "" builds
		found       map[string]int
	}{
		{"plain", rule, "", map[string]int{"acme_4f9c2a7b1e6d8c3f": 1, "acme_aaaaaaaaaaaaaaaa": 1}},
		{"entropy", rule + "    entropy: 3\n", "", map[string]int{"acme_4f9c2a7b1e6d8c3f": 1, "acme_aaaaaaaaaaaaaaaa": 0}},
		{"allow", rule + "    allow: ['^acme_test']\n", "", map[string]int{"acme_4f9c2a7b1e6d8c3f": 1, "acme_test1234567890ab": 0}},
		{"samples pass", rule + "    entropy: 3\n    samples: {match: ['k=acme_4f9c2a7b1e6d8c3f'], no_match: ['k=acme_aaaaaaaaaaaaaaaa']}\n", "", nil},
		{"match fails", rule + "    samples: {match: ['k=acme_4f9c2a7b1e6d8c3f', 'k=acme_short']}\n",
			"rules.custom[0] (acme-token).samples.match[1]: the rule reports no secret", nil},
		{"no_match fails", rule + "    entropy: 3\n    samples: {no_match: ['k=acme_aaaaaaaaaaaaaaaa', 'k=acme_4f9c2a7b1e6d8c3f']}\n",
			"rules.custom[0] (acme-token).samples.no_match[1]: the rule reports a secret", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			det, err := Build(gitleaksConfig(t, tc.extra, nil), []byte("k"), nil)
			if tc.want != "" {
				if err == nil || !strings.Contains(err.Error(), tc.want) {
					t.Fatalf("err = %v, want %q", err, tc.want)
				}
				if strings.Contains(err.Error(), "acme_4f9c") {
					t.Fatalf("error quotes the sample: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for line, want := range tc.found {
				n := 0
				det.Scan([]byte("k="+line), 0, func(detector.Finding) { n++ })
				if n != want {
					t.Errorf("%s: %d findings, want %d", line, n, want)
				}
			}
		})
	}
}

// TestBuildDetectorIgnoreFile: the daemon reads rules.ignore_file, or <data_dir>/.leakwatchignore
// when unset; entries match the keyed fingerprint or the stable one; a named file must exist.
func TestBuildDetectorIgnoreFile(t *testing.T) {
	tok := "ghp_" + "LeakwatchDemoFakeTokenNotReal1" + queries.Base62CRC32("LeakwatchDemoFakeTokenNotReal1")
	var pat *queries.Rule
	for _, r := range queries.Catalog() {
		if r.ID == "github-pat" {
			pat = r
		}
	}
	key := []byte("install-key")
	keyed, stable := detector.Fingerprint(key, tok), detector.StableFingerprint(pat, tok)
	count := func(det *detector.Detector) int {
		n := 0
		det.Scan([]byte("token="+tok), 0, func(detector.Finding) { n++ })
		return n
	}
	for _, tc := range []struct {
		name, extra, file, body string
		want                    int
	}{
		{"none", "", "", "", 1},
		{"data dir default, keyed", "", ".leakwatchignore", keyed[:12] + " # fp\n", 0},
		{"data dir default, stable", "", ".leakwatchignore", "# from a scan report\n" + stable[:12] + "\n", 0},
		{"named file", "  ignore_file: ${RULES}/ign\n", "ign", keyed + "\n", 0},
		{"other fingerprint", "  ignore_file: ${RULES}/ign\n", "ign", "0123456789ab\n", 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files := map[string]string{}
			if tc.file != "" {
				files[tc.file] = tc.body
			}
			det, err := Build(gitleaksConfig(t, tc.extra, files), key, nil)
			if err != nil {
				t.Fatal(err)
			}
			if got := count(det); got != tc.want {
				t.Errorf("%d findings, want %d", got, tc.want)
			}
		})
	}
	if _, err := Build(gitleaksConfig(t, "  ignore_file: ${RULES}/missing\n", nil), key, nil); err == nil ||
		!strings.Contains(err.Error(), "rules.ignore_file") {
		t.Errorf("a missing named ignore file: err = %v", err)
	}
}
