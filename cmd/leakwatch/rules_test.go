package main

import (
	"encoding/json"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/leakwatch/leakwatch/internal/fakesecret"
	"github.com/leakwatch/leakwatch/queries"
)

func TestRulesList(t *testing.T) {
	cfg := scanWriteFile(t, filepath.Join(t.TempDir(), "config.yaml"),
		"rules:\n  disable: [github-pat]\n  custom: [{id: acme, severity: low, keywords: [\"acme_\"], regex: 'acme_[a-z0-9]{32}'}]\n")
	catalog := queries.Catalog()
	type listed struct {
		CatalogVersion string `json:"catalog_version"`
		Rules          []struct {
			ID          string   `json:"id"`
			Severity    string   `json:"severity"`
			Description string   `json:"description"`
			Keywords    []string `json:"keywords"`
			Custom      bool     `json:"custom"`
		} `json:"rules"`
	}
	tests := []struct {
		name       string
		args       []string
		n          int
		has, hasnt string
	}{
		{"catalogue", nil, len(catalog), "github-pat", "acme"},
		{"with config", []string{"--config", cfg}, len(catalog), "acme", "github-pat"},
	}
	for _, tc := range tests {
		t.Run(tc.name+" json", func(t *testing.T) {
			code, out, stderr := runCLI(t, nil, append([]string{"rules", "list", "--format", "json"}, tc.args...)...)
			var l listed
			if err := json.Unmarshal([]byte(out), &l); err != nil || code != 0 {
				t.Fatalf("exit %d, %v, stderr %s", code, err, stderr)
			}
			if l.CatalogVersion != queries.CatalogVersion || len(l.Rules) != tc.n {
				t.Fatalf("version %q, %d rules, want %q, %d", l.CatalogVersion, len(l.Rules), queries.CatalogVersion, tc.n)
			}
			ids := map[string]bool{}
			for _, r := range l.Rules {
				ids[r.ID] = true
				if _, err := queries.ParseSeverity(r.Severity); err != nil || r.Description == "" || len(r.Keywords) == 0 {
					t.Fatalf("rule %+v", r)
				}
				if r.Custom != (r.ID == "acme") {
					t.Fatalf("rule %s: custom %v", r.ID, r.Custom)
				}
			}
			if !ids[tc.has] || ids[tc.hasnt] {
				t.Fatalf("want %s listed and %s not", tc.has, tc.hasnt)
			}
		})
		t.Run(tc.name+" table", func(t *testing.T) {
			code, out, _ := runCLI(t, nil, append([]string{"rules", "list"}, tc.args...)...)
			lines := strings.Split(strings.TrimSpace(out), "\n")
			rows := regexp.MustCompile(`(?m)^\S+\s+(?:critical|high|medium|low)\s+\S+\s+\S.*$`).FindAllString(out, -1)
			if code != 0 || len(rows) != tc.n || !regexp.MustCompile(`^ID\s+SEVERITY\s+KEYWORDS\s+DESCRIPTION$`).MatchString(lines[0]) {
				t.Fatalf("exit %d, %d rule rows, header %q", code, len(rows), lines[0])
			}
			// Grouped by provider: every rule row follows a [Provider] heading.
			if !regexp.MustCompile(`(?m)^ID.*\n\n\[[^\]]+\]\n\S`).MatchString(out) {
				t.Fatalf("no provider heading before the first rule:\n%.300s", out)
			}
			row := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(tc.has) + `\s+(critical|high|medium|low)\s+\S+\s+\S.*$`)
			if !row.MatchString(out) || regexp.MustCompile(`(?m)^`+regexp.QuoteMeta(tc.hasnt)+`\s`).MatchString(out) {
				t.Fatalf("want a row for %s and none for %s", tc.has, tc.hasnt)
			}
			if !strings.HasSuffix(lines[len(lines)-1], "catalogue version "+queries.CatalogVersion) {
				t.Fatalf("footer %q", lines[len(lines)-1])
			}
		})
	}
	for _, bad := range [][]string{{"rules"}, {"rules", "frob"}, {"rules", "list", "extra"}, {"rules", "list", "--format", "xml"}} {
		if code, _, _ := runCLI(t, nil, bad...); code != 2 {
			t.Fatalf("%q: exit %d, want 2", bad, code)
		}
	}
}

func TestRulesTest(t *testing.T) {
	tok := fakesecret.GitHub(fakesecret.Fresh(), "ghp_")
	wrong := tok[:len(tok)-1] + "A" // checksum broken
	if strings.HasSuffix(tok, "A") {
		wrong = tok[:len(tok)-1] + "B"
	}
	cfg := scanWriteFile(t, filepath.Join(t.TempDir(), "config.yaml"), "rules:\n  allow: [\""+tok+"\"]\n")
	tests := []struct {
		name   string
		args   []string
		stdin  string
		code   int
		want   []string // file:line:col rule
		stderr string
	}{
		{"string with a token", []string{"token=" + tok}, "", 1, []string{"<arg>:1:7 github-pat"}, ""},
		{"string without", []string{"hello world"}, "", 0, nil, ""},
		{"bad checksum", []string{"token=" + wrong}, "", 0, nil, ""},
		{"multi-line string", []string{"a\nb " + tok}, "", 1, []string{"<arg>:2:3 github-pat"}, ""},
		{"stdin lines", []string{"-"}, "x\ny\n  " + tok + "\nz " + tok + "\n", 1, []string{"<stdin>:3:3 github-pat", "<stdin>:4:3 github-pat"}, ""},
		{"stdin clean", []string{"-"}, "x\ny\n", 0, nil, ""},
		{"config allowlist", []string{"--config", cfg, "token=" + tok}, "", 0, nil, ""},
		{"redact full", []string{"--redact", "full", "token=" + tok}, "", 1, []string{"<arg>:1:7 github-pat"}, ""},
		{"no argument", nil, "", 2, nil, "usage: leakwatch rules test"},
		{"two arguments", []string{"a", "b"}, "", 2, nil, "usage: leakwatch rules test"},
		{"bad format", []string{"--format", "sarif", "x"}, "", 2, nil, `--format "sarif"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out, stderr := runCLI(t, strings.NewReader(tc.stdin), append([]string{"rules", "test"}, tc.args...)...)
			if code != tc.code || !strings.Contains(stderr, tc.stderr) {
				t.Fatalf("exit %d, want %d; stderr %q", code, tc.code, stderr)
			}
			var got []string
			for _, r := range parseText(t, out) {
				got = append(got, r.File+":"+strconv.Itoa(r.Line)+":"+strconv.Itoa(r.Col)+" "+r.Rule)
				if tc.name == "redact full" && r.Preview != "[redacted]" {
					t.Fatalf("preview %q", r.Preview)
				}
			}
			if strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Fatalf("findings %q, want %q", got, tc.want)
			}
			if strings.Contains(out+stderr, tok) {
				t.Fatal("token leaked")
			}
			if tc.code != 2 && stderr != "" {
				t.Fatalf("rules test prints no summary: %q", stderr)
			}
		})
	}
}
