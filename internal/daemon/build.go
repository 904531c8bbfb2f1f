package daemon

import (
	"fmt"
	"log/slog"
	"os"
	"sort"

	"github.com/leakwatch/leakwatch/alerting"
	"github.com/leakwatch/leakwatch/alerting/alertmanager"
	"github.com/leakwatch/leakwatch/alerting/logalert"
	"github.com/leakwatch/leakwatch/alerting/slack"
	"github.com/leakwatch/leakwatch/alerting/webhook"
	"github.com/leakwatch/leakwatch/internal/config"
	"github.com/leakwatch/leakwatch/internal/engine"
	"github.com/leakwatch/leakwatch/internal/ignorefile"
	"github.com/leakwatch/leakwatch/internal/logging"
	"github.com/leakwatch/leakwatch/internal/verify"
	"github.com/leakwatch/leakwatch/queries"
)

// BuildDetector compiles the catalogue as the config adjusts it: disabled rules dropped, user
// rules added (custom ones, then those imported from rules.gitleaks), the allowlist extended.
// onSuppressed may be nil. What the gitleaks import left out is logged at WARN on stderr, in
// the configured log format, each time the config is built: it must not pass unnoticed.
func BuildDetector(cfg *config.Config, key []byte, onSuppressed func(rule, reason string)) (*queries.Detector, error) {
	return BuildDetectorWith(cfg, DetectorSetup{Key: key, OnSuppressed: onSuppressed, DaemonIgnore: true})
}

// DetectorSetup says how to build a detector from a config.
type DetectorSetup struct {
	// Key is the fingerprint key; with Stable unset it is required.
	Key []byte
	// Stable makes fingerprints keyless and reproducible (queries.StableFingerprint).
	Stable bool
	// Ignore are fingerprints never reported, besides those of the config's ignore file.
	Ignore []string
	// DaemonIgnore also reads <data_dir>/.leakwatchignore when rules.ignore_file is unset.
	DaemonIgnore bool
	OnSuppressed func(rule, reason string)
}

// BuildDetectorWith is BuildDetector with the choices scan makes differently.
func BuildDetectorWith(cfg *config.Config, o DetectorSetup) (*queries.Detector, error) {
	det, skipped, err := buildDetector(cfg, o)
	if err != nil {
		return nil, err
	}
	if len(skipped) > 0 {
		logger, err := logging.New(os.Stderr, logging.Options{Format: cfg.Log.Format, Level: cfg.Log.Level, Redact: det.Redact})
		if err != nil {
			logger = slog.Default()
		}
		warnSkipped(logger, skipped)
	}
	return det, nil
}

// buildDetector is BuildDetector returning what the gitleaks import left out, for a caller
// that logs it through its own logger (the daemon).
func buildDetector(cfg *config.Config, o DetectorSetup) (*queries.Detector, []gitleaksSkip, error) {
	var custom []*queries.Rule
	from := map[string]string{}
	for i, c := range cfg.Rules.Custom {
		r, err := queries.CustomRule(c.ID, c.Description, c.Severity, c.Keywords, c.Regex, c.IgnoreCase)
		if err != nil {
			return nil, nil, fmt.Errorf("rules.custom[%d]: %w", i, err)
		}
		r.MinEntropy = c.Entropy
		if err := r.AllowSecrets(c.Allow); err != nil {
			return nil, nil, fmt.Errorf("rules.custom[%d] (%s).%w", i, r.ID, err)
		}
		if err := queries.CheckSamples(r, c.Samples.Match, c.Samples.NoMatch); err != nil {
			return nil, nil, fmt.Errorf("rules.custom[%d] (%s).%w", i, r.ID, err)
		}
		custom = append(custom, r)
		from[r.ID] = fmt.Sprintf("rules.custom[%d]", i)
	}
	imported, skipped, err := gitleaksRules(cfg)
	if err != nil {
		return nil, nil, err
	}
	for _, ir := range imported {
		if prev, taken := from[ir.rule.ID]; taken {
			return nil, nil, fmt.Errorf("%s (%s): rule %s is already defined by %s: rename one of them", ir.field, ir.file, ir.rule.ID, prev)
		}
		from[ir.rule.ID] = ir.field
		custom = append(custom, ir.rule)
	}
	rules, err := queries.Select(queries.Catalog(), cfg.Rules.Disable, custom)
	if err != nil {
		return nil, nil, err
	}
	allow := append(append([]string(nil), queries.DefaultAllow...), cfg.Rules.Allow...)
	ignore := append([]string(nil), o.Ignore...)
	if p, named := cfg.IgnorePath(); p != "" && (named || o.DaemonIgnore) {
		fps, err := ignorefile.Load(p, !named)
		if err != nil {
			return nil, nil, fmt.Errorf("rules.ignore_file: %w", err)
		}
		ignore = append(ignore, fps...)
	}
	set, err := queries.NewIgnoreSet(ignore)
	if err != nil {
		return nil, nil, fmt.Errorf("ignore list: %w", err)
	}
	opts := queries.Options{
		Key: o.Key, Stable: o.Stable, Ignore: set, Redaction: queries.Redaction(cfg.Redaction), Allow: allow, OnSuppressed: o.OnSuppressed,
	}
	if v := cfg.Verify; v.Enabled {
		ver, err := verify.New(verify.Config{Rules: v.Rules, Timeout: v.Timeout.D(), Every: v.Every.D(),
			MinInterval: v.MinInterval.D(), BaseURLs: v.BaseURLs})
		if err != nil {
			return nil, nil, fmt.Errorf("verify.%w", err)
		}
		opts.Verify = ver
	}
	det, err := queries.New(rules, opts)
	if err != nil {
		return nil, nil, err
	}
	return det, skipped, nil
}

