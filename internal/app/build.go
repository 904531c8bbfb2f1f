package app

import (
	"fmt"
	"log/slog"
	"sort"

	"github.com/leakwatch/leakwatch/alerting"
	"github.com/leakwatch/leakwatch/alerting/alertmanager"
	"github.com/leakwatch/leakwatch/alerting/logalert"
	"github.com/leakwatch/leakwatch/alerting/slack"
	"github.com/leakwatch/leakwatch/alerting/webhook"
	"github.com/leakwatch/leakwatch/internal/config"
	"github.com/leakwatch/leakwatch/internal/engine"
)

// BuildNotifiers makes one notifier per configured receiver, keyed by name. Notifiers read
// no state: what they post comes in the alerts they are given.
func BuildNotifiers(cfg *config.Config, logger *slog.Logger) (map[string]alerting.Notifier, error) {
	out := map[string]alerting.Notifier{}
	if sl := cfg.Alerting.Slack; sl != nil {
		n, err := slack.New(slack.Config{
			Token: sl.Token.Reveal(), WebhookURL: sl.WebhookURL.Reveal(), Channel: sl.Channel, APIURL: sl.APIURL,
			ReplyEvery: cfg.Alerting.ReplyPeriod(),
		})
		if err != nil {
			return nil, fmt.Errorf("alerting.slack: %w", err)
		}
		out[n.Name()] = n
	}
	for i, w := range cfg.Alerting.Webhooks {
		n, err := webhook.New(webhook.Config{
			Name: w.Name, URL: w.URL.Reveal(), Secret: []byte(w.Secret.Reveal()), Headers: w.Headers, Timeout: w.Timeout.D(),
			HTTP: w.HTTP,
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
			RunbookURL: am.RunbookURL,
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

// Names lists notifier names, sorted, for the outbox.
func Names(ns map[string]alerting.Notifier) []string {
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
		InitialLookback: s.InitialLookback.D(), Checkpointed: s.Traits().Checkpointed, // one window a run
		Recheck: s.RecheckHorizon(), Bucket: s.Chunk.D(),
	}
}

// ResolutionNotifiers names the configured notifiers that act on resolutions (Slack, which
// posts it in the incident's thread, and Alertmanager, which ends its alert):
// `leakwatch incidents resolve` enqueues a "resolved" alert for each, in the same
// transaction as the resolution.
func ResolutionNotifiers(cfg *config.Config) []string {
	var out []string
	if cfg.Alerting.Slack != nil {
		out = append(out, "slack") // slack.New's default name, the one BuildNotifiers uses
	}
	if am := cfg.Alerting.Alertmanager; am != nil {
		out = append(out, am.Name)
	}
	return out
}
