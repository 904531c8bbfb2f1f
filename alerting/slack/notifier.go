// Package slack delivers alerts to Slack: with a bot token through chat.postMessage (Block Kit,
// later sightings threaded under the first message), or through an incoming webhook (no
// threads). It only classifies failures; when to retry is the outbox worker's decision.
//
// Bot mode is effectively exactly-once: every message carries Slack message metadata naming
// its outbox id, and Delivered (alerting.Reconciler) finds it in the channel's history, so
// the outbox does not post again an alert whose attempt was cut short by a crash. That needs
// the channels:history scope (groups:history for a private channel) and, when the channel is
// configured by name, channels:read (groups:read) to look its ID up; without them the check
// fails, the outbox sends anyway and a duplicate is possible. Incoming-webhook mode cannot
// read the channel back: it is at-least-once.
package slack

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/leakwatch/leakwatch/alerting"
	"github.com/leakwatch/leakwatch/internal/retryafter"
	"github.com/slack-go/slack"
)

// DefaultTimeout bounds one call to Slack.
const DefaultTimeout = 10 * time.Second

// Config selects the mode: Token (a bot token, xoxb-…) or WebhookURL (an incoming webhook).
type Config struct {
	Name       string // notifier name in the outbox and in metrics; default "slack"
	Token      string // bot token; needs the chat:write scope
	WebhookURL string // incoming webhook; posts to its own channel, cannot thread
	Channel    string // channel name (#security-alerts) or id; required with Token
	APIURL     string // Web API base URL ending in "/", for tests; default Slack's
	Timeout    time.Duration
	HTTPClient *http.Client // optional; Timeout is applied when it has none
	// ReplyEvery is alerting.reply_every, the rate limit of later sightings' replies, which
	// the first message states (0: later sightings are not posted).
	ReplyEvery time.Duration
}

// Notifier posts alerts to Slack. It is safe for concurrent use; SetToken and SetWebhookURL
// may be called while alerts are being sent (a credential rotation on reload).
type Notifier struct {
	name    string
	channel string
	apiURL  string
	http    *http.Client
	// replyEvery is only told in messages: the state decides when a reply is due.
	replyEvery time.Duration

	mu      sync.RWMutex
	client  *slack.Client // bot mode
	webhook string        // webhook mode
	chanID  string        // the channel's ID, learnt from a post or a lookup ("" until then)
}

var _ alerting.Notifier = (*Notifier)(nil)

// New checks cfg and returns a notifier. It makes no network call.
func New(cfg Config) (*Notifier, error) {
	switch {
	case cfg.Token != "" && cfg.WebhookURL != "":
		return nil, errors.New("slack: set either a bot token or a webhook URL, not both")
	case cfg.Token == "" && cfg.WebhookURL == "":
		return nil, errors.New("slack: a bot token (token_file) or an incoming webhook URL is required")
	case cfg.Token != "" && cfg.Channel == "":
		return nil, errors.New("slack: channel is required with a bot token (e.g. #security-alerts)")
	}
	if cfg.WebhookURL != "" {
		if err := checkWebhookURL(cfg.WebhookURL); err != nil {
			return nil, err
		}
	}
	if cfg.APIURL != "" {
		if err := checkAPIURL(cfg.APIURL); err != nil {
			return nil, err
		}
	}
	n := &Notifier{name: cfg.Name, channel: cfg.Channel, apiURL: cfg.APIURL, http: cfg.HTTPClient, replyEvery: cfg.ReplyEvery}
	if n.name == "" {
		n.name = "slack"
	}
	timeout := cfg.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	if n.http == nil {
		n.http = &http.Client{Timeout: timeout}
	} else {
		c := *n.http
		if c.Timeout == 0 {
			c.Timeout = timeout
		}
		n.http = &c
	}
	// The bot token travels in the POST body and the webhook's secret in its URL: a redirect
	// would hand them to whichever host it names. Slack's API never redirects.
	n.http.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	if cfg.Token != "" {
		n.client = n.newClient(cfg.Token)
	} else {
		n.webhook = cfg.WebhookURL
	}
	return n, nil
}

func (n *Notifier) newClient(token string) *slack.Client {
	opts := []slack.Option{slack.OptionHTTPClient(n.http)}
	if n.apiURL != "" {
		opts = append(opts, slack.OptionAPIURL(n.apiURL))
	}
	return slack.New(token, opts...)
}

// Name is the notifier's name in the outbox and in metrics.
func (n *Notifier) Name() string { return n.name }

// SetToken replaces the bot token; the next Notify uses it. Calls in flight finish with the
// old one. It has no effect in webhook mode.
func (n *Notifier) SetToken(tok string) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.client == nil {
		return
	}
	n.client = n.newClient(strings.TrimSpace(tok))
}

