package loki

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
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

// DeletePath is Loki's delete API.
const DeletePath = "/loki/api/v1/delete"

// DeleteTarget is one recorded line to delete.
type DeleteTarget struct {
	LineID   string // the line's id as Scan computes it (to confirm it is gone)
	Location string // "<selector> @ <RFC 3339 time>", as Scan sets Line.Location
	Preview  string // the finding's redacted preview, e.g. "ghp_…790k"
}

// DeleteRequest is one POST /loki/api/v1/delete.
type DeleteRequest struct {
	Tenant string // X-Scope-OrgID; "" sends none
	Query  string
	Start  time.Time // the line's millisecond
	End    time.Time // Start + 1ms
	// Lines are the targets this request covers (for confirmation).
	Lines []DeleteTarget
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

// PlanDelete turns targets into delete requests, one per stream and millisecond.
func (s *Source) PlanDelete(targets []DeleteTarget) ([]DeleteRequest, error) {
	byKey := map[string]*DeleteRequest{}
	var keys []string
	for _, t := range targets {
		sel, at, err := ParseLocation(t.Location)
		if err != nil {
			return nil, fmt.Errorf("loki %s: line %s: %w", s.cfg.Name, t.LineID, err)
		}
		tenant, sel, err := s.splitTenant(sel)
		if err != nil {
			return nil, err
		}
		start := at.Truncate(time.Millisecond)
		q := sel
		if f := PreviewFilter(t.Preview); f != "" {
			q += " " + f
		}
		key := tenant + "\x00" + q + "\x00" + start.String()
		r := byKey[key]
		if r == nil {
			r = &DeleteRequest{Tenant: tenant, Query: q, Start: start, End: start.Add(time.Millisecond), selector: sel}
			byKey[key] = r
			keys = append(keys, key)
		}
		r.Lines = append(r.Lines, t)
	}
	sort.Strings(keys)
	out := make([]DeleteRequest, 0, len(keys))
	for _, k := range keys {
		out = append(out, *byKey[k])
	}
	return out, nil
}

// splitTenant takes the __tenant_id__ Loki adds to lines of a multi-tenant query out of
// the selector and makes it the request's tenant: deletes are per tenant.
func (s *Source) splitTenant(sel string) (string, string, error) {
	tenant := s.cfg.Tenant
	if !strings.Contains(sel, "__tenant_id__") {
		if strings.Contains(tenant, "|") {
			return "", "", fmt.Errorf("loki %s: a line of a multi-tenant source has no __tenant_id__ label: cannot tell its tenant", s.cfg.Name)
		}
		return tenant, sel, nil
	}
	parsed, err := logql.ParseSelector(sel)
	if err != nil {
		return "", "", err
	}
	var keep logql.Selector
	for _, m := range parsed {
		if m.Name == "__tenant_id__" {
			tenant = m.Value
			continue
		}
		keep = append(keep, m)
	}
	return tenant, keep.String(), nil
}

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
