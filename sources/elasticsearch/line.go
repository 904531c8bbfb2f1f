package elasticsearch

import (
	"encoding/json"
	"net/url"
	"strings"
	"time"

	"github.com/leakwatch/leakwatch/sources"
)

// line turns a hit into a Line: the message fields joined by newlines, the sort timestamp,
// the configured labels, and index/_id as identity and location.
func (s *Source) line(h *hit, ms int64) sources.Line {
	var text strings.Builder
	for _, f := range s.cfg.MessageFields {
		v, ok := lookup(h.Source, f)
		if !ok {
			continue
		}
		for _, part := range stringify(v) {
			if text.Len() > 0 {
				text.WriteByte('\n')
			}
			text.WriteString(part)
		}
	}
	var labels map[string]string
	for _, f := range s.cfg.LabelFields {
		if v, ok := lookup(h.Source, f); ok {
			if parts := stringify(v); len(parts) > 0 {
				if labels == nil {
					labels = make(map[string]string, len(s.cfg.LabelFields))
				}
				labels[f] = strings.Join(parts, ",")
			}
		}
	}
	loc := h.Index + "/" + h.ID
	return sources.Line{
		Time:     time.UnixMilli(ms).UTC(),
		Text:     []byte(text.String()),
		Labels:   labels,
		ID:       loc,
		Link:     s.link(h.Index, h.ID),
		Location: loc,
	}
}

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

// lookup finds a dotted path both as nested objects ({"log":{"original":…}}) and as flat
// dotted keys ({"log.original":…}), as Elasticsearch itself does.
func lookup(m map[string]any, path string) (any, bool) {
	if v, ok := m[path]; ok {
		return v, true
	}
	for i := 0; i < len(path); i++ {
		if path[i] != '.' {
			continue
		}
		if sub, ok := m[path[:i]].(map[string]any); ok {
			if v, ok := lookup(sub, path[i+1:]); ok {
				return v, true
			}
		}
	}
	return nil, false
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
