package daemon

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/leakwatch/leakwatch/internal/fakesecret"
	"github.com/leakwatch/leakwatch/sources/elasticsearch/esfake"
	"github.com/leakwatch/leakwatch/sources/loki/lokifake"
)

// duplicateKeys returns the keys that appear more than once at the top level of one JSON log
// line (slog's JSON handler writes a repeated attribute twice).
func duplicateKeys(t *testing.T, line string) []string {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(line))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		t.Fatalf("log line is not a JSON object: %.200s", line)
	}
	seen := map[string]bool{}
	var dups []string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			t.Fatalf("log line: %v", err)
		}
		k := tok.(string)
		if seen[k] {
			dups = append(dups, k)
		}
		seen[k] = true
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			t.Fatalf("log line: %v", err)
		}
	}
	return dups
}

// TestLogAttributesOnce: the source's logger carries source once; the Loki and Elasticsearch
// retry warnings and the engine's incident line do not add it again.
func TestLogAttributesOnce(t *testing.T) {
	secret := fakesecret.GitHub(rand.New(rand.NewPCG(14, 3)), "ghp_")
	at := time.Now().Add(-10 * time.Minute)

	lf := lokifake.New(lokifake.Options{})
	if err := lf.Push("fake", map[string]string{"app": "api"}, lokifake.Entry{Time: at, Line: "auth token " + secret}); err != nil {
		t.Fatal(err)
	}
	lf.InjectFaults(lokifake.Fault500, 1)
	lsrv := httptest.NewServer(lf)
	t.Cleanup(lsrv.Close)

	es := esfake.New(esfake.Options{})
	if err := es.Add("logs-1", "d1", map[string]any{"@timestamp": at.UnixMilli(), "message": "auth token " + secret, "event": map[string]any{"id": "d1"}}); err != nil {
		t.Fatal(err)
	}
	es.Inject(esfake.OpSearch, esfake.Fault{Kind: esfake.FaultThrottle})
	esrv := httptest.NewServer(es)
	t.Cleanup(esrv.Close)

	tests := []struct {
		name, source string
		want         []string // messages that must appear, each with source once
	}{
		{"loki", fmt.Sprintf("name: lk\n    type: loki\n    loki:\n      url: %s\n      selectors: ['{app=\"api\"}']", lsrv.URL),
			[]string{"loki request failed, retrying", "secret leak incident"}},
		{"elasticsearch", fmt.Sprintf("name: es\n    type: elasticsearch\n    elasticsearch:\n      urls: [%s]\n      index: \"logs-*\"\n      tiebreaker_field: event.id", esrv.URL),
			[]string{"elasticsearch request retried", "secret leak incident"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "config.yaml")
			cfg := fmt.Sprintf("data_dir: %s\nlisten: 127.0.0.1:0\nlog: {format: json, level: debug}\nsources:\n  - %s\n    recheck: 0s\n", filepath.Join(dir, "data"), tc.source)
			if err := os.WriteFile(path, []byte(cfg), 0o600); err != nil {
				t.Fatal(err)
			}
			var logs bytes.Buffer
			if err := Run(context.Background(), Options{ConfigPath: path, Once: true, LogOutput: &logs}); err != nil {
				t.Fatalf("run: %v\n%s", err, logs.String())
			}
			found := map[string]bool{}
			sc := bufio.NewScanner(&logs)
			sc.Buffer(nil, 1<<20)
			for sc.Scan() {
				line := sc.Text()
				if dups := duplicateKeys(t, line); len(dups) > 0 {
					t.Errorf("attributes %v appear twice: %.300s", dups, line)
				}
				var rec struct {
					Msg    string `json:"msg"`
					Source string `json:"source"`
				}
				_ = json.Unmarshal([]byte(line), &rec)
				for _, w := range tc.want {
					if rec.Msg == w && rec.Source != "" {
						found[w] = true
					}
				}
			}
			for _, w := range tc.want {
				if !found[w] {
					t.Errorf("no %q line with its source in the log:\n%s", w, logs.String())
				}
			}
		})
	}
}
