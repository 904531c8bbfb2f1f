package slack

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/leakwatch/leakwatch/alerting"
	"github.com/leakwatch/leakwatch/internal/fakesecret"
)

// testToken is shaped like a bot token (xoxb-<team>-<bot>-<24 chars>), generated per run.
func testToken(t *testing.T) string {
	return fakesecret.SlackBot(fakesecret.Fresh())
}

// leakedSecret is shaped like a Stripe live key and its redacted preview, generated per run.
func leakedSecret(t *testing.T) (secret, preview string) {
	s := fakesecret.Stripe(fakesecret.Fresh(), 24)
	return s, "sk_live_…" + s[len(s)-4:]
}

// call is one request the fake Slack received.
type call struct {
	Token    string // from the Authorization bearer or the form, as Slack accepts either
	Channel  string
	Text     string
	Blocks   string
	ThreadTS string
	Raw      string
}

type reply struct {
	status int
	header map[string]string
	body   string
}

// fakeSlack stands in for the Web API's chat.postMessage: form-encoded request, JSON answer.
type fakeSlack struct {
	mu      sync.Mutex
	calls   []call
	replies []reply // consumed in order; then ok
	seq     int
}

func (f *fakeSlack) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/api/chat.postMessage" || r.Method != http.MethodPost {
		http.Error(w, "unexpected "+r.Method+" "+r.URL.Path, http.StatusNotFound)
		return
	}
	if err := r.ParseForm(); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	tok, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if tok == "" {
		tok = r.PostForm.Get("token")
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, call{Token: tok, Channel: r.PostForm.Get("channel"), Text: r.PostForm.Get("text"),
		Blocks: r.PostForm.Get("blocks"), ThreadTS: r.PostForm.Get("thread_ts"), Raw: r.PostForm.Encode()})
	if len(f.replies) > 0 {
		rp := f.replies[0]
		f.replies = f.replies[1:]
		for k, v := range rp.header {
			w.Header().Set(k, v)
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(rp.status)
		fmt.Fprint(w, rp.body)
		return
	}
	f.seq++
	w.Header().Set("Content-Type", "application/json")
	fmt.Fprintf(w, `{"ok":true,"channel":"C0123456789","ts":"1700000000.%06d"}`, f.seq)
}

func (f *fakeSlack) Calls() []call {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]call(nil), f.calls...)
}

