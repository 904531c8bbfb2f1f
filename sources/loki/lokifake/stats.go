package lokifake

import (
	"net/http"
	"strings"
	"time"

	"github.com/leakwatch/leakwatch/sources/loki/logql"
)

// Index statistics (GET or POST /loki/api/v1/index/stats?query={…}&start=…&end=…): Loki
// answers from its index alone, without reading a chunk, with the streams, chunks, bytes and
// entries of every chunk that overlaps the range. A chunk is counted whole, so one that spans
// a bound of the range counts in full on both sides. The fake cuts a stream's chunks in push
// order, every Options.ChunkEntries entries, as an ingester cuts them by size: a line pushed
// late lands in the stream's open chunk, whose time range then reaches back to it.

type indexStats struct {
	Streams int64 `json:"streams"`
	Chunks  int64 `json:"chunks"`
	Bytes   int64 `json:"bytes"`
	Entries int64 `json:"entries"`
}

func (f *Fake) handleIndexStats(w http.ResponseWriter, r *http.Request, tenants []string) {
	end := f.opts.Now()
	if e := r.Form.Get("end"); e != "" {
		t, err := ParseTime(e)
		if err != nil {
			httpError(w, 400, err.Error())
			return
		}
		end = t
	}
	start := end.Add(-time.Hour)
	if s := r.Form.Get("start"); s != "" {
		t, err := ParseTime(s)
		if err != nil {
			httpError(w, 400, err.Error())
			return
		}
		start = t
	}
	q := r.Form.Get("query")
	if strings.TrimSpace(q) == "" {
		httpError(w, 400, "parse error : syntax error: unexpected $end")
		return
	}
	sel, err := logql.ParseSelector(q)
	if err != nil {
		httpError(w, 400, "parse error : "+err.Error())
		return
	}
	if err := sel.Validate(); err != nil {
		httpError(w, 400, err.Error())
		return
	}
	from, through := start.UnixNano(), end.UnixNano()
	multi := len(tenants) > 1
	type chunk struct {
		min, max       int64
		entries, bytes int64
	}
	var out indexStats
	f.mu.Lock()
	for _, t := range tenants {
		for _, s := range f.tenants[t] {
			if !sel.Matches(indexLabels(s, t, multi)) {
				continue
			}
			chunks := map[int]*chunk{}
			for _, e := range s.entries {
				c := chunks[e.chunk]
				if c == nil {
					c = &chunk{min: e.ts, max: e.ts}
					chunks[e.chunk] = c
				}
				c.min, c.max = min(c.min, e.ts), max(c.max, e.ts)
				c.entries++
				c.bytes += int64(len(e.line))
			}
			found := false
			for _, c := range chunks {
				if c.min > through || c.max < from {
					continue
				}
				found = true
				out.Chunks++
				out.Entries += c.entries
				out.Bytes += c.bytes
			}
			if found {
				out.Streams++
			}
		}
	}
	f.mu.Unlock()
	writeJSON(w, out)
}
