package slack

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/leakwatch/leakwatch/alerting"
)

// apiMsg is a message as the Web API returns it in conversations.history/replies.
type apiMsg struct {
	Type     string         `json:"type"`
	TS       string         `json:"ts"`
	Text     string         `json:"text"`
	ThreadTS string         `json:"thread_ts,omitempty"`
	BotID    string         `json:"bot_id,omitempty"`
	Metadata map[string]any `json:"metadata,omitempty"`
}

// historyAPI stands in for chat.postMessage, conversations.list, conversations.history and
// conversations.replies: form-encoded requests, JSON answers, cursor paging with
// response_metadata.next_cursor, missing_scope answers with "needed".
type historyAPI struct {
	mu       sync.Mutex
	channels []map[string]any // conversations.list entries (id, name)
	msgs     []apiMsg         // the channel, oldest first
	pageSize int              // messages/channels per page; default 100
	denied   map[string]string
	status   map[string]int // method -> HTTP status to answer
	calls    []url.Values   // every request, with "method" added
	seq      int
}

func (h *historyAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	method := strings.TrimPrefix(r.URL.Path, "/api/")
	h.mu.Lock()
	defer h.mu.Unlock()
	form := url.Values{"method": {method}}
	for k, v := range r.PostForm {
		form[k] = v
	}
	h.calls = append(h.calls, form)
	w.Header().Set("Content-Type", "application/json")
	if code := h.status[method]; code != 0 {
		if code == http.StatusTooManyRequests {
			w.Header().Set("Retry-After", "30")
		}
		w.WriteHeader(code)
		return
	}
	if scope, ok := h.denied[method]; ok {
		fmt.Fprintf(w, `{"ok":false,"error":"missing_scope","needed":%q,"provided":"chat:write"}`, scope)
		return
	}
	size := h.pageSize
	if size == 0 {
		size = 100
	}
	page := func(n int) (from, to int, next string) {
		from, _ = strconv.Atoi(r.PostForm.Get("cursor")) // the fake's cursor is an offset
		if lim, _ := strconv.Atoi(r.PostForm.Get("limit")); lim > 0 && lim < size {
			size = lim
		}
		to = min(from+size, n)
		if to < n {
			next = strconv.Itoa(to)
		}
		return from, to, next
	}
	answer := func(v map[string]any) {
		b, _ := json.Marshal(v)
		w.Write(b)
	}
	switch method {
	case "chat.postMessage":
		h.seq++
		ts := fmt.Sprintf("1772625600.%06d", h.seq)
		m := apiMsg{Type: "message", TS: ts, Text: r.PostForm.Get("text"), ThreadTS: r.PostForm.Get("thread_ts"), BotID: "B1"}
		if md := r.PostForm.Get("metadata"); md != "" {
			json.Unmarshal([]byte(md), &m.Metadata)
		}
		h.msgs = append(h.msgs, m)
		answer(map[string]any{"ok": true, "channel": "C0SEC00001", "ts": ts})
	case "conversations.list":
		var list []map[string]any
		for _, c := range h.channels {
			if c["type"] == r.PostForm.Get("types") {
				list = append(list, c)
			}
		}
		from, to, next := page(len(list))
		answer(map[string]any{"ok": true, "channels": list[from:to], "response_metadata": map[string]string{"next_cursor": next}})
	case "conversations.history", "conversations.replies":
		if r.PostForm.Get("channel") != "C0SEC00001" {
			answer(map[string]any{"ok": false, "error": "channel_not_found"})
			return
		}
		oldest, _ := strconv.ParseFloat(r.PostForm.Get("oldest"), 64)
		var sel []apiMsg
		for i := len(h.msgs) - 1; i >= 0; i-- { // newest first
			m := h.msgs[i]
			ts, _ := strconv.ParseFloat(m.TS, 64)
			if ts <= oldest {
				continue
			}
			if method == "conversations.history" && m.ThreadTS != "" && m.ThreadTS != m.TS {
				continue // replies stay in their thread
			}
			if method == "conversations.replies" && m.TS != r.PostForm.Get("ts") && m.ThreadTS != r.PostForm.Get("ts") {
				continue
			}
			if r.PostForm.Get("include_all_metadata") != "1" {
				m.Metadata = nil
			}
			sel = append(sel, m)
		}
		if method == "conversations.replies" {
			slices.Reverse(sel) // a thread is oldest first
		}
		from, to, next := page(len(sel))
		answer(map[string]any{"ok": true, "messages": sel[from:to], "has_more": next != "",
			"response_metadata": map[string]string{"next_cursor": next}})
	default:
		answer(map[string]any{"ok": false, "error": "unknown_method"})
	}
}

