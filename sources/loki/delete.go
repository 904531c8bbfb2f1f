package loki

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/leakwatch/leakwatch/sources"
	"github.com/leakwatch/leakwatch/sources/loki/logql"
)

// Deleting the lines of an incident (`leakwatch incidents purge`) with Loki's delete API.
//
// Loki keeps every delete request's query and shows it to anyone who lists requests, so the
// query never holds the secret: it is the line's exact stream selector, a time range of the
// line's own millisecond (Loki's granularity; a range whose start and end fall in one
// millisecond is refused, so it ends one millisecond later) and line filters on the
// redacted preview's public parts (the rule's prefix such as "ghp_" and the last four
// characters), which every line holding the secret contains. Another line of the same
// stream in the same millisecond holding both parts would be deleted too; nothing else.
//
// What cannot be limited to the leaked line is refused (DeleteRequest.Refused) unless the
// caller allows it explicitly: a preview with no public part gives no line filter, and a
// secret in structured metadata is not seen by line filters (both need
// DeleteOptions.WholeMillisecond, which deletes every line of the stream in that
// millisecond); a secret in a stream label cannot be deleted by Loki at all. A label that
// held a secret (redacted in the recorded location) is left out of the selector, and the
// tenant is always the source's configured one: a line's __tenant_id__ label is log data.

// DeletePath is Loki's delete API.
const DeletePath = "/loki/api/v1/delete"

// DeleteTarget is one recorded line to delete: its id (to confirm it is gone), its
// location ("<selector> @ <RFC 3339 time>", as Scan sets Line.Location) and its finding's
// redacted preview ("ghp_…790k").
type DeleteTarget = sources.PurgeLine

// DeleteRequest is one POST /loki/api/v1/delete.
type DeleteRequest struct {
	Tenant string // X-Scope-OrgID; "" sends none
	Query  string
	Start  time.Time // the line's millisecond
	End    time.Time // Start + 1ms
	// Lines are the targets this request covers (for confirmation).
	Lines []DeleteTarget
	// Refused, when set, says why this request must not be sent: it could not be limited to
	// the leaked line, or Loki cannot delete what holds the secret.
	Refused string
	// Notes say what the request may delete beyond the leaked line.
	Notes []string
	// selector is the stream's selector without the query's line filters.
	selector string
}

// deleteTimeFormat is RFC 3339 with milliseconds: Loki's delete granularity.
const deleteTimeFormat = "2006-01-02T15:04:05.000Z07:00"

// Form is the request's query string.
func (r DeleteRequest) Form() url.Values {
	return url.Values{"query": {r.Query}, "start": {r.Start.UTC().Format(deleteTimeFormat)}, "end": {r.End.UTC().Format(deleteTimeFormat)}}
}

// String is the exact request, as --dry-run prints it.
func (r DeleteRequest) String() string {
	s := "POST " + DeletePath + "?" + r.Form().Encode()
	if r.Tenant != "" {
		s += " (X-Scope-OrgID: " + r.Tenant + ")"
	}
	return s
}

// PreviewFilter is the LogQL line filter narrowing a delete to lines holding the secret
// whose preview is p, built from p's public parts only ("" when p has none, e.g. fully
// redacted previews).
func PreviewFilter(p string) string {
	head, tail, ok := strings.Cut(p, "…")
	if !ok {
		return ""
	}
	var parts []string
	for _, s := range []string{head, tail} {
		if s = strings.TrimSpace(s); s != "" && !strings.ContainsAny(s, "*") {
			parts = append(parts, "|= "+logql.Quote(s))
		}
	}
	return strings.Join(parts, " ")
}

