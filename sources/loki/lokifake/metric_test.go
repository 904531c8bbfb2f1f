package lokifake

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
)

type mResp struct {
	Status string `json:"status"`
	Data   struct {
		ResultType string `json:"resultType"`
		Result     []struct {
			Metric map[string]string `json:"metric"`
			Values [][2]json.Number  `json:"values"`
		} `json:"result"`
	} `json:"data"`
}

// TestMetricCountOverTime: count_over_time counts the entries in (t-range, t] at each step,
// per stream or summed, after line filters; zero points are absent, as in Loki.
func TestMetricCountOverTime(t *testing.T) {
	f, srv := newServer(t, Options{Now: func() time.Time { return t0.Add(3 * time.Hour) }})
	// app: 2 lines in the first hour (one exactly at t0, one at t0+1h), 1 in the second hour;
	// db: 1 line in the first hour.
	for _, p := range []struct {
		labels map[string]string
		at     time.Duration
		line   string
	}{
		{map[string]string{"job": "app"}, 0, "boundary at t0"},
		{map[string]string{"job": "app"}, 10 * time.Minute, "GET /a token=x"},
		{map[string]string{"job": "app"}, time.Hour, "at the hour"},
		{map[string]string{"job": "app"}, 90 * time.Minute, "GET /b"},
		{map[string]string{"job": "db"}, 30 * time.Minute, "select token"},
	} {
		if err := f.Push("fake", p.labels, Entry{Time: t0.Add(p.at), Line: p.line}); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name, query, start, end, step string
		want                          map[string][]string // series key (job or "") -> "sec=count" points
		wantCode                      int
		wantErr                       string
	}{
		{name: "sum, step 1h", query: `sum(count_over_time({job=~".+"}[1h]))`, start: ns(t0.Add(time.Hour)), end: ns(t0.Add(2 * time.Hour)), step: "1h",
			want: map[string][]string{"": {sec(t0.Add(time.Hour)) + "=3", sec(t0.Add(2*time.Hour)) + "=1"}}},
		{name: "per stream", query: `count_over_time({job=~".+"}[1h])`, start: ns(t0.Add(time.Hour)), end: ns(t0.Add(2 * time.Hour)), step: "3600",
			want: map[string][]string{"app": {sec(t0.Add(time.Hour)) + "=2", sec(t0.Add(2*time.Hour)) + "=1"}, "db": {sec(t0.Add(time.Hour)) + "=1"}}},
		{name: "line filter", query: `sum(count_over_time({job=~".+"} |= "token" [1h]))`, start: ns(t0.Add(time.Hour)), end: ns(t0.Add(time.Hour)), step: "1h",
			want: map[string][]string{"": {sec(t0.Add(time.Hour)) + "=2"}}},
		{name: "left-open range", query: `sum(count_over_time({job="app"}[10m]))`, start: ns(t0.Add(10 * time.Minute)), end: ns(t0.Add(20 * time.Minute)), step: "10m",
			want: map[string][]string{"": {sec(t0.Add(10*time.Minute)) + "=1"}}},
		{name: "nothing matches", query: `sum(count_over_time({job="none"}[1h]))`, start: ns(t0.Add(time.Hour)), end: ns(t0.Add(2 * time.Hour)), step: "1h",
			want: map[string][]string{}},
		{name: "too many points", query: `sum(count_over_time({job="app"}[1s]))`, start: ns(t0), end: ns(t0.Add(4 * time.Hour)), step: "1s",
			wantCode: 400, wantErr: "exceeded maximum resolution of 11,000 points"},
		{name: "bad step", query: `sum(count_over_time({job="app"}[1h]))`, start: ns(t0), end: ns(t0.Add(time.Hour)), step: "-5",
			wantCode: 400, wantErr: "zero or negative query resolution step"},
		{name: "empty-compatible selector", query: `sum(count_over_time({job=~".*"}[1h]))`, start: ns(t0), end: ns(t0.Add(time.Hour)), step: "1h",
			wantCode: 400, wantErr: "queries require at least one"},
		{name: "unsupported function", query: `rate({job="app"}[1h])`, start: ns(t0), end: ns(t0.Add(time.Hour)), step: "1h",
			wantCode: 400, wantErr: "parse error"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, _, body := get(t, srv, "/loki/api/v1/query_range", url.Values{"query": {tc.query}, "start": {tc.start}, "end": {tc.end}, "step": {tc.step}}, nil)
			if tc.wantCode != 0 {
				if code != tc.wantCode || !strings.Contains(body, tc.wantErr) {
					t.Fatalf("got %d %q, want %d with %q", code, body, tc.wantCode, tc.wantErr)
				}
				return
			}
			if code != 200 {
				t.Fatalf("status %d: %s", code, body)
			}
			var r mResp
			if err := json.Unmarshal([]byte(body), &r); err != nil || r.Status != "success" || r.Data.ResultType != "matrix" {
				t.Fatalf("response %v: %s", err, body)
			}
			got := map[string][]string{}
			for _, s := range r.Data.Result {
				for _, v := range s.Values {
					got[s.Metric["job"]] = append(got[s.Metric["job"]], string(v[0])+"="+string(v[1]))
				}
			}
			if len(got) != len(tc.want) {
				t.Fatalf("series %v, want %v", got, tc.want)
			}
			for k, w := range tc.want {
				if strings.Join(got[k], ",") != strings.Join(w, ",") {
					t.Errorf("series %q = %v, want %v", k, got[k], w)
				}
			}
		})
	}
}

