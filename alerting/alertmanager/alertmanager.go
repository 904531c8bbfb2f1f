// Package alertmanager delivers incidents to Prometheus Alertmanager (POST /api/v2/alerts),
// so teams that already route pages through Alertmanager get leaked secrets there, grouped,
// silenced and inhibited like any other alert.
//
// # What is posted
//
// One alert per incident, identified by its labels:
//
//	alertname="SecretLeaked", rule, severity, source (the incident's first source), incident_id
//
// with annotations summary, description, preview (redacted: sk_live_…a1b2), link and
// runbook_url, and generatorURL (the deep link to the line when there is one). Nothing in
// it is a secret.
//
// # Lifecycle
//
// The outbox delivers one alert per state change (new, reopened, resolved), with retries.
// Alertmanager forgets an alert whose endsAt passes, so firing alerts carry
// endsAt = now + 4 × resend_interval (as Prometheus does), and every resend_interval the
// daemon hands Resend every open incident to re-post. A resolution is posted with endsAt =
// the resolution time; the daemon keeps handing Resend the incidents resolved within
// ResolvedRetention, so a re-post that raced with the resolution cannot leave the alert
// firing. The notifier never reads the state: what it posts comes in the alerts it is
// given (alerting.Alert.Incident holds the incident as a whole).
//
// Every URL (an HA pair) receives every alert, as Prometheus does: an alert counts as
// delivered once every URL accepted it; URLs that already accepted it are not posted to
// again on a retry.
package alertmanager

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	promcfg "github.com/prometheus/common/config"

	"github.com/leakwatch/leakwatch/alerting"
	"github.com/leakwatch/leakwatch/internal/httpclient"
	"github.com/leakwatch/leakwatch/internal/retryafter"
)

// Defaults.
const (
	DefaultName           = "alertmanager"
	DefaultTimeout        = 10 * time.Second
	DefaultResendInterval = time.Minute
	// ResolvedRetention is how long resolved incidents keep being re-posted as resolved.
	ResolvedRetention = 15 * time.Minute
	// AlertName is the alertname label of every alert.
	AlertName = "SecretLeaked"
	apiPath   = "/api/v2/alerts"
)

// Config of one Alertmanager notifier (one or more URLs: an HA set).
type Config struct {
	Name           string   // notifier name in the outbox and metrics; default "alertmanager"
	URLs           []string // Alertmanager base URLs, e.g. http://alertmanager:9093
	HTTP           promcfg.HTTPClientConfig
	Timeout        time.Duration // per POST; default DefaultTimeout
	ResendInterval time.Duration // default DefaultResendInterval
	RunbookURL     string
	Now            func() time.Time
	// HTTPClient replaces the client built from HTTP (tests).
	HTTPClient *http.Client
}

// PostableAlert is Alertmanager's v2 alert body.
type PostableAlert struct {
	Labels       map[string]string `json:"labels"`
	Annotations  map[string]string `json:"annotations,omitempty"`
	StartsAt     time.Time         `json:"startsAt,omitzero"`
	EndsAt       time.Time         `json:"endsAt,omitzero"`
	GeneratorURL string            `json:"generatorURL,omitempty"`
}

// Notifier posts alerts to every configured Alertmanager. It is safe for concurrent use.
type Notifier struct {
	name    string
	targets []target
	http    *http.Client
	timeout time.Duration
	resend  time.Duration
	runbook string
	now     func() time.Time

	mu   sync.Mutex
	done map[int64]map[int]bool // alert id -> index of URLs that accepted it (partial deliveries)
}

type target struct {
	url  string // full API URL
	show string // scheme://host, safe to show in errors
}

var _ alerting.ResolutionNotifier = (*Notifier)(nil)

