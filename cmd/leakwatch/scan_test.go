package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/leakwatch/leakwatch/detector"
	"github.com/leakwatch/leakwatch/internal/fakesecret"
	"github.com/leakwatch/leakwatch/internal/state"
	"github.com/leakwatch/leakwatch/queries"
)

// runCLI runs leakwatch in-process.
func runCLI(t *testing.T, stdin io.Reader, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	if stdin == nil {
		stdin = strings.NewReader("")
	}
	var out, errb bytes.Buffer
	code = run(context.Background(), args, cli{stdin: stdin, stdout: &out, stderr: &errb, getenv: func(string) string { return "" }})
	return code, out.String(), errb.String()
}

func scanWriteFile(t *testing.T, path, content string) string {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func scanWriteGzip(t *testing.T, path, content string) string {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write([]byte(content))
	zw.Close()
	return scanWriteFile(t, path, b.String())
}

func scanWriteKey(t *testing.T, dir string) (string, []byte) {
	t.Helper()
	key := make([]byte, state.KeySize)
	rand.Read(key)
	p := filepath.Join(dir, state.KeyFile)
	if err := os.WriteFile(p, key, 0o600); err != nil {
		t.Fatal(err)
	}
	return p, key
}

// textLine is one text-format finding.
var textLine = regexp.MustCompile(`^(.+):(\d+):(\d+) (\S+) (critical|high|medium|low) (.+) ([0-9a-f]{12})$`)

type reported struct {
	File       string
	Line, Col  int
	Rule, Fp   string
	Preview    string
	CharColumn int // SARIF only
}

func parseText(t *testing.T, out string) []reported {
	t.Helper()
	var rs []reported
	for _, l := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		if l == "" {
			continue
		}
		m := textLine.FindStringSubmatch(l)
		if m == nil {
			t.Fatalf("text output line %q does not match PATH:LINE:COL RULE SEVERITY PREVIEW FINGERPRINT", l)
		}
		line, _ := strconv.Atoi(m[2])
		col, _ := strconv.Atoi(m[3])
		rs = append(rs, reported{File: m[1], Line: line, Col: col, Rule: m[4], Preview: m[6], Fp: m[7]})
	}
	return rs
}

func parseJSONLines(t *testing.T, out string) []reported {
	t.Helper()
	var rs []reported
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("json output line %q: %v", sc.Text(), err)
		}
		for _, k := range []string{"rule", "severity", "description", "file", "line", "column", "preview", "fingerprint"} {
			if _, ok := m[k]; !ok {
				t.Fatalf("json finding %s lacks %q", sc.Text(), k)
			}
		}
		fp := m["fingerprint"].(string)
		if !regexp.MustCompile(`^[0-9a-f]{12}$`).MatchString(fp) {
			t.Fatalf("json fingerprint %q: want 12 hex digits", fp)
		}
		if _, err := queries.ParseSeverity(m["severity"].(string)); err != nil {
			t.Fatal(err)
		}
		rs = append(rs, reported{File: m["file"].(string), Line: int(m["line"].(float64)), Col: int(m["column"].(float64)),
			Rule: m["rule"].(string), Fp: fp, Preview: m["preview"].(string)})
	}
	return rs
}

// sarifDoc is the part of SARIF 2.1.0 the tests check, decoded independently of sarif.go.
type sarifDoc struct {
	Schema  string `json:"$schema"`
	Version string `json:"version"`
	Runs    []struct {
		Tool struct {
			Driver struct {
				Name  string `json:"name"`
				Rules []struct {
					ID                   string `json:"id"`
					ShortDescription     struct{ Text string }
					DefaultConfiguration struct{ Level string }
					Properties           map[string]any
				} `json:"rules"`
				Properties map[string]any `json:"properties"`
			} `json:"driver"`
		} `json:"tool"`
		Invocations []struct {
			ExecutionSuccessful        bool `json:"executionSuccessful"`
			ToolExecutionNotifications []struct {
				Message struct{ Text string }
			} `json:"toolExecutionNotifications"`
		} `json:"invocations"`
		ColumnKind string `json:"columnKind"`
		Results    []struct {
			RuleID    string `json:"ruleId"`
			RuleIndex int    `json:"ruleIndex"`
			Level     string `json:"level"`
			Message   struct{ Text string }
			Locations []struct {
				PhysicalLocation struct {
					ArtifactLocation struct{ URI string }
					Region           struct{ StartLine, StartColumn, EndColumn int }
				}
			}
			PartialFingerprints map[string]string `json:"partialFingerprints"`
		} `json:"results"`
	} `json:"runs"`
}

