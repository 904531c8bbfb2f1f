package alertstore_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/leakwatch/leakwatch/alerting"
	"github.com/leakwatch/leakwatch/alerting/outbox"
	"github.com/leakwatch/leakwatch/alerting/slack"
	"github.com/leakwatch/leakwatch/alerting/webhook"
	"github.com/leakwatch/leakwatch/internal/alertstore"
	"github.com/leakwatch/leakwatch/internal/state"
	"github.com/leakwatch/leakwatch/internal/state/pgtest"
)

// slackHistory is a Slack Web API stand-in with chat.postMessage and conversations.history
// (metadata included), for one channel C024BE91L, as Slack answers them.
type slackHistory struct {
	mu    sync.Mutex
	posts []map[string]any
}

func (s *slackHistory) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	_ = r.ParseForm()
	s.mu.Lock()
	defer s.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	switch r.URL.Path[strings.LastIndex(r.URL.Path, "/")+1:] {
	case "chat.postMessage":
		var md any
		_ = json.Unmarshal([]byte(r.FormValue("metadata")), &md)
		ts := fmt.Sprintf("%d.%06d", time.Now().Unix(), len(s.posts)+1)
		s.posts = append(s.posts, map[string]any{"type": "message", "ts": ts, "text": r.FormValue("text"), "metadata": md})
		fmt.Fprintf(w, `{"ok":true,"channel":"C024BE91L","ts":%q}`, ts)
	case "conversations.history":
		msgs := make([]map[string]any, 0, len(s.posts))
		for i := len(s.posts) - 1; i >= 0; i-- { // newest first
			msgs = append(msgs, s.posts[i])
		}
		b, _ := json.Marshal(map[string]any{"ok": true, "messages": msgs, "has_more": false})
		w.Write(b)
	default:
		w.Write([]byte(`{"ok":false,"error":"unknown_method"}`))
	}
}

func (s *slackHistory) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.posts)
}

// diesAfterSend is the state as seen by a replica that dies right after the receiver took
// an alert: recording the delivery never happens.
type diesAfterSend struct{ outbox.Store }

var errDied = errors.New("replica killed")

func (diesAfterSend) AlertSent(context.Context, int64, string, time.Time) error { return errDied }

// TestOtherReplicaFinishesADelivery: replica A delivers an alert and dies before recording
// it. Once A's claim has run out, replica B claims the alert, finds it in flight and asks
// the receiver: Slack's history shows the message, so B records it without a second post;
// a webhook gets it again under the same Idempotency-Key, for the receiver to drop.
func TestOtherReplicaFinishesADelivery(t *testing.T) {
	stores := map[string]func(t *testing.T) *state.DB{
		"sqlite": func(t *testing.T) *state.DB {
			st, err := state.OpenSQLite(context.Background(), t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			return st
		},
		"postgres": func(t *testing.T) *state.DB {
			st, err := state.OpenPostgres(context.Background(), pgtest.DSN(t))
			if err != nil {
				t.Fatal(err)
			}
			return st
		},
	}
	for name, open := range stores {
		for _, receiver := range []string{"slack", "hook"} {
			t.Run(name+"/"+receiver, func(t *testing.T) { finishDelivery(t, open(t), receiver) })
		}
	}
}

// finishDelivery runs the takeover of one alert to receiver (see
// TestOtherReplicaFinishesADelivery).
func finishDelivery(t *testing.T, st *state.DB, receiver string) {
	ctx := context.Background()
	defer st.Close()
	api := &slackHistory{}
	slackSrv := httptest.NewServer(api)
	defer slackSrv.Close()
	var hookMu sync.Mutex
	var keys []string
	hookSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		hookMu.Lock()
		keys = append(keys, r.Header.Get(webhook.IdempotencyHeader))
		hookMu.Unlock()
	}))
	defer hookSrv.Close()
	notifiers := func() map[string]alerting.Notifier {
		sn, err := slack.New(slack.Config{Token: "xoxb-test-token-one", Channel: "C024BE91L", APIURL: slackSrv.URL + "/api/"})
		if err != nil {
			t.Fatal(err)
		}
		wn, err := webhook.New(webhook.Config{Name: "hook", URL: hookSrv.URL})
		if err != nil {
			t.Fatal(err)
		}
		return map[string]alerting.Notifier{"slack": sn, "hook": wn}
	}
	now := time.Now()
	if _, err := st.RecordPage(ctx, "loki", []state.Sighting{{
		Source: "loki", LineID: "l1", RuleID: "github-pat", Severity: "high", Description: "GitHub personal access token",
		Fingerprint: strings.Repeat("ab", 32), Preview: "ghp_…a1b2", EventTime: now, Location: "loki:l1",
	}}, nil, state.RecordOptions{Notifiers: []string{receiver}, Now: now}); err != nil {
		t.Fatal(err)
	}
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	posts := func() int {
		hookMu.Lock()
		defer hookMu.Unlock()
		return api.count() + len(keys)
	}

	a := outbox.New(diesAfterSend{alertstore.Outbox{DB: st}}, notifiers, outbox.Options{Replica: "a", Claim: time.Hour, Logger: quiet})
	if _, err := a.DeliverDue(ctx); !errors.Is(err, errDied) {
		t.Fatalf("replica a: %v, want it to die after the send", err)
	}
	if n := posts(); n != 1 {
		t.Fatalf("replica a posted %d times, want 1", n)
	}
	// Replica b cannot take the alert while a's claim holds.
	b := outbox.New(alertstore.Outbox{DB: st}, notifiers, outbox.Options{Replica: "b", Claim: time.Hour, Logger: quiet})
	if n, err := b.DeliverDue(ctx); err != nil || n != 0 {
		t.Fatalf("replica b during a's claim: attempted %d (%v), want 0", n, err)
	}
	// a is gone; its claim runs out (re-claimed for a nanosecond rather than waited for).
	if _, err := st.ClaimAlerts(ctx, "a", now, time.Nanosecond, 0); err != nil {
		t.Fatal(err)
	}
	if _, err := b.DeliverDue(ctx); err != nil {
		t.Fatal(err)
	}
	if depth, err := st.OutboxDepth(ctx); err != nil || depth != 0 {
		t.Errorf("outbox depth after b: %d %v, want 0", depth, err)
	}
	switch receiver {
	case "slack":
		if n := api.count(); n != 1 {
			t.Errorf("Slack posts after replica b took over: %d, want 1 (b must find a's message, not post again)", n)
		}
	case "hook":
		// A webhook cannot be asked: b posts again, under the key a used, for the receiver
		// to drop the repeat.
		if len(keys) != 2 || keys[0] == "" || keys[0] != keys[1] {
			t.Errorf("webhook Idempotency-Keys %q, want the same key twice", keys)
		}
	}
}
