package lokifake

import (
	"encoding/json"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/leakwatch/leakwatch/sources/loki/logql"
	"github.com/leakwatch/leakwatch/sources/loki/lokifake/pipeline"
)

// Index volume (GET or POST /loki/api/v1/index/volume?query={…}&start=…&end=…&limit=…): Loki
// answers from its index and the ingesters' chunk metadata, without reading a chunk, with the
// bytes of every chunk that overlaps the range, grouped by the label names the selector's
// matchers use, as a vector of at most limit series (default 100), largest first, stamped
// at end. A chunk is counted whole, so one that spans a bound of the range counts in full on
// both sides. The fake cuts a stream's chunks in push order, every Options.ChunkEntries
// entries, as an ingester cuts them by size: a line pushed late lands in the stream's open
// chunk, whose time range then reaches back to it.
//
// Index statistics (index/stats) are left out: on Loki 3.7 they count flushed chunks only,
// which the fake does not model.

func (f *Fake) handleIndexVolume(w http.ResponseWriter, r *http.Request, tenants []string) {
	started := time.Now()
	vq, msg := f.parseVolume(r)
	if msg != "" {
		httpError(w, 400, msg)
		return
	}
	f.mu.Lock()
	groups := f.volumesLocked(vq, tenants)
	f.mu.Unlock()
	all := largestVolumes(groups, vq.limit)
	type sample struct {
		Metric map[string]string `json:"metric"`
		Value  []any             `json:"value"`
	}
	result := []sample{}
	at := json.Number(strconv.FormatFloat(float64(vq.end.UnixNano()/1e6)/1e3, 'f', -1, 64))
	for _, g := range all {
		result = append(result, sample{Metric: g.metric, Value: []any{at, strconv.FormatInt(g.bytes, 10)}})
	}
	writeJSON(w, map[string]any{"status": "success", "data": map[string]any{
		"resultType": "vector",
		"result":     result,
		// No chunk is read.
		"stats": map[string]any{"summary": map[string]any{"totalBytesProcessed": 0, "totalLinesProcessed": 0,
			"execTime": time.Since(started).Seconds()}},
	}})
}

// volumeQuery is a parsed index volume request.
type volumeQuery struct {
	start, end time.Time
	limit      int
	sel        logql.Selector
}

// volumeGroup is the bytes of the streams sharing the values of the selector's labels.
type volumeGroup struct {
	metric map[string]string
	bytes  int64
}

// parseVolume reads the range, limit (default 100) and selector; a non-empty message is
// Loki's 400 answer.
func (f *Fake) parseVolume(r *http.Request) (*volumeQuery, string) {
	start, end, err := f.formRange(r)
	if err != nil {
		return nil, err.Error()
	}
	if !end.After(start) {
		return nil, "end timestamp must not be before or equal to start time"
	}
	limit := 100
	if l := r.Form.Get("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n <= 0 {
			return nil, "limit must be a positive value"
		}
		limit = n
	}
	q := r.Form.Get("query")
	if strings.TrimSpace(q) == "" {
		return nil, "parse error : syntax error: unexpected $end"
	}
	sel, err := logql.ParseSelector(q)
	if err != nil {
		return nil, "parse error : " + err.Error()
	}
	if err := sel.Validate(); err != nil {
		return nil, err.Error()
	}
	return &volumeQuery{start: start, end: end, limit: limit, sel: sel}, ""
}

// volumesLocked groups the selected streams' bytes in range by the values of the labels the
// selector names.
func (f *Fake) volumesLocked(vq *volumeQuery, tenants []string) map[string]*volumeGroup {
	from, through := vq.start.UnixNano(), vq.end.UnixNano()
	multi := len(tenants) > 1
	groups := map[string]*volumeGroup{}
	for _, t := range tenants {
		for _, s := range f.tenants[t] {
			labels := indexLabels(s, t, multi)
			if !pipeline.Selects(vq.sel, labels) {
				continue
			}
			bytes := chunkBytes(s, from, through)
			if bytes == 0 {
				continue
			}
			metric := map[string]string{}
			for _, m := range vq.sel {
				metric[m.Name] = labels[m.Name]
			}
			key := logql.SelectorFromLabels(metric)
			g := groups[key]
			if g == nil {
				g = &volumeGroup{metric: metric}
				groups[key] = g
			}
			g.bytes += bytes
		}
	}
	return groups
}

// chunkBytes is the bytes of the stream's chunks overlapping [from, through], each counted
// whole.
func chunkBytes(s *stream, from, through int64) int64 {
	type chunk struct{ min, max, bytes int64 }
	chunks := map[int]*chunk{}
	for _, e := range s.entries {
		c := chunks[e.chunk]
		if c == nil {
			c = &chunk{min: e.ts, max: e.ts}
			chunks[e.chunk] = c
		}
		c.min, c.max = min(c.min, e.ts), max(c.max, e.ts)
		c.bytes += int64(len(e.line))
	}
	var bytes int64
	for _, c := range chunks {
		if c.min <= through && c.max >= from {
			bytes += c.bytes
		}
	}
	return bytes
}

// largestVolumes returns at most limit groups, largest first.
func largestVolumes(groups map[string]*volumeGroup, limit int) []*volumeGroup {
	all := make([]*volumeGroup, 0, len(groups))
	for _, g := range groups {
		all = append(all, g)
	}
	sort.Slice(all, func(i, j int) bool { return all[i].bytes > all[j].bytes })
	if len(all) > limit {
		all = all[:limit]
	}
	return all
}
