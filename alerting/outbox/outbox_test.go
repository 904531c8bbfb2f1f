package outbox

import (
	"context"
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
	"github.com/leakwatch/leakwatch/internal/state"
)

// memStore is an in-memory outbox honouring the Store contract: due items oldest first.
// Unlike the SQLite store it does not hold later items of an incident back, so the worker's
// own ordering is what the tests see.
type memStore struct {
	mu        sync.Mutex
	items     map[int64]*memItem
	incidents map[int64]state.Incident
	refs      map[string]string // notifier/incident -> thread ref
	failSent  error
}

type memItem struct {
	it      state.OutboxItem
	sent    int // times marked sent
	ref     string
	gaveUp  bool
	lastErr string
	nexts   []time.Time // every retry time recorded, in order
}

func newStore() *memStore {
	return &memStore{items: map[int64]*memItem{}, incidents: map[int64]state.Incident{}, refs: map[string]string{}}
}

func (s *memStore) add(it state.OutboxItem) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.items[it.ID] = &memItem{it: it}
}

func refKey(notifier string, incident int64) string { return fmt.Sprintf("%s/%d", notifier, incident) }

func (s *memStore) DueAlerts(_ context.Context, now time.Time, limit int) ([]state.OutboxItem, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []state.OutboxItem
	for _, m := range s.items {
		if m.sent == 0 && !m.gaveUp && !m.it.NextTry.After(now) {
			it := m.it
			it.ThreadRef = s.refs[refKey(it.Notifier, it.IncidentID)]
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
		return state.ErrNotFound
	}
	m.sent++
	m.ref = ref
	if ref != "" && m.it.Kind != string(alerting.KindSighting) {
		s.refs[refKey(m.it.Notifier, m.it.IncidentID)] = ref
	}
	return nil
}

func (s *memStore) AlertFailed(_ context.Context, id int64, errText string, next time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.items[id]
	if !ok || m.sent > 0 {
		return state.ErrNotFound
	}
	m.it.Attempts++
	m.lastErr = errText
	if next.IsZero() {
		m.gaveUp = true
	} else {
		m.it.NextTry = next
		m.nexts = append(m.nexts, next)
	}
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

func (s *memStore) Incident(_ context.Context, id int64) (state.Incident, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	inc, ok := s.incidents[id]
	if !ok {
		return state.Incident{}, state.ErrNotFound
	}
	return inc, nil
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
		if m.it.NextTry.After(now) && (next.IsZero() || m.it.NextTry.Before(next)) {
			next = m.it.NextTry
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

func item(id int64, notifier string, kind alerting.Kind, incident int64) state.OutboxItem {
	return state.OutboxItem{
		ID: id, Notifier: notifier, Kind: string(kind), IncidentID: incident, NextTry: t0, CreatedAt: t0,
		FirstSeen: t0.Add(-time.Hour), Count: id,
		Sighting: state.Sighting{
			Source: "loki-prod", LineID: fmt.Sprint(id), RuleID: "stripe-secret-key", Severity: "critical",
			Description: "Stripe live secret key", Fingerprint: strings.Repeat("ab", 32),
			Preview: "sk_live_…Zz9q", EventTime: t0.Add(-time.Minute), Location: fmt.Sprintf("app.log:%d", id),
		},
	}
}

// slackAPI answers chat.postMessage from a script of statuses, then ok.
type slackAPI struct {
	mu     sync.Mutex
	script []string // "429:<secs>", "500", "err:<code>"
	posts  []url.Values
	oks    map[string]int // text -> successful posts
	seq    int
}

func (f *slackAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/api/chat.postMessage" {
		http.NotFound(w, r)
		return
	}
	_ = r.ParseForm()
	f.mu.Lock()
	defer f.mu.Unlock()
	f.posts = append(f.posts, r.PostForm)
	w.Header().Set("Content-Type", "application/json")
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
	fmt.Fprintf(w, `{"ok":true,"channel":"C1","ts":"1700000000.%06d"}`, f.seq)
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

func (r *results) add(notifier, result string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.m == nil {
		r.m = map[string]int{}
	}
	r.m[notifier+"/"+result]++
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
		OnResult: res.add, OnDepth: func(d int) { depth = d }})

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
	if res.m["slack/success"] != 3 || res.m["slack/retry"] != 4 || res.m["slack/failure"] != 0 {
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
		tries    int // Notify calls before giving up
	}{
		{name: "slack not_in_channel", script: []string{"err:not_in_channel"}, wantErr: "invite the bot to #sec", tries: 1},
		{name: "slack invalid_blocks", script: []string{"err:invalid_blocks"}, wantErr: "invalid_blocks", tries: 1},
		{name: "webhook 400", hook: 400, wantErr: "400", tries: 1},
		{name: "webhook 410", hook: 410, wantErr: "410", tries: 1},
		{name: "retryable until MaxAttempts", script: []string{"500", "500", "500", "500"}, maxTries: 3, wantErr: "giving up after 3 attempts", tries: 3},
		{name: "notifier removed", notifier: "pagerduty", wantErr: `notifier "pagerduty" is no longer configured`, tries: 0},
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
			s.items[2].it.Kind = string(alerting.KindSighting)
			c := &fakeClock{t: t0}
			var res results
			w := New(s, Static(sn, wn), Options{Now: c.Now, Logger: quiet(), MaxAttempts: tt.maxTries, OnResult: res.add})
			// Keep item 2 out of the way until item 1 is settled.
			s.items[2].it.NextTry = t0.Add(time.Hour)
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
			if res.m[target+"/failure"] != 1 {
				t.Errorf("results %v; want one failure", res.m)
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
		c.Set(m.it.NextTry)
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

func TestAlertBuiltFromItemAndIncident(t *testing.T) {
	s := newStore()
	it := item(1, "rec", alerting.KindSighting, 4)
	it.Count, it.FirstSeen = 0, time.Time{} // a store that leaves the totals out
	it.Sighting.Link = "https://grafana/x"
	s.add(it)
	s.incidents[4] = state.Incident{ID: 4, Count: 9, FirstSeen: t0.Add(-48 * time.Hour), ThreadRefs: map[string]string{"rec": "T1"}}
	rec := &recorder{name: "rec"}
	w := New(s, Static(rec), Options{Logger: quiet(), Now: func() time.Time { return t0 }})
	if _, err := w.DeliverDue(context.Background()); err != nil {
		t.Fatal(err)
	}
	want := alerting.Alert{ID: 1, Kind: alerting.KindSighting, IncidentID: 4, RuleID: "stripe-secret-key",
		Description: "Stripe live secret key", Severity: "critical", Source: "loki-prod", Location: "app.log:1",
		Link: "https://grafana/x", Preview: "sk_live_…Zz9q", Fingerprint: "abababababab", EventTime: t0.Add(-time.Minute),
		FirstSeen: t0.Add(-48 * time.Hour), Count: 9, ThreadRef: "T1"}
	if len(rec.alerts) != 1 || rec.alerts[0] != want {
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