// ParseLocation splits a Line.Location into its stream selector and time.
func ParseLocation(loc string) (selector string, at time.Time, err error) {
	i := strings.LastIndex(loc, " @ ")
	if i < 0 {
		return "", time.Time{}, errors.New("location is not \"<selector> @ <time>\"")
	}
	selector = loc[:i]
	at, err = time.Parse(time.RFC3339Nano, loc[i+3:])
	if err != nil {
		return "", time.Time{}, fmt.Errorf("location time: %w", err)
	}
	if _, err := logql.ParseSelector(selector); err != nil {
		return "", time.Time{}, fmt.Errorf("location selector: %w", err)
	}
	return selector, at, nil
}

// DeleteOptions change what PlanDelete accepts. WholeMillisecond accepts a request without a
// line filter (a preview with no public part, a secret only in structured metadata): it
// deletes every line of the stream in that millisecond, not only the leaked one.
type DeleteOptions = sources.PurgeOptions

// PlanDelete turns targets into delete requests, one per stream and millisecond. A target
// that cannot be purged safely gets a request with Refused set and nothing to send.
func (s *Source) PlanDelete(targets []DeleteTarget, o DeleteOptions) ([]DeleteRequest, error) {
	byKey := map[string]*DeleteRequest{}
	var keys []string
	for _, t := range targets {
		kind, field, loc := sources.SplitFieldLocation(t.Location)
		sel, at, err := ParseLocation(loc)
		if err != nil {
			return nil, fmt.Errorf("loki %s: line %s: %w", s.cfg.Name, t.LineID, err)
		}
		tenant, sel, dropped, err := s.splitTenant(sel)
		if err != nil {
			return nil, err
		}
		start := at.Truncate(time.Millisecond)
		r := &DeleteRequest{Tenant: tenant, Query: sel, Start: start, End: start.Add(time.Millisecond), selector: sel}
		filter := PreviewFilter(t.Preview)
		switch {
		case kind == sources.InLabel:
			r.Refused = fmt.Sprintf("the secret is in the stream's label %s: Loki deletes lines, not labels, and the stream keeps the label until every line of it is deleted or expires. Stop the label being set, then delete the stream's lines yourself (one delete request over its whole time range) or let retention remove them", field)
		case kind == sources.InMetadata && !o.WholeMillisecond:
			r.Refused = fmt.Sprintf("the secret is only in the line's structured metadata (%s): Loki's delete line filters see the line text, not its metadata, so Loki cannot purge it by filter. --whole-stream-millisecond deletes every line of the stream in that millisecond instead", field)
		case kind == sources.InMetadata:
			r.Notes = append(r.Notes, "no line filter (the secret is in structured metadata, which line filters do not see): deletes EVERY line of the stream in this millisecond")
		case filter == "" && !o.WholeMillisecond:
			r.Refused = fmt.Sprintf("the preview %s has no public part to filter on, so the request would delete every line of the stream in that millisecond, not only the leaked one. Set redaction: partial, or accept that with --whole-stream-millisecond", t.Preview)
		case filter == "":
			r.Notes = append(r.Notes, "no line filter (the preview has no public part): deletes EVERY line of the stream in this millisecond")
		default:
			r.Query += " " + filter
		}
		for _, d := range dropped {
			r.Notes = append(r.Notes, fmt.Sprintf("label %s held a secret and is left out of the selector, which therefore matches every stream with the other labels", d))
		}
		if r.Refused != "" {
			r.Query = ""
		}
		key := tenant + "\x00" + r.Query + "\x00" + start.String() + "\x00" + r.Refused
		if prev := byKey[key]; prev != nil {
			prev.Lines = append(prev.Lines, t)
			continue
		}
		r.Lines = []DeleteTarget{t}
		byKey[key] = r
		keys = append(keys, key)
	}
	sort.Strings(keys)
	out := make([]DeleteRequest, 0, len(keys))
	for _, k := range keys {
		out = append(out, *byKey[k])
	}
	return out, nil
}

