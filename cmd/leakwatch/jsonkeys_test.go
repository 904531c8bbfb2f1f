package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/leakwatch/leakwatch/internal/fakesecret"
)

var snakeKey = regexp.MustCompile(`^[a-z][a-z0-9]*(_[a-z0-9]+)*$`)

// badKeys walks decoded JSON and returns the object keys that are not snake_case, with their
// path. Objects listed in dataKeyed are maps keyed by data (rule ids, source names).
func badKeys(v any, path string, dataKeyed map[string]bool, out map[string]bool) {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if !dataKeyed[path] && !snakeKey.MatchString(k) {
				out[path+"."+k] = true
			}
			badKeys(e, path+"."+k, dataKeyed, out)
		}
	case []any:
		for _, e := range x {
			badKeys(e, path+"[]", dataKeyed, out)
		}
	}
}

// TestJSONOutputsSnakeCase: every JSON the CLI prints uses snake_case keys, nested objects
// included (incidents show's locations were PascalCase).
func TestJSONOutputsSnakeCase(t *testing.T) {
	dir := t.TempDir()
	secret := fakesecret.GitHub(rand.New(rand.NewPCG(14, 4)), "ghp_")
	writeFile(t, filepath.Join(dir, "logs", "app.log"), logLine(1, secret), 0o644)
	writeFile(t, filepath.Join(dir, "env", ".env"), "A=1\n", 0o644)
	cfg := filepath.Join(dir, "config.yaml")
	writeFile(t, cfg, fmt.Sprintf("data_dir: %s/data\nsources: [{name: app, type: file, file: {paths: [\"%s/logs/*.log\"]}}]\n", dir, dir), 0o644)

	exec := func(t *testing.T, stdin io.Reader, args ...string) string {
		t.Helper()
		var out, errb bytes.Buffer
		code := run(context.Background(), args, cli{stdin: stdin, stdout: &out, stderr: &errb, getenv: func(string) string { return "" }})
		if code == 2 {
			t.Fatalf("%v: exit 2\n%s", args, errb.String())
		}
		return out.String()
	}
	exec(t, nil, "run", "--once", "--config", cfg, "--listen", "127.0.0.1:0")

	tests := []struct {
		name      string
		args      []string
		stdin     string
		dataKeyed []string // paths of objects keyed by data
	}{
		{"incidents list", []string{"incidents", "list", "--config", cfg, "--format", "json"}, "", nil},
		{"incidents show", []string{"incidents", "show", "1", "--config", cfg, "--format", "json"}, "", nil},
		{"report", []string{"report", "--config", cfg, "--since", "30d", "--format", "json"}, "", nil},
		{"rules list", []string{"rules", "list", "--format", "json"}, "", nil},
		{"scan", []string{"scan", "--format", "json", "-"}, logLine(2, secret), nil},
		{"audit", []string{"audit", "--format", "json", filepath.Join(dir, "env")}, "", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := exec(t, strings.NewReader(tc.stdin), tc.args...)
			dec := json.NewDecoder(strings.NewReader(out))
			bad := map[string]bool{}
			docs := 0
			for dec.More() {
				var v any
				if err := dec.Decode(&v); err != nil {
					t.Fatalf("not JSON: %v\n%s", err, out)
				}
				docs++
				dk := map[string]bool{}
				for _, p := range tc.dataKeyed {
					dk[p] = true
				}
				badKeys(v, "", dk, bad)
			}
			if docs == 0 {
				t.Fatalf("no JSON printed")
			}
			if tc.name == "incidents show" && !strings.Contains(out, `"event_time"`) {
				t.Errorf("incidents show lacks its locations' event_time:\n%s", out)
			}
			var keys []string
			for k := range bad {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			if len(keys) > 0 {
				t.Errorf("keys not in snake_case: %v", keys)
			}
		})
	}
}
