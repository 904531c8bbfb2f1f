package config

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/prometheus/exporter-toolkit/web"

	"github.com/leakwatch/leakwatch/internal/httpclient"
	"github.com/leakwatch/leakwatch/internal/verify"
)

var nameRe = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,62}$`)

// Validate checks every field and names the first bad one.
func (c *Config) Validate() error {
	for _, check := range []func() error{
		c.validateLog,
		c.validateWebConfig,
		c.validateLimits,
		c.State.validate,
		c.validateSources,
		c.validateRules,
		c.validateSlack,
		c.validateAlertmanager,
		c.validateVerify,
		c.validateWebhooks, // last: it fills in webhook names and timeouts
	} {
		if err := check(); err != nil {
			return err
		}
	}
	return nil
}

func (c *Config) validateLog() error {
	if c.Log.Format != "text" && c.Log.Format != "json" {
		return fmt.Errorf("log.format: %q: want text or json", c.Log.Format)
	}
	switch c.Log.Level {
	case "debug", "info", "warn", "error":
	default:
		return fmt.Errorf("log.level: %q: want debug, info, warn or error", c.Log.Level)
	}
	if c.Redaction != "partial" && c.Redaction != "full" {
		return fmt.Errorf("redaction: %q: want partial or full", c.Redaction)
	}
	return nil
}

// validateWebConfig checks the web config now: it is read at each connection, so a broken
// one would only show as failed scrapes. exporter-toolkit's own check reads it and its
// certificates.
func (c *Config) validateWebConfig() error {
	if err := web.Validate(c.WebConfigFile); err != nil {
		return fmt.Errorf("web_config_file %s: %w", c.WebConfigFile, err)
	}
	return nil
}

// validateLimits checks the line size and the retention, and that no source re-verifies
// further back than the retention keeps sightings.
func (c *Config) validateLimits() error {
	// Pieces of a long line overlap by 8 KiB, which must exceed the longest secret (a PEM key
	// on one line) and stay below half a piece.
	if c.MaxLineBytes < 32<<10 {
		return fmt.Errorf("max_line_bytes: %d: must be at least 32768", c.MaxLineBytes)
	}
	if c.Retention.Period.D() < 24*time.Hour {
		return fmt.Errorf("retention.period: %s: must be at least 1d (re-verification and reports need recent sightings)", c.Retention.Period)
	}
	if c.Retention.GapHorizon.D() < 0 || c.Retention.GapHorizon.D() > c.Retention.Period.D() {
		return fmt.Errorf("retention.gap_horizon: %s: must be positive and at most retention.period (%s)", c.Retention.GapHorizon, c.Retention.Period)
	}
	for i, s := range c.Sources {
		if h := s.RecheckHorizon(); h > c.Retention.Period.D() {
			return fmt.Errorf("sources[%d] (%s).recheck: %s: must not exceed retention.period (%s): re-verification relies on the sightings it keeps", i, s.Name, h, c.Retention.Period)
		}
	}
	return nil
}

// validateSources checks each source and that their names are unique.
func (c *Config) validateSources() error {
	seen := map[string]int{}
	for i := range c.Sources {
		s := &c.Sources[i]
		p := fmt.Sprintf("sources[%d]", i)
		if s.Name != "" {
			p = fmt.Sprintf("sources[%d] (%s)", i, s.Name)
		}
		if err := s.validate(p); err != nil {
			return err
		}
		if j, dup := seen[s.Name]; dup {
			return fmt.Errorf("%s.name: %q is already used by sources[%d]", p, s.Name, j)
		}
		seen[s.Name] = i
	}
	return nil
}

// validateRules checks the custom rules and the gitleaks file list (the files themselves
// are read when the detector is built).
func (c *Config) validateRules() error {
	for i, r := range c.Rules.Custom {
		p := fmt.Sprintf("rules.custom[%d]", i)
		if r.ID == "" {
			return fmt.Errorf("%s.id: required", p)
		}
		if len(r.Keywords) == 0 {
			return fmt.Errorf("%s.keywords: at least one literal keyword is required (it drives the prefilter and the store-side pushdown)", p)
		}
		if r.Regex == "" {
			return fmt.Errorf("%s.regex: required", p)
		}
		if _, err := regexp.Compile(r.Regex); err != nil {
			return fmt.Errorf("%s.regex: %v", p, err)
		}
		if r.Entropy < 0 || r.Entropy > 8 {
			return fmt.Errorf("%s.entropy: %v: want bits per byte between 0 and 8 (random base62 has about 5)", p, r.Entropy)
		}
		for j, a := range r.Allow {
			if _, err := regexp.Compile(a); err != nil {
				return fmt.Errorf("%s.allow[%d]: %v", p, j, err)
			}
		}
	}
	for i, g := range c.Rules.Gitleaks {
		if strings.TrimSpace(g) == "" {
			return fmt.Errorf("rules.gitleaks[%d]: empty path (a gitleaks TOML rule file)", i)
		}
	}
	return nil
}

func (c *Config) validateSlack() error {
	sl := c.Alerting.Slack
	if sl == nil {
		return nil
	}
	if (sl.Token != "" || sl.TokenFile != "") && (sl.WebhookURL != "" || sl.WebhookURLFile != "") {
		return fmt.Errorf("alerting.slack: set either token/token_file (bot, threads) or webhook_url/webhook_url_file, not both")
	}
	if err := exclusive("alerting.slack.token", sl.Token, sl.TokenFile); err != nil {
		return err
	}
	if err := exclusive("alerting.slack.webhook_url", sl.WebhookURL, sl.WebhookURLFile); err != nil {
		return err
	}
	if (sl.Token != "" || sl.TokenFile != "") && sl.Channel == "" {
		return fmt.Errorf("alerting.slack.channel: required with a bot token (e.g. \"#security-alerts\")")
	}
	if sl.APIURL != "" {
		if err := checkURL("alerting.slack.api_url", sl.APIURL); err != nil {
			return err
		}
	}
	return nil
}

// validateVerify builds the verifier once; checked even while disabled, so turning it on
// cannot fail later.
func (c *Config) validateVerify() error {
	v := c.Verify
	if _, err := verify.New(verify.Config{Rules: v.Rules, Timeout: v.Timeout.D(), Every: v.Every.D(),
		MinInterval: v.MinInterval.D(), BaseURLs: v.BaseURLs}); err != nil {
		return fmt.Errorf("verify.%w", err)
	}
	return nil
}

// validateWebhooks checks each webhook, naming the unnamed ones (webhook-<index>) and giving
// them the default timeout.
func (c *Config) validateWebhooks() error {
	names := map[string]bool{}
	for i := range c.Alerting.Webhooks {
		w := &c.Alerting.Webhooks[i]
		p := fmt.Sprintf("alerting.webhooks[%d]", i)
		if err := exclusive(p+".url", w.URL, w.URLFile); err != nil {
			return err
		}
		if err := exclusive(p+".secret", w.Secret, w.SecretFile); err != nil {
			return err
		}
		if w.Name == "" {
			w.Name = fmt.Sprintf("webhook-%d", i)
		}
		if names[w.Name] {
			return fmt.Errorf("%s.name: %q used twice", p, w.Name)
		}
		names[w.Name] = true
		if w.Timeout == 0 {
			w.Timeout = Duration(10 * time.Second)
		}
		if err := httpclient.Validate(w.HTTP); err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
	}
	return nil
}

func exclusive(field string, v Secret, file string) error {
	if v != "" && file != "" {
		short := field[strings.LastIndex(field, ".")+1:]
		return fmt.Errorf("%s: set either %s or %s_file, not both", field, short, short)
	}
	return nil
}

// checkURL is httpclient.CheckURL with the field's path in front: one check of endpoint URLs
// for the whole config (no credentials in a URL, never quoted back).
func checkURL(field, raw string) error {
	if err := httpclient.CheckURL(raw); err != nil {
		return fmt.Errorf("%s: %w", field, err)
	}
	return nil
}

func (s *Source) validate(p string) error {
	if !nameRe.MatchString(s.Name) {
		return fmt.Errorf("%s.name: %q: use 1-63 lowercase letters, digits, '.', '_' or '-'", p, s.Name)
	}
	if s.Interval.D() < time.Second {
		return fmt.Errorf("%s.interval: %s: must be at least 1s", p, s.Interval)
	}
	if s.Recheck != nil && s.Traits().ByPosition {
		return fmt.Errorf("%s.recheck: not used by type %s (a file is read by position: no line arrives late in time already read)", p, s.Type)
	}
	if s.Recheck != nil && s.Recheck.D() < 0 {
		return fmt.Errorf("%s.recheck: %s: must be 0 (off) or positive", p, s.Recheck)
	}
	if s.Recheck != nil && s.Recheck.D() > 0 && s.Recheck.D() < s.Chunk.D() {
		return fmt.Errorf("%s.recheck: %s: must be at least chunk (%s), the length of the re-verified buckets", p, s.Recheck, s.Chunk)
	}
	if !s.Traits().ByPosition && s.Overlap.D() > 0 && s.Chunk.D() <= 0 {
		return fmt.Errorf("%s.chunk: must be positive", p)
	}
	return nil
}

func (c *Config) validateAlertmanager() error {
	am := c.Alerting.Alertmanager
	if am == nil {
		return nil
	}
	const p = "alerting.alertmanager"
	if am.Name == "" {
		am.Name = "alertmanager"
	}
	if len(am.URLs) == 0 {
		return fmt.Errorf("%s.urls: at least one Alertmanager URL is required (e.g. http://alertmanager:9093)", p)
	}
	for i, u := range am.URLs {
		if err := checkURL(fmt.Sprintf("%s.urls[%d]", p, i), u); err != nil {
			return err
		}
	}
	for _, w := range c.Alerting.Webhooks {
		if w.Name == am.Name {
			return fmt.Errorf("%s.name: %q is already a webhook's name", p, am.Name)
		}
	}
	if am.Timeout == 0 {
		am.Timeout = Duration(10 * time.Second)
	}
	if am.ResendInterval == 0 {
		am.ResendInterval = Duration(time.Minute)
	}
	if am.RunbookURL != "" {
		if err := checkURL(p+".runbook_url", am.RunbookURL); err != nil {
			return err
		}
	}
	// follow_redirects and enable_http2 default to false here (Prometheus: true): a
	// redirect must not carry credentials to another host unasked.
	if err := httpclient.Validate(am.HTTP); err != nil {
		return fmt.Errorf("%s: %v", p, err)
	}
	return nil
}
