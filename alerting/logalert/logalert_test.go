package logalert

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"testing"
	"time"

	"github.com/leakwatch/leakwatch/alerting"
)

func TestNotifyLogsWarn(t *testing.T) {
	tests := []struct {
		name string
		a    alerting.Alert
		want map[string]any
		omit []string
	}{
		{
			name: "new",
			a: alerting.Alert{ID: 5, Kind: alerting.KindNew, IncidentID: 2, RuleID: "aws-access-key-id", Severity: "high",
				Source: "loki-prod", Location: `{app="api"}`, Preview: "AKIA…WXYZ", Fingerprint: "abcdef012345",
				EventTime: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), Count: 1},
			want: map[string]any{"level": "WARN", "msg": "secret leaked", "kind": "new", "rule": "aws-access-key-id",
				"severity": "high", "source": "loki-prod", "location": `{app="api"}`, "preview": "AKIA…WXYZ",
				"fingerprint": "abcdef012345", "incident_id": 2.0, "alert_id": 5.0, "event_time": "2026-01-02T03:04:05Z", "count": 1.0},
			omit: []string{"link", "first_seen"},
		},
		{
			name: "sighting with link",
			a: alerting.Alert{Kind: alerting.KindSighting, RuleID: "r", Link: "https://g/x", Count: 4,
				FirstSeen: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)},
			want: map[string]any{"kind": "sighting", "link": "https://g/x", "count": 4.0, "first_seen": "2026-01-01T00:00:00Z"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			n := New(slog.New(slog.NewJSONHandler(&buf, nil)))
			if n.Name() != "log" {
				t.Fatalf("Name = %q", n.Name())
			}
			ref, retry, err := n.Notify(context.Background(), tt.a)
			if ref != "" || retry || err != nil {
				t.Fatalf("Notify = %q, %v, %v", ref, retry, err)
			}
			var rec map[string]any
			if err := json.Unmarshal(buf.Bytes(), &rec); err != nil {
				t.Fatalf("not one JSON record: %v: %s", err, buf.Bytes())
			}
			for k, v := range tt.want {
				if rec[k] != v {
					t.Errorf("%s = %v, want %v", k, rec[k], v)
				}
			}
			for _, k := range tt.omit {
				if _, ok := rec[k]; ok {
					t.Errorf("%s logged though empty", k)
				}
			}
		})
	}
}