func parseSARIF(t *testing.T, out string) (sarifDoc, []reported) {
	t.Helper()
	var doc sarifDoc
	dec := json.NewDecoder(strings.NewReader(out))
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("sarif output is not one JSON document: %v", err)
	}
	if dec.More() {
		t.Fatal("sarif output has more than one JSON document")
	}
	if doc.Version != "2.1.0" || !strings.Contains(doc.Schema, "sarif-2.1.0") || len(doc.Runs) != 1 {
		t.Fatalf("sarif header: version %q schema %q runs %d", doc.Version, doc.Schema, len(doc.Runs))
	}
	run := doc.Runs[0]
	if run.Tool.Driver.Name != "leakwatch" || run.Tool.Driver.Properties["catalogVersion"] != queries.CatalogVersion {
		t.Fatalf("sarif driver: %+v", run.Tool.Driver.Properties)
	}
	if run.ColumnKind != "unicodeCodePoints" || len(run.Invocations) != 1 {
		t.Fatalf("sarif run: columnKind %q, %d invocations", run.ColumnKind, len(run.Invocations))
	}
	var rs []reported
	for _, r := range run.Results {
		if r.RuleIndex < 0 || r.RuleIndex >= len(run.Tool.Driver.Rules) || run.Tool.Driver.Rules[r.RuleIndex].ID != r.RuleID {
			t.Fatalf("sarif result ruleIndex %d does not point at rule %s", r.RuleIndex, r.RuleID)
		}
		if r.Level != run.Tool.Driver.Rules[r.RuleIndex].DefaultConfiguration.Level || r.Level == "" {
			t.Fatalf("sarif result level %q", r.Level)
		}
		if len(r.Locations) != 1 {
			t.Fatalf("sarif result with %d locations", len(r.Locations))
		}
		loc := r.Locations[0].PhysicalLocation
		if loc.Region.StartLine < 1 || loc.Region.StartColumn < 1 || loc.Region.EndColumn <= loc.Region.StartColumn {
			t.Fatalf("sarif region %+v", loc.Region)
		}
		fp := r.PartialFingerprints["leakwatchFingerprint/v2"]
		if len(fp) != 12 {
			t.Fatalf("sarif partialFingerprints %v", r.PartialFingerprints)
		}
		rs = append(rs, reported{File: loc.ArtifactLocation.URI, Line: loc.Region.StartLine, CharColumn: loc.Region.StartColumn,
			Rule: r.RuleID, Fp: fp})
	}
	return doc, rs
}

func TestScanExitCodes(t *testing.T) {
	dir := t.TempDir()
	tok := fakesecret.GitHub(fakesecret.Fresh(), "ghp_")
	clean := scanWriteFile(t, filepath.Join(dir, "clean.log"), "GET /healthz 200\nuser=alice action=login\n")
	leaky := scanWriteFile(t, filepath.Join(dir, "leaky.log"), "deploy ok\nAuthorization: token "+tok+"\n")
	high := scanWriteFile(t, filepath.Join(dir, "high.log"), "GITHUB_CLIENT_SECRET=1bd5add9ff4f5392db5c7ce548dea174eff65391\n")
	missing := filepath.Join(dir, "missing.log")
	tests := []struct {
		name    string
		args    []string
		stdin   string
		want    int
		wantErr string // substring of stderr
	}{
		{"clean file", []string{"scan", clean}, "", 0, "1 file, 2 lines"},
		{"finding", []string{"scan", leaky}, "", 1, "1 finding"},
		{"clean and finding", []string{"scan", clean, leaky}, "", 1, "2 files, 4 lines"},
		{"missing file", []string{"scan", missing}, "", 2, "missing.log: no such file"},
		{"error wins over findings", []string{"scan", leaky, missing}, "", 2, "1 finding, 0 suppressed, 1 error"},
		{"glob matching nothing", []string{"scan", filepath.Join(dir, "*.nope")}, "", 2, "matches no regular file"},
		{"empty directory", []string{"scan", t.TempDir()}, "", 2, "matches no regular file"},
		{"fail-on above the finding", []string{"scan", "--fail-on", "critical", high}, "", 0, "1 finding"},
		{"fail-on at the finding", []string{"scan", "--fail-on", "high", high}, "", 1, "1 finding"},
		{"bad fail-on", []string{"scan", "--fail-on", "urgent", clean}, "", 2, "unknown severity"},
		{"bad format", []string{"scan", "--format", "xml", clean}, "", 2, `--format "xml"`},
		{"bad redact", []string{"scan", "--redact", "some", clean}, "", 2, `--redact "some"`},
		{"max-line-bytes too small", []string{"scan", "--max-line-bytes", "100", clean}, "", 2, "at least 4096"},
		{"unknown flag", []string{"scan", "--frobnicate", clean}, "", 2, "flag provided but not defined"},
		{"stdin by default", []string{"scan"}, "x " + tok + "\n", 1, "1 file, 1 line"},
		{"stdin dash", []string{"scan", "-"}, "clean\n", 0, "0 findings"},
		{"flags after paths", []string{"scan", leaky, "--format", "json"}, "", 1, ""},
		{"bad key file", []string{"scan", "--key-file", clean, clean}, "", 2, "not a fingerprint key"},
		{"missing config", []string{"scan", "--config", missing, clean}, "", 2, "no such file"},
		{"help", []string{"scan", "--help"}, "", 0, "same fingerprint on\nevery run and every machine"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, strings.NewReader(tc.stdin), tc.args...)
			if code != tc.want {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tc.want, stdout, stderr)
			}
			if !strings.Contains(stderr, tc.wantErr) {
				t.Fatalf("stderr %q lacks %q", stderr, tc.wantErr)
			}
			if strings.Contains(stdout+stderr, tok) {
				t.Fatal("the token leaked into the output")
			}
		})
	}
}

