package outbox

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/leakwatch/leakwatch/alerting"
	"github.com/leakwatch/leakwatch/alerting/slack"
	"github.com/leakwatch/leakwatch/alerting/webhook"
)

// memStore is an in-memory outbox honouring the Store contract: due items oldest first.
// Unlike the SQLite store it does not hold later items of an incident back, so the worker's
// own ordering is what the tests see.
type memStore struct {
	mu       sync.Mutex
	items    map[int64]*memItem
	refs     map[string]string // notifier/incident -> thread ref
	failSent error
	failSend error // AlertSending's answer, when set
}

type memItem struct {
	it      Item
	next    time.Time // when it is due
	sent    int       // times marked sent
	ref     string
	gaveUp  bool
	lastErr string
	nexts   []time.Time // every retry time recorded, in order
	sending []time.Time // every attempt start recorded, in order
}

func newStore() *memStore {
	return &memStore{items: map[int64]*memItem{}, refs: map[string]string{}}
}

func (s *memStore) add(it Item) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.items[it.ID] = &memItem{it: it, next: t0}
}

func refKey(notifier string, incident int64) string { return fmt.Sprintf("%s/%d", notifier, incident) }

// ClaimAlerts ignores claims: the worker tests run one replica.
func (s *memStore) ClaimAlerts(_ context.Context, _ string, now time.Time, _ time.Duration, limit int) ([]Item, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Item
	for _, m := range s.items {
		if m.sent == 0 && !m.gaveUp && !m.next.After(now) {
			it := m.it
			it.Alert.ThreadRef = s.refs[refKey(it.Notifier, it.IncidentID)]
			out = append(out, it)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

func (s *memStore) AlertSent(_ context.Context, id int64, ref string, _ time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.failSent != nil {
		return s.failSent
	}
	m, ok := s.items[id]
	if !ok {
		return ErrGone
	}
	m.sent++
	m.ref = ref
	m.it.InFlight = time.Time{}
	if ref != "" && m.it.Kind != alerting.KindSighting {
		s.refs[refKey(m.it.Notifier, m.it.IncidentID)] = ref
	}
	return nil
}

func (s *memStore) AlertFailed(_ context.Context, id int64, errText string, next time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.items[id]
	if !ok || m.sent > 0 {
		return ErrGone
	}
	m.it.Attempts++
	m.lastErr = errText
	m.it.InFlight = time.Time{}
	if next.IsZero() {
		m.gaveUp = true
	} else {
		m.next = next
		m.nexts = append(m.nexts, next)
	}
	return nil
}

func (s *memStore) AlertSending(_ context.Context, id int64, _ string, _ time.Duration, at time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.failSend != nil {
		return s.failSend
	}
	m, ok := s.items[id]
	if !ok || m.sent > 0 || m.gaveUp {
		return ErrGone
	}
	m.it.InFlight = at
	m.sending = append(m.sending, at)
	return nil
}

func (s *memStore) OutboxDepth(context.Context) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, m := range s.items {
		if m.sent == 0 && !m.gaveUp {
			n++
		}
	}
	return n, nil
}

func (s *memStore) item(id int64) memItem {
	s.mu.Lock()
	defer s.mu.Unlock()
	return *s.items[id]
}

// nextDue reports whether items are pending and the earliest retry time after now, if any.
func (s *memStore) nextDue(now time.Time) (next time.Time, pending bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, m := range s.items {
		if m.sent > 0 || m.gaveUp {
			continue
		}
		pending = true
		if m.next.After(now) && (next.IsZero() || m.next.Before(next)) {
			next = m.next
		}
	}
	return next, pending
}

// fakeClock is the injected time: tests move it, nothing sleeps.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fakeClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

var t0 = time.Date(2026, 3, 4, 12, 0, 0, 0, time.UTC)

func item(id int64, notifier string, kind alerting.Kind, incident int64) Item {
	return Item{
		Notifier: notifier,
		Alert: alerting.Alert{
			ID: id, Kind: kind, IncidentID: incident, FirstSeen: t0.Add(-time.Hour), Count: id,
			Source: "loki-prod", RuleID: "stripe-secret-key", Severity: "critical",
			Description: "Stripe live secret key", Fingerprint: strings.Repeat("ab", 32),
			Preview: "sk_live_…Zz9q", EventTime: t0.Add(-time.Minute), Location: fmt.Sprintf("app.log:%d", id),
		},
	}
}

// slackAPI answers chat.postMessage from a script of statuses, then ok, and keeps the posted
// messages (with their metadata) for conversations.list/history/replies, as Slack does.
type slackAPI struct {
	mu     sync.Mutex
	script []string // "429:<secs>", "500", "err:<code>", "lost:500" (posted, then 500)
	posts  []url.Values
	oks    map[string]int // text -> successful posts
	seq    int
	stored []storedMsg // newest last
	reads  []string    // conversations.* methods called
}

type storedMsg struct {
	TS       string          `json:"ts"`
	Text     string          `json:"text"`
	ThreadTS string          `json:"thread_ts,omitempty"`
	Metadata json.RawMessage `json:"metadata,omitempty"`
}

func (f *slackAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	_ = r.ParseForm()
	f.mu.Lock()
	defer f.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	switch r.URL.Path {
	case "/api/chat.postMessage":
	case "/api/conversations.list":
		f.reads = append(f.reads, "list")
		fmt.Fprint(w, `{"ok":true,"channels":[{"id":"C1","name":"sec","is_channel":true}],"response_metadata":{"next_cursor":""}}`)
		return
	case "/api/conversations.history", "/api/conversations.replies":
		f.reads = append(f.reads, strings.TrimPrefix(r.URL.Path, "/api/conversations."))
		if r.PostForm.Get("channel") != "C1" {
			fmt.Fprint(w, `{"ok":false,"error":"channel_not_found"}`)
			return
		}
		var out []storedMsg
		for i := len(f.stored) - 1; i >= 0; i-- { // newest first, as Slack answers
			m := f.stored[i]
			if r.URL.Path == "/api/conversations.replies" && m.ThreadTS != r.PostForm.Get("ts") && m.TS != r.PostForm.Get("ts") {
				continue
			}
			if r.URL.Path == "/api/conversations.history" && m.ThreadTS != "" {
				continue // replies are not in the channel's history
			}
			if m.TS < r.PostForm.Get("oldest") {
				continue
			}
			if r.PostForm.Get("include_all_metadata") != "1" {
				m.Metadata = nil
			}
			out = append(out, m)
		}
		b, _ := json.Marshal(map[string]any{"ok": true, "messages": out, "has_more": false, "response_metadata": map[string]string{"next_cursor": ""}})
		w.Write(b)
		return
	default:
		http.NotFound(w, r)
		return
	}
	f.posts = append(f.posts, r.PostForm)
	lost := false
	if len(f.script) > 0 {
		step := f.script[0]
		f.script = f.script[1:]
		switch {
		case strings.HasPrefix(step, "429:"):
			w.Header().Set("Retry-After", strings.TrimPrefix(step, "429:"))
			w.WriteHeader(http.StatusTooManyRequests)
			return
		case step == "500":
			w.WriteHeader(http.StatusInternalServerError)
			return
		case step == "lost:500":
			lost = true
		case strings.HasPrefix(step, "err:"):
			fmt.Fprintf(w, `{"ok":false,"error":%q}`, strings.TrimPrefix(step, "err:"))
			return
		}
	}
	f.seq++
	if f.oks == nil {
		f.oks = map[string]int{}
	}
	f.oks[r.PostForm.Get("text")]++
	ts := fmt.Sprintf("1772625600.%06d", f.seq) // t0 in Slack's clock
	f.stored = append(f.stored, storedMsg{TS: ts, Text: r.PostForm.Get("text"), ThreadTS: r.PostForm.Get("thread_ts"),
		Metadata: json.RawMessage(r.PostForm.Get("metadata"))})
	if lost {
		w.WriteHeader(http.StatusInternalServerError) // posted, but the answer says otherwise
		return
	}
	fmt.Fprintf(w, `{"ok":true,"channel":"C1","ts":%q}`, ts)
}

func newSlack(t *testing.T, api *slackAPI) *slack.Notifier {
	t.Helper()
	srv := httptest.NewServer(api)
	t.Cleanup(srv.Close)
	n, err := slack.New(slack.Config{Token: "xoxb-000000000000-0000000000000-testtokentesttokentestto", Channel: "#sec", APIURL: srv.URL + "/api/"})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

type results struct {
	mu sync.Mutex
	m  map[string]int
}

func (r *results) inc(keys ...string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.m == nil {
		r.m = map[string]int{}
	}
	for _, k := range keys {
		r.m[k]++
	}
}

// attempt records Options.OnAttempt: n/request, and n/request_failed[/reason] on failure.
func (r *results) attempt(n string, took time.Duration, why string) {
	if took < 0 {
		panic("negative latency")
	}
	if why == "" {
		r.inc(n + "/request")
		return
	}
	r.inc(n+"/request", n+"/request_failed", n+"/request_failed/"+why)
}

// done records Options.OnDone: n/success, or n/failure and n/failure/reason.
func (r *results) done(n, why string) {
	if why == "" {
		r.inc(n + "/success")
		return
	}
	r.inc(n+"/failure", n+"/failure/"+why)
}

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// drain runs passes, moving the clock to the next retry time each time, until nothing is
// pending or max passes ran.
func drain(t *testing.T, w *Worker, s *memStore, c *fakeClock, max int) {
	t.Helper()
	for range max {
		if _, err := w.DeliverDue(context.Background()); err != nil {
			t.Fatal(err)
		}
		next, pending := s.nextDue(c.Now())
		if !pending {
			return
		}
		if !next.IsZero() {
			c.Set(next) // due items held back wait for this one
		}
	}
	t.Fatalf("outbox not drained after %d passes", max)
}

func TestRecoveryAfterSlackOutage(t *testing.T) {
	api := &slackAPI{script: []string{"429:30", "500", "500", "500"}}
	n := newSlack(t, api)
	s := newStore()
	s.add(item(1, "slack", alerting.KindNew, 10))      // gets the 429
	s.add(item(2, "slack", alerting.KindNew, 20))      // gets the three 500s
	s.add(item(3, "slack", alerting.KindSighting, 10)) // must wait for item 1, then thread under it
	c := &fakeClock{t: t0}
	var res results
	depth := -1
	w := New(s, Static(n), Options{Now: c.Now, Rand: func() float64 { return 0 }, Logger: quiet(),
		OnAttempt: res.attempt, OnDone: res.done, OnDepth: func(d int) { depth = d }})

	// First pass: item 1 throttled, item 2 fails, item 3 held back behind item 1.
	if got, err := w.DeliverDue(context.Background()); err != nil || got != 2 {
		t.Fatalf("first pass attempted %d, %v; want 2 (the reply waits)", got, err)
	}
	if i1 := s.item(1); len(i1.nexts) != 1 || !i1.nexts[0].Equal(t0.Add(30*time.Second)) {
		t.Fatalf("item 1 retry at %v; want Retry-After honoured: %v", i1.nexts, t0.Add(30*time.Second))
	}
	if depth != 3 {
		t.Errorf("depth = %d, want 3", depth)
	}
	// Nothing is due before its time: a pass now sends nothing.
	api.mu.Lock()
	before := len(api.posts)
	api.mu.Unlock()
	c.Set(t0.Add(999 * time.Millisecond))
	if got, _ := w.DeliverDue(context.Background()); got != 0 || len(api.posts) != before {
		t.Fatalf("a pass before any retry time attempted %d items", got)
	}

	drain(t, w, s, c, 20)

	// Exponential backoff for item 2: 1s, 2s, 4s after each failure.
	want := []time.Time{t0.Add(time.Second), t0.Add(3 * time.Second), t0.Add(7 * time.Second)}
	if got := s.item(2).nexts; !slices.EqualFunc(got, want, time.Time.Equal) {
		t.Errorf("item 2 retries at %v, want %v", got, want)
	}
	// Every alert delivered exactly once, and Slack got exactly one successful post per alert.
	for id := int64(1); id <= 3; id++ {
		if m := s.item(id); m.sent != 1 || m.gaveUp {
			t.Errorf("item %d: sent %d times, gave up %v", id, m.sent, m.gaveUp)
		}
	}
	api.mu.Lock()
	defer api.mu.Unlock()
	total := 0
	for text, k := range api.oks {
		if k != 1 {
			t.Errorf("message %q posted %d times", text, k)
		}
		total += k
	}
	if total != 3 || len(api.posts) != 7 {
		t.Errorf("Slack saw %d posts, %d successful; want 7 and 3", len(api.posts), total)
	}
	// The reply went last and into item 1's thread.
	last := api.posts[len(api.posts)-1]
	if ref := s.item(1).ref; ref == "" || last.Get("thread_ts") != ref || !strings.Contains(last.Get("text"), "Seen again (3 sightings)") {
		t.Errorf("reply thread_ts %q text %q; want the thread %q", last.Get("thread_ts"), last.Get("text"), ref)
	}
	if s.item(3).ref != "" {
		t.Errorf("a reply's ts was kept as a thread ref")
	}
	if res.m["slack/success"] != 3 || res.m["slack/request_failed"] != 4 || res.m["slack/request"] != 7 || res.m["slack/failure"] != 0 {
		t.Errorf("results %v", res.m)
	}
	if depth != 0 {
		t.Errorf("final depth %d", depth)
	}
}

func TestGiveUp(t *testing.T) {
	tests := []struct {
		name     string
		script   []string
		hook     int // webhook status; 0: the item goes to Slack
		maxTries int
		notifier string
		wantErr  string
		tries    int    // Notify calls before giving up
		reason   string // of the give-up (leakwatch_notifications_failed_total)
	}{
		{name: "slack not_in_channel", script: []string{"err:not_in_channel"}, wantErr: "invite the bot to #sec", tries: 1, reason: ReasonRefused},
		{name: "slack invalid_blocks", script: []string{"err:invalid_blocks"}, wantErr: "invalid_blocks", tries: 1, reason: ReasonRefused},
		{name: "webhook 400", hook: 400, wantErr: "400", tries: 1, reason: ReasonRefused},
		{name: "webhook 410", hook: 410, wantErr: "410", tries: 1, reason: ReasonRefused},
		{name: "retryable until MaxAttempts", script: []string{"500", "500", "500", "500"}, maxTries: 3, wantErr: "giving up after 3 attempts", tries: 3, reason: ReasonMaxAttempts},
		{name: "notifier removed", notifier: "pagerduty", wantErr: `notifier "pagerduty" is no longer configured`, tries: 0, reason: ReasonNotConfigured},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			api := &slackAPI{script: tt.script}
			sn := newSlack(t, api)
			hookCalls := 0
			hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				hookCalls++
				w.WriteHeader(tt.hook)
			}))
			defer hook.Close()
			wn, err := webhook.New(webhook.Config{URL: hook.URL})
			if err != nil {
				t.Fatal(err)
			}
			target := "slack"
			if tt.hook != 0 {
				target = "webhook"
			}
			if tt.notifier != "" {
				target = tt.notifier
			}
			s := newStore()
			s.add(item(1, target, alerting.KindNew, 10))
			s.add(item(2, target, alerting.KindSighting, 10))
			s.items[2].it.Kind = alerting.KindSighting
			c := &fakeClock{t: t0}
			var res results
			w := New(s, Static(sn, wn), Options{Now: c.Now, Logger: quiet(), MaxAttempts: tt.maxTries, OnAttempt: res.attempt, OnDone: res.done})
			// Keep item 2 out of the way until item 1 is settled.
			s.items[2].next = t0.Add(time.Hour)
			drainUntil(t, w, s, c, 1)

			m := s.item(1)
			if !m.gaveUp || m.sent != 0 {
				t.Fatalf("item 1: gave up %v, sent %d; want given up", m.gaveUp, m.sent)
			}
			if !strings.Contains(m.lastErr, tt.wantErr) {
				t.Errorf("error %q lacks %q", m.lastErr, tt.wantErr)
			}
			calls := len(api.posts) + hookCalls
			if calls != tt.tries {
				t.Errorf("receiver called %d times, want %d", calls, tt.tries)
			}
			if res.m[target+"/failure"] != 1 || res.m[target+"/failure/"+tt.reason] != 1 {
				t.Errorf("results %v; want one failure for %s", res.m, tt.reason)
			}
			// A later sighting of the incident is not stuck behind the given-up alert.
			if tt.notifier == "" {
				c.Set(t0.Add(time.Hour))
				if tt.hook != 0 {
					return // the hook keeps answering the same status
				}
				api.mu.Lock()
				api.script = nil
				api.mu.Unlock()
				if _, err := w.DeliverDue(context.Background()); err != nil {
					t.Fatal(err)
				}
				if m := s.item(2); m.sent != 1 {
					t.Fatalf("the sighting after a given-up alert was not delivered: %+v", m)
				}
				if ts := api.posts[len(api.posts)-1].Get("thread_ts"); ts != "" {
					t.Errorf("the sighting replied to thread %q, but none was opened", ts)
				}
			}
		})
	}
}