// importedRule is a gitleaks rule with the config entry it came from.
type importedRule struct {
	rule        *queries.Rule
	field, file string
}

// gitleaksSkip is what the import of one rules.gitleaks entry left out.
type gitleaksSkip struct {
	Field string // rules.gitleaks[i]
	File  string
	queries.SkippedRule
}

// gitleaksRules imports every rules.gitleaks file, in order. Errors name the entry and the
// file's line.
func gitleaksRules(cfg *config.Config) ([]importedRule, []gitleaksSkip, error) {
	var rules []importedRule
	var skipped []gitleaksSkip
	for i, path := range cfg.Rules.Gitleaks {
		field := fmt.Sprintf("rules.gitleaks[%d]", i)
		f, err := os.Open(path)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", field, err)
		}
		rs, sk, err := queries.ImportGitleaks(f, path)
		f.Close()
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", field, err)
		}
		for _, r := range rs {
			rules = append(rules, importedRule{rule: r, field: field, file: path})
		}
		for _, s := range sk {
			skipped = append(skipped, gitleaksSkip{Field: field, File: path, SkippedRule: s})
		}
	}
	return rules, skipped, nil
}

// warnSkipped logs each left-out part of the gitleaks files once.
func warnSkipped(logger *slog.Logger, skipped []gitleaksSkip) {
	for _, s := range skipped {
		msg := "gitleaks rule not imported"
		switch {
		case s.ID == "":
			msg = "gitleaks file setting ignored"
		case s.Imported:
			msg = "gitleaks rule imported in part"
		}
		logger.Warn(msg, "field", s.Field, "file", s.File, "rule", s.ID, "reason", s.Reason)
	}
}

// BuildNotifiers makes one notifier per configured receiver, keyed by name.
func BuildNotifiers(cfg *config.Config, logger *slog.Logger) (map[string]alerting.Notifier, error) {
	return BuildNotifiersWithState(cfg, logger, nil)
}

// BuildNotifiersWithState is BuildNotifiers for a process that has the state open: the
// Alertmanager notifier reads incidents from it (stable labels, re-posting open ones).
func BuildNotifiersWithState(cfg *config.Config, logger *slog.Logger, st alertmanager.Incidents) (map[string]alerting.Notifier, error) {
	out := map[string]alerting.Notifier{}
	if sl := cfg.Alerting.Slack; sl != nil {
		n, err := slack.New(slack.Config{
			Token: sl.Token.Reveal(), WebhookURL: sl.WebhookURL.Reveal(), Channel: sl.Channel, APIURL: sl.APIURL,
		})
		if err != nil {
			return nil, fmt.Errorf("alerting.slack: %w", err)
		}
		out[n.Name()] = n
	}
	for i, w := range cfg.Alerting.Webhooks {
		n, err := webhook.New(webhook.Config{
			Name: w.Name, URL: w.URL.Reveal(), Secret: []byte(w.Secret.Reveal()), Headers: w.Headers, Timeout: w.Timeout.D(),
		})
		if err != nil {
			return nil, fmt.Errorf("alerting.webhooks[%d]: %w", i, err)
		}
		if _, dup := out[n.Name()]; dup {
			return nil, fmt.Errorf("alerting.webhooks[%d].name: %q is already a notifier name", i, n.Name())
		}
		out[n.Name()] = n
	}
	if am := cfg.Alerting.Alertmanager; am != nil {
		if _, dup := out[am.Name]; dup {
			return nil, fmt.Errorf("alerting.alertmanager.name: %q is already a notifier name", am.Name)
		}
		n, err := alertmanager.New(alertmanager.Config{
			Name: am.Name, URLs: am.URLs, HTTP: am.HTTP, Timeout: am.Timeout.D(), ResendInterval: am.ResendInterval.D(),
			RunbookURL: am.RunbookURL, Incidents: st, Logger: logger,
		})
		if err != nil {
			return nil, fmt.Errorf("alerting.alertmanager: %w", err)
		}
		out[n.Name()] = n
	}
	if cfg.Alerting.Log != nil && *cfg.Alerting.Log {
		n := logalert.New(logger)
		out[n.Name()] = n
	}
	return out, nil
}

// names lists notifier names, sorted, for the outbox.
func names(ns map[string]alerting.Notifier) []string {
	var out []string
	for n := range ns {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// WindowPlan turns a source's config into its window plan.
func WindowPlan(s config.Source) engine.Plan {
	return engine.Plan{
		IngestDelay: s.IngestDelay.D(), Overlap: s.Overlap.D(), Chunk: s.Chunk.D(),
		InitialLookback: s.InitialLookback.D(), Checkpointed: s.Type == "file" || s.Type == "file_permissions", // one window a run
		Recheck: s.RecheckHorizon(), Bucket: s.Chunk.D(),
	}
}

// ResolutionNotifiers names the configured notifiers that act on resolutions (Alertmanager):
// `leakwatch incidents resolve` enqueues a "resolved" alert for each, in the same
// transaction as the resolution.
func ResolutionNotifiers(cfg *config.Config) []string {
	if am := cfg.Alerting.Alertmanager; am != nil {
		return []string{am.Name}
	}
	return nil
}