func TestScanFormats(t *testing.T) {
	dir := t.TempDir()
	tok := fakesecret.GitHub(fakesecret.Fresh(), "ghp_")
	// "é" is two bytes: byte and code-point columns differ after it.
	path := scanWriteFile(t, filepath.Join(dir, "app.log"), "start\nmsg=\"é\" token="+tok+" done\n")
	wantCol := len("msg=\"é\" token=") + 1
	t.Run("text", func(t *testing.T) {
		code, out, stderr := runCLI(t, nil, "scan", path)
		rs := parseText(t, out)
		if code != 1 || len(rs) != 1 {
			t.Fatalf("exit %d, findings %v", code, rs)
		}
		want := reported{File: path, Line: 2, Col: wantCol, Rule: "github-pat", Preview: "ghp_…" + tok[len(tok)-4:], Fp: rs[0].Fp}
		if rs[0] != want {
			t.Fatalf("got %+v, want %+v", rs[0], want)
		}
		if !regexp.MustCompile(`(?m)^leakwatch: scanned 1 file, 2 lines, \d+ bytes: 1 finding, 0 suppressed$`).MatchString(stderr) {
			t.Fatalf("summary: %q", stderr)
		}
	})
	t.Run("json", func(t *testing.T) {
		code, out, stderr := runCLI(t, nil, "scan", "--format", "json", path, path)
		rs := parseJSONLines(t, out)
		if code != 1 || len(rs) != 1 || rs[0].Line != 2 || rs[0].Col != wantCol || rs[0].Rule != "github-pat" || rs[0].File != path {
			t.Fatalf("exit %d, findings %+v (a file named twice is scanned once)", code, rs)
		}
		if stderr != "" {
			t.Fatalf("json format writes no summary, got %q", stderr)
		}
	})
	t.Run("sarif", func(t *testing.T) {
		code, out, stderr := runCLI(t, nil, "scan", "--format", "sarif", path)
		doc, rs := parseSARIF(t, out)
		if code != 1 || len(rs) != 1 || stderr != "" {
			t.Fatalf("exit %d, findings %+v, stderr %q", code, rs, stderr)
		}
		if rs[0].Line != 2 || rs[0].CharColumn != utf8.RuneCountInString("msg=\"é\" token=")+1 || rs[0].Rule != "github-pat" {
			t.Fatalf("sarif result %+v", rs[0])
		}
		if rs[0].File != filepath.ToSlash(path) && rs[0].File != "file://"+filepath.ToSlash(path) {
			t.Fatalf("sarif uri %q", rs[0].File)
		}
		r := doc.Runs[0]
		if got := r.Results[0].Locations[0].PhysicalLocation.Region.EndColumn - rs[0].CharColumn; got != len(tok) {
			t.Fatalf("sarif region spans %d code points, want %d", got, len(tok))
		}
		if len(r.Tool.Driver.Rules) != len(queries.Catalog()) || !r.Invocations[0].ExecutionSuccessful {
			t.Fatalf("sarif: %d rules, invocation %+v", len(r.Tool.Driver.Rules), r.Invocations[0])
		}
		if !strings.Contains(r.Results[0].Message.Text, "ghp_…") {
			t.Fatalf("sarif message %q lacks the preview", r.Results[0].Message.Text)
		}
	})
	t.Run("sarif clean and failed", func(t *testing.T) {
		code, out, _ := runCLI(t, nil, "scan", "--format", "sarif", filepath.Join(dir, "nope.log"))
		doc, rs := parseSARIF(t, out)
		inv := doc.Runs[0].Invocations[0]
		if code != 2 || len(rs) != 0 || inv.ExecutionSuccessful || len(inv.ToolExecutionNotifications) != 1 ||
			!strings.Contains(inv.ToolExecutionNotifications[0].Message.Text, "nope.log") {
			t.Fatalf("exit %d, results %d, invocation %+v", code, len(rs), inv)
		}
		if !strings.Contains(out, `"results": []`) {
			t.Fatal("a clean SARIF run must carry an empty results array")
		}
	})
}