func newBot(t *testing.T, f *fakeSlack, token string) *Notifier {
	t.Helper()
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	n, err := New(Config{Token: token, Channel: "#security-alerts", APIURL: srv.URL + "/api/"})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func testAlert(preview string) alerting.Alert {
	return alerting.Alert{
		ID: 41, Kind: alerting.KindNew, IncidentID: 7, RuleID: "stripe-secret-key",
		Description: "Stripe live secret key", Severity: "critical", Source: "loki-prod",
		Location: `{app="billing", namespace="prod"}`, Link: "https://grafana.example.com/explore?left=abc",
		Preview: preview, Fingerprint: "3f9a1c0b7d2e",
		EventTime: time.Date(2026, 3, 4, 5, 6, 7, 0, time.FixedZone("CET", 3600)),
		FirstSeen: time.Date(2026, 3, 4, 4, 0, 0, 0, time.UTC), Count: 5,
	}
}

func TestNotifyBotMessages(t *testing.T) {
	secret, preview := leakedSecret(t)
	tests := []struct {
		name       string
		edit       func(*alerting.Alert)
		wantRef    bool
		wantThread string
		want       []string // substrings of the blocks JSON
		wantText   []string
		notWant    []string
	}{
		{
			name:    "new is top-level with header, fields and a link button",
			wantRef: true,
			want: []string{`"type":"header"`, ":rotating_light: Secret leaked: Stripe live secret key",
				"stripe-secret-key", preview, "3f9a1c0b7d2e", "critical", "loki-prod",
				"2026-03-04 04:06:07 UTC", `"url":"https://grafana.example.com/explore?left=abc"`,
				`{app=\"billing\", namespace=\"prod\"}`},
			wantText: []string{"Secret leaked: Stripe live secret key", "stripe-secret-key", preview},
			notWant:  []string{"Seen again", "First seen", "Verified"},
		},
		{
			name:    "a verification verdict is a field",
			edit:    func(a *alerting.Alert) { a.Verified, a.VerifyReason = "live", "stripe answered 200" },
			wantRef: true,
			want:    []string{"*Verified*\nlive (stripe answered 200)"},
		},
		{
			name:    "reopened is top-level and says so",
			edit:    func(a *alerting.Alert) { a.Kind = alerting.KindReopened; a.ThreadRef = "1600000000.000001" },
			wantRef: true,
			want:    []string{"Secret leaked again: Stripe live secret key", "has been seen again", preview},
		},
		{
			name:       "sighting replies in the thread with the count",
			edit:       func(a *alerting.Alert) { a.Kind = alerting.KindSighting; a.ThreadRef = "1600000000.000001" },
			wantThread: "1600000000.000001",
			want:       []string{"Seen again (5 sightings)", "*First seen*\n2026-03-04 04:00:00 UTC", "*Sightings*\n5", preview},
			wantText:   []string{"Seen again (5 sightings)"},
			notWant:    []string{`"type":"header"`},
		},
		{
			name:     "sighting without a thread is posted top-level",
			edit:     func(a *alerting.Alert) { a.Kind = alerting.KindSighting },
			want:     []string{"Seen again (5 sightings)"},
			wantText: []string{preview},
		},
		{
			name: "a file link is text, not a button; mrkdwn in labels is escaped",
			edit: func(a *alerting.Alert) {
				a.Link = "file:///var/log/app.log:12"
				a.Location = "<!channel> app.log:12"
				a.Description = ""
			},
			wantRef: true,
			want:    []string{"Link: file:///var/log/app.log:12", "\u0026lt;!channel\u0026gt; app.log:12", "Secret leaked: stripe-secret-key"},
			notWant: []string{`"type":"actions"`, "<!channel>"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fakeSlack{}
			n := newBot(t, f, testToken(t))
			a := testAlert(preview)
			if tt.edit != nil {
				tt.edit(&a)
			}
			ref, retry, err := n.Notify(context.Background(), a)
			if err != nil || retry {
				t.Fatalf("Notify: ref %q retry %v err %v", ref, retry, err)
			}
			calls := f.Calls()
			if len(calls) != 1 {
				t.Fatalf("got %d calls, want 1", len(calls))
			}
			c := calls[0]
			if tt.wantRef != (ref != "") || (ref != "" && ref != "1700000000.000001") {
				t.Errorf("ref = %q, want a ref: %v", ref, tt.wantRef)
			}
			if c.ThreadTS != tt.wantThread {
				t.Errorf("thread_ts = %q, want %q", c.ThreadTS, tt.wantThread)
			}
			if c.Channel != "#security-alerts" {
				t.Errorf("channel = %q", c.Channel)
			}
			var blocks []map[string]any
			if err := json.Unmarshal([]byte(c.Blocks), &blocks); err != nil || len(blocks) < 2 {
				t.Fatalf("blocks are not a JSON array of blocks: %v: %s", err, c.Blocks)
			}
			// Escape the blocks the way encoding/json does, so wants can be written plainly.
			for _, w := range tt.want {
				if !strings.Contains(c.Blocks, jsonFragment(w)) {
					t.Errorf("blocks lack %q:\n%s", w, c.Blocks)
				}
			}
			for _, w := range tt.wantText {
				if !strings.Contains(c.Text, w) {
					t.Errorf("text lacks %q: %s", w, c.Text)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(c.Blocks, jsonFragment(w)) {
					t.Errorf("blocks contain %q:\n%s", w, c.Blocks)
				}
			}
			if strings.Contains(c.Raw, secret) || strings.Contains(c.Blocks, secret) || strings.Contains(c.Text, secret) {
				t.Fatal("the payload contains the full secret")
			}
			if strings.Contains(c.Blocks, secret[8:20]) {
				t.Fatal("the payload contains the secret's hidden middle")
			}
		})
	}
}

// jsonFragment is how s appears inside a JSON string built by encoding/json (which escapes <,
// > and & as \u003c …); a want that already holds JSON syntax is returned unchanged.
func jsonFragment(s string) string {
	if strings.ContainsAny(s, `{"`) {
		return s
	}
	b, _ := json.Marshal(s)
	return string(b[1 : len(b)-1])
}

func TestNotifyBotErrors(t *testing.T) {
	_, preview := leakedSecret(t)
	tests := []struct {
		name      string
		reply     reply
		down      bool
		wantRetry bool
		wantAfter time.Duration
		wantMsg   string
	}{
		{name: "429 with Retry-After", reply: reply{status: 429, header: map[string]string{"Retry-After": "7"}, body: `{"ok":false,"error":"ratelimited"}`},
			wantRetry: true, wantAfter: 7 * time.Second, wantMsg: "rate limited"},
		{name: "500", reply: reply{status: 500, body: "<html>oops</html>"}, wantRetry: true, wantMsg: "500"},
		{name: "503", reply: reply{status: 503}, wantRetry: true, wantMsg: "will retry"},
		{name: "invalid_auth is retried after a token fix", reply: reply{status: 200, body: `{"ok":false,"error":"invalid_auth"}`},
			wantRetry: true, wantMsg: "token file and reload"},
		{name: "token_revoked", reply: reply{status: 200, body: `{"ok":false,"error":"token_revoked"}`}, wantRetry: true, wantMsg: "token_revoked"},
		{name: "not_in_channel", reply: reply{status: 200, body: `{"ok":false,"error":"not_in_channel"}`}, wantMsg: "invite the bot to #security-alerts"},
		{name: "channel_not_found", reply: reply{status: 200, body: `{"ok":false,"error":"channel_not_found"}`}, wantMsg: `channel "#security-alerts" does not exist`},
		{name: "missing_scope names the scope", reply: reply{status: 200, body: `{"ok":false,"error":"missing_scope","needed":"chat:write"}`}, wantMsg: "add the chat:write scope"},
		{name: "is_archived", reply: reply{status: 200, body: `{"ok":false,"error":"is_archived"}`}, wantMsg: "archived"},
		{name: "invalid_blocks", reply: reply{status: 200, body: `{"ok":false,"error":"invalid_blocks"}`}, wantMsg: "invalid_blocks"},
		{name: "internal_error", reply: reply{status: 200, body: `{"ok":false,"error":"internal_error"}`}, wantRetry: true, wantMsg: "internal_error"},
		{name: "truncated JSON", reply: reply{status: 200, body: `{"ok":tr`}, wantRetry: true, wantMsg: "chat.postMessage"},
		{name: "connection refused", down: true, wantRetry: true, wantMsg: "chat.postMessage"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fakeSlack{replies: []reply{tt.reply}}
			srv := httptest.NewServer(f)
			token := testToken(t)
			n, err := New(Config{Token: token, Channel: "#security-alerts", APIURL: srv.URL + "/api/"})
			if err != nil {
				t.Fatal(err)
			}
			if tt.down {
				srv.Close()
			} else {
				defer srv.Close()
			}
			ref, retry, err := n.Notify(context.Background(), testAlert(preview))
			if err == nil {
				t.Fatalf("Notify succeeded (ref %q), want an error", ref)
			}
			if retry != tt.wantRetry {
				t.Errorf("retry = %v, want %v (err %v)", retry, tt.wantRetry, err)
			}
			after, ok := alerting.RetryAfter(err)
			if ok != (tt.wantAfter > 0) || after != tt.wantAfter {
				t.Errorf("RetryAfter = %v, %v; want %v", after, ok, tt.wantAfter)
			}
			if !strings.Contains(err.Error(), tt.wantMsg) {
				t.Errorf("error %q lacks %q", err, tt.wantMsg)
			}
			if strings.Contains(err.Error(), token) || strings.Contains(err.Error(), token[len(token)-24:]) {
				t.Fatal("the error contains the bot token")
			}
		})
	}
}

func TestSetTokenRotates(t *testing.T) {
	_, preview := leakedSecret(t)
	f := &fakeSlack{}
	old, rotated := testToken(t), testToken(t)
	n := newBot(t, f, old)
	ctx := context.Background()
	if _, _, err := n.Notify(ctx, testAlert(preview)); err != nil {
		t.Fatal(err)
	}
	n.SetToken(rotated + "\n") // as read from a file
	if _, _, err := n.Notify(ctx, testAlert(preview)); err != nil {
		t.Fatal(err)
	}
	calls := f.Calls()
	if len(calls) != 2 || calls[0].Token != old || calls[1].Token != rotated {
		t.Fatalf("tokens seen: %+v; want the old then the rotated one", tokens(calls))
	}

	// Rotation while alerts are in flight: every call carries one of the two whole tokens.
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(2)
		go func() {
			defer wg.Done()
			if i%2 == 0 {
				n.SetToken(old)
			} else {
				n.SetToken(rotated)
			}
		}()
		go func() {
			defer wg.Done()
			if _, _, err := n.Notify(ctx, testAlert(preview)); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	for _, c := range f.Calls() {
		if c.Token != old && c.Token != rotated {
			t.Fatalf("a call carried an unexpected token")
		}
	}
}

func tokens(cs []call) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Token[:5]+"…"+c.Token[len(c.Token)-4:])
	}
	return out
}