func (h *historyAPI) methods() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []string
	for _, c := range h.calls {
		out = append(out, c.Get("method"))
	}
	return out
}

func newHistoryBot(t *testing.T, h *historyAPI, channel string) *Notifier {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	n, err := New(Config{Token: testToken(t), Channel: channel, APIURL: srv.URL + "/api/"})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// alertMsg is a message another process posted for alert id.
func alertMsg(ts string, id, incident int64, fingerprint, thread string) apiMsg {
	return apiMsg{Type: "message", TS: ts, Text: "Secret leaked", ThreadTS: thread, BotID: "B1",
		Metadata: map[string]any{"event_type": MetadataEventType,
			"event_payload": map[string]any{"alert_id": id, "incident_id": incident, "kind": "new", "fingerprint": fingerprint}}}
}

func filler(n int, start float64) []apiMsg {
	var out []apiMsg
	for i := range n {
		out = append(out, apiMsg{Type: "message", TS: fmt.Sprintf("%.6f", start+float64(i)), Text: "chatter"})
	}
	return out
}

func TestDelivered(t *testing.T) {
	_, preview := leakedSecret(t)
	since := time.Unix(1772625600, 0) // the interrupted attempt
	a := testAlert(preview)           // ID 41, incident 7, fingerprint 3f9a1c0b7d2e
	reply := a
	reply.Kind, reply.ThreadRef = alerting.KindSighting, "1772625000.000100"
	public := []map[string]any{{"id": "C0OTHER001", "name": "general", "type": "public_channel"}, {"id": "C0SEC00001", "name": "security-alerts", "type": "public_channel"}}

	tests := []struct {
		name      string
		alert     alerting.Alert
		channel   string
		api       *historyAPI
		wantFound bool
		wantRef   string
		wantErr   string // substring; "" for none
		transient bool
		wantCalls []string
	}{
		{name: "found in history", alert: a, channel: "#security-alerts",
			api:       &historyAPI{channels: public, msgs: append(filler(3, 1772625590), alertMsg("1772625601.000200", 41, 7, "3f9a1c0b7d2e", ""))},
			wantFound: true, wantRef: "1772625601.000200",
			wantCalls: []string{"conversations.list", "conversations.history"}},
		{name: "found in replies", alert: reply, channel: "C0SEC00001",
			api: &historyAPI{msgs: []apiMsg{alertMsg("1772625000.000100", 40, 7, "3f9a1c0b7d2e", ""),
				alertMsg("1772625602.000300", 41, 7, "3f9a1c0b7d2e", "1772625000.000100")}},
			wantFound: true, wantRef: "", // a reply is not a thread parent, as in Notify
			wantCalls: []string{"conversations.replies"}},
		{name: "reply not in history of the channel", alert: reply, channel: "C0SEC00001",
			api:       &historyAPI{msgs: []apiMsg{alertMsg("1772625000.000100", 40, 7, "3f9a1c0b7d2e", "")}},
			wantCalls: []string{"conversations.replies"}},
		{name: "not found", alert: a, channel: "C0SEC00001",
			api:       &historyAPI{msgs: append(filler(5, 1772625590), alertMsg("1772625601.000200", 40, 6, "aaaaaaaaaaaa", ""))},
			wantCalls: []string{"conversations.history"}},
		{name: "another installation's alert with the same id", alert: a, channel: "C0SEC00001",
			api:       &historyAPI{msgs: []apiMsg{alertMsg("1772625601.000200", 41, 7, "0123456789ab", "")}},
			wantCalls: []string{"conversations.history"}},
		{name: "older than since minus a minute is not searched", alert: a, channel: "C0SEC00001",
			api:       &historyAPI{msgs: []apiMsg{alertMsg("1772625539.000000", 41, 7, "3f9a1c0b7d2e", "")}},
			wantCalls: []string{"conversations.history"}},
		{name: "clock skew within a minute", alert: a, channel: "C0SEC00001",
			api:       &historyAPI{msgs: []apiMsg{alertMsg("1772625541.000000", 41, 7, "3f9a1c0b7d2e", "")}},
			wantFound: true, wantRef: "1772625541.000000", wantCalls: []string{"conversations.history"}},
		{name: "paging through history", alert: a, channel: "C0SEC00001",
			api: &historyAPI{pageSize: 2, msgs: append([]apiMsg{alertMsg("1772625600.500000", 41, 7, "3f9a1c0b7d2e", "")},
				filler(5, 1772625601)...)},
			wantFound: true, wantRef: "1772625600.500000",
			wantCalls: []string{"conversations.history", "conversations.history", "conversations.history"}},
		{name: "paging through channels", alert: a, channel: "#security-alerts",
			api: &historyAPI{pageSize: 1, channels: public,
				msgs: []apiMsg{alertMsg("1772625601.000200", 41, 7, "3f9a1c0b7d2e", "")}},
			wantFound: true, wantRef: "1772625601.000200",
			wantCalls: []string{"conversations.list", "conversations.list", "conversations.history"}},
		{name: "private channel", alert: a, channel: "security-alerts",
			api: &historyAPI{channels: []map[string]any{{"id": "C0SEC00001", "name": "security-alerts", "type": "private_channel"}},
				msgs: []apiMsg{alertMsg("1772625601.000200", 41, 7, "3f9a1c0b7d2e", "")}},
			wantFound: true, wantRef: "1772625601.000200",
			wantCalls: []string{"conversations.list", "conversations.list", "conversations.history"}},
		{name: "missing channels:history", alert: a, channel: "C0SEC00001",
			api:     &historyAPI{denied: map[string]string{"conversations.history": "channels:history"}},
			wantErr: "add the channels:history scope", wantCalls: []string{"conversations.history"}},
		{name: "missing groups:history on a private channel", alert: reply, channel: "C0SEC00001",
			api:     &historyAPI{denied: map[string]string{"conversations.replies": "groups:history"}},
			wantErr: "add the groups:history scope", wantCalls: []string{"conversations.replies"}},
		{name: "missing channels:read", alert: a, channel: "#security-alerts",
			api:     &historyAPI{denied: map[string]string{"conversations.list": "channels:read"}},
			wantErr: "add the channels:read scope", wantCalls: []string{"conversations.list"}},
		{name: "unknown channel name", alert: a, channel: "#nope",
			api:     &historyAPI{channels: public},
			wantErr: `channel "#nope" not found`, wantCalls: []string{"conversations.list", "conversations.list"}},
		{name: "rate limited is transient", alert: a, channel: "C0SEC00001",
			api:     &historyAPI{status: map[string]int{"conversations.history": 429}},
			wantErr: "rate limited", transient: true, wantCalls: []string{"conversations.history"}},
		{name: "Slack outage is transient", alert: a, channel: "C0SEC00001",
			api:     &historyAPI{status: map[string]int{"conversations.history": 503}},
			wantErr: "503", transient: true, wantCalls: []string{"conversations.history"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := newHistoryBot(t, tt.api, tt.channel)
			ref, found, err := n.Delivered(context.Background(), tt.alert, since)
			if tt.wantErr == "" && err != nil {
				t.Fatalf("Delivered: %v", err)
			}
			if tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
				t.Fatalf("Delivered error = %v, want %q", err, tt.wantErr)
			}
			if err != nil && alerting.IsTransient(err) != tt.transient {
				t.Errorf("IsTransient(%v) = %v, want %v", err, !tt.transient, tt.transient)
			}
			if found != tt.wantFound || ref != tt.wantRef {
				t.Errorf("Delivered = %q, %v; want %q, %v", ref, found, tt.wantRef, tt.wantFound)
			}
			if got := tt.api.methods(); !slices.Equal(got, tt.wantCalls) {
				t.Errorf("calls %v, want %v", got, tt.wantCalls)
			}
			for _, c := range tt.api.calls {
				m := c.Get("method")
				if m != "conversations.history" && m != "conversations.replies" {
					continue
				}
				if c.Get("include_all_metadata") != "1" || c.Get("oldest") != "1772625540.000000" || c.Get("channel") != "C0SEC00001" {
					t.Errorf("%s request %v: want include_all_metadata=1, oldest a minute before since, the channel's ID", m, c)
				}
				if m == "conversations.replies" && c.Get("ts") != reply.ThreadRef {
					t.Errorf("replies of %q, want the thread %q", c.Get("ts"), reply.ThreadRef)
				}
			}
		})
	}
}