// TestScanStreamsStdin reads the first finding while stdin is still open: findings are
// printed as lines arrive, not when the input ends.
func TestScanStreamsStdin(t *testing.T) {
	for _, format := range []string{"text", "json"} {
		t.Run(format, func(t *testing.T) {
			inR, inW := io.Pipe()
			outR, outW := io.Pipe()
			done := make(chan int, 1)
			go func() {
				code := run(context.Background(), []string{"scan", "--format", format},
					cli{stdin: inR, stdout: outW, stderr: io.Discard, getenv: os.Getenv})
				outW.Close()
				done <- code
			}()
			out := bufio.NewReader(outR)
			for i, tok := range []string{fakesecret.GitHub(fakesecret.Fresh(), "ghp_"), fakesecret.GitHub(fakesecret.Fresh(), "gho_")} {
				// A short line: far less than any read buffer or the 1 KiB file-ID head.
				if _, err := fmt.Fprintf(inW, "noise\nauth=%s\n", tok); err != nil {
					t.Fatal(err)
				}
				line, err := out.ReadString('\n') // blocks until the finding is printed
				if err != nil {
					t.Fatal(err)
				}
				if !strings.Contains(line, ":"+strconv.Itoa(2*i+2)+":") && !strings.Contains(line, `"line":`+strconv.Itoa(2*i+2)) {
					t.Fatalf("finding %d names the wrong line: %q", i, line)
				}
				if strings.Contains(line, tok) {
					t.Fatal("token leaked")
				}
			}
			inW.Close()
			if rest, _ := io.ReadAll(out); len(rest) != 0 {
				t.Fatalf("unexpected output after stdin closed: %q", rest)
			}
			if code := <-done; code != 1 {
				t.Fatalf("exit %d, want 1", code)
			}
		})
	}
}

// TestScanInterrupted: a cancelled context ends a scan blocked on an idle stdin.
func TestScanInterrupted(t *testing.T) {
	inR, inW := io.Pipe()
	defer inW.Close()
	ctx, cancel := context.WithCancel(context.Background())
	var stderr bytes.Buffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"scan", "-"}, cli{stdin: inR, stdout: io.Discard, stderr: &stderr, getenv: os.Getenv})
	}()
	inW.Write([]byte("first line\n")) // the scan is reading
	cancel()
	if code := <-done; code != 2 || !strings.Contains(stderr.String(), "interrupted") {
		t.Fatalf("exit %d, stderr %q", code, stderr.String())
	}
}

func TestScanInputs(t *testing.T) {
	dir := t.TempDir()
	tok := fakesecret.GitHub(fakesecret.Fresh(), "ghp_")
	line := "auth token=" + tok + "\n"
	scanWriteFile(t, filepath.Join(dir, "logs", "a.log"), "x\n"+line)
	scanWriteFile(t, filepath.Join(dir, "logs", "b.txt"), line)
	scanWriteGzip(t, filepath.Join(dir, "logs", "old", "a.log.1.gz"), "y\ny\n"+line)
	scanWriteGzip(t, filepath.Join(dir, "logs", "old", "rotated"), line) // gzip without the suffix
	scanWriteFile(t, filepath.Join(dir, "logs", "old", "deep", "c.log"), "z\nz\nz\n"+line)
	tests := []struct {
		name string
		args []string
		want []string // file:line of every finding, in output order
	}{
		{"directory, recursive", []string{"logs"}, []string{
			"logs/a.log:2", "logs/b.txt:1", "logs/old/a.log.1.gz:3", "logs/old/deep/c.log:4", "logs/old/rotated:1"}},
		{"glob", []string{"logs/*.log"}, []string{"logs/a.log:2"}},
		{"glob in a subdirectory", []string{"logs/*/*.gz"}, []string{"logs/old/a.log.1.gz:3"}},
		{"gzip file", []string{"logs/old/rotated"}, []string{"logs/old/rotated:1"}},
		{"exclude", []string{"--exclude", "*.gz", "--exclude", "deep", "logs"}, []string{"logs/a.log:2", "logs/b.txt:1", "logs/old/rotated:1"}},
		{"overlapping arguments", []string{"logs/a.log", "logs/*.log"}, []string{"logs/a.log:2"}},
	}
	wd, _ := os.Getwd()
	if err := os.Chdir(dir); err != nil {
		t.Fatal(err)
	}
	defer os.Chdir(wd)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out, stderr := runCLI(t, nil, append([]string{"scan"}, tc.args...)...)
			var got []string
			for _, r := range parseText(t, out) {
				got = append(got, fmt.Sprintf("%s:%d", filepath.ToSlash(r.File), r.Line))
				if r.Col != len("auth token=")+1 || r.Rule != "github-pat" {
					t.Fatalf("finding %+v", r)
				}
			}
			if code != 1 || !slices.Equal(got, tc.want) {
				t.Fatalf("exit %d, findings %q, want %q\nstderr: %s", code, got, tc.want, stderr)
			}
		})
	}
	t.Run("truncated gzip is an error", func(t *testing.T) {
		var b bytes.Buffer
		zw := gzip.NewWriter(&b)
		zw.Write(bytes.Repeat([]byte(line), 2000))
		zw.Close()
		p := scanWriteFile(t, filepath.Join(dir, "cut.gz"), b.String()[:b.Len()/2])
		code, _, stderr := runCLI(t, nil, "scan", p)
		if code != 2 || !strings.Contains(stderr, "read "+p) {
			t.Fatalf("exit %d, stderr %q", code, stderr)
		}
	})
}

