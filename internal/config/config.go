// Package config loads leakwatch's YAML configuration: ${ENV} expansion, *_file fields for
// every credential (read at load and on reload), defaults, and validation whose errors name
// the field path and never a secret's value.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"time"

	promcfg "github.com/prometheus/common/config"
	"github.com/prometheus/common/model"
	"gopkg.in/yaml.v3"

	"github.com/leakwatch/leakwatch/internal/httpclient"
	"github.com/leakwatch/leakwatch/sources"
)

// Config is the whole file.
type Config struct {
	DataDir       string    `yaml:"data_dir"`
	Listen        string    `yaml:"listen"`
	WebConfigFile string    `yaml:"web_config_file"`
	Log           Log       `yaml:"log"`
	Redaction     string    `yaml:"redaction"`
	MaxLineBytes  int       `yaml:"max_line_bytes"`
	Retention     Retention `yaml:"retention"`
	Sources       Sources   `yaml:"sources"`
	Rules         Rules     `yaml:"rules"`
	Alerting      Alerting  `yaml:"alerting"`
	Verify        Verify    `yaml:"verify"`
	State         State     `yaml:"state"`
	Path          string    `yaml:"-"` // the file it was loaded from
	LoadedAt      time.Time `yaml:"-"`
}

// Retention bounds the state: what is older is pruned (coverage and incidents are kept).
type Retention struct {
	// Period: sightings, delivered alerts and incident locations older than this are pruned
	// (default 90d).
	Period Duration `yaml:"period"`
	// GapHorizon is how far back leakwatch_coverage_gap_seconds looks for uncovered time
	// (default 30d, at most Period): set it to your log stores' retention, the time a
	// backfill can still fill.
	GapHorizon Duration `yaml:"gap_horizon"`
}

// Log configures the process log.
type Log struct {
	Format string `yaml:"format"` // text or json
	Level  string `yaml:"level"`  // debug, info, warn, error
}

// Rules adjusts the catalogue.
type Rules struct {
	Disable []string     `yaml:"disable"`
	Allow   []string     `yaml:"allow"`
	Custom  []CustomRule `yaml:"custom"`
	// Gitleaks lists gitleaks TOML rule files whose rules are imported (see
	// queries.ImportGitleaks); they are read when the detector is built.
	Gitleaks []string `yaml:"gitleaks"`
	// IgnoreFile lists fingerprints never reported (see internal/ignorefile); unset, the
	// daemon uses <data_dir>/.leakwatchignore when it exists. Read it through IgnorePath.
	IgnoreFile string `yaml:"ignore_file"`
}

// IgnorePath is the daemon's ignore file and whether it was named (a named file must exist).
func (c *Config) IgnorePath() (path string, named bool) {
	if c.Rules.IgnoreFile != "" {
		return c.Rules.IgnoreFile, true
	}
	if c.DataDir == "" {
		return "", false
	}
	return filepath.Join(c.DataDir, ".leakwatchignore"), false
}

// CustomRule is a user-defined rule.
type CustomRule struct {
	ID          string   `yaml:"id"`
	Description string   `yaml:"description"`
	Severity    string   `yaml:"severity"`
	Keywords    []string `yaml:"keywords"`
	Regex       string   `yaml:"regex"`
	IgnoreCase  bool     `yaml:"ignore_case"`
	// Entropy is the least Shannon entropy (bits per byte) of a secret; 0: none.
	Entropy float64 `yaml:"entropy"`
	// Allow are regexes: a secret one of them matches is not reported.
	Allow []string `yaml:"allow"`
	// Samples are checked when the rule loads.
	Samples RuleSamples `yaml:"samples"`
}

// RuleSamples are lines a custom rule must (Match) and must not (NoMatch) report.
type RuleSamples struct {
	Match   []string `yaml:"match"`
	NoMatch []string `yaml:"no_match"`
}

