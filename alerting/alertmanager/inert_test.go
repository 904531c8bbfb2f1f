package alertmanager

import (
	"strings"
	"testing"

	"github.com/leakwatch/leakwatch/alerting"
)

// TestAnnotationsInert: the description, summary, preview and a non-web link carry no
// markup that a receiver's template would pass on to Slack or e-mail.
func TestAnnotationsInert(t *testing.T) {
	hostile := `{job="x", msg="<!channel> <https://evil.example/login|Click to rotate> <script>x</script> @here &lt;!here&gt;"}`
	n, err := New(Config{URLs: []string{"http://127.0.0.1:1"}})
	if err != nil {
		t.Fatal(err)
	}
	a := alerting.Alert{IncidentID: 3, RuleID: "github-pat", Count: 1, Incident: alerting.Incident{Severity: "high",
		Description: "GitHub token <!here>", Preview: "ghp_…<b>", Source: "loki", Location: hostile, Link: "file:" + hostile}}
	ann := n.build(a).Annotations
	if !strings.Contains(ann["description"], "Click to rotate") {
		t.Errorf("description %q lost the location", ann["description"])
	}
	for k, v := range ann {
		for _, bad := range []string{"<", ">", "&lt;", "@here"} {
			if strings.Contains(v, bad) {
				t.Errorf("annotation %s carries %q: %s", k, bad, v)
			}
		}
	}
}