func TestScanConfig(t *testing.T) {
	dir := t.TempDir()
	tok, other := fakesecret.GitHub(fakesecret.Fresh(), "ghp_"), fakesecret.GitHub(fakesecret.Fresh(), "ghp_")
	custom := "acme_" + strings.Repeat("k3", 16)
	logs := scanWriteFile(t, filepath.Join(dir, "app.log"), strings.Join([]string{
		"a token=" + tok,
		"b token=" + other,
		"c key=" + custom,
		"d GITHUB_CLIENT_SECRET=1bd5add9ff4f5392db5c7ce548dea174eff65391",
	}, "\n")+"\n")
	cfg := func(body string) string {
		return scanWriteFile(t, filepath.Join(t.TempDir(), "config.yaml"), body)
	}
	tests := []struct {
		name       string
		config     string
		extra      []string
		want       []string // rule:line
		suppressed int
		code       int
	}{
		{"no config", "", nil, []string{"github-pat:1", "github-pat:2", "github-oauth-client-secret:4"}, 0, 1},
		{"allowlist", "rules:\n  allow: [\"" + tok + "\"]\n", nil, []string{"github-pat:2", "github-oauth-client-secret:4"}, 1, 1},
		{"disable", "rules:\n  disable: [github-oauth-client-secret]\n", nil, []string{"github-pat:1", "github-pat:2"}, 0, 1},
		{"custom rule", "rules:\n  custom: [{id: acme, severity: low, keywords: [\"acme_\"], regex: 'acme_[a-z0-9]{32}'}]\n", nil,
			[]string{"github-pat:1", "github-pat:2", "acme:3", "github-oauth-client-secret:4"}, 0, 1},
		{"sources and alerting ignored", "sources:\n  - name: app\n    type: loki\n    loki: {url: http://loki.invalid:3100}\nalerting:\n  webhooks: [{url: \"http://hook.invalid/x\"}]\nrules:\n  disable: [github-pat, github-oauth-client-secret]\n",
			nil, nil, 0, 0},
		{"invalid config", "rules:\n  disable: [no-such-rule]\n", nil, nil, 0, 2},
		{"invalid elsewhere", "sources:\n  - name: x\n    type: splunk\n", nil, nil, 0, 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			args := []string{"scan"}
			if tc.config != "" {
				args = append(args, "--config", cfg(tc.config))
			}
			code, out, stderr := runCLI(t, nil, append(append(args, tc.extra...), logs)...)
			if code != tc.code {
				t.Fatalf("exit %d, want %d; stderr %s", code, tc.code, stderr)
			}
			if code == 2 {
				if !strings.Contains(stderr, "config") {
					t.Fatalf("stderr %q does not name the config", stderr)
				}
				return
			}
			var got []string
			for _, r := range parseText(t, out) {
				got = append(got, fmt.Sprintf("%s:%d", r.Rule, r.Line))
			}
			if !slices.Equal(got, tc.want) {
				t.Fatalf("findings %q, want %q", got, tc.want)
			}
			if want := fmt.Sprintf("%d suppressed", tc.suppressed); !strings.Contains(stderr, want) {
				t.Fatalf("summary %q lacks %q", stderr, want)
			}
			for _, s := range []string{tok, other, custom} {
				if strings.Contains(out+stderr, s) {
					t.Fatal("a secret leaked into the output")
				}
			}
		})
	}
}

func TestScanRedaction(t *testing.T) {
	dir := t.TempDir()
	tok := fakesecret.GitHub(fakesecret.Fresh(), "ghp_")
	logs := scanWriteFile(t, filepath.Join(dir, "app.log"), "token="+tok+"\n")
	full := scanWriteFile(t, filepath.Join(dir, "full.yaml"), "redaction: full\n")
	partialPreview := "ghp_…" + tok[len(tok)-4:]
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"default partial", nil, partialPreview},
		{"flag full", []string{"--redact", "full"}, "[redacted]"},
		{"config full", []string{"--config", full}, "[redacted]"},
		{"flag overrides config", []string{"--config", full, "--redact", "partial"}, partialPreview},
	}
	for _, tc := range tests {
		for _, format := range []string{"text", "json"} {
			t.Run(tc.name+" "+format, func(t *testing.T) {
				args := append(append([]string{"scan", "--format", format}, tc.args...), logs)
				code, out, _ := runCLI(t, nil, args...)
				var rs []reported
				if format == "text" {
					rs = parseText(t, out)
				} else {
					rs = parseJSONLines(t, out)
				}
				if code != 1 || len(rs) != 1 || rs[0].Preview != tc.want {
					t.Fatalf("exit %d, findings %+v, want preview %q", code, rs, tc.want)
				}
				if tc.want == "[redacted]" && (strings.Contains(out, "ghp_") || strings.Contains(out, tok[len(tok)-4:])) {
					t.Fatalf("full redaction shows the prefix or suffix: %s", out)
				}
			})
		}
	}
}