// splitTenant returns the request's tenant, always from the source's configuration, and the
// selector without the labels that held a secret (their values are redacted in a recorded
// location: "[ghp_…wxyz]"), which it names. A multi-tenant source's lines carry the
// __tenant_id__ Loki adds; it picks one of the configured tenants and never names another.
func (s *Source) splitTenant(sel string) (tenant, out string, dropped []string, err error) {
	parsed, err := logql.ParseSelector(sel)
	if err != nil {
		return "", "", nil, err
	}
	tenant = s.cfg.Tenant
	multi := strings.Contains(tenant, "|")
	var keep logql.Selector
	found := false
	for _, m := range parsed {
		switch {
		case m.Name == "__tenant_id__" && multi:
			if !slices.Contains(strings.Split(s.cfg.Tenant, "|"), m.Value) {
				return "", "", nil, fmt.Errorf("loki %s: a line's __tenant_id__ names a tenant that is not among the source's tenants %q: refusing to delete in it", s.cfg.Name, s.cfg.Tenant)
			}
			tenant, found = m.Value, true
			continue
		case redacted(m.Value):
			dropped = append(dropped, m.Name)
			continue
		}
		keep = append(keep, m)
	}
	if multi && !found {
		return "", "", nil, fmt.Errorf("loki %s: a line of a multi-tenant source has no __tenant_id__ label: cannot tell its tenant", s.cfg.Name)
	}
	if len(keep) == 0 {
		return "", "", nil, fmt.Errorf("loki %s: every label of the stream held a secret: no selector is left to limit a delete to it", s.cfg.Name)
	}
	return tenant, keep.String(), dropped, nil
}

// redacted: v holds a secret's redacted preview, as the engine writes it into a location.
func redacted(v string) bool {
	return strings.Contains(v, "[redacted]") || redactedPreview.MatchString(v)
}

var redactedPreview = regexp.MustCompile(`\[[^\[\]\s]*…[^\[\]\s]*\]`)

// DeleteError is Loki's refusal of a delete request, with what to do about it.
type DeleteError struct {
	Status  int
	Refused bool // deletion is not available (404: retention off; 403: deletion_mode disabled)
	Err     error
}

func (e *DeleteError) Error() string { return e.Err.Error() }
func (e *DeleteError) Unwrap() error { return e.Err }

// Delete sends r and returns Loki's request id (X-Delete-Request-Id).
func (s *Source) Delete(ctx context.Context, r DeleteRequest) (string, error) {
	resp, err := s.deleteAPI(ctx, http.MethodPost, r.Tenant, r.Form())
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
	return resp.Header.Get("X-Delete-Request-Id"), nil
}

// DeleteStatus is one entry of GET /loki/api/v1/delete.
type DeleteStatus struct {
	RequestID string `json:"request_id"`
	Query     string `json:"query"`
	Status    string `json:"status"` // received, processed
}

// DeleteStatuses lists the tenant's delete requests. Loki may list one request several
// times (it shards long ones); each shard has its own status.
func (s *Source) DeleteStatuses(ctx context.Context, tenant string) ([]DeleteStatus, error) {
	resp, err := s.deleteAPI(ctx, http.MethodGet, tenant, nil)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var out []DeleteStatus
	if err := json.NewDecoder(io.LimitReader(resp.Body, 64<<20)).Decode(&out); err != nil {
		return nil, fmt.Errorf("loki %s: reading the list of delete requests: %w", s.cfg.Name, err)
	}
	return out, nil
}

// Processed reports whether every shard of request id is processed (false when Loki does
// not list it).
func Processed(list []DeleteStatus, id string) bool {
	seen := false
	for _, d := range list {
		if d.RequestID != id {
			continue
		}
		seen = true
		if d.Status != "processed" {
			return false
		}
	}
	return seen
}

