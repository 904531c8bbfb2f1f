// Package ruleset turns a config's rules section into the detector that runs it: the
// catalogue less disabled rules, custom rules with their checks, rules imported from
// gitleaks files, the allowlist, the ignore list and opt-in verification. The daemon, scan,
// backfill and the other commands build their detector here, so they agree.
package ruleset

import (
	"fmt"
	"log/slog"
	"os"

	"github.com/leakwatch/leakwatch/detector"
	"github.com/leakwatch/leakwatch/internal/config"
	"github.com/leakwatch/leakwatch/internal/ignorefile"
	"github.com/leakwatch/leakwatch/internal/logging"
	"github.com/leakwatch/leakwatch/internal/verify"
	"github.com/leakwatch/leakwatch/queries"
)

// Build compiles the catalogue as the config adjusts it: disabled rules dropped, user
// rules added (custom ones, then those imported from rules.gitleaks), the allowlist extended.
// onSuppressed may be nil. What the gitleaks import left out is logged at WARN on stderr, in
// the configured log format, each time the config is built: it must not pass unnoticed.
func Build(cfg *config.Config, key []byte, onSuppressed func(rule, reason string)) (*detector.Detector, error) {
	return BuildWith(cfg, Setup{Key: key, OnSuppressed: onSuppressed, DaemonIgnore: true})
}

// Setup says how to build a detector from a config.
type Setup struct {
	// Key is the fingerprint key; with Stable unset it is required.
	Key []byte
	// Stable makes fingerprints keyless and reproducible (detector.StableFingerprint).
	Stable bool
	// Ignore are fingerprints never reported, besides those of the config's ignore file.
	Ignore []string
	// DaemonIgnore also reads <data_dir>/.leakwatchignore when rules.ignore_file is unset.
	DaemonIgnore bool
	OnSuppressed func(rule, reason string)
}

// BuildWith is Build with the choices scan makes differently.
func BuildWith(cfg *config.Config, o Setup) (*detector.Detector, error) {
	det, skipped, err := Detector(cfg, o)
	if err != nil {
		return nil, err
	}
	if len(skipped) > 0 {
		logger, err := logging.New(os.Stderr, logging.Options{Format: cfg.Log.Format, Level: cfg.Log.Level, Redact: det.Redact})
		if err != nil {
			logger = slog.Default()
		}
		WarnSkipped(logger, skipped)
	}
	return det, nil
}

// Detector is Build returning what the gitleaks import left out, for a caller
// that logs it through its own logger (the daemon).
func Detector(cfg *config.Config, o Setup) (*detector.Detector, []Skipped, error) {
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
		if err := detector.CheckSamples(r, c.Samples.Match, c.Samples.NoMatch); err != nil {
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
	allow := append(append([]string(nil), detector.DefaultAllow...), cfg.Rules.Allow...)
	ignore := append([]string(nil), o.Ignore...)
	if p, named := cfg.IgnorePath(); p != "" && (named || o.DaemonIgnore) {
		fps, err := ignorefile.Load(p, !named)
		if err != nil {
			return nil, nil, fmt.Errorf("rules.ignore_file: %w", err)
		}
		ignore = append(ignore, fps...)
	}
	set, err := detector.NewIgnoreSet(ignore)
	if err != nil {
		return nil, nil, fmt.Errorf("ignore list: %w", err)
	}
	opts := detector.Options{
		Key: o.Key, Stable: o.Stable, Ignore: set, Redaction: detector.Redaction(cfg.Redaction), Allow: allow, OnSuppressed: o.OnSuppressed,
	}
	if v := cfg.Verify; v.Enabled {
		ver, err := verify.New(verify.Config{Rules: v.Rules, Timeout: v.Timeout.D(), Every: v.Every.D(),
			MinInterval: v.MinInterval.D(), BaseURLs: v.BaseURLs})
		if err != nil {
			return nil, nil, fmt.Errorf("verify.%w", err)
		}
		opts.Verify = ver
	}
	det, err := detector.New(rules, opts)
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

// Skipped is what the import of one rules.gitleaks entry left out.
type Skipped struct {
	Field string // rules.gitleaks[i]
	File  string
	queries.SkippedRule
}

// gitleaksRules imports every rules.gitleaks file, in order. Errors name the entry and the
// file's line.
func gitleaksRules(cfg *config.Config) ([]importedRule, []Skipped, error) {
	var rules []importedRule
	var skipped []Skipped
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
			skipped = append(skipped, Skipped{Field: field, File: path, SkippedRule: s})
		}
	}
	return rules, skipped, nil
}

// WarnSkipped logs each left-out part of the gitleaks files once.
func WarnSkipped(logger *slog.Logger, skipped []Skipped) {
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