// TestDeliveredBound: a channel too busy to search within the bound is an error (the answer
// is unknown), not "not found".
func TestDeliveredBound(t *testing.T) {
	_, preview := leakedSecret(t)
	h := &historyAPI{msgs: filler(maxHistoryPages*historyPageSize+1, 1772625601)}
	h.pageSize = historyPageSize
	n := newHistoryBot(t, h, "C0SEC00001")
	_, found, err := n.Delivered(context.Background(), testAlert(preview), time.Unix(1772625600, 0))
	if err == nil || found || !strings.Contains(err.Error(), "cannot tell") || alerting.IsTransient(err) {
		t.Fatalf("Delivered = %v, %v; want a permanent 'cannot tell' error", found, err)
	}
	if got := len(h.methods()); got != maxHistoryPages {
		t.Errorf("%d pages read, want the bound %d", got, maxHistoryPages)
	}
}

// TestPostCarriesMetadataAndChannelID: every post carries the alert's metadata, and the
// channel ID Slack answers with spares the conversations.list lookup.
func TestPostCarriesMetadataAndChannelID(t *testing.T) {
	secret, preview := leakedSecret(t)
	h := &historyAPI{}
	n := newHistoryBot(t, h, "#security-alerts")
	a := testAlert(preview)
	ts, _, err := n.Notify(context.Background(), a)
	if err != nil {
		t.Fatal(err)
	}
	md := h.calls[0].Get("metadata")
	var got struct {
		EventType    string         `json:"event_type"`
		EventPayload map[string]any `json:"event_payload"`
	}
	if err := json.Unmarshal([]byte(md), &got); err != nil {
		t.Fatalf("metadata %q: %v", md, err)
	}
	want := map[string]any{"alert_id": float64(41), "incident_id": float64(7), "kind": "new", "fingerprint": "3f9a1c0b7d2e"}
	if got.EventType != MetadataEventType || fmt.Sprint(got.EventPayload) != fmt.Sprint(want) {
		t.Errorf("metadata = %+v, want %s %v", got, MetadataEventType, want)
	}
	if strings.Contains(md, secret) || strings.Contains(md, preview) {
		t.Errorf("metadata carries the secret or its preview: %s", md)
	}
	ref, found, err := n.Delivered(context.Background(), a, time.Unix(1772625600, 0))
	if err != nil || !found || ref != ts {
		t.Fatalf("Delivered = %q, %v, %v; want %q", ref, found, err, ts)
	}
	if got := h.methods(); !slices.Equal(got, []string{"chat.postMessage", "conversations.history"}) {
		t.Errorf("calls %v: the channel ID from the post should be reused", got)
	}
}