// Alerting lists receivers.
type Alerting struct {
	Slack        *Slack        `yaml:"slack"`
	Webhooks     []Webhook     `yaml:"webhooks"`
	Alertmanager *Alertmanager `yaml:"alertmanager"`
	// Log writes alerts to the process log; on by default when no other receiver is set.
	Log *bool `yaml:"log"`
	// ReplyEvery limits thread replies for later sightings of one incident (0 disables;
	// unset: DefaultReplyEvery). Read it through ReplyPeriod.
	ReplyEvery *Duration `yaml:"reply_every"`
}

// DefaultReplyEvery is reply_every when unset: a secret seen again is reported within a
// quarter of an hour, and one logged on every request makes at most 4 replies an hour.
const DefaultReplyEvery = 15 * time.Minute

// ReplyPeriod is the thread-reply rate limit: 0 disables replies.
func (a Alerting) ReplyPeriod() time.Duration {
	if a.ReplyEvery == nil {
		return DefaultReplyEvery
	}
	return a.ReplyEvery.D()
}

// Slack receiver: a bot token (threads) or an incoming webhook URL (no threads).
type Slack struct {
	Token          Secret `yaml:"token"`
	TokenFile      string `yaml:"token_file"`
	WebhookURL     Secret `yaml:"webhook_url"`
	WebhookURLFile string `yaml:"webhook_url_file"`
	Channel        string `yaml:"channel"`
	APIURL         string `yaml:"api_url"`
}

// Webhook receiver: JSON POST signed with HMAC-SHA256.
type Webhook struct {
	Name       string            `yaml:"name"`
	URL        Secret            `yaml:"url"`
	URLFile    string            `yaml:"url_file"`
	Secret     Secret            `yaml:"secret"`
	SecretFile string            `yaml:"secret_file"`
	Headers    map[string]string `yaml:"headers"`
	Timeout    Duration          `yaml:"timeout"`

	// HTTP: basic_auth, authorization, oauth2, tls_config, proxy_url, http_headers, … as in
	// Prometheus, inline; follow_redirects stays off unless set.
	HTTP promcfg.HTTPClientConfig `yaml:",inline"`
}

// Verify is the opt-in live verification: each finding's secret is sent to its own issuer's
// identity endpoint (over TLS) to learn whether it still works. Off unless Enabled.
type Verify struct {
	Enabled bool     `yaml:"enabled"`
	Rules   []string `yaml:"rules"`   // rule ids to verify (empty: every verifiable rule)
	Timeout Duration `yaml:"timeout"` // per call; default 5s
	Every   Duration `yaml:"every"`   // re-check one secret at most this often; default 24h
	// MinInterval is the minimum time between two calls to one provider; default 1s.
	MinInterval Duration `yaml:"min_interval"`
	// BaseURLs overrides issuers' API base URLs by provider (github, gitlab, slack, stripe,
	// npm, openai, anthropic, sendgrid, datadog, aws): an enterprise GitHub, a proxy.
	BaseURLs map[string]string `yaml:"base_urls"`
}

// Alertmanager receiver: POST /api/v2/alerts to every URL (an HA set). Authentication and
// TLS use Prometheus' HTTP client settings (basic_auth, authorization, oauth2, tls_config,
// proxy_url, …), inline, as in Prometheus' own alertmanager config; their *_file forms are
// read on every request.
type Alertmanager struct {
	Name           string   `yaml:"name"`
	URLs           []string `yaml:"urls"`
	Timeout        Duration `yaml:"timeout"`
	ResendInterval Duration `yaml:"resend_interval"`
	RunbookURL     string   `yaml:"runbook_url"`

	HTTP promcfg.HTTPClientConfig `yaml:",inline"`
}

// Secret is a credential value: it never prints.
type Secret string

func (s Secret) String() string {
	if s == "" {
		return ""
	}
	return "<secret>"
}

// GoString keeps %#v from printing the value.
func (s Secret) GoString() string { return s.String() }

// MarshalYAML keeps a dumped config free of credentials.
func (s Secret) MarshalYAML() (any, error) { return s.String(), nil }