func TestScanKeyFile(t *testing.T) {
	dir := t.TempDir()
	tok := fakesecret.GitHub(fakesecret.Fresh(), "ghp_")
	logs := scanWriteFile(t, filepath.Join(dir, "app.log"), "token="+tok+"\n")
	keyPath, key := scanWriteKey(t, dir)
	fp := func(args ...string) string {
		code, out, stderr := runCLI(t, nil, append(append([]string{"scan"}, args...), logs)...)
		rs := parseText(t, out)
		if code != 1 || len(rs) != 1 {
			t.Fatalf("exit %d, %v, %s", code, rs, stderr)
		}
		return rs[0].Fp
	}
	want := detector.Fingerprint(key, tok)[:12]
	if a, b := fp("--key-file", keyPath), fp("--key-file", keyPath); a != want || b != want {
		t.Fatalf("with the key file: %s, %s; want the daemon's %s", a, b, want)
	}
	// Without a key: the same stable fingerprint on every run, unlike the keyed one, and the
	// one detector.StableFingerprint documents.
	var rule *queries.Rule
	for _, r := range queries.Catalog() {
		if r.ID == "github-pat" {
			rule = r
		}
	}
	stable := detector.StableFingerprint(rule, tok)[:12]
	if a, b := fp(), fp(); a != b || a != stable || a == want {
		t.Fatalf("keyless runs gave %s and %s (stable %s, key file's %s): want the stable one twice", a, b, stable, want)
	}
}

// planted is one secret the audit planted and expects reported.
type planted struct {
	file      string // as reported in text and json
	line, col int    // col in bytes, 1-based
	charCol   int    // code points, 1-based
	rule, fp  string
}

func (p planted) key() string {
	return fmt.Sprintf("%s:%d:%d %s %s", p.file, p.line, p.col, p.rule, p.fp)
}