// fakeHook stands in for an incoming webhook: JSON body, "ok" or an error word as text.
type fakeHook struct {
	mu     sync.Mutex
	bodies []string
	status int
	answer string
	header map[string]string
}

func (f *fakeHook) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var msg struct {
		Text   string            `json:"text"`
		Blocks []json.RawMessage `json:"blocks"`
	}
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 1<<20))
	if err != nil {
		http.Error(w, "invalid_payload", http.StatusBadRequest)
		return
	}
	if r.Header.Get("Content-Type") != "application/json" || json.Unmarshal(data, &msg) != nil || msg.Text == "" || len(msg.Blocks) == 0 {
		http.Error(w, "invalid_payload", http.StatusBadRequest)
		return
	}
	f.mu.Lock()
	f.bodies = append(f.bodies, string(data))
	status, answer := f.status, f.answer
	f.mu.Unlock()
	for k, v := range f.header {
		w.Header().Set(k, v)
	}
	if status == 0 {
		status, answer = 200, "ok"
	}
	w.WriteHeader(status)
	fmt.Fprint(w, answer)
}

func TestWebhookMode(t *testing.T) {
	secret, preview := leakedSecret(t)
	hookPath := "/services/T0000000/B0000000/" + fakesecret.From(fakesecret.Fresh(), fakesecret.Base62, 24)
	tests := []struct {
		name      string
		status    int
		answer    string
		header    map[string]string
		down      bool
		wantErr   bool
		wantRetry bool
		wantAfter time.Duration
		wantMsg   string
	}{
		{name: "ok"},
		{name: "429", status: 429, answer: "rate_limited", header: map[string]string{"Retry-After": "30"}, wantErr: true, wantRetry: true, wantAfter: 30 * time.Second},
		{name: "500", status: 500, answer: "rollup_error", wantErr: true, wantRetry: true, wantMsg: "rollup_error"},
		{name: "revoked webhook", status: 404, answer: "no_service", wantErr: true, wantRetry: true, wantMsg: "create a new incoming webhook"},
		{name: "archived channel", status: 410, answer: "channel_is_archived", wantErr: true, wantMsg: "archived"},
		{name: "bad payload", status: 400, answer: "invalid_payload", wantErr: true, wantMsg: "invalid_payload"},
		{name: "down", down: true, wantErr: true, wantRetry: true, wantMsg: "incoming webhook"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fakeHook{status: tt.status, answer: tt.answer, header: tt.header}
			srv := httptest.NewServer(f)
			n, err := New(Config{WebhookURL: srv.URL + hookPath})
			if err != nil {
				t.Fatal(err)
			}
			if tt.down {
				srv.Close()
			} else {
				defer srv.Close()
			}
			a := testAlert(preview)
			a.Kind, a.ThreadRef = alerting.KindSighting, "1600000000.000001"
			ref, retry, err := n.Notify(context.Background(), a)
			if ref != "" {
				t.Errorf("ref = %q; a webhook cannot thread", ref)
			}
			if (err != nil) != tt.wantErr || retry != tt.wantRetry {
				t.Fatalf("err %v retry %v; want err %v retry %v", err, retry, tt.wantErr, tt.wantRetry)
			}
			if err != nil {
				if !strings.Contains(err.Error(), tt.wantMsg) {
					t.Errorf("error %q lacks %q", err, tt.wantMsg)
				}
				if strings.Contains(err.Error(), hookPath[len(hookPath)-24:]) {
					t.Fatal("the error contains the webhook URL's secret part")
				}
				if after, _ := alerting.RetryAfter(err); after != tt.wantAfter {
					t.Errorf("RetryAfter = %v, want %v", after, tt.wantAfter)
				}
			}
			if tt.down {
				return
			}
			f.mu.Lock()
			defer f.mu.Unlock()
			if len(f.bodies) != 1 {
				t.Fatalf("hook got %d posts", len(f.bodies))
			}
			body := f.bodies[0]
			if !strings.Contains(body, jsonFragment(preview)) || !strings.Contains(body, "Seen again (5 sightings)") {
				t.Errorf("body lacks the preview or the sighting line: %s", body)
			}
			if strings.Contains(body, "thread_ts") || strings.Contains(body, secret) {
				t.Errorf("body has a thread_ts or the secret: %s", body)
			}
		})
	}
}