// drainUntil runs passes until item id is settled (sent or given up).
func drainUntil(t *testing.T, w *Worker, s *memStore, c *fakeClock, id int64) {
	t.Helper()
	for range 20 {
		if _, err := w.DeliverDue(context.Background()); err != nil {
			t.Fatal(err)
		}
		m := s.item(id)
		if m.sent > 0 || m.gaveUp {
			return
		}
		c.Set(m.next)
	}
	t.Fatalf("item %d not settled", id)
}

func TestWebhookSignedThroughOutbox(t *testing.T) {
	key := []byte("per-installation-webhook-key-for-tests")
	var mu sync.Mutex
	var verified []string
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if err := webhook.Verify(key, r.Header.Get(webhook.SignatureHeader), r.Header.Get(webhook.TimestampHeader), body, 5*time.Minute); err != nil {
			http.Error(w, err.Error(), http.StatusUnauthorized)
			return
		}
		mu.Lock()
		verified = append(verified, r.Header.Get(webhook.IdempotencyHeader))
		mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	}))
	defer hook.Close()
	wn, err := webhook.New(webhook.Config{URL: hook.URL, Secret: key})
	if err != nil {
		t.Fatal(err)
	}
	s := newStore()
	s.add(item(5, "webhook", alerting.KindNew, 1))
	s.add(item(6, "webhook", alerting.KindSighting, 1))
	w := New(s, Static(wn), Options{Logger: quiet(), Now: func() time.Time { return t0.Add(time.Minute) }})
	if n, err := w.DeliverDue(context.Background()); err != nil || n != 2 {
		t.Fatalf("DeliverDue = %d, %v", n, err)
	}
	if !slices.Equal(verified, []string{"5", "6"}) {
		t.Fatalf("verified deliveries %v; want idempotency keys 5, 6 in order", verified)
	}
	if s.item(5).sent != 1 || s.item(6).sent != 1 {
		t.Fatal("webhook items not marked sent")
	}
}

