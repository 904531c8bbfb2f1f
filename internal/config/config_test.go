package config

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func env(m map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

// TestExampleLoads keeps config.example.yaml true: it must load with its credential files
// present and document every field of Config (a field the example lacks is undocumented).
func TestExampleLoads(t *testing.T) {
	raw, err := os.ReadFile("../../config.example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	text := string(raw)
	for _, f := range []string{"loki-password", "es-api-key", "slack-token", "webhook-signing-key", "aws-secret-key"} {
		p := filepath.Join(dir, f)
		if err := os.WriteFile(p, []byte("value-of-"+f+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		text = strings.ReplaceAll(text, "/run/secrets/"+f, p)
	}
	c, err := Parse([]byte(text), env(map[string]string{"INCIDENT_WEBHOOK_URL": "https://hooks.example.com/x"}))
	if err != nil {
		t.Fatalf("example does not load: %v", err)
	}
	if len(c.Sources) != 5 || c.Sources[3].Type != "file_permissions" || permBlock(c.Sources[3]).MaxMode != "0600" ||
		lokiBlock(c.Sources[1]).Selectors[0] != `{namespace="prod"}` || osBlock(c.Sources[4]).SigV4 == nil {
		t.Fatalf("sources not as documented: %+v", c.Sources)
	}
	if ba := lokiBlock(c.Sources[1]).HTTP.BasicAuth; ba == nil || !strings.HasSuffix(ba.PasswordFile, "loki-password") {
		t.Errorf("loki basic_auth.password_file not decoded: %+v", ba)
	}
	// A single-tenant Loki (the default) needs no tenant: the example must say so where it
	// sets one, or a newcomer copies "tenant: prod" and queries a tenant that has no logs.
	if i := strings.Index(string(raw), "tenant: prod"); i < 0 || !strings.Contains(string(raw)[max(0, i-300):i], "leave tenant out for a single-tenant Loki") {
		t.Errorf("config.example.yaml sets tenant without saying to leave it out for a single-tenant Loki")
	}
	if c.Alerting.Webhooks[0].URL.Reveal() != "https://hooks.example.com/x" {
		t.Errorf("${ENV} not expanded in webhook url")
	}
	for _, key := range yamlKeys(t) {
		if !strings.Contains(string(raw), key+":") {
			t.Errorf("config.example.yaml does not document %q", key)
		}
	}
}

func TestErrorsNameTheField(t *testing.T) {
	base := "data_dir: /tmp/x\n"
	cases := []struct{ name, yaml, want string }{
		{"unknown top key", base + "listne: :1\n", `listne (line 2): unknown key`},
		{"unknown source key", base + "sources: [{name: a, type: file, file: {paths: [x]}, intervall: 1m}]\n", `sources[0] (a).intervall (line 2): unknown key`},
		{"unknown block key", base + "sources: [{name: a, type: loki, loki: {url: 'http://l', tennant: t}}]\n", `sources[0] (a).loki.tennant (line 2): unknown key (did you mean tenant?)`},
		{"singular of a key", base + "sources: [{name: a, type: loki, loki: {url: 'http://l', selector: '{app=\"x\"}'}}]\n", `sources[0] (a).loki.selector (line 2): unknown key (did you mean selectors?)`},
		{"no near key", base + "sources: [{name: a, type: loki, loki: {url: 'http://l', zzzzzzzz: t}}]\n", `sources[0] (a).loki.zzzzzzzz (line 2): unknown key (check the spelling against config.example.yaml)`},
		{"unknown http key", base + "sources: [{name: a, type: loki, loki: {url: 'http://l', basic_auth: {user: u}}}]\n", `sources[0] (a).loki.basic_auth.user (line 2): unknown key`},
		{"wrong type int", base + "sources: [{name: a, type: loki, loki: {url: 'http://l', limit: many}}]\n", `sources[0] (a).loki.limit (line 2): want a whole number`},
		{"wrong type bool", base + "sources: [{name: a, type: loki, loki: {url: 'http://l', follow_redirects: sometimes}}]\n", `sources[0] (a).loki.follow_redirects (line 2): want true or false`},
		{"wrong type list", base + "sources: [{name: a, type: file, file: {paths: x}}]\n", `sources[0] (a).file.paths (line 2): want a list`},
		{"wrong type mapping", base + "sources: [{name: a, type: loki, loki: 'http://l'}]\n", `sources[0] (a).loki (line 2): want a mapping`},
		{"sources not a list", base + "sources: {name: a}\n", `sources (line 2): want a list`},
		{"missing type", base + "sources: [{name: a}]\n", "sources[0] (a).type: required"},
		{"top level not a mapping", "- a\n- b\n", "(line 1): want a mapping"},
		{"section not a mapping", base + "log: json\n", "log (line 2): want a mapping"},
		{"number wanted", base + "max_line_bytes: lots\n", "max_line_bytes (line 2): want a whole number"},
		{"bool wanted", base + "verify: {enabled: maybe}\n", "verify.enabled (line 2): want true or false"},
		{"list wanted", base + "rules: {disable: github-pat}\n", "rules.disable (line 2): want a list"},
		{"scalar wanted", base + "redaction: [partial]\n", "redaction (line 2): want a single value"},
		{"unknown nested key", base + "alerting:\n  slack:\n    tokn: x\n", "alerting.slack.tokn (line 4): unknown key"},
		{"unknown tls key", base + "sources: [{name: a, type: loki, loki: {url: 'http://l', tls_config: {ca_fil: x}}}]\n", "sources[0] (a).loki.tls_config.ca_fil (line 2): unknown key"},
		{"bad enum log level", base + "log: {level: loud}\n", `log.level: "loud": want debug, info, warn or error`},
		{"bad slack api url", base + "alerting: {slack: {token: t, channel: '#a', api_url: 'slack.com'}}\n", "alerting.slack.api_url: not an http(s) URL"},
		{"bad runbook url", base + "alerting: {alertmanager: {urls: ['http://am:9093'], runbook_url: 'https://u:hunter2@wiki'}}\n", "alerting.alertmanager.runbook_url: credentials in the URL"},
		{"no name on an index", base + "sources: [{type: file, file: {paths: [x]}, intervall: 1m}]\n", "sources[0].intervall (line 2): unknown key"},
		{"retention too short", base + "retention: {period: 12h}\n", "retention.period: 12h0m0s: must be at least 1d"},
		{"gap horizon past retention", base + "retention: {period: 10d, gap_horizon: 20d}\n", "retention.gap_horizon: 480h0m0s: must be positive and at most retention.period"},
		{"recheck past retention", base + "retention: {period: 1d}\nsources: [{name: l, type: loki, loki: {url: 'http://l:3100'}, recheck: 48h}]\n", "sources[0] (l).recheck: 48h0m0s: must not exceed retention.period"},
		{"recheck on a file", base + "sources: [{name: f, type: file, file: {paths: [x]}, recheck: 1h}]\n", "sources[0] (f).recheck: not used by type file"},
		{"recheck shorter than chunk", base + "sources: [{name: l, type: loki, loki: {url: 'http://l:3100'}, recheck: 30m}]\n", "sources[0] (l).recheck: 30m0s: must be at least chunk"},
		{"bad type", base + "sources: [{name: a, type: splunk}]\n", `sources[0] (a).type: "splunk"`},
		{"bad name", base + "sources: [{name: 'A B', type: file, file: {paths: [x]}}]\n", "sources[0] (A B).name"},
		{"dup name", base + "sources: [{name: a, type: file, file: {paths: [x]}}, {name: a, type: file, file: {paths: [y]}}]\n", "sources[1] (a).name: \"a\" is already used by sources[0]"},
		{"file without block", base + "sources: [{name: a, type: file}]\n", "sources[0] (a).file: required for type file"},
		{"file empty block", base + "sources:\n  - name: a\n    type: file\n    file:\n", "sources[0] (a).file: empty"},
		{"file without paths", base + "sources: [{name: a, type: file, file: {exclude: [x]}}]\n", "sources[0] (a).file.paths: at least one"},
		{"block of another type", base + "sources: [{name: a, type: file, file: {paths: [x]}, loki: {url: 'http://l'}}]\n", "sources[0] (a).loki: not used by type file"},
		{"two blocks", base + "sources: [{name: a, type: loki, loki: {url: 'http://l'}, elasticsearch: {urls: ['http://e'], index: x}}]\n", "sources[0] (a).elasticsearch: not used by type loki"},
		{"loki bad url", base + "sources: [{name: a, type: loki, loki: {url: 'loki:3100'}}]\n", "sources[0] (a).loki.url: not an http(s) URL"},
		{"loki userinfo", base + "sources: [{name: a, type: loki, loki: {url: 'http://admin:hunter2@loki:3100'}}]\n", "sources[0] (a).loki.url: credentials in the URL"},
		{"loki selector", base + "sources: [{name: a, type: loki, loki: {url: 'http://l', selectors: ['{job=~\".*\"}']}}]\n", "sources[0] (a).loki.selectors[0]: selector"},
		{"loki timeout zero", base + "sources: [{name: a, type: loki, loki: {url: 'http://l', timeout: 0s}}]\n", "sources[0] (a).loki.timeout: must be positive"},
		{"loki bad timeout", base + "sources: [{name: a, type: loki, loki: {url: 'http://l', timeout: soon}}]\n", "sources[0] (a).loki.timeout (line 2): not a duration"},
		{"es userinfo", base + "sources: [{name: a, type: elasticsearch, elasticsearch: {urls: ['https://elastic:hunter2@es:9200'], index: x}}]\n", "sources[0] (a).elasticsearch.urls[0]: credentials in the URL"},
		{"loki limit", base + "sources: [{name: a, type: loki, loki: {url: 'http://l', limit: 6000}}]\n", "sources[0] (a).loki.limit: 6000"},
		{"es index", base + "sources: [{name: a, type: elasticsearch, elasticsearch: {urls: ['http://e']}}]\n", "sources[0] (a).elasticsearch.index: required"},
		{"loki structured_metadata", base + "sources: [{name: a, type: loki, loki: {url: 'http://l', structured_metadata: [aws.access_key]}}]\n", "sources[0] (a).loki.structured_metadata[0]: \"aws.access_key\""},
		{"es pushdown", base + "sources: [{name: a, type: elasticsearch, elasticsearch: {urls: ['http://e'], index: x, pushdown: some}}]\n", "sources[0] (a).elasticsearch.pushdown: \"some\""},
		{"es query json", base + "sources: [{name: a, type: elasticsearch, elasticsearch: {urls: ['http://e'], index: x, pushdown: query, query: '{'}}]\n", "sources[0] (a).elasticsearch.query: not valid JSON"},
		{"opensearch flavor", base + "sources: [{name: a, type: opensearch, opensearch: {urls: ['http://e'], index: x, tiebreaker_field: id, flavor: auto}}]\n", "sources[0] (a).opensearch.flavor: not used"},
		{"opensearch tiebreaker", base + "sources: [{name: a, type: opensearch, opensearch: {urls: ['http://e'], index: x}}]\n", "sources[0] (a).opensearch.tiebreaker_field: required"},
		{"sigv4 with basic auth", base + "sources: [{name: a, type: opensearch, opensearch: {urls: ['https://e'], index: x, tiebreaker_field: id, basic_auth: {username: u}, sigv4: {region: eu-west-1}}}]\n", "sources[0] (a).opensearch.sigv4: not with basic_auth"},
		{"sigv4 half keys", base + "sources: [{name: a, type: opensearch, opensearch: {urls: ['https://e'], index: x, tiebreaker_field: id, sigv4: {region: eu-west-1, access_key: AKIAIOSFODNN7EXAMPLE}}}]\n", "sources[0] (a).opensearch.sigv4: must provide"},
		{"permissions mode", base + "sources: [{name: a, type: file_permissions, file_permissions: {max_mode: '999'}}]\n", "sources[0] (a).file_permissions.max_mode: \"999\""},
		{"bad duration", base + "sources: [{name: a, type: file, file: {paths: [x]}, interval: 5 minutes}]\n", "sources[0] (a).interval (line 2): not a duration"},
		{"bad nested duration", base + "alerting:\n  webhooks:\n    - url: http://h\n      timeout: banana\n", "alerting.webhooks[0].timeout (line 5): not a duration"},
		{"both secret forms", base + "sources: [{name: a, type: loki, loki: {url: 'http://l', basic_auth: {username: u, password: p, password_file: f}}}]\n", "sources[0] (a).loki: at most one of basic_auth password, password_file"},
		{"missing password file", base + "sources: [{name: a, type: loki, loki: {url: 'http://l', basic_auth: {username: u, password_file: /nonexistent/pw}}}]\n", "sources[0] (a).loki.basic_auth.password_file: open /nonexistent/pw"},
		{"webhook two auths", base + "alerting: {webhooks: [{url: 'http://h', basic_auth: {username: u}, authorization: {credentials: c}}]}\n", "alerting.webhooks[0]: at most one of"},
		{"custom regex", base + "rules: {custom: [{id: x, keywords: [a], regex: '('}]}\n", "rules.custom[0].regex"},
		{"custom keywords", base + "rules: {custom: [{id: x, regex: 'a'}]}\n", "rules.custom[0].keywords"},
		{"gitleaks empty path", base + "rules: {gitleaks: [a.toml, '']}\n", "rules.gitleaks[1]: empty path"},
		{"gitleaks env", base + "rules: {gitleaks: ['${NOPE}/g.toml']}\n", "rules.gitleaks[0]: environment variable NOPE is not set"},
		{"slack both", base + "alerting: {slack: {token: t, webhook_url: u}}\n", "alerting.slack: set either"},
		{"slack channel", base + "alerting: {slack: {token: t}}\n", "alerting.slack.channel: required"},
		{"missing env", base + "alerting: {webhooks: [{url: '${NOPE}'}]}\n", "alerting.webhooks[0].url: environment variable NOPE is not set"},
		{"webhook url", base + "alerting: {webhooks: [{url: 'ftp://x'}]}\n", "alerting.webhooks[0].url: not an http(s) URL"},
		{"missing token file", base + "alerting: {slack: {token_file: /nonexistent/tok, channel: '#a'}}\n", "alerting.slack.token_file"},
		{"log format", base + "log: {format: xml}\n", "log.format"},
		{"verify http", base + "verify: {enabled: true, base_urls: {github: 'http://ghe.example.com'}}\n", "verify.base_urls.github: must be https"},
		{"verify provider", base + "verify: {base_urls: {gitea: 'https://x'}}\n", `verify.base_urls: unknown provider "gitea"`},
		{"verify rule", base + "verify: {enabled: true, rules: [stripe-secret-key, generic-password]}\n", "verify.rules[1]"},
		{"am no urls", base + "alerting: {alertmanager: {timeout: 5s}}\n", "alerting.alertmanager.urls: at least one"},
		{"am bad url", base + "alerting: {alertmanager: {urls: ['am:9093']}}\n", "alerting.alertmanager.urls[0]"},
		{"am userinfo", base + "alerting: {alertmanager: {urls: ['http://a:hunter2@am:9093']}}\n", "alerting.alertmanager.urls[0]: credentials in the URL"},
		{"am unknown key", base + "alerting: {alertmanager: {urls: ['http://am:9093'], resend: 1m}}\n", `alerting.alertmanager.resend (line 2): unknown key`},
		{"am two auths", base + "alerting: {alertmanager: {urls: ['http://am:9093'], basic_auth: {username: u, password: p}, authorization: {credentials: c}}}\n", "alerting.alertmanager: at most one of"},
		{"redaction", base + "redaction: some\n", "redaction"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse([]byte(tc.yaml), env(nil))
			if err == nil {
				t.Fatalf("accepted, want error containing %q", tc.want)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %q does not contain %q", err, tc.want)
			}
			if strings.Contains(err.Error(), "hunter2") {
				t.Fatalf("error quotes a password: %q", err)
			}
		})
	}
}

// TestSecretsNeverInErrorsOrDumps: a credential value never appears in an error or when the
// config is printed.
func TestSecretsNeverInErrorsOrDumps(t *testing.T) {
	const tok = "xoxb-999999999-888888888-SeCrEtVaLuE"
	c, err := Parse([]byte("alerting: {slack: {token: '"+tok+"', channel: '#a'}}\n"), env(nil))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{c.Alerting.Slack.Token.String(), fmtAll(c)} {
		if strings.Contains(s, "SeCrEtVaLuE") {
			t.Fatalf("secret printed: %s", s)
		}
	}
	_, err = Parse([]byte("alerting: {slack: {token: '"+tok+"'}}\nlog: {format: '"+tok+"'}\n"), env(nil))
	if err == nil {
		t.Fatal("want error")
	}
	if strings.Contains(err.Error(), "SeCrEtVaLuE") && !strings.Contains(err.Error(), "log.format") {
		t.Fatalf("secret in error: %v", err)
	}
}

func TestDefaultsAndEnv(t *testing.T) {
	c, err := Parse([]byte(`
sources:
  - name: l
    type: loki
    loki: {url: "${LOKI}"}
  - name: f
    type: file
    file: {paths: ["/x/*.log"]}
rules: {custom: [{id: c, keywords: [a], regex: 'a$$'}], gitleaks: ["${RULES}/gitleaks.toml"]}
`), env(map[string]string{"LOKI": "http://loki:3100", "RULES": "/etc/rules"}))
	if err != nil {
		t.Fatal(err)
	}
	l, f := c.Sources[0], c.Sources[1]
	if lokiBlock(l).URL != "http://loki:3100" || l.Interval.D() != 5*time.Minute || l.IngestDelay.D() != 2*time.Minute ||
		l.Overlap.D() != 0 || l.Chunk.D() != time.Hour || lokiBlock(l).Limit != 5000 || lokiBlock(l).Selectors[0] != `{service_name=~".+"}` ||
		time.Duration(lokiBlock(l).Timeout) != 30*time.Second || lokiBlock(l).HTTP.FollowRedirects {
		t.Errorf("loki defaults: %+v", l)
	}
	if f.Interval.D() != time.Minute || f.InitialLookback.D() != time.Minute || f.Overlap != 0 {
		t.Errorf("file defaults: %+v", f)
	}
	if len(c.Rules.Gitleaks) != 1 || c.Rules.Gitleaks[0] != "/etc/rules/gitleaks.toml" {
		t.Errorf("rules.gitleaks: ${ENV} not expanded: %q", c.Rules.Gitleaks)
	}
	if !slices.Contains(c.Files(), "/etc/rules/gitleaks.toml") {
		t.Errorf("Files() lacks the gitleaks file, so its changes would not reload: %q", c.Files())
	}
	if c.Rules.Custom[0].Regex != "a$" {
		t.Errorf("$$ not unescaped: %q", c.Rules.Custom[0].Regex)
	}
	if c.Alerting.ReplyPeriod() != DefaultReplyEvery {
		t.Errorf("reply_every default: %v", c.Alerting.ReplyPeriod())
	}
	if c.DataDir != DefaultDataDir || c.Listen != DefaultListen || !*c.Alerting.Log {
		t.Errorf("top defaults: %+v", c)
	}
}

func TestReplyEveryZeroDisables(t *testing.T) {
	c, err := Parse([]byte("alerting: {reply_every: 0s}\n"), env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.Alerting.ReplyPeriod() != 0 {
		t.Errorf("reply_every: 0s gave %v, want 0 (replies off)", c.Alerting.ReplyPeriod())
	}
}

// TestZeroMeansZero: a window duration set to 0s stays zero; one left out takes its default.
func TestZeroMeansZero(t *testing.T) {
	c, err := Parse([]byte("sources:\n  - {name: l, type: loki, loki: {url: 'http://l:3100'}, ingest_delay: 0s, overlap: 0s, recheck: 0s}\n  - {name: m, type: loki, loki: {url: 'http://l:3100'}, recheck: 0s}\n"), env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if l := c.Sources[0]; l.IngestDelay != 0 || l.Overlap != 0 || l.Chunk.D() != time.Hour {
		t.Errorf("explicit zeros: ingest_delay %v, overlap %v, chunk %v; want 0, 0 and the default 1h", l.IngestDelay, l.Overlap, l.Chunk)
	}
	if m := c.Sources[1]; m.IngestDelay.D() != 2*time.Minute || m.Overlap.D() != 5*time.Minute {
		t.Errorf("left out: ingest_delay %v, overlap %v; want the defaults 2m and 5m (no re-verification)", m.IngestDelay, m.Overlap)
	}
}

// TestOverlapDefault: with re-verification (the default) a window does not rescan the one
// before it, at any interval; without it the overlap is one interval, at most 5m, so a line
// is read twice however short the interval.
func TestOverlapDefault(t *testing.T) {
	for _, tc := range []struct {
		extra string
		want  time.Duration
	}{
		{"", 0},
		{", interval: 30s", 0},
		{", interval: 30s, recheck: 0s", 30 * time.Second},
		{", recheck: 0s", 5 * time.Minute},
		{", interval: 10m, recheck: 0s", 5 * time.Minute},
		{", interval: 30s, overlap: 10s", 10 * time.Second},
	} {
		c, err := Parse([]byte("sources:\n  - {name: l, type: loki, loki: {url: 'http://l:3100'}"+tc.extra+"}\n"), env(nil))
		if err != nil {
			t.Fatalf("%q: %v", tc.extra, err)
		}
		if got := c.Sources[0].Overlap.D(); got != tc.want {
			t.Errorf("source{%s}: overlap %v, want %v", tc.extra, got, tc.want)
		}
	}
}

func TestParseDuration(t *testing.T) {
	for in, want := range map[string]time.Duration{"30d": 720 * time.Hour, "1d12h": 36 * time.Hour, "90s": 90 * time.Second, "5m": 5 * time.Minute,
		"1w": 7 * 24 * time.Hour, "1y": 365 * 24 * time.Hour, "0": 0, "0s": 0, "1.5h": 90 * time.Minute, "250ms": 250 * time.Millisecond} {
		got, err := ParseDuration(in)
		if err != nil || got != want {
			t.Errorf("%s: %v %v, want %v", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "d", "5", "-1h", "1x"} {
		if _, err := ParseDuration(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

// TestFilesWatchedForReload: every file whose change must reload the config is listed,
// TLS material of the sources included (a renewed certificate otherwise waits for a restart).
func TestFilesWatchedForReload(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"pw", "ca.pem", "cert.pem", "key.pem"} {
		if err := os.WriteFile(filepath.Join(dir, f), []byte("x\n"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	c, err := Parse([]byte(`
sources:
  - name: l
    type: loki
    loki:
      url: https://loki:3100
      basic_auth: {username: u, password_file: `+dir+`/pw}
      tls_config: {ca_file: `+dir+`/ca.pem, cert_file: `+dir+`/cert.pem, key_file: `+dir+`/key.pem}
`), env(nil))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"pw", "ca.pem", "cert.pem", "key.pem"} {
		if !slices.Contains(c.Files(), filepath.Join(dir, want)) {
			t.Errorf("Files() lacks %s: a change to it would not reload (%q)", want, c.Files())
		}
	}
}

// TestMovedKeys: a source in the shape before 0.2 fails to load with one line per key saying
// where it went, and a rewrite in the new shape that loads, keeps ${VAR} references and
// masks every secret.
func TestMovedKeys(t *testing.T) {
	pw := filepath.Join(t.TempDir(), "pw")
	if err := os.WriteFile(pw, []byte("not-a-real-password\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	old := `sources:
  - name: os
    type: opensearch
    url: https://os:9200
    flavor: opensearch
    index: logs-*
    tiebreaker_field: event.id
    bearer_token: hunter2-token
  - name: perms
    type: file_permissions
    max_mode: "0640"
  - name: lk
    type: loki
    url: ${LOKI_URL}
    username: ${LOKI_USER}
    password_file: ` + pw + `
`
	_, err := Parse([]byte(old), env(map[string]string{"LOKI_URL": "http://loki:3100", "LOKI_USER": "u"}))
	var me *MovedError
	if !errors.As(err, &me) {
		t.Fatalf("err = %v, want a MovedError", err)
	}
	want := []string{
		"sources[0] (os).url: moved to sources[0].opensearch.urls in leakwatch 0.2 (a list)",
		"sources[0] (os).flavor: dropped in leakwatch 0.2 (dropped: type opensearch is OpenSearch)",
		"sources[0] (os).bearer_token: moved to sources[0].opensearch.authorization.credentials in leakwatch 0.2",
		"sources[1] (perms).max_mode: moved to sources[1].file_permissions.max_mode in leakwatch 0.2",
		"sources[2] (lk).password_file: moved to sources[2].loki.basic_auth.password_file in leakwatch 0.2",
	}
	for _, w := range want {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error lacks %q:\n%v", w, err)
		}
	}
	rewrites := strings.Join(me.Rewrites, "")
	if strings.Contains(rewrites+err.Error(), "hunter2") {
		t.Errorf("a secret is shown:\n%s", rewrites)
	}
	for _, w := range []string{"credentials: <secret>", "url: ${LOKI_URL}", "username: ${LOKI_USER}", `max_mode: "0640"`} {
		if !strings.Contains(rewrites, w) {
			t.Errorf("rewrite lacks %q:\n%s", w, rewrites)
		}
	}
	// The rewrite loads, once the masked secret is put back.
	fixed := "sources:\n" + strings.ReplaceAll(rewrites, "<secret>", "tok")
	c, err := Parse([]byte(fixed), env(map[string]string{"LOKI_URL": "http://loki:3100", "LOKI_USER": "u"}))
	if err != nil {
		t.Fatalf("the rewrite does not load: %v\n%s", err, fixed)
	}
	if osBlock(c.Sources[0]) == nil || osBlock(c.Sources[0]).Flavor != "opensearch" || permBlock(c.Sources[1]).MaxMode != "0640" ||
		lokiBlock(c.Sources[2]).HTTP.BasicAuth.PasswordFile != pw {
		t.Errorf("rewrite decoded as %+v", c.Sources)
	}
}

// TestMovedRewriteMasksHeaders: the rewrite config check prints masks every HTTP header
// value (http_headers values and secrets, a headers map), whatever the header is called.
func TestMovedRewriteMasksHeaders(t *testing.T) {
	old := `sources:
  - name: lk
    type: loki
    url: http://loki:3100
    loki:
      http_headers:
        X-Api-Key: {values: [hunter2-value], secrets: [hunter2-secret], files: [/run/secrets/hdr]}
      headers: {X-Token: hunter2-plain}
`
	_, err := Parse([]byte(old), env(nil))
	var me *MovedError
	if !errors.As(err, &me) {
		t.Fatalf("err = %v, want a MovedError", err)
	}
	rewrites := strings.Join(me.Rewrites, "")
	if strings.Contains(rewrites+err.Error(), "hunter2") {
		t.Errorf("a header value is shown:\n%s", rewrites)
	}
	for _, w := range []string{"X-Api-Key", "/run/secrets/hdr", "X-Token: <secret>"} {
		if !strings.Contains(rewrites, w) {
			t.Errorf("rewrite lacks %q:\n%s", w, rewrites)
		}
	}
}

// TestWebConfigFileValidated: config check and reload refuse a web_config_file that
// exporter-toolkit cannot use (missing, unknown key, missing certificate), as the server
// would only fail at the first scrape.
func TestWebConfigFileValidated(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "web-good.yml")
	bad := filepath.Join(dir, "web-bad.yml")
	nocert := filepath.Join(dir, "web-nocert.yml")
	for p, body := range map[string]string{
		good:   "basic_auth_users: {prom: $2y$10$abcdefghijklmnopqrstuuM0123456789abcdefghijklmnopqrstu}\n",
		bad:    "basic_auth_userz: {}\n",
		nocert: "tls_server_config: {cert_file: " + filepath.Join(dir, "missing.crt") + ", key_file: " + filepath.Join(dir, "missing.key") + "}\n",
	} {
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		file string
		ok   bool
	}{{good, true}, {bad, false}, {nocert, false}, {filepath.Join(dir, "absent.yml"), false}} {
		_, err := Parse([]byte("data_dir: "+dir+"\nweb_config_file: "+tc.file+"\nsources: [{name: a, type: file, file: {paths: [/x]}}]\n"), env(nil))
		if (err == nil) != tc.ok {
			t.Errorf("web_config_file %s: err %v, want ok %v", filepath.Base(tc.file), err, tc.ok)
		}
		if err != nil && !strings.Contains(err.Error(), "web_config_file") {
			t.Errorf("error %v does not name web_config_file", err)
		}
	}
}