func TestSetWebhookURL(t *testing.T) {
	_, preview := leakedSecret(t)
	a, b := &fakeHook{}, &fakeHook{}
	sa, sb := httptest.NewServer(a), httptest.NewServer(b)
	defer sa.Close()
	defer sb.Close()
	n, err := New(Config{WebhookURL: sa.URL + "/hook"})
	if err != nil {
		t.Fatal(err)
	}
	if err := n.SetWebhookURL("not a url"); err == nil || strings.Contains(err.Error(), "not a url") {
		t.Errorf("SetWebhookURL(bad) = %v; want an error that does not quote the URL", err)
	}
	if err := n.SetWebhookURL(sb.URL + "/hook\n"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := n.Notify(context.Background(), testAlert(preview)); err != nil {
		t.Fatal(err)
	}
	if len(a.bodies) != 0 || len(b.bodies) != 1 {
		t.Fatalf("posts: old hook %d, new hook %d; want 0, 1", len(a.bodies), len(b.bodies))
	}
}

func TestNewValidates(t *testing.T) {
	tok := testToken(t)
	tests := []struct {
		name string
		cfg  Config
		want string
	}{
		{"nothing", Config{}, "token"},
		{"both", Config{Token: tok, WebhookURL: "https://hooks.slack.com/services/x", Channel: "#a"}, "not both"},
		{"no channel", Config{Token: tok}, "channel is required"},
		{"bad hook", Config{WebhookURL: "hooks.slack.com/services/secretpart"}, "http(s) URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(tt.cfg)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("New = %v, want an error mentioning %q", err, tt.want)
			}
			if strings.Contains(err.Error(), tok) || strings.Contains(err.Error(), "secretpart") {
				t.Fatal("the error quotes a credential")
			}
		})
	}
	if n, err := New(Config{Token: tok, Channel: "C1"}); err != nil || n.Name() != "slack" {
		t.Fatalf("New(valid) = %v, %v", n, err)
	}
}

// BenchmarkMessage measures rendering one alert into text and blocks.
func BenchmarkMessage(b *testing.B) {
	a := testAlert("sk_live_…a1b2")
	for b.Loop() {
		if text, blocks := message(a, "footer"); text == "" || len(blocks) < 3 {
			b.Fatal("empty message")
		}
	}
}