// recorder is a notifier double that records alerts and answers from a function.
type recorder struct {
	name   string
	mu     sync.Mutex
	alerts []alerting.Alert
	answer func(a alerting.Alert) (string, bool, error)
}

func (r *recorder) Name() string { return r.name }
func (r *recorder) Notify(_ context.Context, a alerting.Alert) (string, bool, error) {
	r.mu.Lock()
	r.alerts = append(r.alerts, a)
	r.mu.Unlock()
	if r.answer == nil {
		return "", false, nil
	}
	return r.answer(a)
}

// The notifier gets the item's alert with the fingerprint shortened, and a thread opened
// earlier in the same pass.
func TestAlertBuiltFromItem(t *testing.T) {
	s := newStore()
	opener := item(1, "rec", alerting.KindNew, 4)
	reply := item(2, "rec", alerting.KindSighting, 4)
	reply.Alert.Link = "https://grafana/x"
	s.add(opener)
	s.add(reply)
	rec := &recorder{name: "rec", answer: func(a alerting.Alert) (string, bool, error) { return "T1", false, nil }}
	w := New(s, Static(rec), Options{Logger: quiet(), Now: func() time.Time { return t0 }})
	if _, err := w.DeliverDue(context.Background()); err != nil {
		t.Fatal(err)
	}
	want := alerting.Alert{ID: 2, Kind: alerting.KindSighting, IncidentID: 4, RuleID: "stripe-secret-key",
		Description: "Stripe live secret key", Severity: "critical", Source: "loki-prod", Location: "app.log:2",
		Link: "https://grafana/x", Preview: "sk_live_…Zz9q", Fingerprint: "abababababab", EventTime: t0.Add(-time.Minute),
		FirstSeen: t0.Add(-time.Hour), Count: 2, ThreadRef: "T1"}
	if len(rec.alerts) != 2 || rec.alerts[1] != want {
		t.Fatalf("alert\n got %+v\nwant %+v", rec.alerts, want)
	}
}

