package alertstore_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/leakwatch/leakwatch/alerting/outbox"
	"github.com/leakwatch/leakwatch/alerting/slack"
	"github.com/leakwatch/leakwatch/detector"
	"github.com/leakwatch/leakwatch/internal/alertstore"
	"github.com/leakwatch/leakwatch/internal/fakesecret"
	"github.com/leakwatch/leakwatch/internal/state"
	"github.com/leakwatch/leakwatch/queries"
)

// slackPost is one chat.postMessage the recorder received.
type slackPost struct {
	Text, Blocks, ThreadTS, Raw string
}

// postRecorder stands in for Slack's chat.postMessage (form-encoded request, JSON answer),
// answering ts 1700000000.000001, .000002, … in order.
type postRecorder struct {
	mu    sync.Mutex
	posts []slackPost
}

func (f *postRecorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/api/chat.postMessage" || r.Method != http.MethodPost {
		http.Error(w, "unexpected "+r.Method+" "+r.URL.Path, http.StatusNotFound)
		return
	}
	if err := r.ParseForm(); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.posts = append(f.posts, slackPost{Text: r.PostForm.Get("text"), Blocks: r.PostForm.Get("blocks"),
		ThreadTS: r.PostForm.Get("thread_ts"), Raw: r.PostForm.Encode()})
	w.Header().Set("Content-Type", "application/json")
	fmt.Fprintf(w, `{"ok":true,"channel":"C0123456789","ts":"1700000000.%06d"}`, len(f.posts))
}

func (f *postRecorder) Calls() []slackPost {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]slackPost(nil), f.posts...)
}

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
	f := &postRecorder{}
	srv := httptest.NewServer(f)
	defer srv.Close()
	const every = 15 * time.Minute
	n, err := slack.New(slack.Config{Token: fakesecret.SlackBot(fakesecret.Fresh()), Channel: "#security-alerts", APIURL: srv.URL + "/api/", ReplyEvery: every})
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
