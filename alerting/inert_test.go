package alerting_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/leakwatch/leakwatch/alerting"
	"github.com/leakwatch/leakwatch/alerting/webhook"
)

const hostile = `{job="x", msg="<!channel> <!everyone> <https://evil.example/login|Click to rotate> <script>alert(1)</script> @here @Channel &lt;!here&gt;"}`

var markup = []string{"<", ">", "&lt;", "@here", "@channel", "@Channel", "@everyone"}

func assertInert(t *testing.T, what, s string) {
	t.Helper()
	for _, bad := range markup {
		if strings.Contains(s, bad) {
			t.Errorf("%s carries %q: %s", what, bad, s)
		}
	}
}

func TestInert(t *testing.T) {
	got := alerting.Inert(hostile)
	assertInert(t, "Inert", got)
	if !strings.Contains(got, "‹!channel›") || !strings.Contains(got, "Click to rotate") {
		t.Errorf("Inert(%q) = %q: want the text kept readable", hostile, got)
	}
	if plain := `{job="api"} @ 2026-03-01T12:00:00Z`; alerting.Inert(plain) != plain {
		t.Errorf("Inert changed plain text %q", plain)
	}
}

// TestReceiversInert: webhook fields built from log data carry no markup a consumer would
// pass on to chat or e-mail (Alertmanager's annotations: TestAnnotationsInert).
func TestReceiversInert(t *testing.T) {
	a := alerting.Alert{ID: 1, Kind: alerting.KindNew, IncidentID: 3, RuleID: "github-pat", Severity: "high",
		Description: "GitHub token <!here>", Source: "loki", Location: hostile, Link: "file:" + hostile, Preview: "ghp_…<b>",
		EventTime: time.Unix(1, 0)}
	body, err := json.Marshal(webhook.NewPayload(a))
	if err != nil {
		t.Fatal(err)
	}
	// JSON encodes < > & as \u003c…: undo it to see what a consumer reads.
	assertInert(t, "webhook payload", strings.NewReplacer(`\u003c`, "<", `\u003e`, ">", `\u0026`, "&").Replace(string(body)))

}