func TestStoreErrorStopsPass(t *testing.T) {
	s := newStore()
	s.add(item(1, "rec", alerting.KindNew, 1))
	s.add(item(2, "rec", alerting.KindNew, 2))
	s.failSent = errors.New("disk I/O error")
	rec := &recorder{name: "rec"}
	w := New(s, Static(rec), Options{Logger: quiet(), Now: func() time.Time { return t0 }})
	n, err := w.DeliverDue(context.Background())
	if err == nil || !strings.Contains(err.Error(), "disk I/O error") {
		t.Fatalf("DeliverDue error = %v", err)
	}
	if n != 1 || len(rec.alerts) != 1 {
		t.Fatalf("attempted %d, notified %d; want the pass to stop after the unrecordable send", n, len(rec.alerts))
	}
}

func TestShutdownDoesNotCountAsFailure(t *testing.T) {
	s := newStore()
	s.add(item(1, "rec", alerting.KindNew, 1))
	ctx, cancel := context.WithCancel(context.Background())
	rec := &recorder{name: "rec", answer: func(alerting.Alert) (string, bool, error) {
		cancel()
		return "", true, context.Canceled
	}}
	w := New(s, Static(rec), Options{Logger: quiet(), Now: func() time.Time { return t0 }})
	if _, err := w.DeliverDue(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("DeliverDue = %v", err)
	}
	if m := s.item(1); m.it.Attempts != 0 || m.gaveUp || m.sent != 0 {
		t.Fatalf("item changed by an interrupted attempt: %+v", m)
	}
}

