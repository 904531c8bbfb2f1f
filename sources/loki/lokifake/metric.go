package lokifake

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/common/model"

	"github.com/leakwatch/leakwatch/sources/loki/lokifake/pipeline"
)

// The metric part of query_range: count_over_time over a log query, alone (one series per
// stream) or inside sum(...) (one series without labels), evaluated as Loki evaluates range
// aggregations. Other metric functions are refused as unsupported by the fake.

// maxPoints is Loki's (and Prometheus') limit of points per series in one query_range.
const maxPoints = 11000

var metricRe = regexp.MustCompile(`(?s)^\s*(sum\s*\(\s*)?count_over_time\s*\((.*)\[\s*([0-9a-z]+)\s*\]\s*\)\s*(\))?\s*$`)

// IsMetricQuery tells a metric query (handled here) from a log query.
func IsMetricQuery(q string) bool {
	q = strings.TrimSpace(q)
	return !strings.HasPrefix(q, "{")
}

type metricQuery struct {
	sum   bool
	q     *pipeline.Query
	rng   time.Duration
	start int64
	end   int64
	step  time.Duration
}

// parseMetric reads a metric query_range (instant false) or an instant query (instant true:
// evaluated once at "time", default now).
func (f *Fake) parseMetric(form map[string][]string, instant bool) (*metricQuery, int, string) {
	get := func(k string) string {
		if v := form[k]; len(v) > 0 {
			return v[0]
		}
		return ""
	}
	mq, msg := parseMetricExpr(get("query"))
	if msg != "" {
		return nil, 400, msg
	}
	end := f.opts.Now()
	endParam := "end"
	if instant {
		endParam = "time"
	}
	if e := get(endParam); e != "" {
		var err error
		if end, err = ParseTime(e); err != nil {
			return nil, 400, err.Error()
		}
	}
	if instant {
		mq.start, mq.end, mq.step = end.UnixNano(), end.UnixNano(), time.Second
		return mq, 0, ""
	}
	if msg := f.setMetricRange(mq, get("start"), end, get("step")); msg != "" {
		return nil, 400, msg
	}
	return mq, 0, ""
}

// parseMetricExpr reads count_over_time(<log query>[<range>]), alone or inside sum(…); a
// non-empty message is Loki's 400 answer.
func parseMetricExpr(query string) (*metricQuery, string) {
	m := metricRe.FindStringSubmatch(query)
	if m == nil || (m[1] != "") != (m[4] != "") {
		return nil, "parse error : the fake Loki supports only count_over_time(<log query>[<range>]) and sum(count_over_time(…))"
	}
	rng, err := model.ParseDuration(m[3])
	if err != nil || rng <= 0 {
		return nil, fmt.Sprintf("parse error : invalid range duration %q", m[3])
	}
	q, err := pipeline.ParseQuery(strings.TrimSpace(m[2]))
	if err != nil {
		return nil, "parse error : " + err.Error()
	}
	if err := q.Selector.Validate(); err != nil {
		return nil, err.Error()
	}
	return &metricQuery{sum: m[1] != "", q: q, rng: time.Duration(rng)}, ""
}

// setMetricRange sets a range query's evaluation times: start (default an hour before end),
// end and step (default as Loki's), aligned to the step grid and within Loki's limits. A
// non-empty message is Loki's 400 answer.
func (f *Fake) setMetricRange(mq *metricQuery, startParam string, end time.Time, stepParam string) string {
	start := end.Add(-time.Hour)
	if startParam != "" {
		var err error
		if start, err = ParseTime(startParam); err != nil {
			return err.Error()
		}
	}
	mq.start, mq.end = start.UnixNano(), end.UnixNano()
	if mq.end < mq.start {
		return "end timestamp must not be before or equal to start time"
	}
	if stepParam != "" {
		if d, err := model.ParseDuration(stepParam); err == nil {
			mq.step = time.Duration(d)
		} else if v, err := strconv.ParseFloat(stepParam, 64); err == nil && !math.IsNaN(v) && !math.IsInf(v, 0) {
			mq.step = time.Duration(v * float64(time.Second))
		} else {
			return fmt.Sprintf("invalid parameter \"step\": cannot parse %q to a valid duration", stepParam)
		}
		if mq.step <= 0 {
			return "zero or negative query resolution step widths are not accepted. Try a positive integer"
		}
	} else {
		// Loki's default: (end - start) / 250, at least a second.
		mq.step = max(time.Duration((mq.end-mq.start)/250).Truncate(time.Second), time.Second)
	}
	// Loki evaluates a range query at multiples of step (since the Unix epoch): start is
	// rounded down and end up to a multiple of step (observed on Loki 3.7.6).
	mq.start -= mq.start % int64(mq.step)
	if r := mq.end % int64(mq.step); r != 0 {
		mq.end += int64(mq.step) - r
	}
	if (mq.end-mq.start)/int64(mq.step) > maxPoints {
		return "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)"
	}
	if length := time.Duration(mq.end - mq.start); length > f.opts.MaxQueryLength {
		return fmt.Sprintf("the query time range exceeds the limit (query length: %s, limit: %s)", length, FormatDuration(f.opts.MaxQueryLength))
	}
	return ""
}

