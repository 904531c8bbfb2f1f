package slack

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/leakwatch/leakwatch/alerting"
	"github.com/slack-go/slack"
)

// MetadataEventType is the event_type of the message metadata on every alert posted in bot
// mode. Its payload holds alert_id (the outbox id), incident_id, kind and the short
// fingerprint: identifiers already shown in the message, never secret data.
const MetadataEventType = "leakwatch_alert"

const (
	// reconcileMargin widens the search before the attempt's start: Slack's clock and ours
	// may differ a little.
	reconcileMargin = time.Minute
	// Pages read by one Delivered call, and messages per page. An alerts channel sees few
	// messages between a crash and the restart; beyond this bound the answer is "unknown".
	maxHistoryPages = 20
	historyPageSize = 200
	// conversations.list pages (1000 channels each) read to look a channel name up.
	maxListPages = 20
	listPageSize = 1000
)

// Scopes the delivery check needs when Slack's missing_scope answer does not name one.
const (
	historyScopes = "channels:history (groups:history for a private channel)"
	listScope     = "channels:read"
)

var _ alerting.Reconciler = (*Notifier)(nil)

func metadata(a alerting.Alert) slack.SlackMetadata {
	p := map[string]any{"alert_id": a.ID, "incident_id": a.IncidentID, "kind": string(a.Kind)}
	if a.Fingerprint != "" {
		p["fingerprint"] = a.Fingerprint
	}
	return slack.SlackMetadata{EventType: MetadataEventType, EventPayload: p}
}

// threaded reports whether Notify posts a as a reply in the incident's thread.
func threaded(a alerting.Alert) bool {
	return (a.Kind == alerting.KindSighting || a.Kind == alerting.KindResolved) && a.ThreadRef != ""
}

// Delivered implements alerting.Reconciler: it looks for a's message, by its metadata, in
// the channel's history (or, for a thread reply, in the thread) from a minute before since.
// The returned ref is what Notify would have returned (the ts; "" for a reply).
//
// In webhook mode it always fails: an incoming webhook cannot read the channel back, so the
// outbox sends again (at-least-once).
func (n *Notifier) Delivered(ctx context.Context, a alerting.Alert, since time.Time) (string, bool, error) {
	n.mu.RLock()
	client := n.client
	n.mu.RUnlock()
	if client == nil {
		return "", false, fmt.Errorf("slack %s: an incoming webhook cannot read the channel back, so an alert interrupted by a restart is posted again and may appear twice; use a bot token with the channels:history scope for exactly-once delivery", n.name)
	}
	ch, err := n.channelID(ctx, client)
	if err != nil {
		return "", false, err
	}
	oldest := ""
	if !since.IsZero() {
		oldest = slackTS(since.Add(-reconcileMargin))
	}
	var ts string
	var found bool
	if threaded(a) {
		ts, found, err = n.findInThread(ctx, client, ch, a, oldest)
	} else {
		ts, found, err = n.findInHistory(ctx, client, ch, a, oldest)
	}
	if err != nil || !found {
		return "", false, err
	}
	if a.Kind == alerting.KindSighting || a.Kind == alerting.KindResolved {
		return "", true, nil // as Notify: a reply is not a thread parent
	}
	return ts, true, nil
}

func (n *Notifier) findInHistory(ctx context.Context, client *slack.Client, ch string, a alerting.Alert, oldest string) (string, bool, error) {
	const method = "conversations.history"
	cursor := ""
	for range maxHistoryPages {
		resp, err := client.GetConversationHistoryContext(ctx, &slack.GetConversationHistoryParameters{
			ChannelID: ch, Cursor: cursor, Oldest: oldest, Limit: historyPageSize, IncludeAllMetadata: true,
		})
		if err != nil {
			return "", false, n.checkError(method, historyScopes, err)
		}
		for _, m := range resp.Messages {
			if isAlertMessage(m.Msg, a) {
				return m.Timestamp, true, nil
			}
		}
		cursor = resp.ResponseMetaData.NextCursor
		if cursor == "" {
			if resp.HasMore {
				return "", false, fmt.Errorf("slack %s: %s said has_more without a next_cursor; cannot tell whether alert %d was delivered", n.name, method, a.ID)
			}
			return "", false, nil
		}
	}
	return "", false, n.tooMany(method, a)
}

func (n *Notifier) findInThread(ctx context.Context, client *slack.Client, ch string, a alerting.Alert, oldest string) (string, bool, error) {
	const method = "conversations.replies"
	cursor := ""
	for range maxHistoryPages {
		msgs, hasMore, next, err := client.GetConversationRepliesContext(ctx, &slack.GetConversationRepliesParameters{
			ChannelID: ch, Timestamp: a.ThreadRef, Cursor: cursor, Oldest: oldest, Limit: historyPageSize, IncludeAllMetadata: true,
		})
		if err != nil {
			return "", false, n.checkError(method, historyScopes, err)
		}
		for _, m := range msgs {
			if isAlertMessage(m.Msg, a) {
				return m.Timestamp, true, nil
			}
		}
		cursor = next
		if cursor == "" {
			if hasMore {
				return "", false, fmt.Errorf("slack %s: %s said has_more without a next_cursor; cannot tell whether alert %d was delivered", n.name, method, a.ID)
			}
			return "", false, nil
		}
	}
	return "", false, n.tooMany(method, a)
}