// Reveal returns the value for the one place that needs it (an HTTP header).
func (s Secret) Reveal() string { return string(s) }

// Duration accepts Go durations plus a "d" (day) unit: "5m", "1h30m", "30d".
type Duration time.Duration

// D returns the time.Duration.
func (d Duration) D() time.Duration { return time.Duration(d) }

func (d Duration) String() string { return time.Duration(d).String() }

// UnmarshalYAML parses a duration string.
func (d *Duration) UnmarshalYAML(n *yaml.Node) error {
	v, err := ParseDuration(n.Value)
	if err != nil {
		return err
	}
	*d = Duration(v)
	return nil
}

// MarshalYAML writes the duration back as a string.
func (d Duration) MarshalYAML() (any, error) { return d.String(), nil }

// ParseDuration parses a duration as Prometheus does (model.ParseDuration: "90s", "5m",
// "12h", "30d", "1w", "1y", "1d12h", "0") and, for what Go writes, time.ParseDuration
// ("1.5h", "250ms"). Negative durations are refused.
func ParseDuration(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if d, err := model.ParseDuration(s); err == nil {
		return time.Duration(d), nil
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("invalid duration %q (examples: 90s, 5m, 2h, 30d, 1w)", s)
	}
	if v < 0 {
		return 0, fmt.Errorf("invalid duration %q: negative", s)
	}
	return v, nil
}

// Load reads, expands, decodes, defaults and validates a config file, and reads every
// *_file credential.
func Load(path string) (*Config, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	// Relative *_file paths of the HTTP settings are relative to the config, as in Prometheus.
	c, err := parse(raw, os.LookupEnv, filepath.Dir(path))
	if err != nil {
		return nil, fmt.Errorf("config %s: %w", path, err)
	}
	c.Path = path
	return c, nil
}

// Parse is Load without the file: lookupEnv resolves ${VAR}.
func Parse(raw []byte, lookupEnv func(string) (string, bool)) (*Config, error) {
	return parse(raw, lookupEnv, "")
}

