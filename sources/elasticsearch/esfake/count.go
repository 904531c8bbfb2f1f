package esfake

import (
	"bytes"
	"encoding/json"
	"net/url"
	"path"
	"sort"
	"strings"
)

// Ops of the endpoints in this file (for injected faults).
const (
	OpCount     Op = "count"
	OpFieldCaps Op = "field_caps"
)

// count answers POST|GET /<index>/_count with {"query": …} (match_all without one): the
// number of documents the query matches, with the shard header every search carries.
func (s *Server) count(index string, body []byte) (int, any) {
	var req map[string]json.RawMessage
	if len(bytes.TrimSpace(body)) == 0 {
		body = []byte("{}")
	}
	if err := json.Unmarshal(body, &req); err != nil {
		return 400, errorBody(400, "x_content_parse_exception", "failed to parse count body", nil)
	}
	for k := range req {
		if k != "query" {
			return 400, errorBody(400, "parsing_exception", "request does not support ["+k+"]", nil)
		}
	}
	query := json.RawMessage(`{"match_all":{}}`)
	if q, ok := req["query"]; ok {
		query = q
	}
	c, err := s.opts.Model.Compile(query)
	if err != nil {
		if qe, ok := err.(*QueryError); ok {
			return queryErrorBody(qe)
		}
		return badRequest(err.Error())
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if index == "" {
		index = "*"
	}
	names, missing := s.resolveLocked(index)
	if missing != "" {
		return indexNotFound(missing)
	}
	n := 0
	for _, d := range s.snapshotLocked(names) {
		ok, err := s.opts.Model.eval(c.q, d)
		if err != nil {
			if qe, ok := err.(*QueryError); ok {
				return queryErrorBody(qe)
			}
			return badRequest(err.Error())
		}
		if ok {
			n++
		}
	}
	shards := len(names) * s.opts.Shards
	return 200, map[string]any{"count": n, "_shards": map[string]any{"total": shards, "successful": shards, "skipped": 0, "failed": 0}}
}

// fieldCaps answers GET|POST /<index>/_field_caps?fields=a,b*: per field that matches a
// pattern and is mapped, its type with searchable and aggregatable (text is not aggregatable;
// keyword, wildcard and date are). Unmapped fields are left out unless include_unmapped=true,
// as Elasticsearch and OpenSearch do. The fake's mapping is the same in every index, so
// "indices" is never set.
func (s *Server) fieldCaps(index string, q url.Values) (int, any) {
	fields := q.Get("fields")
	if fields == "" {
		return badRequest("specified fields can't be null or empty")
	}
	s.mu.Lock()
	if index == "" {
		index = "*"
	}
	names, missing := s.resolveLocked(index)
	s.mu.Unlock()
	if missing != "" {
		return indexNotFound(missing)
	}
	mapped := map[string]FieldType{}
	for name, f := range s.opts.Model.Fields {
		mapped[name] = f.Type
	}
	if s.opts.Model.TimestampField != "" {
		mapped[s.opts.Model.TimestampField] = Date
	}
	out := map[string]any{}
	for _, pat := range strings.Split(fields, ",") {
		pat = strings.TrimSpace(pat)
		hit := false
		for name, typ := range mapped {
			if ok, _ := path.Match(pat, name); ok || pat == name {
				hit = true
				out[name] = map[string]any{string(typ): map[string]any{
					"type": string(typ), "metadata_field": false, "searchable": true, "aggregatable": typ != Text,
				}}
			}
		}
		if !hit && q.Get("include_unmapped") == "true" && !strings.ContainsAny(pat, "*?") {
			out[pat] = map[string]any{"unmapped": map[string]any{
				"type": "unmapped", "metadata_field": false, "searchable": false, "aggregatable": false,
			}}
		}
	}
	sort.Strings(names)
	if names == nil {
		names = []string{}
	}
	return 200, map[string]any{"indices": names, "fields": out}
}
