package alertmanager

import (
	"strings"
	"testing"

	"github.com/leakwatch/leakwatch/internal/state"
)

// TestAnnotationsInert: the description, summary, preview and a non-web link carry no
// markup that a receiver's template would pass on to Slack or e-mail.
func TestAnnotationsInert(t *testing.T) {
	hostile := `{job="x", msg="<!channel> <https://evil.example/login|Click to rotate> <script>x</script> @here &lt;!here&gt;"}`
	n, err := New(Config{URLs: []string{"http://127.0.0.1:1"}})
	if err != nil {
		t.Fatal(err)
	}
	in := state.Incident{ID: 3, RuleID: "github-pat", Severity: "high", Description: "GitHub token <!here>", Preview: "ghp_…<b>", Count: 1,
		Locations: []state.Location{{Source: "loki", Location: hostile, Link: "file:" + hostile}}}
	ann := n.build(in, false, in.FirstSeen).Annotations
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