// TestScanPlantedSecretAudit plants every catalogue true-positive sample and fresh GitHub
// tokens in plain, gzip, long-line and escaped-JSON files and on stdin, runs scan in every
// format and rules test, and checks that each secret is reported at its place under its
// rule, and that no secret appears in full in any output.
func TestScanPlantedSecretAudit(t *testing.T) {
	dir := t.TempDir()
	keyPath, key := scanWriteKey(t, dir)
	det, err := detector.New(queries.Catalog(), detector.Options{Key: key, Allow: detector.DefaultAllow})
	if err != nil {
		t.Fatal(err)
	}
	secrets := map[string]bool{} // every secret planted, to grep the outputs for
	// findingsOn is the ground truth: what the detector finds on one whole line; the secret
	// is recomputed from the span.
	findingsOn := func(line string) []detector.Finding {
		var fs []detector.Finding
		det.Scan([]byte(line), 0, func(f detector.Finding) {
			secrets[line[f.Start:f.End]] = true
			fs = append(fs, f)
		})
		return fs
	}

	// Lines: every catalogue true positive (each must yield its rule), and fresh tokens.
	var lines []string
	rulesCovered := map[string]bool{}
	for _, r := range queries.Catalog() {
		tps, _ := r.Samples()
		for _, s := range tps {
			found := false
			for _, f := range findingsOn(s) {
				found = found || f.RuleID == r.ID
			}
			if !found {
				t.Fatalf("catalogue sample of %s not found by the detector", r.ID)
			}
			rulesCovered[r.ID] = true
			lines = append(lines, s)
		}
	}
	var fresh []string
	for _, prefix := range []string{"ghp_", "gho_", "ghu_", "ghs_", "ghr_"} {
		for range 3 {
			tok := fakesecret.GitHub(fakesecret.Fresh(), prefix)
			fresh = append(fresh, tok)
			secrets[tok] = true
			lines = append(lines, fmt.Sprintf(`ts=2026-11-02T10:00:00Z level=info msg="git fetch" auth=%s`, tok))
		}
	}
	if len(rulesCovered) < 100 {
		t.Fatalf("only %d rules covered", len(rulesCovered))
	}

	var want []planted // what every scan must report, files and stdin
	plant := func(name string, body []string) {
		for i, l := range body {
			for _, f := range findingsOn(l) {
				want = append(want, planted{file: name, line: i + 1, col: f.Start + 1,
					charCol: utf8.RuneCountInString(l[:f.Start]) + 1, rule: f.RuleID, fp: f.ShortFingerprint()})
			}
		}
	}
	// Plain: the samples between harmless lines.
	var plain []string
	for _, l := range lines {
		plain = append(plain, "level=info msg=\"request served\" status=200", l)
	}
	plainText := strings.Join(plain, "\n") + "\n"
	plainPath := scanWriteFile(t, filepath.Join(dir, "plain.log"), plainText)
	plant(plainPath, plain)
	// Gzip, in a subdirectory, one with and one without a .gz name.
	gzPath := scanWriteGzip(t, filepath.Join(dir, "archive", "plain.log.1.gz"), plainText)
	plant(gzPath, plain)
	rotPath := scanWriteGzip(t, filepath.Join(dir, "archive", "old", "plain.log.2"), plainText)
	plant(rotPath, plain)
	// Escaped JSON: every line as a JSON string inside a JSON log record.
	var escaped []string
	for _, l := range lines {
		b, _ := json.Marshal(map[string]string{"log": l + "\n", "stream": "stdout"})
		escaped = append(escaped, string(b))
	}
	escPath := scanWriteFile(t, filepath.Join(dir, "docker.json.log"), strings.Join(escaped, "\n")+"\n")
	plant(escPath, escaped)
	for i, tok := range fresh { // generated tokens survive escaping
		if !strings.Contains(escaped[len(lines)-len(fresh)+i], tok) {
			t.Fatalf("escaped line lost token %d", i)
		}
	}
	// Long lines, longer than --max-line-bytes and without separators near the cuts, so that
	// the reader cuts at exactly max bytes and secrets straddle the cuts: pieces of 8192
	// bytes overlapping by 2048 start at 0, 6144, 12288, … and end at 8192, 14336, 20480, …
	const maxLine = 8192
	var long []string
	var longWant []planted
	for variant := range 2 {
		var b strings.Builder
		var spots []int
		for _, cut := range []int{8192, 14336, 20480, 26624} {
			spots = append(spots, cut-20-variant*11)
		}
		spots = append(spots, 13000) // one inside a piece's overlap
		slices.Sort(spots)
		for len(spots) > 0 {
			if b.Len() < spots[0]-1 {
				b.WriteString("qz.")
				continue
			}
			s := b.String()[:spots[0]-1]
			b.Reset()
			b.WriteString(s + ":")
			tok := fakesecret.GitHub(fakesecret.Fresh(), "ghp_")
			secrets[tok] = true
			longWant = append(longWant, planted{line: len(long) + 1, col: b.Len() + 1, charCol: b.Len() + 1,
				rule: "github-pat", fp: detector.Fingerprint(key, tok)[:12]})
			b.WriteString(tok + ":")
			spots = spots[1:]
		}
		for b.Len() < 30000 {
			b.WriteString("qz.")
		}
		long = append(long, b.String())
	}
	longPath := scanWriteFile(t, filepath.Join(dir, "long.log"), strings.Join(long, "\n")+"\n")
	for _, p := range longWant {
		p.file = longPath
		want = append(want, p)
	}
	if got := len(findingsOn(long[0])); got != 5 {
		t.Fatalf("ground truth: %d findings on the long line, want 5", got)
	}
	for _, l := range lines {
		if len(l) > maxLine/2 {
			t.Fatalf("a sample line of %d bytes would be cut", len(l))
		}
	}
	// Stdin carries the plain lines too.
	plant(stdinName, plain)

	wantKeys := map[string]bool{}
	for _, p := range want {
		wantKeys[p.key()] = true
	}
	noSecret := func(t *testing.T, what, out string) {
		t.Helper()
		for s := range secrets {
			if strings.Contains(out, s) {
				t.Fatalf("%s contains a planted secret in full (%d bytes, preview %s)", what, len(s), detector.Preview(&queries.Rule{}, s, detector.RedactPartial))
			}
		}
	}
	args := []string{"scan", "--key-file", keyPath, "--max-line-bytes", strconv.Itoa(maxLine),
		plainPath, filepath.Join(dir, "archive"), escPath, longPath, "-"}
	for _, format := range []string{"text", "json", "sarif"} {
		t.Run(format, func(t *testing.T) {
			code, out, stderr := runCLI(t, strings.NewReader(plainText), append(args, "--format", format)...)
			if code != 1 {
				t.Fatalf("exit %d, stderr %s", code, stderr)
			}
			noSecret(t, "stdout", out)
			noSecret(t, "stderr", stderr)
			var rs []reported
			switch format {
			case "text":
				rs = parseText(t, out)
				if !strings.Contains(stderr, fmt.Sprintf(": %d findings", len(want))) {
					t.Fatalf("summary %q, want %d findings", stderr, len(want))
				}
			case "json":
				rs = parseJSONLines(t, out)
			case "sarif":
				_, rs = parseSARIF(t, out)
			}
			got := map[string]bool{}
			for _, r := range rs {
				if format == "sarif" {
					// SARIF columns count code points; map back through the planted list.
					r.File = fromURI(r.File)
					for _, p := range want {
						if p.file == r.File && p.line == r.Line && p.charCol == r.CharColumn && p.rule == r.Rule {
							r.Col = p.col
						}
					}
				}
				k := planted{file: r.File, line: r.Line, col: r.Col, rule: r.Rule, fp: r.Fp}.key()
				if got[k] {
					t.Fatalf("reported twice: %s", k)
				}
				got[k] = true
				if !wantKeys[k] {
					t.Errorf("unexpected finding %s", k)
				}
			}
			for _, p := range want {
				if !got[p.key()] {
					t.Errorf("planted secret not reported: %s", p.key())
				}
			}
		})
	}
	t.Run("rules test stdin", func(t *testing.T) {
		code, out, stderr := runCLI(t, strings.NewReader(plainText), "rules", "test", "--key-file", keyPath, "-")
		noSecret(t, "stdout", out)
		noSecret(t, "stderr", stderr)
		var n int
		for _, r := range parseText(t, out) {
			if !wantKeys[planted{file: stdinName, line: r.Line, col: r.Col, rule: r.Rule, fp: r.Fp}.key()] {
				t.Errorf("unexpected finding %+v", r)
			}
			n++
		}
		wantStdin := 0
		for _, p := range want {
			if p.file == stdinName {
				wantStdin++
			}
		}
		if code != 1 || n != wantStdin {
			t.Fatalf("exit %d, %d findings, want %d", code, n, wantStdin)
		}
	})
	t.Run("rules test string", func(t *testing.T) {
		// One invocation builds the whole catalogue: a few strings keep this fast.
		for _, l := range []string{lines[0], lines[len(lines)/2], lines[len(lines)-1], escaped[3]} {
			code, out, stderr := runCLI(t, nil, "rules", "test", "--format", "json", "--key-file", keyPath, l)
			noSecret(t, "stdout", out)
			noSecret(t, "stderr", stderr)
			rs := parseJSONLines(t, out)
			truth := findingsOn(l)
			if code != 1 || len(rs) != len(truth) {
				t.Fatalf("exit %d, %d findings, want %d", code, len(rs), len(truth))
			}
			for _, r := range rs {
				if !slices.ContainsFunc(truth, func(f detector.Finding) bool {
					return f.RuleID == r.Rule && f.Column == r.Col && f.ShortFingerprint() == r.Fp
				}) || r.File != "<arg>" || r.Line != 1 {
					t.Fatalf("unexpected finding %+v", r)
				}
			}
		}
	})
}

