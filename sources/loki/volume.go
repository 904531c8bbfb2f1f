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
// from: one metric query per selector, sum(count_over_time({sel}[step])) evaluated at each
// bucket's end, so many buckets cost one query. Loki's range aggregation counts the lines
// stamped in (end - step, end]; buckets that tile a range therefore count each line once, and
// the engine compares counts of the same buckets only.
func (s *Source) Volumes(ctx context.Context, from time.Time, step time.Duration, n int) ([]int64, error) {
	if n <= 0 {
		return nil, nil
	}
	if step < time.Millisecond || step%time.Millisecond != 0 {
		return nil, fmt.Errorf("loki source %s: volume step %s: want a whole number of milliseconds", s.cfg.Name, step)
	}
	first := from.Add(step)
	last := from.Add(time.Duration(n) * step)
	out := make([]int64, n)
	for _, sel := range s.selectors {
		form := url.Values{
			"query": {"sum(count_over_time(" + sel + "[" + logqlDuration(step) + "]))"},
			"start": {strconv.FormatInt(first.UnixNano(), 10)},
			// Half a step past the last evaluation: Loki refuses end == start, and no further
			// evaluation fits before end.
			"end":  {strconv.FormatInt(last.Add(step/2).UnixNano(), 10)},
			"step": {strconv.FormatFloat(step.Seconds(), 'f', -1, 64)},
		}
		err := s.do(ctx, "/loki/api/v1/query_range", form, func(body io.Reader) error {
			return addMatrix(body, first, step, out)
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// addMatrix adds the points of a matrix response to out, bucket i being the point at
// first + i*step. A bucket without a point holds no line.
func addMatrix(body io.Reader, first time.Time, step time.Duration, out []int64) error {
	var r struct {
		Status string `json:"status"`
		Data   struct {
			ResultType string `json:"resultType"`
			Result     []struct {
				Values [][2]json.Number `json:"values"`
			} `json:"result"`
		} `json:"data"`
	}
	if err := json.NewDecoder(body).Decode(&r); err != nil {
		return err
	}
	if r.Status != "success" || r.Data.ResultType != "matrix" {
		return fmt.Errorf("want a success matrix, got status %q type %q", r.Status, r.Data.ResultType)
	}
	for _, series := range r.Data.Result {
		for _, v := range series.Values {
			sec, err := v[0].Float64()
			if err != nil {
				return fmt.Errorf("point time %q: %w", v[0], err)
			}
			// Times come back in seconds with millisecond decimals.
			at := time.UnixMilli(int64(math.Round(sec * 1e3)))
			off := at.Sub(first)
			if off < 0 || off%step != 0 || int(off/step) >= len(out) {
				return fmt.Errorf("point at %s is not one of the %d evaluation times", at.UTC().Format(time.RFC3339Nano), len(out))
			}
			c, err := strconv.ParseFloat(v[1].String(), 64)
			if err != nil || c < 0 {
				return fmt.Errorf("point value %q: not a count", v[1])
			}
			out[off/step] += int64(c)
		}
	}
	return nil
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

var _ interface {
	Volumes(context.Context, time.Time, time.Duration, int) ([]int64, error)
} = (*Source)(nil)