func (n *Notifier) tooMany(method string, a alerting.Alert) error {
	return fmt.Errorf("slack %s: more than %d messages in %s since the interrupted attempt; cannot tell whether alert %d was delivered",
		n.name, maxHistoryPages*historyPageSize, method, a.ID)
}

// isAlertMessage matches m's metadata to a. The fingerprint (an HMAC under this
// installation's key) tells apart two installations posting to one channel, whose outbox
// ids may coincide.
func isAlertMessage(m slack.Msg, a alerting.Alert) bool {
	md := m.Metadata
	if md.EventType != MetadataEventType {
		return false
	}
	id, ok := payloadInt(md.EventPayload["alert_id"])
	if !ok || id != a.ID {
		return false
	}
	if inc, ok := payloadInt(md.EventPayload["incident_id"]); ok && inc != a.IncidentID {
		return false
	}
	if fp, ok := md.EventPayload["fingerprint"].(string); ok && a.Fingerprint != "" && fp != a.Fingerprint {
		return false
	}
	return true
}

// payloadInt reads an integer from decoded JSON: a number (float64, exact up to 2^53) or a
// string of digits.
func payloadInt(v any) (int64, bool) {
	switch x := v.(type) {
	case float64:
		if x != float64(int64(x)) {
			return 0, false
		}
		return int64(x), true
	case json.Number:
		i, err := x.Int64()
		return i, err == nil
	case string:
		i, err := strconv.ParseInt(x, 10, 64)
		return i, err == nil
	}
	return 0, false
}

// slackTS formats t as a Slack timestamp ("seconds.micros").
func slackTS(t time.Time) string {
	us := t.UnixMicro()
	if us < 0 {
		return "0"
	}
	return fmt.Sprintf("%d.%06d", us/1e6, us%1e6)
}

// checkError classifies a failure of a delivery check: transient ones are asked again later
// (alerting.TransientError); the rest say what to fix.
func (n *Notifier) checkError(method, scope string, err error) error {
	retry, err := n.classify(method, scope, err)
	if retry {
		return &alerting.TransientError{Err: err}
	}
	return fmt.Errorf("%w; until then an alert interrupted by a restart may be posted twice", err)
}

// rememberChannel keeps the channel ID Slack answered a post with, sparing a lookup.
func (n *Notifier) rememberChannel(id string) {
	if id == "" || isChannelID(strings.TrimPrefix(n.channel, "#")) {
		return
	}
	n.mu.Lock()
	n.chanID = id
	n.mu.Unlock()
}

// isChannelID reports whether s is a conversation ID (C…, G…, D…) rather than a name:
// channel names are lowercase, IDs are uppercase letters and digits.
func isChannelID(s string) bool {
	if len(s) < 9 || !strings.ContainsRune("CGD", rune(s[0])) {
		return false
	}
	for _, r := range s {
		if (r < 'A' || r > 'Z') && (r < '0' || r > '9') {
			return false
		}
	}
	return true
}

// channelID returns the configured channel's ID: as configured, remembered from a post, or
// looked up by name with conversations.list (public channels, then private ones) and kept.
func (n *Notifier) channelID(ctx context.Context, client *slack.Client) (string, error) {
	name := strings.TrimPrefix(n.channel, "#")
	if isChannelID(name) {
		return name, nil
	}
	n.mu.RLock()
	id := n.chanID
	n.mu.RUnlock()
	if id != "" {
		return id, nil
	}
	id, err := n.lookupChannel(ctx, client, name, "public_channel", listScope)
	if err != nil {
		return "", err
	}
	if id == "" {
		id, err = n.lookupChannel(ctx, client, name, "private_channel", "groups:read")
		if errors.Is(err, errNoPrivateScope) {
			return "", fmt.Errorf("slack %s: channel %q is not a public channel; if it is private, add the groups:read scope to the Slack app (conversations.list needs it) or set channel to the channel's ID (C…); until then an alert interrupted by a restart may be posted twice", n.name, n.channel)
		}
		if err != nil {
			return "", err
		}
	}
	if id == "" {
		return "", fmt.Errorf("slack %s: channel %q not found by conversations.list; check the channel name or set channel to its ID (C…)", n.name, n.channel)
	}
	n.mu.Lock()
	n.chanID = id
	n.mu.Unlock()
	return id, nil
}

var errNoPrivateScope = errors.New("no groups:read scope")

// lookupChannel pages conversations.list of one type for name; "" when absent.
func (n *Notifier) lookupChannel(ctx context.Context, client *slack.Client, name, typ, scope string) (string, error) {
	const method = "conversations.list"
	cursor := ""
	for range maxListPages {
		chans, next, err := client.GetConversationsContext(ctx, &slack.GetConversationsParameters{
			Cursor: cursor, ExcludeArchived: true, Limit: listPageSize, Types: []string{typ},
		})
		if err != nil {
			var se slack.SlackErrorResponse
			if typ == "private_channel" && errors.As(err, &se) && (se.Err == "missing_scope" || se.Err == "no_permission") {
				return "", errNoPrivateScope // the caller explains
			}
			return "", n.checkError(method, scope, err)
		}
		for _, c := range chans {
			if c.Name == name {
				return c.ID, nil
			}
		}
		if next == "" {
			return "", nil
		}
		cursor = next
	}
	return "", fmt.Errorf("slack %s: channel %q not among the first %d channels; set channel to its ID (C…)", n.name, n.channel, maxListPages*listPageSize)
}
