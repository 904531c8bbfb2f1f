package slack

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/leakwatch/leakwatch/alerting"
	"github.com/leakwatch/leakwatch/internal/fakesecret"
	"github.com/slack-go/slack"
)

// TestMessageInert: markup planted in log data (labels, paths, a rule's description) reaches
// Slack as inert text, in the fallback text as in every block: no <!channel> or <url|label>
// that Slack would render, no @here it would ping, and mrkdwn fields are verbatim.
func TestMessageInert(t *testing.T) {
	hostile := `{job="x", msg="<!channel> <!everyone> <https://evil.example/login|Click to rotate> <script>alert(1)</script> @here @Channel &amp;"}`
	for _, kind := range []alerting.Kind{alerting.KindNew, alerting.KindReopened, alerting.KindSighting} {
		a := alerting.Alert{Kind: kind, IncidentID: 7, RuleID: "github-pat", Severity: "high", Source: "loki <!here>",
			Description: "GitHub token <!subteam^S123>", Location: hostile, Link: "file:" + hostile,
			Preview: "ghp_…ab<>", Fingerprint: "abc", Count: 2}
		text, blocks := message(a, "footer")
		body, err := json.Marshal(blocks)
		if err != nil {
			t.Fatal(err)
		}
		// JSON escapes < > & as \u003c…: undo that to see what Slack reads.
		b := strings.NewReplacer(`\u003c`, "<", `\u003e`, ">", `\u0026`, "&").Replace(string(body))
		for what, s := range map[string]string{"text": text, "blocks": b} {
			for _, bad := range []string{"<!", "<https://evil", "<script", "@here", "@channel", "@Channel", "@everyone"} {
				if strings.Contains(s, bad) {
					t.Errorf("%s alert: %s carries %q: %s", kind, what, bad, s)
				}
			}
		}
		if !strings.Contains(text, "&lt;!channel&gt;") || !strings.Contains(text, "&amp;amp;") {
			t.Errorf("%s alert: fallback text %q: want the markup shown escaped", kind, text)
		}
		for _, bl := range blocks {
			sec, ok := bl.(*slack.SectionBlock)
			if !ok {
				continue
			}
			for _, f := range sec.Fields {
				if f.Type == slack.MarkdownType && !f.Verbatim {
					t.Errorf("%s alert: field %q is not verbatim", kind, f.Text)
				}
			}
		}
	}
}

// TestAPIURLAndRedirects: the bot token goes only to an https API (or a loopback test
// server), and a redirect is never followed with it.
func TestAPIURLAndRedirects(t *testing.T) {
	for _, tc := range []struct {
		url string
		ok  bool
	}{
		{"https://slack.example.com/api/", true},
		{"http://127.0.0.1:8080/api/", true},
		{"http://[::1]:8080/api/", true},
		{"http://localhost/api/", true},
		{"http://slack.example.com/api/", false},
		{"ftp://slack.example.com/api/", false},
	} {
		_, err := New(Config{Token: "xoxb-test", Channel: "#c", APIURL: tc.url})
		if (err == nil) != tc.ok {
			t.Errorf("api_url %s: err %v, want ok %v", tc.url, err, tc.ok)
		}
	}
	var evil atomic.Int32
	target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		evil.Add(1)
		_, _ = io.Copy(io.Discard, r.Body)
	}))
	defer target.Close()
	redirector := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, target.URL+r.URL.Path, http.StatusTemporaryRedirect)
	}))
	defer redirector.Close()
	n, err := New(Config{Token: "xoxb-test", Channel: "C123", APIURL: redirector.URL + "/"})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := n.Notify(context.Background(), alerting.Alert{Kind: alerting.KindNew, IncidentID: 1, RuleID: "r"}); err == nil {
		t.Error("a redirected post reported success")
	}
	if evil.Load() != 0 {
		t.Errorf("the redirect was followed %d time(s): the token went to another host", evil.Load())
	}
}

// The resolution posted in the thread escapes what it carries, as the first alert does.
func TestResolvedMessageIsInert(t *testing.T) {
	a := alerting.Alert{IncidentID: 3, RuleID: "github-pat", Description: "<!channel> <https://evil.example|rotate> @here", Preview: "ghp_…<!here>"}
	text, _ := resolvedMessage(a)
	for _, bad := range []string{"<!channel>", "<!here>", "<https://", "@here"} {
		if strings.Contains(text, bad) {
			t.Errorf("resolution text carries %q: %s", bad, text)
		}
	}
}

// TestAPIURLErrorHidesValue: a bad api_url is named, never quoted, whatever part of it holds
// a token (a mistyped URL with the bot token pasted into it).
func TestAPIURLErrorHidesValue(t *testing.T) {
	tok := fakesecret.SlackBot(fakesecret.Fresh())
	for _, u := range []string{
		"https://slack.com/api/%zz?token=" + tok, // unparseable escape
		"https://slack.com/api/\x7f" + tok,       // control byte
		"https:///" + tok,                        // no host
		tok,                                      // the token where the URL belongs
		"http://slack.example.com/api/?token=" + tok,
		"ftp://" + tok + "@slack.example.com/api/",
		"http://u:" + tok + "@slack.example.com/api/" + tok,
	} {
		_, err := New(Config{Token: "xoxb-test", Channel: "#c", APIURL: u})
		if err == nil {
			t.Fatalf("api_url %q accepted", u)
		}
		if msg := err.Error(); strings.Contains(msg, tok) || strings.Contains(msg, tok[5:]) || strings.Contains(msg, tok[len(tok)-8:]) {
			t.Errorf("api_url error quotes the token: %s", msg)
		} else if !strings.Contains(msg, "api_url") {
			t.Errorf("api_url error does not name the field: %s", msg)
		}
	}
}
