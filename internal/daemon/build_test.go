package daemon

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

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
	det, err := BuildDetector(cfg, []byte("k"), nil)
	if err != nil {
		t.Fatal(err)
	}
	rules := det.Rules()
	if n := len(rules); rules[n-2].ID != "own" || rules[n-1].ID != "gitleaks:acme" {
		t.Errorf("last rules %s, %s: want own, gitleaks:acme", rules[n-2].ID, rules[n-1].ID)
	}
	found := 0
	det.Scan([]byte("x acme_0123456789abcdef y"), 0, func(queries.Finding) { found++ })
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
		_, err := BuildDetector(gitleaksConfig(t, c.extra, c.files), []byte("k"), nil)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want %q", c.name, err, c.want)
		}
		if c.name == "bad regex" && (err == nil || !strings.Contains(err.Error(), "b.toml:3: rule x: regex")) {
			t.Errorf("bad regex: error %v does not name the file's line", err)
		}
	}
}
