package alertstore_test

import (
	"context"
	"encoding/json"
	"errors"
	"maps"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/leakwatch/leakwatch/alerting"
	"github.com/leakwatch/leakwatch/alerting/alertmanager"
	"github.com/leakwatch/leakwatch/alerting/outbox"
	"github.com/leakwatch/leakwatch/internal/alertstore"
	"github.com/leakwatch/leakwatch/internal/state"
)

// TestOutboxErrors: the state's errors reach the worker as the outbox's own, which is
// what it decides on (skip an item gone, leave a lost claim to another replica).
func TestOutboxErrors(t *testing.T) {
	ctx := context.Background()
	st, err := state.OpenSQLite(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ob := alertstore.Outbox{DB: st}
	if err := ob.AlertSent(ctx, 404, "", time.Now()); !errors.Is(err, outbox.ErrGone) {
		t.Fatalf("unknown item: %v, want outbox.ErrGone", err)
	}
	leak(t, st, []string{"am"})
	its, err := ob.ClaimAlerts(ctx, "a", time.Now(), time.Hour, 0)
	if err != nil || len(its) != 1 {
		t.Fatalf("claim: %v %v", its, err)
	}
	if err := ob.AlertSending(ctx, its[0].ID, "b", time.Hour, time.Now()); !errors.Is(err, outbox.ErrClaimLost) {
		t.Fatalf("another replica's item: %v, want outbox.ErrClaimLost", err)
	}
	if err := ob.AlertSending(ctx, its[0].ID, "a", time.Hour, time.Now()); err != nil {
		t.Fatalf("own claim: %v", err)
	}
}

// TestSameLabelsWhicheverPath: a sighting in another source posts, through the outbox, the
// labels the re-posts carry (the incident's, not the sighting's), firing and resolved.
func TestSameLabelsWhicheverPath(t *testing.T) {
	ctx := context.Background()
	st, err := state.OpenSQLite(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var mu sync.Mutex
	var posts []alertmanager.PostableAlert
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var batch []alertmanager.PostableAlert
		if err := json.NewDecoder(r.Body).Decode(&batch); err != nil {
			t.Errorf("decode: %v", err)
		}
		mu.Lock()
		posts = append(posts, batch...)
		mu.Unlock()
	}))
	defer srv.Close()
	take := func() []alertmanager.PostableAlert {
		mu.Lock()
		defer mu.Unlock()
		out := posts
		posts = nil
		return out
	}
	am, err := alertmanager.New(alertmanager.Config{URLs: []string{srv.URL}})
	if err != nil {
		t.Fatal(err)
	}
	w := outbox.New(alertstore.Outbox{DB: st}, outbox.Static(am), outbox.Options{})
	id, _ := leak(t, st, []string{am.Name()})
	drain(t, w)
	first := take()
	// The same secret in another source, when a thread reply is due.
	in, err := st.Incident(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	sg := state.Sighting{Source: "es-other", LineID: "doc-9", RuleID: in.RuleID, Severity: in.Severity,
		Description: in.Description, Fingerprint: in.Fingerprint, Preview: in.Preview, EventTime: time.Now(),
		Location: "logs-2026/_doc/9"}
	if _, err := st.RecordPage(ctx, "es-other", []state.Sighting{sg}, nil,
		state.RecordOptions{Notifiers: []string{am.Name()}, ReplyEvery: time.Nanosecond}); err != nil {
		t.Fatal(err)
	}
	drain(t, w)
	reply := take()
	if err := am.Resend(ctx, resends(t, st)); err != nil {
		t.Fatal(err)
	}
	repost := take()
	if len(first) != 1 || len(reply) != 1 || len(repost) != 1 {
		t.Fatalf("posts: first %d, reply %d, re-post %d; want one each", len(first), len(reply), len(repost))
	}
	if first[0].Labels["source"] != "loki-prod" {
		t.Fatalf("labels %v: want the incident's first source", first[0].Labels)
	}
	for what, p := range map[string]alertmanager.PostableAlert{"the reply": reply[0], "the re-post": repost[0]} {
		if !maps.Equal(p.Labels, first[0].Labels) {
			t.Errorf("%s posts labels %v, the first alert %v", what, p.Labels, first[0].Labels)
		}
	}
	// Annotations too: the incident's first location, its current count.
	if reply[0].Annotations["description"] != repost[0].Annotations["description"] {
		t.Errorf("the reply describes %q, the re-post %q", reply[0].Annotations["description"], repost[0].Annotations["description"])
	}

	resolvedAt := time.Now().Add(-time.Minute)
	if err := st.ResolveNotify(ctx, id, "t", resolvedAt, []string{am.Name()}); err != nil {
		t.Fatal(err)
	}
	drain(t, w)
	resolution := take()
	rs := resends(t, st)
	if len(rs) != 1 || rs[0].Kind != alerting.KindResolved || !rs[0].EventTime.Equal(resolvedAt) {
		t.Fatalf("resends after the resolution: %+v", rs)
	}
	if err := am.Resend(ctx, rs); err != nil {
		t.Fatal(err)
	}
	reResolved := take()
	if len(resolution) != 1 || len(reResolved) != 1 {
		t.Fatalf("posts: resolution %d, re-post %d", len(resolution), len(reResolved))
	}
	for what, p := range map[string]alertmanager.PostableAlert{"the resolution": resolution[0], "its re-post": reResolved[0]} {
		if !maps.Equal(p.Labels, first[0].Labels) || p.EndsAt.After(time.Now()) {
			t.Errorf("%s: labels %v endsAt %v, want %v, ended", what, p.Labels, p.EndsAt, first[0].Labels)
		}
	}
}

// TestVocabulary: the state's alert kinds are converted to alerting's by value, so each
// must spell the same. (Verdicts are one type, internal/verdict, in both.)
func TestVocabulary(t *testing.T) {
	kinds := map[state.AlertKind]alerting.Kind{state.AlertNew: alerting.KindNew, state.AlertReopened: alerting.KindReopened,
		state.AlertSighting: alerting.KindSighting, state.AlertResolved: alerting.KindResolved}
	for s, a := range kinds {
		if string(s) != string(a) {
			t.Errorf("state kind %q, alerting kind %q", s, a)
		}
	}
}