// handleMetricRange evaluates the query at start, start+step, … up to end. At each time t
// count_over_time counts the kept entries with a timestamp in (t - range, t], as Loki's range
// aggregations select them; a series has no point where the count is zero.
func (f *Fake) handleMetricRange(w http.ResponseWriter, r *http.Request, tenants []string) {
	mq, code, msg := f.parseMetric(r.Form, false)
	if code != 0 {
		httpError(w, code, msg)
		return
	}
	f.writeMetric(w, mq, tenants, false)
}

// handleMetricInstant answers /loki/api/v1/query with a metric query: one evaluation at
// exactly "time" (not rounded to any step), resultType vector.
func (f *Fake) handleMetricInstant(w http.ResponseWriter, r *http.Request, tenants []string) {
	mq, code, msg := f.parseMetric(r.Form, true)
	if code != 0 {
		httpError(w, code, msg)
		return
	}
	f.writeMetric(w, mq, tenants, true)
}

func (f *Fake) writeMetric(w http.ResponseWriter, mq *metricQuery, tenants []string, instant bool) {
	f.mu.Lock()
	all, linesProcessed, bytesProcessed := f.countLocked(mq, tenants)
	f.mu.Unlock()
	typ := "matrix"
	if instant {
		typ = "vector"
	}
	writeJSON(w, map[string]any{"status": "success", "data": map[string]any{
		"resultType": typ,
		"result":     metricResults(all, mq, instant),
		"stats": map[string]any{"summary": map[string]any{
			"totalLinesProcessed": linesProcessed, "totalBytesProcessed": bytesProcessed,
		}},
	}})
}

// metricSeries is one series' counts by evaluation time.
type metricSeries struct {
	metric map[string]string
	counts map[int64]int64
}

// countLocked counts the kept entries of each selected stream at each evaluation time (one
// series per stream, or one in all under sum), and what Loki reports it read: every entry
// in the evaluated ranges, as stats.summary.
func (f *Fake) countLocked(mq *metricQuery, tenants []string) (all []*metricSeries, linesRead, bytesRead int) {
	multi := len(tenants) > 1
	byKey := map[string]*metricSeries{}
	for _, t := range tenants {
		for _, s := range f.tenants[t] {
			labels := indexLabels(s, t, multi)
			if !pipeline.Selects(mq.q.Selector, labels) {
				continue
			}
			key, metric := "", map[string]string{}
			if !mq.sum {
				key, metric = t+"\x00"+s.key, labels
			}
			se := byKey[key]
			if se == nil {
				se = &metricSeries{metric: metric, counts: map[int64]int64{}}
				byKey[key] = se
				all = append(all, se)
			}
			for at := mq.start; at <= mq.end; at += int64(mq.step) {
				lo := sort.Search(len(s.entries), func(i int) bool { return s.entries[i].ts > at-int64(mq.rng) })
				hi := sort.Search(len(s.entries), func(i int) bool { return s.entries[i].ts > at })
				for k := lo; k < hi; k++ {
					linesRead++
					bytesRead += len(s.entries[k].line)
					if mq.q.Keep(s.entries[k].line) {
						se.counts[at]++
					}
				}
			}
		}
	}
	return all, linesRead, bytesRead
}

// metricResult is one series of a matrix (Values) or vector (Value) answer.
type metricResult struct {
	Metric map[string]string `json:"metric"`
	Values [][2]any          `json:"values,omitempty"`
	Value  []any             `json:"value,omitempty"`
}

// metricResults renders the series with a point wherever the count is not zero; a series
// without one is left out.
func metricResults(all []*metricSeries, mq *metricQuery, instant bool) []metricResult {
	results := []metricResult{}
	for _, se := range all {
		res := metricResult{Metric: se.metric}
		for at := mq.start; at <= mq.end; at += int64(mq.step) {
			if n := se.counts[at]; n > 0 {
				// Loki writes the time as seconds with millisecond decimals, the value as a string.
				ts := json.Number(strconv.FormatFloat(float64(at/1e6)/1e3, 'f', -1, 64))
				res.Values = append(res.Values, [2]any{ts, strconv.FormatInt(n, 10)})
			}
		}
		if len(res.Values) == 0 {
			continue
		}
		if instant {
			res.Value, res.Values = res.Values[0][:], nil
		}
		results = append(results, res)
	}
	return results
}