// New checks cfg and builds the HTTP client. It makes no network call.
func New(cfg Config) (*Notifier, error) {
	name := cfg.Name
	if name == "" {
		name = DefaultName
	}
	if len(cfg.URLs) == 0 {
		return nil, fmt.Errorf("alertmanager %s: urls: at least one Alertmanager URL is required", name)
	}
	n := &Notifier{name: name, timeout: cfg.Timeout, resend: cfg.ResendInterval, runbook: cfg.RunbookURL,
		now: cfg.Now, done: map[int64]map[int]bool{}}
	for i, raw := range cfg.URLs {
		u, err := url.Parse(raw)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, fmt.Errorf("alertmanager %s: urls[%d]: want http(s)://host[:port][/prefix]", name, i)
		}
		if u.User != nil {
			return nil, fmt.Errorf("alertmanager %s: urls[%d]: credentials in the URL: use basic_auth or authorization", name, i)
		}
		n.targets = append(n.targets, target{url: strings.TrimRight(u.String(), "/") + apiPath, show: u.Scheme + "://" + u.Host})
	}
	if n.timeout <= 0 {
		n.timeout = DefaultTimeout
	}
	if n.resend <= 0 {
		n.resend = DefaultResendInterval
	}
	if n.now == nil {
		n.now = time.Now
	}
	n.http = cfg.HTTPClient
	if n.http == nil {
		c, err := httpclient.New(name, cfg.HTTP, httpclient.Options{})
		if err != nil {
			return nil, fmt.Errorf("alertmanager %s: %w", name, err)
		}
		n.http = c
	}
	return n, nil
}

// Name is the notifier's name in the outbox and in metrics.
func (n *Notifier) Name() string { return n.name }

// NotifiesResolutions says that resolutions are posted (with endsAt).
func (n *Notifier) NotifiesResolutions() bool { return true }

// ResendInterval is how often Resend should run.
func (n *Notifier) ResendInterval() time.Duration { return n.resend }

// ResolvedRetention is how long after its resolution an incident should be handed to
// Resend (as resolved).
func (n *Notifier) ResolvedRetention() time.Duration { return ResolvedRetention }

// Notify posts a to every URL that has not accepted it yet. ref is always "".
func (n *Notifier) Notify(ctx context.Context, a alerting.Alert) (string, bool, error) {
	pa := n.build(a)
	n.mu.Lock()
	done := n.done[a.ID]
	n.mu.Unlock()
	var errs []error
	retry := false
	for i, t := range n.targets {
		if done[i] {
			continue
		}
		r, err := n.post(ctx, t, []PostableAlert{pa})
		if err != nil {
			errs = append(errs, err)
			retry = retry || r
			continue
		}
		if done == nil {
			done = map[int]bool{}
		}
		done[i] = true
	}
	n.mu.Lock()
	if len(errs) == 0 {
		delete(n.done, a.ID)
	} else if done != nil {
		n.done[a.ID] = done
	}
	n.mu.Unlock()
	if len(errs) > 0 {
		// Some URL still lacks it: retry (the others are not posted to again) unless every
		// failure is permanent.
		return "", retry, errors.Join(errs...)
	}
	return "", false, nil
}

