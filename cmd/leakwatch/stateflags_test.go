package main

import (
	"flag"
	"io"
	"strings"
	"testing"
	"time"
)

func TestRangeFlags(t *testing.T) {
	now := time.Date(2026, 11, 5, 12, 0, 0, 0, time.UTC)
	abs := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		args    []string
		want    timeRange
		wantErr string
	}{
		{nil, timeRange{}, ""},
		{[]string{"--since", "2d"}, timeRange{from: now.Add(-48 * time.Hour), fromSet: true}, ""},
		{[]string{"--from", "2026-11-01", "--to", "now"}, timeRange{from: abs, to: now, fromSet: true, toSet: true, fromAbs: true}, ""},
		{[]string{"--from", "2026-11-01T00:00:00Z", "--to", "2026-11-01"}, timeRange{from: abs, to: abs, fromSet: true, toSet: true, fromAbs: true, toAbs: true}, ""},
		{[]string{"--since", "1d", "--from", "2d"}, timeRange{}, "use one"},
		{[]string{"--since", "2026-11-01"}, timeRange{}, "--since"},
		{[]string{"--since", "-1d"}, timeRange{}, "--since"},
		{[]string{"--from", "yesterday"}, timeRange{}, "--from"},
		{[]string{"--from", "1d", "--to", "soon"}, timeRange{}, "--to"},
	} {
		fs := flag.NewFlagSet("t", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		rf := addRangeFlags(fs, "range", "end")
		if err := fs.Parse(tt.args); err != nil {
			t.Fatal(err)
		}
		got, err := rf.parse(now)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("%v: err %v, want one naming %s", tt.args, err, tt.wantErr)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("%v = %+v, %v; want %+v", tt.args, got, err, tt.want)
		}
	}
}
