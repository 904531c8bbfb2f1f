package elasticsearch

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	promcfg "github.com/prometheus/common/config"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/leakwatch/leakwatch/internal/fakesecret"
	"github.com/leakwatch/leakwatch/pushdown"
	"github.com/leakwatch/leakwatch/queries"
	"github.com/leakwatch/leakwatch/sources"
)

// TestIntegration runs against a real cluster when LEAKWATCH_TEST_ES_URL is set (optionally
// LEAKWATCH_TEST_ES_USER / LEAKWATCH_TEST_ES_PASSWORD or LEAKWATCH_TEST_ES_API_KEY). It
// indexes documents, one holding a freshly generated fake AWS key, refreshes, and scans the
// window with the default pushdown.
func TestIntegration(t *testing.T) {
	base := os.Getenv("LEAKWATCH_TEST_ES_URL")
	if base == "" {
		t.Skip("LEAKWATCH_TEST_ES_URL not set")
	}
	base = strings.TrimRight(base, "/")
	user, pass, key := os.Getenv("LEAKWATCH_TEST_ES_USER"), os.Getenv("LEAKWATCH_TEST_ES_PASSWORD"), os.Getenv("LEAKWATCH_TEST_ES_API_KEY")
	index := fmt.Sprintf("leakwatch-it-%d", time.Now().UnixNano())
	call := func(method, path string, body any) {
		t.Helper()
		var rd *bytes.Reader
		if body != nil {
			b, _ := json.Marshal(body)
			rd = bytes.NewReader(b)
		} else {
			rd = bytes.NewReader(nil)
		}
		req, _ := http.NewRequest(method, base+path, rd)
		req.Header.Set("Content-Type", "application/json")
		if user != "" {
			req.SetBasicAuth(user, pass)
		} else if key != "" {
			req.Header.Set("Authorization", "ApiKey "+key)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode > 299 {
			t.Fatalf("%s %s: HTTP %d", method, path, resp.StatusCode)
		}
	}
	call(http.MethodPut, "/"+index, map[string]any{"mappings": map[string]any{"properties": map[string]any{
		"@timestamp": map[string]any{"type": "date"},
		"message":    map[string]any{"type": "text", "fields": map[string]any{"keyword": map[string]any{"type": "keyword", "ignore_above": 256}}},
		"event":      map[string]any{"properties": map[string]any{"id": map[string]any{"type": "keyword"}}},
	}}})
	t.Cleanup(func() { call(http.MethodDelete, "/"+index, nil) })

	// A fake AWS access key ID, generated now.
	fake := fakesecret.AWSKeyID(fakesecret.Fresh())
	start := time.Now().UTC().Truncate(time.Second).Add(-time.Minute)
	docs := []string{"GET /health 200", "user login ok", `{"aws":{"key":"` + fake + `"}}`, "GET /cb?token%3D" + fake + " 200"}
	for i := 0; i < 30; i++ {
		msg := docs[i%len(docs)]
		call(http.MethodPut, fmt.Sprintf("/%s/_doc/d%02d", index, i), map[string]any{
			"@timestamp": start.Add(time.Duration(i%3) * time.Second).Format(time.RFC3339Nano),
			"message":    msg, "event": map[string]any{"id": fmt.Sprintf("d%02d", i)},
		})
	}
	call(http.MethodPost, "/"+index+"/_refresh", nil)

	for _, pd := range []Pushdown{PushdownDefault, PushdownNone} {
		t.Run(string(pd), func(t *testing.T) {
			s, err := New(Config{Name: "it", URLs: []string{base}, Index: index, TiebreakerField: "event.id", PageSize: 4,
				Pushdown: pd, HTTP: itHTTP(user, pass, key), Logger: quiet()})
			if err != nil {
				t.Fatal(err)
			}
			var kws []pushdown.Literal
			for _, r := range queries.Catalog() {
				for _, k := range r.Keywords {
					kws = append(kws, pushdown.Literal{Text: k, IgnoreCase: r.IgnoreCase})
				}
			}
			var c collector
			w := sources.Window{Start: start, End: start.Add(time.Minute)}
			if err := s.Scan(context.Background(), sources.Request{Window: w, Filter: sources.Filter{Plan: &pushdown.Plan{Keywords: kws}}}, c.emit); err != nil {
				t.Fatal(err)
			}
			leaks, total := 0, 0
			for _, l := range c.lines {
				total++
				if bytes.Contains(l.Text, []byte(fake)) {
					leaks++
				}
			}
			for id, n := range c.ids {
				if n != 1 {
					t.Errorf("%s read %d times", id, n)
				}
			}
			if leaks != 15 {
				t.Errorf("found %d documents holding the key, want 15", leaks)
			}
			if pd == PushdownNone && total != 30 {
				t.Errorf("pushdown none read %d documents, want 30", total)
			}
		})
	}

	// Purge: a _bulk delete of two documents holding the key and one that does not exist
	// gives a result per document, and a scan right after (refresh=wait_for) no longer
	// returns the deleted two.
	t.Run("bulk delete", func(t *testing.T) {
		s, err := New(Config{Name: "it", URLs: []string{base}, Index: index, TiebreakerField: "event.id",
			HTTP: itHTTP(user, pass, key), Logger: quiet()})
		if err != nil {
			t.Fatal(err)
		}
		res, err := s.DeleteDocs(context.Background(), []DeleteDoc{{index, "d02"}, {index, "d06"}, {index, "no-such-doc"}})
		if err != nil {
			t.Fatal(err)
		}
		want := []string{"d02 200 deleted", "d06 200 deleted", "no-such-doc 404 not_found"}
		for i, r := range res {
			if got := fmt.Sprintf("%s %d %s", r.ID, r.Status, r.Result); i >= len(want) || got != want[i] || !r.OK() {
				t.Fatalf("result %d = %q, want %q", i, got, want)
			}
		}
		var c collector
		w := sources.Window{Start: start, End: start.Add(time.Minute)}
		if err := s.Scan(context.Background(), sources.Request{Window: w}, c.emit); err != nil {
			t.Fatal(err)
		}
		if len(c.lines) != 28 || c.ids[index+"/d02"] != 0 || c.ids[index+"/d06"] != 0 {
			t.Fatalf("after the delete %d documents remain (want 28), d02 %d, d06 %d", len(c.lines), c.ids[index+"/d02"], c.ids[index+"/d06"])
		}
	})
}

// itHTTP is the HTTP settings for the cluster's credentials: an API key or a user.
func itHTTP(user, pass, key string) promcfg.HTTPClientConfig {
	switch {
	case key != "":
		return promcfg.HTTPClientConfig{Authorization: &promcfg.Authorization{Type: "ApiKey", Credentials: promcfg.Secret(key)}}
	case user != "":
		return promcfg.HTTPClientConfig{BasicAuth: &promcfg.BasicAuth{Username: user, Password: promcfg.Secret(pass)}}
	}
	return promcfg.HTTPClientConfig{}
}