func fromURI(u string) string {
	if u == "stdin" {
		return stdinName
	}
	return filepath.FromSlash(strings.TrimPrefix(u, "file://"))
}

// TestScanIgnoreFiles: .leakwatchignore in the working directory and in a scanned directory,
// --ignore-file and the config's rules.ignore_file all leave their fingerprints out; a bad
// entry is an error naming the file and line.
func TestScanIgnoreFiles(t *testing.T) {
	dir := t.TempDir()
	r := fakesecret.Fresh()
	a, b := fakesecret.GitHub(r, "ghp_"), fakesecret.GitHub(r, "ghp_")
	logs := filepath.Join(dir, "logs")
	scanWriteFile(t, filepath.Join(logs, "app.log"), "a="+a+"\nb="+b+"\n")
	_, out, _ := runCLI(t, nil, "scan", "--format", "json", logs)
	var fpA, fpB string
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var f findingJSON
		if err := json.Unmarshal([]byte(line), &f); err != nil {
			t.Fatal(err)
		}
		if f.Line == 1 {
			fpA = f.Fingerprint
		} else {
			fpB = f.Fingerprint
		}
	}
	if fpA == "" || fpB == "" {
		t.Fatalf("first scan: %q", out)
	}
	ignoreA := "# fixtures\n" + fpA + "  # fake token in a fixture\n"
	wd := t.TempDir()
	t.Chdir(wd)
	cfg := scanWriteFile(t, filepath.Join(dir, "cfg.yaml"), "rules:\n  ignore_file: "+filepath.Join(dir, "named")+"\n")
	scanWriteFile(t, filepath.Join(dir, "named"), ignoreA)
	for _, tc := range []struct {
		name  string
		files map[string]string
		args  []string
		code  int
		want  string // stdout or stderr substring
	}{
		{"none", nil, nil, 1, "app.log:1:3"},
		{"working directory", map[string]string{filepath.Join(wd, ".leakwatchignore"): ignoreA}, nil, 1, "1 finding, 1 suppressed"},
		{"scanned directory", map[string]string{filepath.Join(logs, ".leakwatchignore"): ignoreA}, nil, 1, "1 finding, 1 suppressed"},
		{"both ignored", map[string]string{filepath.Join(logs, ".leakwatchignore"): ignoreA + fpB + " # another\n"}, nil, 0, "0 findings, 2 suppressed"},
		{"--ignore-file", map[string]string{filepath.Join(dir, "ign"): ignoreA}, []string{"--ignore-file", filepath.Join(dir, "ign")}, 1, "1 finding, 1 suppressed"},
		{"rules.ignore_file", nil, []string{"--config", cfg}, 1, "1 finding, 1 suppressed"},
		{"bad entry", map[string]string{filepath.Join(wd, ".leakwatchignore"): "# ok\n" + a + "\n"}, nil, 2, ".leakwatchignore:2: fingerprint"},
		{"missing --ignore-file", nil, []string{"--ignore-file", filepath.Join(dir, "nope")}, 2, "--ignore-file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for p, body := range tc.files {
				scanWriteFile(t, p, body)
				t.Cleanup(func() { os.Remove(p) })
			}
			code, out, errs := runCLI(t, nil, append(append([]string{"scan"}, tc.args...), logs)...)
			if code != tc.code || !strings.Contains(out+errs, tc.want) {
				t.Fatalf("exit %d (want %d), output %q %q: want %q", code, tc.code, out, errs, tc.want)
			}
			if strings.Contains(out+errs, a) || strings.Contains(out+errs, b) {
				t.Fatal("a secret is printed")
			}
		})
	}
}