func TestDeliveredLookupCached(t *testing.T) {
	_, preview := leakedSecret(t)
	h := &historyAPI{channels: []map[string]any{{"id": "C0SEC00001", "name": "security-alerts", "type": "public_channel"}}}
	n := newHistoryBot(t, h, "#security-alerts")
	for range 3 {
		if _, _, err := n.Delivered(context.Background(), testAlert(preview), time.Unix(1772625600, 0)); err != nil {
			t.Fatal(err)
		}
	}
	if got := h.methods(); !slices.Equal(got, []string{"conversations.list", "conversations.history", "conversations.history", "conversations.history"}) {
		t.Errorf("calls %v, want one lookup", got)
	}
}

func TestDeliveredWebhookMode(t *testing.T) {
	n, err := New(Config{WebhookURL: "https://hooks.slack.example/services/T000/B000/XXXX"})
	if err != nil {
		t.Fatal(err)
	}
	_, found, err := n.Delivered(context.Background(), testAlert("x"), time.Now())
	if found || err == nil || alerting.IsTransient(err) || !strings.Contains(err.Error(), "incoming webhook cannot read the channel back") {
		t.Fatalf("webhook Delivered = %v, %v; want a permanent explanation", found, err)
	}
	if strings.Contains(err.Error(), "hooks.slack") {
		t.Errorf("the error quotes the webhook URL")
	}
}

func TestIsChannelID(t *testing.T) {
	for s, want := range map[string]bool{"C0123ABCD": true, "G01234567": true, "security-alerts": false,
		"C0123": false, "c0123abcd": false, "general": false} {
		if got := isChannelID(s); got != want {
			t.Errorf("isChannelID(%q) = %v", s, got)
		}
	}
	if got := slackTS(time.Unix(1772625600, 123456789)); got != "1772625600.123456" {
		t.Errorf("slackTS = %s", got)
	}
}