// SetWebhookURL replaces the incoming webhook URL (webhook mode only).
func (n *Notifier) SetWebhookURL(u string) error {
	u = strings.TrimSpace(u)
	if err := checkWebhookURL(u); err != nil {
		return err
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.client != nil {
		return errors.New("slack: SetWebhookURL on a bot-token notifier")
	}
	n.webhook = u
	return nil
}

// Notify posts a. "new" and "reopened" alerts are top-level messages whose ts is returned as
// ref; "sighting" and "resolved" alerts reply in the thread a.ThreadRef (top-level when it is
// empty).
func (n *Notifier) Notify(ctx context.Context, a alerting.Alert) (string, bool, error) {
	text, blocks := message(a, n.footer(a))
	n.mu.RLock()
	client, hook := n.client, n.webhook
	n.mu.RUnlock()
	if client == nil {
		retry, err := n.postWebhook(ctx, hook, text, blocks)
		return "", retry, err
	}
	opts := []slack.MsgOption{
		slack.MsgOptionText(text, false),
		slack.MsgOptionBlocks(blocks...),
		slack.MsgOptionDisableLinkUnfurl(),
		slack.MsgOptionDisableMediaUnfurl(),
	}
	if threaded(a) {
		opts = append(opts, slack.MsgOptionTS(a.ThreadRef))
	}
	// The metadata lets Delivered recognise this message after a crash.
	opts = append(opts, slack.MsgOptionMetadata(metadata(a)))
	ch, ts, err := client.PostMessageContext(ctx, n.channel, opts...)
	if err != nil {
		retry, err := n.classify("chat.postMessage", "chat:write", err)
		return "", retry, err
	}
	n.rememberChannel(ch)
	if a.Kind == alerting.KindSighting || a.Kind == alerting.KindResolved {
		return "", false, nil // a reply is not a thread parent
	}
	return ts, false, nil
}

// classify turns a Web API failure into (retry, error telling the user what to fix).
//
// Credential errors (invalid_auth, token_revoked, …) are retried: the fix is a new token in
// the token file and a reload, which takes effect without a restart, and an alert about a
// leaked secret must not be dropped because the bot's own token was being rotated. The
// outbox backs off to its maximum, so a broken token costs one call every few minutes.
// Channel and scope errors need a person to act in Slack; they are not retried and the
// message names the fix.
//
// method names the Web API call and scope the scope it needs when Slack does not say.
func (n *Notifier) classify(method, scope string, err error) (bool, error) {
	var rl *slack.RateLimitedError
	if errors.As(err, &rl) {
		return true, &alerting.RetryAfterError{After: rl.RetryAfter,
			Err: fmt.Errorf("slack %s: %s rate limited, retry after %s", n.name, method, rl.RetryAfter)}
	}
	var sc slack.StatusCodeError
	if errors.As(err, &sc) {
		if sc.Code >= 500 || sc.Code == http.StatusTooManyRequests || sc.Code == http.StatusRequestTimeout {
			return true, fmt.Errorf("slack %s: Slack answered %s; will retry", n.name, sc.Status)
		}
		return false, fmt.Errorf("slack %s: Slack answered %s; check api_url and the Slack configuration", n.name, sc.Status)
	}
	var se slack.SlackErrorResponse
	if errors.As(err, &se) {
		return n.apiError(method, scope, se.Err, se.Needed)
	}
	// Transport failures (DNS, refused, timeout, truncated response) are transient. A
	// *url.Error names the API URL, which carries no credential in bot mode.
	return true, fmt.Errorf("slack %s: calling %s: %w", n.name, method, err)
}

func (n *Notifier) apiError(method, scope, code, needed string) (bool, error) {
	ch := n.channel
	switch code {
	case "invalid_auth", "not_authed", "token_revoked", "token_expired", "account_inactive":
		return true, fmt.Errorf("slack %s: %s: the bot token is not valid; put a valid bot token (xoxb-…) in the token file and reload (SIGHUP)", n.name, code)
	case "channel_not_found":
		return false, fmt.Errorf("slack %s: channel_not_found: channel %q does not exist or is private; check the channel name and invite the bot to it (/invite @yourbot)", n.name, ch)
	case "not_in_channel":
		return false, fmt.Errorf("slack %s: not_in_channel: invite the bot to %s (/invite @yourbot in that channel)", n.name, ch)
	case "is_archived":
		return false, fmt.Errorf("slack %s: is_archived: channel %s is archived; unarchive it or configure another channel", n.name, ch)
	case "missing_scope", "no_permission":
		need := needed
		if need == "" {
			need = scope
		}
		return false, fmt.Errorf("slack %s: %s: add the %s scope to the Slack app (%s needs it), reinstall it to the workspace, then update the token", n.name, code, need, method)
	case "restricted_action", "restricted_action_read_only_channel", "restricted_action_thread_only_channel",
		"restricted_action_non_threadable_channel", "ekm_access_denied", "team_access_not_granted":
		return false, fmt.Errorf("slack %s: %s: a workspace policy forbids the bot to post in %s; ask a Slack admin or choose another channel", n.name, code, ch)
	case "ratelimited", "rate_limited":
		return true, fmt.Errorf("slack %s: %s; will retry", n.name, code)
	case "internal_error", "fatal_error", "service_unavailable", "request_timeout":
		return true, fmt.Errorf("slack %s: %s: Slack-side failure; will retry", n.name, code)
	case "thread_not_found", "message_not_found":
		// The parent was deleted; the reply is not worth blocking the incident for.
		return false, fmt.Errorf("slack %s: %s: the incident's first message was deleted; later sightings of it cannot be threaded", n.name, code)
	default:
		// invalid_blocks, msg_too_long, invalid_arguments …: the same message fails again.
		return false, fmt.Errorf("slack %s: %s failed: %s", n.name, method, code)
	}
}

// maxErrBody bounds how much of an error response is read into an error message.
const maxErrBody = 256

// postWebhook posts to an incoming webhook. It does its own HTTP (with slack's message type)
// because the webhook URL is itself a credential: errors must not quote it, and Slack's error
// text is in the body.
func (n *Notifier) postWebhook(ctx context.Context, hook, text string, blocks []slack.Block) (bool, error) {
	body, err := json.Marshal(&slack.WebhookMessage{Text: text, Blocks: &slack.Blocks{BlockSet: blocks}})
	if err != nil {
		return false, fmt.Errorf("slack %s: encoding message: %w", n.name, err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, hook, bytes.NewReader(body))
	if err != nil {
		return false, fmt.Errorf("slack %s: invalid webhook URL; check webhook_url", n.name)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := n.http.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // drop the URL: it is the webhook's secret
		}
		return true, fmt.Errorf("slack %s: posting to the incoming webhook: %w", n.name, err)
	}
	defer resp.Body.Close()
	msg, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrBody))
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
	if resp.StatusCode == http.StatusOK {
		return false, nil
	}
	code := strings.TrimSpace(string(bytes.ToValidUTF8(msg, []byte("?"))))
	switch {
	case resp.StatusCode == http.StatusTooManyRequests:
		err := fmt.Errorf("slack %s: incoming webhook rate limited (429)", n.name)
		if d, ok := retryafter.Parse(resp.Header.Get("Retry-After"), time.Now()); ok {
			return true, &alerting.RetryAfterError{After: d, Err: err}
		}
		return true, err
	case resp.StatusCode >= 500:
		return true, fmt.Errorf("slack %s: incoming webhook answered %d %s; will retry", n.name, resp.StatusCode, code)
	case code == "invalid_token" || code == "no_service" || code == "no_team" || code == "team_disabled":
		// Like a revoked bot token: fixed by a new URL and a reload, so retried.
		return true, fmt.Errorf("slack %s: incoming webhook answered %d %s: the webhook was removed or revoked; create a new incoming webhook, update webhook_url and reload", n.name, resp.StatusCode, code)
	case code == "channel_not_found" || code == "channel_is_archived" || code == "action_prohibited" || code == "posting_to_general_channel_denied":
		return false, fmt.Errorf("slack %s: incoming webhook answered %d %s: the webhook's channel is gone, archived or restricted; create a new incoming webhook for a usable channel", n.name, resp.StatusCode, code)
	default:
		return false, fmt.Errorf("slack %s: incoming webhook answered %d %s", n.name, resp.StatusCode, code)
	}
}

// checkAPIURL: the Web API base gets the bot token, so it is https, or http only to a
// loopback address (a local test server). Its errors never quote it: a mistyped URL is the
// likeliest to carry a token (in its query, path or user info) where nothing expects one.
func checkAPIURL(u string) error {
	p, err := url.Parse(u)
	if err != nil || p.Host == "" {
		return errors.New("slack: api_url is not a URL such as https://slack.com/api/ (its value is not shown: it may hold a credential)")
	}
	if p.Scheme == "https" || p.Scheme == "http" && isLoopback(p.Hostname()) {
		return nil
	}
	return errors.New("slack: api_url must be https (http is accepted only on a loopback address): the bot token is sent to it")
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func checkWebhookURL(u string) error {
	p, err := url.Parse(u)
	if err != nil || (p.Scheme != "https" && p.Scheme != "http") || p.Host == "" {
		// Never quote the URL: it is a credential.
		return errors.New("slack: webhook_url must be an http(s) URL such as https://hooks.slack.com/services/…")
	}
	return nil
}