// Resend re-posts alerts to every URL: one per open incident (firing) and one per
// incident resolved within ResolvedRetention (of kind alerting.KindResolved, EventTime the
// resolution), so Alertmanager neither expires a firing alert nor keeps one a racing
// re-post revived. The caller reads them from the state (each with its Incident set);
// the notifier reads nothing. Failures are returned; the next Resend tries again.
func (n *Notifier) Resend(ctx context.Context, alerts []alerting.Alert) error {
	if len(alerts) == 0 {
		return nil
	}
	batch := make([]PostableAlert, 0, len(alerts))
	for _, a := range alerts {
		batch = append(batch, n.build(a))
	}
	var errs []error
	for _, t := range n.targets {
		if _, err := n.post(ctx, t, batch); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// build is the alert posted for a: resolved at a.EventTime when a is a resolution, firing
// otherwise. Labels come from the incident as a whole (a.Incident), so the outbox and
// Resend post the same label set; an alert without it (a sender that has only the
// sighting) is taken as its incident's first.
func (n *Notifier) build(a alerting.Alert) PostableAlert {
	in := a.Incident
	if in == (alerting.Incident{}) {
		in = alerting.Incident{Severity: a.Severity, Description: a.Description, Preview: a.Preview,
			Source: a.Source, Location: a.Location, Link: a.Link}
	}
	src, link, where := in.Source, in.Link, in.Location
	labels := map[string]string{
		"alertname":   AlertName,
		"rule":        a.RuleID,
		"severity":    in.Severity,
		"source":      src,
		"incident_id": strconv.FormatInt(a.IncidentID, 10),
	}
	// Receivers' templates pass annotations on to Slack or e-mail as they are: text from
	// log data (the location, a rule's description) is made inert first.
	desc := fmt.Sprintf("A %s (%s) was found in the logs of %s", alerting.Inert(in.Description), alerting.Inert(in.Preview), alerting.Inert(src))
	if where != "" {
		desc += " at " + alerting.Inert(where)
	}
	desc += fmt.Sprintf("; %d sighting(s), first seen %s. Rotate the secret, then resolve the incident (leakwatch incidents resolve %d) and purge the lines (leakwatch incidents purge %d).",
		a.Count, a.FirstSeen.UTC().Format(time.RFC3339), a.IncidentID, a.IncidentID)
	if a.Verified != "" {
		desc += fmt.Sprintf(" Live verification: %s (%s).", a.Verified, a.VerifyReason)
	}
	ann := map[string]string{
		"verified":    string(a.Verified),
		"summary":     fmt.Sprintf("Secret leaked: %s %s", a.RuleID, alerting.Inert(in.Preview)),
		"description": desc,
		"preview":     alerting.Inert(in.Preview),
		"link":        inertLink(link),
		"runbook_url": n.runbook,
	}
	for k, v := range ann {
		if v == "" {
			delete(ann, k)
		}
	}
	now := n.now()
	start := a.FirstSeen
	if start.IsZero() || start.After(now) {
		start = now
	}
	pa := PostableAlert{Labels: labels, Annotations: ann, StartsAt: start.UTC(), GeneratorURL: generatorURL(link)}
	if a.Kind == alerting.KindResolved {
		end := a.EventTime
		if end.IsZero() {
			end = now
		}
		if end.Before(start) {
			end = start
		}
		pa.EndsAt = end.UTC()
	} else {
		pa.EndsAt = now.Add(4 * n.resend).UTC()
	}
	return pa
}

// inertLink keeps a web link as it is (leakwatch built it, escaped) and makes any other
// (file:path:line) inert like the location.
func inertLink(link string) string {
	if generatorURL(link) != "" {
		return link
	}
	return alerting.Inert(link)
}

// generatorURL keeps only absolute http(s) links: Alertmanager rejects others.
func generatorURL(link string) string {
	u, err := url.Parse(link)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	return link
}

const maxErrBody = 200

// post sends alerts to one Alertmanager; retry says whether a failure is worth retrying.
func (n *Notifier) post(ctx context.Context, t target, alerts []PostableAlert) (bool, error) {
	body, err := json.Marshal(alerts)
	if err != nil {
		return false, fmt.Errorf("alertmanager %s: encoding alerts: %w", n.name, err)
	}
	ctx, cancel := context.WithTimeout(ctx, n.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, t.url, bytes.NewReader(body))
	if err != nil {
		return false, fmt.Errorf("alertmanager %s: building request to %s: check urls", n.name, t.show)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "leakwatch")
	resp, err := n.http.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return true, fmt.Errorf("alertmanager %s: POST %s: %w", n.name, t.show, err)
	}
	defer resp.Body.Close()
	snippet, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrBody))
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
	if resp.StatusCode/100 == 2 {
		return false, nil
	}
	what := fmt.Sprintf("alertmanager %s: %s answered %s", n.name, t.show, resp.Status)
	if s := strings.TrimSpace(strings.ToValidUTF8(string(snippet), "?")); s != "" {
		what += ": " + strings.Join(strings.Fields(s), " ")
	}
	switch {
	case resp.StatusCode == http.StatusTooManyRequests:
		err := errors.New(what)
		if d, ok := retryafter.Parse(resp.Header.Get("Retry-After"), n.now()); ok {
			return true, &alerting.RetryAfterError{After: d, Err: err}
		}
		return true, err
	case resp.StatusCode == http.StatusRequestTimeout || resp.StatusCode >= 500:
		return true, fmt.Errorf("%s; will retry", what)
	case resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusForbidden:
		return false, fmt.Errorf("%s; check basic_auth/authorization of alerting.alertmanager", what)
	default:
		return false, fmt.Errorf("%s; Alertmanager rejected the alert: check the url (the API is %s) and Alertmanager's logs", what, apiPath)
	}
}
