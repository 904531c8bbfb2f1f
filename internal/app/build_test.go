package app

import (
	"log/slog"
	"slices"
	"testing"

	"github.com/leakwatch/leakwatch/internal/config"
	"github.com/leakwatch/leakwatch/internal/fakesecret"
)

// TestResolutionNotifiers: `incidents resolve` enqueues a resolution for Slack (posted in the
// thread) and Alertmanager, under the names the daemon's notifiers carry, and for no other.
func TestResolutionNotifiers(t *testing.T) {
	tok := fakesecret.SlackBot(fakesecret.Fresh())
	env := func(k string) (string, bool) { return tok, k == "SLACK_TOKEN" }
	cfg, err := config.Parse([]byte(`alerting:
  slack: {token: "${SLACK_TOKEN}", channel: "#sec"}
  alertmanager: {urls: ["http://127.0.0.1:9093"]}
  webhooks: [{name: hook, url: "http://127.0.0.1:1/x"}]
`), env)
	if err != nil {
		t.Fatal(err)
	}
	got := ResolutionNotifiers(cfg)
	ns, err := BuildNotifiers(cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || slices.Contains(got, "hook") {
		t.Fatalf("resolution notifiers %v, want slack and alertmanager", got)
	}
	for _, name := range got {
		if _, ok := ns[name]; !ok {
			t.Errorf("resolution notifier %q is not a notifier the daemon builds (%v)", name, Names(ns))
		}
	}
	cfg.Alerting.Slack = nil
	if got := ResolutionNotifiers(cfg); slices.Contains(got, "slack") {
		t.Errorf("without Slack: %v", got)
	}
}
