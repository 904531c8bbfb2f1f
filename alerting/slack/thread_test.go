package slack

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/leakwatch/leakwatch/alerting"
	"github.com/leakwatch/leakwatch/alerting/outbox"
	"github.com/leakwatch/leakwatch/detector"
	"github.com/leakwatch/leakwatch/internal/alertstore"
	"github.com/leakwatch/leakwatch/internal/fakesecret"
	"github.com/leakwatch/leakwatch/internal/state"
	"github.com/leakwatch/leakwatch/queries"
)

// TestThreadKeepsItsPromise drives an incident through the state and the outbox to a fake
// Slack: the first message states the reply period, a sighting within it posts nothing, one
// after it replies in the thread with the count, and the resolution is a reply too.
func TestThreadKeepsItsPromise(t *testing.T) {
	ctx := context.Background()
	st, err := state.OpenSQLite(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	f := &fakeSlack{}
	srv := httptest.NewServer(f)
	defer srv.Close()
	const every = 15 * time.Minute
	n, err := New(Config{Token: testToken(t), Channel: "#security-alerts", APIURL: srv.URL + "/api/", ReplyEvery: every})
	if err != nil {
		t.Fatal(err)
	}
	w := outbox.New(alertstore.Outbox{DB: st}, outbox.Static(n), outbox.Options{})
	drain := func() {
		t.Helper()
		for {
			k, err := w.DeliverDue(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if k == 0 {
				return
			}
		}
	}
	det, err := detector.New(queries.Catalog(), detector.Options{Key: []byte("0123456789abcdef0123456789abcdef")})
	if err != nil {
		t.Fatal(err)
	}
	secret := fakesecret.GitHub(fakesecret.Fresh(), "ghp_")
	t0 := time.Now().Add(-time.Hour)
	see := func(line string, at time.Time) state.PageResult {
		t.Helper()
		var sgs []state.Sighting
		det.Scan([]byte("token "+secret), 0, func(fd detector.Finding) {
			sgs = append(sgs, state.Sighting{Source: "loki-prod", LineID: line, RuleID: fd.RuleID, Severity: string(fd.Severity),
				Description: fd.Description, Fingerprint: fd.Fingerprint, Preview: fd.Preview, EventTime: at, Location: `{app="api"}`})
		})
		res, err := st.RecordPage(ctx, "loki-prod", sgs, nil, state.RecordOptions{Notifiers: []string{"slack"}, ReplyEvery: every, Now: at})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	res := see("l1", t0)
	if len(res.Opened) != 1 {
		t.Fatalf("opened %v", res.Opened)
	}
	id := res.Opened[0]
	drain()
	see("l2", t0.Add(5*time.Minute)) // within reply_every: counted, not posted
	drain()
	see("l3", t0.Add(16*time.Minute)) // after it: one reply
	drain()
	if err := st.ResolveNotify(ctx, id, "alice", time.Now(), []string{"slack"}); err != nil {
		t.Fatal(err)
	}
	drain()

	calls := f.Calls()
	if len(calls) != 3 {
		t.Fatalf("%d Slack posts, want 3 (alert, one reply, resolution): %+v", len(calls), calls)
	}
	first, reply, resolved := calls[0], calls[1], calls[2]
	if first.ThreadTS != "" || !strings.Contains(first.Blocks, "at most one reply every 15m (alerting.reply_every)") ||
		!strings.Contains(first.Blocks, "the resolution is posted here too") {
		t.Errorf("first message does not state the reply period:\n%s", first.Blocks)
	}
	const parent = "1700000000.000001" // the fake's ts of the first post
	if reply.ThreadTS != parent || !strings.Contains(reply.Text, "Seen again (3 sightings)") {
		t.Errorf("reply: thread %q text %q", reply.ThreadTS, reply.Text)
	}
	if resolved.ThreadTS != parent || !strings.Contains(resolved.Text, "resolved") || !strings.Contains(resolved.Blocks, ":white_check_mark:") {
		t.Errorf("resolution: thread %q text %q", resolved.ThreadTS, resolved.Text)
	}
	for _, c := range calls {
		if strings.Contains(c.Raw, secret) {
			t.Fatal("a Slack post carries the secret")
		}
	}
}

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
