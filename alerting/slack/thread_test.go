package slack

import (
	"strings"
	"testing"
	"time"

	"github.com/leakwatch/leakwatch/alerting"
	"github.com/leakwatch/leakwatch/internal/fakesecret"
)

// TestFooterSaysWhatTheSettingDoes: the first message's promise follows reply_every and the
// mode (a webhook cannot thread).
func TestFooterSaysWhatTheSettingDoes(t *testing.T) {
	a := alerting.Alert{Kind: alerting.KindNew, IncidentID: 9}
	hook := "https://hooks.slack.com/services/T0000000/B0000000/" + fakesecret.From(fakesecret.Fresh(), fakesecret.Base62, 24)
	for _, tc := range []struct {
		cfg  Config
		want string
	}{
		{Config{Token: testToken(t), Channel: "#c", ReplyEvery: time.Hour}, "in this thread, at most one reply every 1h"},
		{Config{Token: testToken(t), Channel: "#c", ReplyEvery: 90 * time.Minute}, "every 1h30m"},
		{Config{Token: testToken(t), Channel: "#c"}, "Later sightings are not posted (alerting.reply_every is 0); `leakwatch incidents show 9` counts them."},
		{Config{WebhookURL: hook, ReplyEvery: 15 * time.Minute}, "posted to this channel, at most one message every 15m per incident"},
	} {
		n, err := New(tc.cfg)
		if err != nil {
			t.Fatal(err)
		}
		if got := n.footer(a); !strings.Contains(got, tc.want) || !strings.HasPrefix(got, "Incident 9. Revoke") {
			t.Errorf("footer %q lacks %q", got, tc.want)
		}
	}
}
