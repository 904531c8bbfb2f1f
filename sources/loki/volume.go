package loki

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Volumes returns how many lines the store holds in scope (the source's selectors, without
// the pushdown filter) in each of n consecutive buckets of length step, the first starting at
// from. Loki's range aggregation counts the lines stamped in (end - step, end]; buckets that
// tile a range therefore count each line once, and the engine compares counts of the same
// buckets only.
//
// Buckets on the step's grid (from a multiple of step since the Unix epoch) cost one metric
// query per selector for all of them: sum(count_over_time({sel}[step])) over query_range,
// which Loki evaluates at multiples of step. Any other bucket (a part of a window) is one
// instant query at its end, which Loki evaluates at exactly that time.
func (s *Source) Volumes(ctx context.Context, from time.Time, step time.Duration, n int) ([]int64, error) {
	if n <= 0 {
		return nil, nil
	}
	if step < time.Millisecond || step%time.Millisecond != 0 || from.UnixNano()%int64(time.Millisecond) != 0 {
		return nil, fmt.Errorf("loki source %s: volume buckets must be whole milliseconds (from %s, step %s)", s.cfg.Name, from.UTC().Format(time.RFC3339Nano), step)
	}
	out := make([]int64, n)
	aligned := n > 1 && from.UnixNano()%int64(step) == 0
	for _, sel := range s.selectors {
		if aligned {
			first := from.Add(step)
			if err := s.doStats(ctx, queryRangePath, rangeCountForm(sel, from, step, n), func(body io.Reader) (summary, error) {
				return addMatrix(body, first, step, out)
			}); err != nil {
				return nil, err
			}
			continue
		}
		for i := range out {
			at := from.Add(time.Duration(i+1) * step)
			if err := s.doStats(ctx, instantQueryPath, instantCountForm(sel, from.Add(time.Duration(i)*step), step), func(body io.Reader) (summary, error) {
				return addVector(body, at, &out[i])
			}); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

const instantQueryPath = "/loki/api/v1/query"

func countQuery(sel string, step time.Duration) string {
	return "sum(count_over_time(" + sel + "[" + logqlDuration(step) + "]))"
}

// rangeCountForm counts n buckets of step from from (on the step's grid) in one query_range.
func rangeCountForm(sel string, from time.Time, step time.Duration, n int) url.Values {
	return url.Values{
		"query": {countQuery(sel, step)},
		"start": {strconv.FormatInt(from.Add(step).UnixNano(), 10)},
		// Exactly the last evaluation: Loki rounds end up to a multiple of step.
		"end":  {strconv.FormatInt(from.Add(time.Duration(n)*step).UnixNano(), 10)},
		"step": {strconv.FormatFloat(step.Seconds(), 'f', -1, 64)},
	}
}

// instantCountForm counts [from, from+length) with one instant query at its end.
func instantCountForm(sel string, from time.Time, length time.Duration) url.Values {
	return url.Values{"query": {countQuery(sel, length)}, "time": {strconv.FormatInt(from.Add(length).UnixNano(), 10)}}
}

func indexVolumeForm(sel string, from, to time.Time) url.Values {
	return url.Values{"query": {sel}, "start": {strconv.FormatInt(from.UnixNano(), 10)}, "end": {strconv.FormatInt(to.UnixNano(), 10)},
		"limit": {strconv.Itoa(volumeSeriesLimit)}}
}

// addVector adds the value of an instant query's answer (no sample: no line) to *n.
func addVector(body io.Reader, at time.Time, n *int64) (summary, error) {
	samples, sum, err := decodeVector(body)
	if err != nil {
		return sum, err
	}
	for _, v := range samples {
		sec, err := v.Value[0].Float64()
		if err != nil || time.UnixMilli(int64(math.Round(sec*1e3))).UnixMilli() != at.UnixMilli() {
			return sum, fmt.Errorf("sample time %q is not the query's time", v.Value[0])
		}
		c, err := strconv.ParseFloat(v.Value[1].String(), 64)
		if err != nil || c < 0 {
			return sum, fmt.Errorf("sample value %q: not a count", v.Value[1])
		}
		*n += int64(c)
	}
	return sum, nil
}

// vectorSample is one sample of a vector answer: its time and value, as Loki writes them.
type vectorSample struct {
	Value [2]json.Number `json:"value"`
}

// decodeVector reads a vector answer (an instant metric query's, or index/volume's) and its
// stats.summary.
func decodeVector(body io.Reader) ([]vectorSample, summary, error) {
	var r struct {
		Status string `json:"status"`
		Data   struct {
			ResultType string         `json:"resultType"`
			Result     []vectorSample `json:"result"`
			Stats      struct {
				Summary summary `json:"summary"`
			} `json:"stats"`
		} `json:"data"`
	}
	if err := json.NewDecoder(body).Decode(&r); err != nil {
		return nil, summary{}, err
	}
	sum := r.Data.Stats.Summary
	if r.Status != "success" || r.Data.ResultType != "vector" {
		return nil, sum, fmt.Errorf("want a success vector, got status %q type %q", r.Status, r.Data.ResultType)
	}
	return r.Data.Result, sum, nil
}

// addMatrix adds the points of a matrix response to out, bucket i being the point at
// first + i*step. A bucket without a point holds no line.
func addMatrix(body io.Reader, first time.Time, step time.Duration, out []int64) (summary, error) {
	var r struct {
		Status string `json:"status"`
		Data   struct {
			ResultType string `json:"resultType"`
			Result     []struct {
				Values [][2]json.Number `json:"values"`
			} `json:"result"`
			Stats struct {
				Summary summary `json:"summary"`
			} `json:"stats"`
		} `json:"data"`
	}
	if err := json.NewDecoder(body).Decode(&r); err != nil {
		return summary{}, err
	}
	sum := r.Data.Stats.Summary
	if r.Status != "success" || r.Data.ResultType != "matrix" {
		return sum, fmt.Errorf("want a success matrix, got status %q type %q", r.Status, r.Data.ResultType)
	}
	for _, series := range r.Data.Result {
		for _, v := range series.Values {
			sec, err := v[0].Float64()
			if err != nil {
				return sum, fmt.Errorf("point time %q: %w", v[0], err)
			}
			// Times come back in seconds with millisecond decimals.
			at := time.UnixMilli(int64(math.Round(sec * 1e3)))
			off := at.Sub(first)
			if off < 0 || off%step != 0 || int(off/step) >= len(out) {
				return sum, fmt.Errorf("point at %s is not one of the %d evaluation times", at.UTC().Format(time.RFC3339Nano), len(out))
			}
			c, err := strconv.ParseFloat(v[1].String(), 64)
			if err != nil || c < 0 {
				return sum, fmt.Errorf("point value %q: not a count", v[1])
			}
			out[off/step] += int64(c)
		}
	}
	return sum, nil
}

// logqlDuration writes d (whole milliseconds) in units every LogQL version parses: 1h, 90m,
// 5m30s, 1500ms.
func logqlDuration(d time.Duration) string {
	var b strings.Builder
	for _, u := range []struct {
		name string
		d    time.Duration
	}{{"h", time.Hour}, {"m", time.Minute}, {"s", time.Second}, {"ms", time.Millisecond}} {
		if v := d / u.d; v > 0 {
			fmt.Fprintf(&b, "%d%s", v, u.name)
			d -= v * u.d
		}
	}
	if b.Len() == 0 {
		return "0s"
	}
	return b.String()
}

// volumeSeriesLimit is the most series one index/volume answer may hold (Loki's
// volume_max_series defaults to 1000): an answer that full may have left series out, and is
// no signal.
const volumeSeriesLimit = 1000

const indexVolumePath = "/loki/api/v1/index/volume"

// Signal is the change signal of re-verification (see sources.Signaler): Loki's index volume
// of [from, to) (GET/POST /loki/api/v1/index/volume: the bytes of the chunks overlapping the
// range per label set, the ingesters' unflushed chunks included, without reading a chunk),
// summed per selector. A line added to the range adds its bytes to a chunk overlapping it,
// so an equal signal means nothing was added; a chunk spanning the range's bounds changes it
// too, which the engine confirms with a count. "" (no signal: count) when an answer may be
// incomplete.
//
// Index statistics (index/stats) look cheaper still, but on Loki 3.7 they count flushed
// chunks only: a line still in an ingester, late or not, does not change them.
func (s *Source) Signal(ctx context.Context, from, to time.Time) (string, error) {
	parts := make([]string, 0, len(s.selectors))
	for _, sel := range s.selectors {
		form := indexVolumeForm(sel, from, to)
		var series int
		var bytes int64
		err := s.doStats(ctx, indexVolumePath, form, func(body io.Reader) (summary, error) {
			samples, sum, err := decodeVector(body)
			if err != nil {
				return sum, err
			}
			series = len(samples)
			for _, v := range samples {
				b, err := strconv.ParseInt(v.Value[1].String(), 10, 64)
				if err != nil || b < 0 {
					return sum, fmt.Errorf("volume %q: not a byte count", v.Value[1])
				}
				bytes += b
			}
			return sum, nil
		})
		if err != nil {
			return "", fmt.Errorf("loki %s: index volume: %w", s.cfg.Name, err)
		}
		if series >= volumeSeriesLimit {
			return "", nil
		}
		parts = append(parts, fmt.Sprintf("%d/%d", series, bytes))
	}
	return strings.Join(parts, ";"), nil
}

var _ interface {
	Volumes(context.Context, time.Time, time.Duration, int) ([]int64, error)
	Signal(context.Context, time.Time, time.Time) (string, error)
} = (*Source)(nil)