// StillThere queries the request's millisecond and reports the targets Loki still
// returns, matched by line id: "processed" does not mean gone (queriers cache delete
// requests for minutes).
func (s *Source) StillThere(ctx context.Context, r DeleteRequest) ([]DeleteTarget, error) {
	ctx = sources.WithQueryKind(ctx, sources.QueryPurge)
	want := map[string]DeleteTarget{}
	for _, t := range r.Lines {
		want[t.LineID] = t
	}
	var found []DeleteTarget
	win := sources.Window{Start: r.Start, End: r.End}
	// Ask for the request's own stream, so a source whose selectors changed since the line
	// was read still finds it. Line ids hash the source's tenant, so a multi-tenant source
	// asks as it did when it read the line.
	q := s
	if !strings.Contains(s.cfg.Tenant, "|") {
		cfg := s.cfg
		cfg.Selectors = []string{r.selector}
		cfg.HTTPClient = s.client
		if exact, err := New(cfg); err == nil {
			q = exact
		}
	}
	err := q.Scan(ctx, sources.Request{Window: win}, func(_ context.Context, p sources.Page) error {
		for _, l := range p.Lines {
			if t, ok := want[l.ID]; ok {
				found = append(found, t)
				delete(want, l.ID)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("loki %s: checking the deleted lines: %w", s.cfg.Name, err)
	}
	return found, nil
}

func (s *Source) deleteAPI(ctx context.Context, method, tenant string, form url.Values) (*http.Response, error) {
	u := s.base + DeletePath
	if form != nil {
		u += "?" + form.Encode()
	}
	req, err := http.NewRequestWithContext(ctx, method, u, nil)
	if err != nil {
		return nil, fmt.Errorf("loki %s: building the delete request: %w", s.cfg.Name, err)
	}
	s.authorize(req, tenant)
	began := time.Now()
	resp, err := s.client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("loki %s: %s %s: %w", s.cfg.Name, method, DeletePath, sources.ScrubURLError(err))
	}
	s.cost(sources.WithQueryKind(ctx, sources.QueryPurge), summary{}, time.Since(began))
	if resp.StatusCode/100 == 2 {
		return resp, nil
	}
	defer resp.Body.Close()
	msg := errorBody(resp.Body)
	switch resp.StatusCode {
	case http.StatusNotFound:
		return nil, &DeleteError{Status: 404, Refused: true, Err: fmt.Errorf(
			"loki %s: %s %s answered %s: %s: Loki's delete API is not enabled: run the compactor with retention_enabled: true and delete_request_store set (see docs/operations.md, \"Purging leaked lines\")",
			s.cfg.Name, method, DeletePath, resp.Status, msg)}
	case http.StatusForbidden:
		return nil, &DeleteError{Status: 403, Refused: true, Err: fmt.Errorf(
			"loki %s: %s %s answered %s: %s: deletion is disabled for this tenant: set limits_config.deletion_mode: filter-and-delete (see docs/operations.md)",
			s.cfg.Name, method, DeletePath, resp.Status, msg)}
	case http.StatusUnauthorized:
		return nil, &DeleteError{Status: 401, Refused: true, Err: fmt.Errorf(
			"loki %s: %s %s answered %s: %s: check the source's credentials and tenant", s.cfg.Name, method, DeletePath, resp.Status, msg)}
	default:
		return nil, &DeleteError{Status: resp.StatusCode, Err: fmt.Errorf("loki %s: %s %s answered %s: %s", s.cfg.Name, method, DeletePath, resp.Status, msg)}
	}
}

// MatchingStreams counts the streams r's selector matches in its millisecond (from the
// series API): more than one means an = selector also matches streams with more labels, or
// a selector left without a label that held a secret matches its neighbours; only the line
// filter then keeps the delete to the leaked line.
func (s *Source) MatchingStreams(ctx context.Context, r DeleteRequest) (int, error) {
	series, err := s.series(ctx, r.selector, r.Start.UnixNano(), r.End.UnixNano())
	if err != nil {
		return 0, fmt.Errorf("loki %s: streams the delete selector matches: %w", s.cfg.Name, err)
	}
	return len(series), nil
}
