package elasticsearch

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/leakwatch/leakwatch/sources"
)

// Volumes returns how many documents the index holds in each of n consecutive buckets of
// length step from from: one _count per bucket, with the scan's time range and without the
// pushdown, so it counts every document in scope whatever the keywords. Buckets map to
// [ceil(start), ceil(end)) in milliseconds as scan windows do, so buckets tiling a range count
// each document once.
func (s *Source) Volumes(ctx context.Context, from time.Time, step time.Duration, n int) ([]int64, error) {
	out := make([]int64, n)
	for i := range out {
		a := from.Add(time.Duration(i) * step)
		b := a.Add(step)
		body := map[string]any{"query": map[string]any{"bool": map[string]any{"filter": []any{
			map[string]any{"range": map[string]any{s.cfg.TimestampField: map[string]any{
				"gte": ceilMillis(a), "lt": ceilMillis(b), "format": "epoch_millis",
			}}},
		}}}}
		var r struct {
			Count  *int64 `json:"count"`
			Shards struct {
				Total, Failed int
			} `json:"_shards"`
		}
		if err := s.do(ctx, http.MethodPost, "/"+s.cfg.Index+"/_count", nil, body, &r); err != nil {
			return nil, s.classify("elasticsearch "+s.cfg.Name+": count documents in scope", err)
		}
		switch {
		case r.Count == nil:
			return nil, &sources.Error{Kind: sources.KindProtocol, Retryable: true, Err: fmt.Errorf("elasticsearch %s: _count answer without a count", s.cfg.Name)}
		case r.Shards.Failed > 0:
			return nil, &sources.Error{Kind: sources.KindProtocol, Retryable: true, Err: fmt.Errorf(
				"elasticsearch %s: _count partial: %d of %d shards failed", s.cfg.Name, r.Shards.Failed, r.Shards.Total)}
		}
		out[i] = *r.Count
	}
	return out, nil
}

// MappingError is a search field (or the timestamp field) whose mapping contradicts the
// config: a wrong guess of field_type makes the pushdown filter documents out while the
// window counts as covered.
type MappingError struct {
	Source, Field, Want string
	Mapped              []string // the mapped types, "" when unmapped
	Setting             string   // the config setting to fix
}

func (e *MappingError) Error() string {
	if len(e.Mapped) == 0 {
		return fmt.Sprintf("%s: field %s is not mapped in the index: fix %s (it must name a field of the index)", e.Setting, e.Field, e.Setting)
	}
	return fmt.Sprintf("%s: field %s is mapped as %s, not %s: set %s to match the mapping (or search another field)",
		e.Setting, e.Field, strings.Join(e.Mapped, " and "), e.Want, e.Setting)
}

// CheckMapping compares field_type and search_fields (and the timestamp field) with the
// index mapping, read with _field_caps. A mismatch is a *MappingError wrapped in a config
// sources.Error; a store that cannot be asked gives its usual classified error. Pushdown
// none or query search no field, so only the timestamp field is checked then.
func (s *Source) CheckMapping(ctx context.Context) error {
	type check struct {
		field, setting string
		want           []string
	}
	checks := []check{{s.cfg.TimestampField, "timestamp_field", []string{"date", "date_nanos"}}}
	if s.cfg.Pushdown == PushdownDefault {
		want := []string{s.cfg.FieldType}
		if s.cfg.FieldType == "text" {
			want = append(want, "match_only_text")
		}
		for _, f := range s.cfg.SearchFields {
			checks = append(checks, check{f, "field_type", want})
		}
	}
	seen := map[string]bool{}
	var names []string
	for _, c := range checks {
		if !seen[c.field] {
			seen[c.field] = true
			names = append(names, c.field)
		}
	}
	sort.Strings(names)
	var r struct {
		Fields map[string]map[string]struct {
			Type string `json:"type"`
		} `json:"fields"`
	}
	q := url.Values{"fields": {strings.Join(names, ",")}, "ignore_unavailable": {"true"}, "allow_no_indices": {"true"}}
	if err := s.do(ctx, http.MethodGet, "/"+s.cfg.Index+"/_field_caps", q, nil, &r); err != nil {
		return s.classify("elasticsearch "+s.cfg.Name+": read the mapping (_field_caps)", err)
	}
	for _, c := range checks {
		var mapped []string
		ok := true
		for typ := range r.Fields[c.field] {
			mapped = append(mapped, typ)
			ok = ok && contains(c.want, typ)
		}
		sort.Strings(mapped)
		setting := c.setting
		if len(mapped) == 0 && setting == "field_type" {
			setting = "search_fields"
		}
		if s.cfg.Block != "" {
			setting = s.cfg.Block + "." + setting
		}
		if len(mapped) == 0 || !ok {
			return &sources.Error{Kind: sources.KindConfig, Err: &MappingError{Source: s.cfg.Name, Field: c.field,
				Want: strings.Join(c.want, " or "), Mapped: mapped, Setting: setting}}
		}
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// MappingMismatch marks the error as the config's fault (sources.MappingMismatch).
func (e *MappingError) MappingMismatch() {}

// IsMappingError tells a mapping mismatch from a store that could not be asked.
func IsMappingError(err error) bool {
	var me *MappingError
	return errors.As(err, &me)
}