func sec(t time.Time) string { return strconv.FormatInt(t.Unix(), 10) }

// TestMetricAsRealLoki replays what a real Loki 3.7.6 answered for lines at T, T+1s, T+10m,
// T+10m1s and T+20m (T a multiple of 10 minutes): range queries are evaluated at multiples
// of step (start rounded down, end up), instant queries at exactly their time, and count_over_time
// counts (t - range, t].
func TestMetricAsRealLoki(t *testing.T) {
	T := t0.Add(-2 * time.Hour) // t0 is on the hour
	f, srv := newServer(t, Options{Now: func() time.Time { return t0 }})
	var entries []Entry
	for _, at := range []time.Duration{0, time.Second, 600 * time.Second, 601 * time.Second, 1200 * time.Second} {
		entries = append(entries, Entry{Time: T.Add(at), Line: "probe"})
	}
	if err := f.Push("fake", map[string]string{"job": "probe"}, entries...); err != nil {
		t.Fatal(err)
	}
	q := `sum(count_over_time({job="probe"}[10m]))`
	at := func(d time.Duration) string { return ns(T.Add(d)) }
	q20 := `sum(count_over_time({job="probe"}[20m]))`
	ranges := []struct {
		query      string
		start, end time.Duration
		want       string // "offset(s)=count" as Loki answered
	}{
		{q, 600 * time.Second, 1800 * time.Second, "600=2,1200=2"},
		{q, 601 * time.Second, 1801 * time.Second, "600=2,1200=2"},
		{q, 300 * time.Second, 1500 * time.Second, "0=1,600=2,1200=2"},
		{q20, 600 * time.Second, 1200 * time.Second, "600=3,1200=4"},
		{q20, 600 * time.Second, 1201 * time.Second, "600=3,1200=4,1800=2"},
		{q20, 600 * time.Second, 1500 * time.Second, "600=3,1200=4,1800=2"},
	}
	for _, r := range ranges {
		code, _, body := get(t, srv, "/loki/api/v1/query_range", url.Values{"query": {r.query}, "start": {at(r.start)},
			"end": {at(r.end)}, "step": {"600"}}, nil)
		var m mResp
		if code != 200 || json.Unmarshal([]byte(body), &m) != nil {
			t.Fatalf("start T+%s: %d %s", r.start, code, body)
		}
		var got []string
		for _, s := range m.Data.Result {
			for _, v := range s.Values {
				sec, _ := v[0].Int64()
				got = append(got, fmt.Sprintf("%d=%s", sec-T.Unix(), v[1]))
			}
		}
		if strings.Join(got, ",") != r.want {
			t.Errorf("%s from T+%s to T+%s: %v, want %s", r.query, r.start, r.end, got, r.want)
		}
	}
	instants := []struct {
		time, rng string
		want      string
	}{
		{at(601 * time.Second), "601s", "3"},
		{at(600 * time.Second), "600s", "2"},
		{at(1200 * time.Second), "600s", "2"},
		{at(1201 * time.Second), "601s", "2"},
		{at(1500 * time.Second), "1500s", "4"},
		{ns(T.Add(601*time.Second + 500*time.Millisecond)), "601500ms", "3"},
	}
	for _, in := range instants {
		code, _, body := get(t, srv, "/loki/api/v1/query", url.Values{"query": {`sum(count_over_time({job="probe"}[` + in.rng + `]))`}, "time": {in.time}}, nil)
		var v struct {
			Data struct {
				ResultType string `json:"resultType"`
				Result     []struct {
					Value [2]json.Number `json:"value"`
				} `json:"result"`
			} `json:"data"`
		}
		if code != 200 || json.Unmarshal([]byte(body), &v) != nil || v.Data.ResultType != "vector" || len(v.Data.Result) != 1 {
			t.Fatalf("instant at %s [%s]: %d %s", in.time, in.rng, code, body)
		}
		if got := string(v.Data.Result[0].Value[1]); got != in.want {
			t.Errorf("instant at %s [%s]: %s, want %s", in.time, in.rng, got, in.want)
		}
	}
}