func TestDelayJitterAndCaps(t *testing.T) {
	tests := []struct {
		name     string
		attempts int
		rnd      float64
		err      error
		want     time.Duration
	}{
		{"first", 0, 0, errors.New("x"), time.Second},
		{"fourth", 3, 0, errors.New("x"), 8 * time.Second},
		{"capped", 30, 0, errors.New("x"), 5 * time.Minute},
		{"huge attempts do not overflow", 1 << 20, 0, errors.New("x"), 5 * time.Minute},
		{"jitter takes at most 20%", 3, 0.999999, errors.New("x"), 8*time.Second - time.Duration(float64(8*time.Second)*0.2*0.999999)},
		{"retry-after wins", 0, 0.5, &alerting.RetryAfterError{After: 42 * time.Second, Err: errors.New("x")}, 42 * time.Second},
		{"backoff wins over short retry-after", 5, 0, &alerting.RetryAfterError{After: time.Second, Err: errors.New("x")}, 32 * time.Second},
		{"retry-after capped", 0, 0, &alerting.RetryAfterError{After: 72 * time.Hour, Err: errors.New("x")}, time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := New(newStore(), Static(), Options{Rand: func() float64 { return tt.rnd }})
			if got := w.delay(tt.attempts, tt.err); got != tt.want {
				t.Fatalf("delay = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestRunKickAndStop(t *testing.T) {
	s := newStore()
	delivered := make(chan int64, 4)
	rec := &recorder{name: "rec", answer: func(a alerting.Alert) (string, bool, error) {
		delivered <- a.ID
		return "", false, nil
	}}
	var mu sync.Mutex
	current := map[string]alerting.Notifier{"rec": rec}
	w := New(s, func() map[string]alerting.Notifier { mu.Lock(); defer mu.Unlock(); return current },
		Options{Poll: time.Hour, Logger: quiet(), Now: func() time.Time { return t0 }})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- w.Run(ctx) }()

	s.add(item(1, "rec", alerting.KindNew, 1))
	w.Kick()
	if id := <-delivered; id != 1 {
		t.Fatalf("delivered %d", id)
	}
	// A reload swaps the notifier set; the next pass uses the new one.
	rec2 := &recorder{name: "rec", answer: func(a alerting.Alert) (string, bool, error) {
		delivered <- -a.ID
		return "", false, nil
	}}
	mu.Lock()
	current = map[string]alerting.Notifier{"rec": rec2}
	mu.Unlock()
	s.add(item(2, "rec", alerting.KindNew, 2))
	w.Kick()
	if id := <-delivered; id != -2 {
		t.Fatalf("delivered %d, want item 2 through the swapped notifier", id)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("Run = %v", err)
	}
}

// BenchmarkDeliverDue measures one pass of 50 items through a notifier that accepts at once:
// the worker's own overhead per alert.
func BenchmarkDeliverDue(b *testing.B) {
	rec := &recorder{name: "rec"}
	w := New(nil, Static(rec), Options{Logger: quiet(), Now: func() time.Time { return t0 }})
	for b.Loop() {
		b.StopTimer()
		s := newStore()
		for id := int64(1); id <= 50; id++ {
			s.add(item(id, "rec", alerting.KindNew, id))
		}
		w.store = s
		rec.alerts = rec.alerts[:0]
		b.StartTimer()
		if n, err := w.DeliverDue(context.Background()); err != nil || n != 50 {
			b.Fatal(n, err)
		}
	}
}

// reconciler is a notifier double that can also answer Delivered.
type reconciler struct {
	recorder
	checks    []time.Time // since of every Delivered call
	delivered func(a alerting.Alert) (string, bool, error)
}

func (r *reconciler) Delivered(_ context.Context, a alerting.Alert, since time.Time) (string, bool, error) {
	r.mu.Lock()
	r.checks = append(r.checks, since)
	r.mu.Unlock()
	return r.delivered(a)
}

// logBuf collects the worker's log.
type logBuf struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *logBuf) Write(p []byte) (int, error) { l.mu.Lock(); defer l.mu.Unlock(); return l.b.Write(p) }
func (l *logBuf) String() string              { l.mu.Lock(); defer l.mu.Unlock(); return l.b.String() }

// TestCrashReconciliation: an item whose previous attempt never recorded an outcome (the
// process was killed) is checked with the receiver before it is sent again.
func TestCrashReconciliation(t *testing.T) {
	crashed := t0.Add(-10 * time.Minute)
	missingScope := errors.New("slack slack: missing_scope: add the channels:history scope to the Slack app")
	tests := []struct {
		name       string
		reconciles bool // the notifier implements alerting.Reconciler
		answer     func(a alerting.Alert) (string, bool, error)
		wantNotify int
		wantSent   int
		wantRef    string
		wantResult string
		wantLog    string
	}{
		{name: "found: recorded sent, not sent again", reconciles: true,
			answer:     func(alerting.Alert) (string, bool, error) { return "1772625000.000100", true, nil },
			wantNotify: 0, wantSent: 1, wantRef: "1772625000.000100", wantResult: "rec/success", wantLog: "alert already delivered before a restart"},
		{name: "not found: sent once", reconciles: true,
			answer:     func(alerting.Alert) (string, bool, error) { return "", false, nil },
			wantNotify: 1, wantSent: 1, wantRef: "new-ts", wantResult: "rec/success", wantLog: "alert delivered"},
		{name: "check cannot work (missing scope): sent anyway, warned", reconciles: true,
			answer:     func(alerting.Alert) (string, bool, error) { return "", false, missingScope },
			wantNotify: 1, wantSent: 1, wantRef: "new-ts", wantResult: "rec/success", wantLog: "level=WARN msg=\"alert outbox: cannot check whether an interrupted alert was delivered"},
		{name: "check fails transiently: nothing sent yet", reconciles: true,
			answer: func(alerting.Alert) (string, bool, error) {
				return "", false, &alerting.TransientError{Err: errors.New("slack slack: conversations.history: 503")}
			},
			wantNotify: 0, wantSent: 0, wantResult: "", wantLog: "will check again before sending"},
		{name: "receiver cannot check: sent again", reconciles: false,
			wantNotify: 1, wantSent: 1, wantRef: "new-ts", wantResult: "rec/success", wantLog: "alert delivered"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStore()
			it := item(1, "rec", alerting.KindNew, 5)
			it.InFlight = crashed
			s.add(it)
			rec := &reconciler{recorder: recorder{name: "rec", answer: func(alerting.Alert) (string, bool, error) { return "new-ts", false, nil }},
				delivered: tt.answer}
			var n alerting.Notifier = rec
			if !tt.reconciles {
				n = &rec.recorder
			}
			var res results
			var logs logBuf
			w := New(s, Static(n), Options{Now: func() time.Time { return t0 }, Rand: func() float64 { return 0 },
				Logger: slog.New(slog.NewTextHandler(&logs, nil)), OnAttempt: res.attempt, OnDone: res.done})
			if _, err := w.DeliverDue(context.Background()); err != nil {
				t.Fatal(err)
			}
			m := s.item(1)
			if got := len(rec.alerts); got != tt.wantNotify {
				t.Errorf("Notify called %d times, want %d", got, tt.wantNotify)
			}
			if m.sent != tt.wantSent || m.ref != tt.wantRef {
				t.Errorf("sent %d with ref %q; want %d with %q", m.sent, m.ref, tt.wantSent, tt.wantRef)
			}
			if tt.reconciles && (len(rec.checks) != 1 || !rec.checks[0].Equal(crashed)) {
				t.Errorf("Delivered since %v, want one check since the crashed attempt %v", rec.checks, crashed)
			}
			if !tt.reconciles && len(rec.checks) != 0 {
				t.Errorf("Delivered called on a non-reconciler")
			}
			if wantSending := tt.wantNotify; len(m.sending) != wantSending {
				t.Errorf("AlertSending recorded %d times, want %d (once per Notify)", len(m.sending), wantSending)
			}
			// A delivery check is not a request: only Notify calls count as one.
			if tt.wantResult == "" && len(res.m) != 0 || tt.wantResult != "" && res.m[tt.wantResult] != 1 || res.m["rec/request"] != tt.wantNotify {
				t.Errorf("results %v, want %q once and %d requests", res.m, tt.wantResult, tt.wantNotify)
			}
			if !strings.Contains(logs.String(), tt.wantLog) {
				t.Errorf("log lacks %q:\n%s", tt.wantLog, logs.String())
			}
		})
	}
}

// TestTransientCheckRetried: a check failing transiently is asked again after a backoff
// (honouring Retry-After), and the item's later replies wait for it.
func TestTransientCheckRetried(t *testing.T) {
	s := newStore()
	it := item(1, "rec", alerting.KindNew, 5)
	it.InFlight = t0.Add(-time.Minute)
	s.add(it)
	s.add(item(2, "rec", alerting.KindSighting, 5))
	answers := []error{&alerting.TransientError{Err: &alerting.RetryAfterError{After: 20 * time.Second, Err: errors.New("rate limited")}}, nil}
	rec := &reconciler{recorder: recorder{name: "rec", answer: func(alerting.Alert) (string, bool, error) { return "T", false, nil }},
		delivered: func(alerting.Alert) (string, bool, error) {
			err := answers[0]
			answers = answers[1:]
			return "T0", err == nil, err
		}}
	c := &fakeClock{t: t0}
	w := New(s, Static(rec), Options{Now: c.Now, Rand: func() float64 { return 0 }, Logger: quiet()})
	ctx := context.Background()
	w.DeliverDue(ctx)
	if len(rec.alerts) != 0 || len(rec.checks) != 1 {
		t.Fatalf("first pass: %d notified, %d checks; want 0 and 1", len(rec.alerts), len(rec.checks))
	}
	c.Set(t0.Add(19 * time.Second))
	w.DeliverDue(ctx)
	if len(rec.checks) != 1 || len(rec.alerts) != 0 {
		t.Fatalf("asked again before Retry-After, or the reply jumped ahead: %d checks, %v", len(rec.checks), rec.alerts)
	}
	c.Set(t0.Add(20 * time.Second))
	w.DeliverDue(ctx)
	if len(rec.checks) != 2 || s.item(1).sent != 1 || s.item(1).ref != "T0" {
		t.Fatalf("second check: %d checks, item %+v", len(rec.checks), s.item(1))
	}
	// The reply goes into the thread found by the check, and is sent normally.
	if len(rec.alerts) != 1 || rec.alerts[0].ID != 2 || rec.alerts[0].ThreadRef != "T0" {
		t.Fatalf("reply: %+v", rec.alerts)
	}
}

// TestAmbiguousFailureChecked: an attempt that failed with a retryable error but reached the
// receiver anyway (a 5xx after the post) is found by the check and not sent twice.
func TestAmbiguousFailureChecked(t *testing.T) {
	api := &slackAPI{script: []string{"lost:500"}}
	n := newSlack(t, api)
	s := newStore()
	s.add(item(1, "slack", alerting.KindNew, 10))
	c := &fakeClock{t: t0}
	var res results
	w := New(s, Static(n), Options{Now: c.Now, Rand: func() float64 { return 0 }, Logger: quiet(), OnAttempt: res.attempt, OnDone: res.done})
	drain(t, w, s, c, 5)
	api.mu.Lock()
	defer api.mu.Unlock()
	if len(api.posts) != 1 || len(api.stored) != 1 {
		t.Fatalf("Slack got %d posts, %d messages; want the lost one only", len(api.posts), len(api.stored))
	}
	if m := s.item(1); m.sent != 1 || m.ref != api.stored[0].TS {
		t.Fatalf("item %+v, want sent with ref %s", m, api.stored[0].TS)
	}
	if !slices.Equal(api.reads, []string{"list", "history"}) {
		t.Errorf("Slack reads %v, want the channel looked up, then its history", api.reads)
	}
	if res.m["slack/request_failed/transient"] != 1 || res.m["slack/success"] != 1 || res.m["slack/request"] != 1 {
		t.Errorf("results %v", res.m)
	}
}

// TestSlackCrashSimulation runs the real Slack notifier against the loopback API: a first
// process posts and dies before recording it; the next one finds the message by its
// metadata and posts nothing. A post that never happened is sent once.
func TestSlackCrashSimulation(t *testing.T) {
	for _, posted := range []bool{true, false} {
		t.Run(fmt.Sprintf("posted=%v", posted), func(t *testing.T) {
			api := &slackAPI{}
			s := newStore()
			it := item(1, "slack", alerting.KindNew, 10)
			reply := item(2, "slack", alerting.KindSighting, 10)
			s.add(it)
			s.add(reply)
			ctx := context.Background()
			// The first process: marks the attempt, posts (or dies before posting), dies.
			first := newSlack(t, api)
			must(t, s.AlertSending(ctx, 1, "local", time.Minute, t0))
			if posted {
				w := New(s, Static(first), Options{Now: func() time.Time { return t0 }, Logger: quiet()})
				if _, _, err := first.Notify(ctx, w.alert(it, "")); err != nil {
					t.Fatal(err)
				}
			}
			// The restarted process: a new notifier (nothing cached).
			second := newSlack(t, api)
			c := &fakeClock{t: t0.Add(time.Minute)}
			w := New(s, Static(second), Options{Now: c.Now, Logger: quiet()})
			drain(t, w, s, c, 5)
			api.mu.Lock()
			defer api.mu.Unlock()
			top := 0
			for _, m := range api.stored {
				if m.ThreadTS == "" {
					top++
				}
			}
			if top != 1 || len(api.stored) != 2 {
				t.Fatalf("Slack holds %d top-level messages of %d; want 1 alert and 1 reply: %+v", top, len(api.stored), api.stored)
			}
			if s.item(1).ref != api.stored[0].TS || api.stored[1].ThreadTS != api.stored[0].TS {
				t.Errorf("thread: item ref %q, reply thread_ts %q, alert ts %q", s.item(1).ref, api.stored[1].ThreadTS, api.stored[0].TS)
			}
			var md struct {
				EventType    string         `json:"event_type"`
				EventPayload map[string]any `json:"event_payload"`
			}
			if err := json.Unmarshal(api.stored[0].Metadata, &md); err != nil || md.EventType != "leakwatch_alert" || md.EventPayload["alert_id"] != float64(1) {
				t.Errorf("metadata %s (%v)", api.stored[0].Metadata, err)
			}
		})
	}
}

// TestSendingNotRecordedNothingSent: when the start of an attempt cannot be committed, the
// alert is not sent (a crash could not be reconciled) and the pass stops.
func TestSendingNotRecordedNothingSent(t *testing.T) {
	s := newStore()
	s.add(item(1, "rec", alerting.KindNew, 1))
	s.failSend = errors.New("database is locked")
	rec := &recorder{name: "rec"}
	w := New(s, Static(rec), Options{Logger: quiet(), Now: func() time.Time { return t0 }})
	if _, err := w.DeliverDue(context.Background()); err == nil || !strings.Contains(err.Error(), "database is locked") {
		t.Fatalf("DeliverDue = %v", err)
	}
	if len(rec.alerts) != 0 || s.item(1).it.Attempts != 0 {
		t.Fatalf("sent %d alerts without recording the attempt", len(rec.alerts))
	}
	s.failSend = nil
	if _, err := w.DeliverDue(context.Background()); err != nil || len(rec.alerts) != 1 || s.item(1).sent != 1 {
		t.Fatalf("next pass: %v, %d alerts", err, len(rec.alerts))
	}
}

// TestRecordFailureThenCheck: the receiver accepted the alert but recording it failed; the
// next pass finds the attempt still in flight and checks instead of posting again.
func TestRecordFailureThenCheck(t *testing.T) {
	s := newStore()
	s.add(item(1, "rec", alerting.KindNew, 1))
	s.failSent = errors.New("disk I/O error")
	rec := &reconciler{recorder: recorder{name: "rec", answer: func(alerting.Alert) (string, bool, error) { return "TS1", false, nil }},
		delivered: func(alerting.Alert) (string, bool, error) { return "TS1", true, nil }}
	w := New(s, Static(rec), Options{Logger: quiet(), Now: func() time.Time { return t0 }})
	if _, err := w.DeliverDue(context.Background()); err == nil {
		t.Fatal("want the store error")
	}
	s.failSent = nil
	if _, err := w.DeliverDue(context.Background()); err != nil {
		t.Fatal(err)
	}
	if len(rec.alerts) != 1 || len(rec.checks) != 1 || s.item(1).sent != 1 || s.item(1).ref != "TS1" {
		t.Fatalf("notified %d, checked %d, item %+v", len(rec.alerts), len(rec.checks), s.item(1))
	}
}

// TestWarnOnceWhenCheckImpossible: a check that cannot work is a warning once per notifier,
// then debug.
func TestWarnOnceWhenCheckImpossible(t *testing.T) {
	s := newStore()
	for id := int64(1); id <= 3; id++ {
		it := item(id, "rec", alerting.KindNew, id)
		it.InFlight = t0
		s.add(it)
	}
	rec := &reconciler{recorder: recorder{name: "rec"},
		delivered: func(alerting.Alert) (string, bool, error) { return "", false, errors.New("missing_scope") }}
	var logs logBuf
	w := New(s, Static(rec), Options{Logger: slog.New(slog.NewTextHandler(&logs, nil)), Now: func() time.Time { return t0 }})
	if _, err := w.DeliverDue(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(logs.String(), "level=WARN"); n != 1 || len(rec.alerts) != 3 {
		t.Fatalf("%d warnings, %d alerts sent; want 1 and 3\n%s", n, len(rec.alerts), logs.String())
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// timeoutErr is a net.Error that timed out (a client's deadline).
type timeoutErr struct{}

func (timeoutErr) Error() string   { return "i/o timeout" }
func (timeoutErr) Timeout() bool   { return true }
func (timeoutErr) Temporary() bool { return true }

// TestFailureReason: the reason label of a failed attempt, from what Notify returned.
func TestFailureReason(t *testing.T) {
	tests := []struct {
		name  string
		retry bool
		err   error
		want  string
	}{
		{"429 with Retry-After", true, &alerting.RetryAfterError{After: time.Second, Err: errors.New("429")}, ReasonThrottled},
		{"client deadline", true, fmt.Errorf("post: %w", context.DeadlineExceeded), ReasonTimeout},
		{"net timeout", true, fmt.Errorf("post: %w", timeoutErr{}), ReasonTimeout},
		{"503", true, errors.New("answered 503"), ReasonTransient},
		{"400", false, errors.New("answered 400"), ReasonRefused},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := failureReason(tt.retry, tt.err); got != tt.want {
				t.Errorf("failureReason = %q, want %q", got, tt.want)
			}
			if !slices.Contains(FailureReasons, tt.want) {
				t.Errorf("%q missing from FailureReasons", tt.want)
			}
		})
	}
}
