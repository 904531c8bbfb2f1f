package daemon

import (
	"fmt"
	"log/slog"
	"sort"

	"github.com/leakwatch/leakwatch/alerting"
	"github.com/leakwatch/leakwatch/alerting/logalert"
	"github.com/leakwatch/leakwatch/alerting/slack"
	"github.com/leakwatch/leakwatch/alerting/webhook"
	"github.com/leakwatch/leakwatch/internal/config"
	"github.com/leakwatch/leakwatch/internal/engine"
	"github.com/leakwatch/leakwatch/queries"
)

// BuildDetector compiles the catalogue as the config adjusts it: disabled rules dropped, user
// rules added, the allowlist extended. onSuppressed may be nil.
func BuildDetector(cfg *config.Config, key []byte, onSuppressed func(rule, reason string)) (*queries.Detector, error) {
	var custom []*queries.Rule
	for i, c := range cfg.Rules.Custom {
		r, err := queries.CustomRule(c.ID, c.Description, c.Severity, c.Keywords, c.Regex, c.IgnoreCase)
		if err != nil {
			return nil, fmt.Errorf("rules.custom[%d]: %w", i, err)
		}
		custom = append(custom, r)
	}
	rules, err := queries.Select(queries.Catalog(), cfg.Rules.Disable, custom)
	if err != nil {
		return nil, err
	}
	allow := append(append([]string(nil), queries.DefaultAllow...), cfg.Rules.Allow...)
	return queries.New(rules, queries.Options{
		Key: key, Redaction: queries.Redaction(cfg.Redaction), Allow: allow, OnSuppressed: onSuppressed,
	})
}

// BuildNotifiers makes one notifier per configured receiver, keyed by name.
func BuildNotifiers(cfg *config.Config, logger *slog.Logger) (map[string]alerting.Notifier, error) {
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

// plan turns a source's config into its window plan.
func plan(s config.Source) engine.Plan {
	return engine.Plan{
		IngestDelay: s.IngestDelay.D(), Overlap: s.Overlap.D(), Chunk: s.Chunk.D(),
		InitialLookback: s.InitialLookback.D(), Checkpointed: s.Type == "file",
	}
}