// parse decodes raw; dir, when set, is the directory relative *_file paths are joined with.
func parse(raw []byte, lookupEnv func(string) (string, bool), dir string) (*Config, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(raw, &root); err != nil {
		return nil, cleanYAMLError(err)
	}
	// Keys that moved are explained before anything else complains about them.
	if err := checkMoved(&root); err != nil {
		return nil, err
	}
	if err := expandNode(&root, lookupEnv, nil); err != nil {
		return nil, err
	}
	var doc *yaml.Node
	if len(root.Content) > 0 {
		doc = root.Content[0]
		if err := checkNode(doc, reflect.TypeOf(Config{}), ""); err != nil {
			return nil, err
		}
	}
	expanded, err := yaml.Marshal(&root)
	if err != nil {
		return nil, err
	}
	dec := yaml.NewDecoder(bytes.NewReader(expanded))
	dec.KnownFields(true)
	// The file is decoded over the defaults (see defaults.go): what it sets overrides them.
	c := new(Config)
	*c = DefaultConfig()
	if err := dec.Decode(c); err != nil && err != io.EOF {
		return nil, cleanYAMLError(err)
	}
	c.deriveDefaults(doc)
	if err := c.checkEmptied(); err != nil {
		return nil, err
	}
	if dir != "" {
		c.setDirectory(dir)
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	if err := c.ReadSecretFiles(); err != nil {
		return nil, err
	}
	c.LoadedAt = time.Now()
	return c, nil
}

var yamlFieldRe = regexp.MustCompile(`field (\S+) not found in type config\.(\w+)`)

// cleanYAMLError rewords yaml.v3's messages: "field x not found in type config.Source" becomes
// "unknown field x in a source"; values are never echoed.
func cleanYAMLError(err error) error {
	msg := err.Error()
	msg = strings.TrimPrefix(msg, "yaml: ")
	msg = yamlFieldRe.ReplaceAllStringFunc(msg, func(m string) string {
		sm := yamlFieldRe.FindStringSubmatch(m)
		return fmt.Sprintf("unknown field %q in %s (check the spelling against config.example.yaml)", sm[1], sectionName(sm[2]))
	})
	return errors.New(msg)
}

func sectionName(t string) string {
	switch t {
	case "Config":
		return "the top level"
	case "Source":
		return "a source"
	case "CustomRule":
		return "rules.custom"
	default:
		return strings.ToLower(t)
	}
}

var envRe = regexp.MustCompile(`\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)\}`)

// expandNode replaces ${VAR} in scalar values (not keys). "$$" stands for "$". A bare $ is
// left alone so regexes keep their anchors.
func expandNode(n *yaml.Node, lookup func(string) (string, bool), path []string) error {
	switch n.Kind {
	case yaml.DocumentNode, yaml.SequenceNode:
		for i, c := range n.Content {
			p := path
			if n.Kind == yaml.SequenceNode {
				p = append(append([]string(nil), path...), fmt.Sprintf("[%d]", i))
			}
			if err := expandNode(c, lookup, p); err != nil {
				return err
			}
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			p := append(append([]string(nil), path...), n.Content[i].Value)
			if err := expandNode(n.Content[i+1], lookup, p); err != nil {
				return err
			}
		}
	case yaml.ScalarNode:
		if !strings.Contains(n.Value, "$") {
			return nil
		}
		var missing string
		out := envRe.ReplaceAllStringFunc(n.Value, func(m string) string {
			if m == "$$" {
				return "$"
			}
			name := m[2 : len(m)-1]
			v, ok := lookup(name)
			if !ok && missing == "" {
				missing = name
			}
			return v
		})
		if missing != "" {
			return fmt.Errorf("%s: environment variable %s is not set", joinPath(path), missing)
		}
		if out != n.Value {
			n.Value = out
			n.Tag = "!!str"
			n.Style = yaml.DoubleQuotedStyle
		}
	}
	return nil
}

func joinPath(p []string) string {
	return strings.ReplaceAll(strings.Join(p, "."), ".[", "[")
}

// Files lists the files the config was built from: itself, every *_file credential, the
// gitleaks rule files and the web config. A change to any of them is a reason to reload.
func (c *Config) Files() []string {
	var out []string
	add := func(p string) {
		if p != "" {
			out = append(out, p)
		}
	}
	add(c.Path)
	add(c.WebConfigFile)
	add(c.State.DSNFile)
	if p, _ := c.IgnorePath(); p != "" {
		add(p)
	}
	for _, g := range c.Rules.Gitleaks {
		add(g)
	}
	// The HTTP settings' files are read on every request (credentials) or when they change
	// (certificates) by prometheus/common itself; a reload on their change also rebuilds what
	// reads them once (a SigV4 secret_key_file).
	for i := range c.Sources {
		if fs := c.Sources[i].files(); fs != nil {
			for _, f := range fs.Files() {
				add(f.Path)
			}
		}
	}
	for i := range c.Alerting.Webhooks {
		for _, f := range httpclient.Files(&c.Alerting.Webhooks[i].HTTP) {
			add(f.Path)
		}
	}
	if am := c.Alerting.Alertmanager; am != nil {
		for _, f := range httpclient.Files(&am.HTTP) {
			add(f.Path)
		}
	}
	if sl := c.Alerting.Slack; sl != nil {
		add(sl.TokenFile)
		add(sl.WebhookURLFile)
	}
	for _, w := range c.Alerting.Webhooks {
		add(w.URLFile)
		add(w.SecretFile)
	}
	return out
}

// ReadSecretFiles reads every *_file credential (trailing newline trimmed). Called at load and
// on reload so rotated files take effect.
func (c *Config) ReadSecretFiles() error {
	if err := c.checkHTTPFiles(); err != nil {
		return err
	}
	if err := c.readSlackSecrets(); err != nil {
		return err
	}
	return c.readWebhookSecrets()
}

// readSecretFile reads a credential file into dst; no path leaves dst as it is.
func readSecretFile(field, path string, dst *Secret) error {
	if path == "" {
		return nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("%s: %w", field, err)
	}
	v := strings.TrimRight(string(b), "\r\n")
	if v == "" {
		return fmt.Errorf("%s: file %s is empty", field, path)
	}
	*dst = Secret(v)
	return nil
}

// checkHTTPFiles checks the credential files of the sources' and notifiers' HTTP settings.
// The client reads them on every request; here they only have to be there, so a missing one
// fails at load (and config check), not at the first scan.
func (c *Config) checkHTTPFiles() error {
	for i := range c.Sources {
		s := &c.Sources[i]
		var fs []sources.File
		if b := s.files(); b != nil {
			fs = b.Files()
		}
		if err := checkFilesPresent(sourcePath(i, s.Name)+"."+string(s.Type), fs); err != nil {
			return err
		}
	}
	for i := range c.Alerting.Webhooks {
		if err := checkFilesPresent(fmt.Sprintf("alerting.webhooks[%d]", i), httpFiles(&c.Alerting.Webhooks[i].HTTP)); err != nil {
			return err
		}
	}
	if am := c.Alerting.Alertmanager; am != nil {
		if err := checkFilesPresent("alerting.alertmanager", httpFiles(&am.HTTP)); err != nil {
			return err
		}
	}
	return nil
}

// checkFilesPresent checks that each file can be read and is not empty.
func checkFilesPresent(p string, fs []sources.File) error {
	for _, f := range fs {
		b, err := os.ReadFile(f.Path)
		if err != nil {
			return fmt.Errorf("%s.%s: %w", p, f.Key, err)
		}
		if strings.TrimSpace(string(b)) == "" {
			return fmt.Errorf("%s.%s: file %s is empty", p, f.Key, f.Path)
		}
	}
	return nil
}

func (c *Config) readSlackSecrets() error {
	sl := c.Alerting.Slack
	if sl == nil {
		return nil
	}
	if err := readSecretFile("alerting.slack.token_file", sl.TokenFile, &sl.Token); err != nil {
		return err
	}
	if err := readSecretFile("alerting.slack.webhook_url_file", sl.WebhookURLFile, &sl.WebhookURL); err != nil {
		return err
	}
	if sl.Token == "" && sl.WebhookURL == "" {
		return fmt.Errorf("alerting.slack: set token (or token_file) or webhook_url (or webhook_url_file)")
	}
	return nil
}

// readWebhookSecrets reads each webhook's URL and secret files; the URL, read or written out,
// must then be an http(s) URL.
func (c *Config) readWebhookSecrets() error {
	for i := range c.Alerting.Webhooks {
		w := &c.Alerting.Webhooks[i]
		p := fmt.Sprintf("alerting.webhooks[%d]", i)
		if err := readSecretFile(p+".url_file", w.URLFile, &w.URL); err != nil {
			return err
		}
		if err := readSecretFile(p+".secret_file", w.SecretFile, &w.Secret); err != nil {
			return err
		}
		if w.URL == "" {
			return fmt.Errorf("%s.url: required (or url_file)", p)
		}
		if u, err := url.Parse(w.URL.Reveal()); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("%s.url: not an http(s) URL", p)
		}
	}
	return nil
}

// httpFiles are the files of HTTP settings (a notifier's), as a source's block lists them.
func httpFiles(hc *promcfg.HTTPClientConfig) []sources.File {
	var out []sources.File
	for _, f := range httpclient.Files(hc) {
		out = append(out, sources.File(f))
	}
	return out
}

// setDirectory joins relative *_file paths of the HTTP settings with dir.
func (c *Config) setDirectory(dir string) {
	for i := range c.Sources {
		if fs := c.Sources[i].files(); fs != nil {
			fs.SetDirectory(dir)
		}
	}
	for i := range c.Alerting.Webhooks {
		c.Alerting.Webhooks[i].HTTP.SetDirectory(dir)
	}
	if am := c.Alerting.Alertmanager; am != nil {
		am.HTTP.SetDirectory(dir)
	}
}
