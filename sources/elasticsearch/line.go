package elasticsearch

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/url"
	"strings"
	"time"

	"github.com/leakwatch/leakwatch/sources"
)

// line turns a hit into a Line: the message fields joined by newlines, the sort timestamp,
// the configured labels, index/_id as location and its hash as identity (DocLineID). The
// document's names are scanned too (fields _index and _id): whoever writes the log chooses
// them, and a request id or a path made into an _id can hold a secret.
func (s *Source) line(h *hit, ms int64) sources.Line {
	var text strings.Builder
	for _, f := range s.cfg.MessageFields {
		parts, _ := sourceValues(h.Source, f)
		for _, part := range parts {
			if text.Len() > 0 {
				text.WriteByte('\n')
			}
			text.WriteString(part)
		}
	}
	var labels map[string]string
	for _, f := range s.cfg.LabelFields {
		if parts, ok := sourceValues(h.Source, f); ok {
			if labels == nil {
				labels = make(map[string]string, len(s.cfg.LabelFields))
			}
			labels[f] = strings.Join(parts, ",")
		}
	}
	loc := h.Index + "/" + h.ID
	return sources.Line{
		Time:     time.UnixMilli(ms).UTC(),
		Text:     []byte(text.String()),
		Labels:   labels,
		ID:       DocLineID(h.Index, h.ID),
		Link:     s.link(h.Index, h.ID),
		Location: loc,
		Fields: []sources.Field{
			{Name: "_index", Value: h.Index, Kind: sources.InDocName, Shared: true},
			{Name: "_id", Value: h.ID, Kind: sources.InDocName},
		},
	}
}

// DocLineID is the line id of document id in index: a hash of index/_id, as Loki's line ids
// are hashes. Both names are chosen by whoever writes the log, so they are log data and may
// hold a secret; the id is kept as is in every sighting, while the location (index/_id) is
// redacted before it is kept. The hash still names the exact document: a purge checks a
// location against it (PlanPurge), and a document read twice has the same id.
func DocLineID(index, id string) string {
	h := sha256.New()
	h.Write([]byte(index))
	h.Write([]byte{'/'})
	h.Write([]byte(id))
	return docIDPrefix + hex.EncodeToString(h.Sum(nil)[:16])
}

// docIDPrefix marks a hashed line id. Lines recorded before it was hashed have index/_id as
// their id (an index name holds no ':' nor '/', so the two forms never meet).
const docIDPrefix = "es:"

func (s *Source) link(index, id string) string {
	if s.cfg.LinkTemplate == "" {
		return ""
	}
	return strings.NewReplacer(
		"{kibana}", strings.TrimRight(s.cfg.KibanaURL, "/"),
		"{data_view}", url.PathEscape(s.cfg.DataViewID),
		"{index}", url.PathEscape(index),
		"{id}", url.QueryEscape(id),
	).Replace(s.cfg.LinkTemplate)
}

// lookup collects what a dotted path holds in a _source, every form Elasticsearch reads as
// that one field: nested objects ({"log":{"original":…}}), dotted keys ({"log.original":…})
// and any mix of the two, through arrays of objects ({"log":[{"original":…}]}). Every form
// present adds its value; an object at the path is returned whole (read as JSON, so nothing
// under it goes unscanned).
func lookup(v any, path string, out []any) []any {
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			out = lookup(e, path, out)
		}
	case map[string]any:
		if w, ok := x[path]; ok && w != nil {
			out = append(out, w)
		}
		for i := 0; i < len(path); i++ {
			if path[i] != '.' {
				continue
			}
			if sub, ok := x[path[:i]]; ok {
				out = lookup(sub, path[i+1:], out)
			}
		}
	}
	return out
}

// sourceValues is the text of each value of path in a _source (false: the path holds none).
func sourceValues(m map[string]any, path string) ([]string, bool) {
	var out []string
	for _, v := range lookup(m, path, nil) {
		out = append(out, stringify(v)...)
	}
	return out, len(out) > 0
}

func stringify(v any) []string {
	switch x := v.(type) {
	case nil:
		return nil
	case string:
		return []string{x}
	case json.Number:
		return []string{x.String()}
	case bool:
		if x {
			return []string{"true"}
		}
		return []string{"false"}
	case []any:
		var out []string
		for _, e := range x {
			out = append(out, stringify(e)...)
		}
		return out
	default:
		b, err := json.Marshal(x)
		if err != nil {
			return nil
		}
		return []string{string(b)}
	}
}
