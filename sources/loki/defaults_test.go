package loki

import (
	"strings"
	"testing"
	"time"

	"github.com/prometheus/common/model"
	"gopkg.in/yaml.v3"
)

// TestOneDefaultsTable: a Config built in code gets the block's defaults (DefaultSourceConfig),
// and a block's values reach the source as the block holds them.
func TestOneDefaultsTable(t *testing.T) {
	s, err := New(Config{Name: "l", URL: "http://loki:3100"})
	if err != nil {
		t.Fatal(err)
	}
	d := DefaultSourceConfig()
	if s.cfg.Limit != d.Limit || s.cfg.Timeout != time.Duration(d.Timeout) || len(s.cfg.Selectors) != 1 || s.cfg.Selectors[0] != d.Selectors[0] {
		t.Errorf("zero Config: limit %d, timeout %s, selectors %q; want DefaultSourceConfig's", s.cfg.Limit, s.cfg.Timeout, s.cfg.Selectors)
	}

	var b SourceConfig
	if err := yaml.Unmarshal([]byte("url: http://loki:3100\nlimit: 7\ntimeout: 3s\nselectors: ['{job=\"a\"}']\n"), &b); err != nil {
		t.Fatal(err)
	}
	s, err = New(b.Config("l", 2*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if s.cfg.Limit != 7 || s.cfg.Timeout != 3*time.Second || s.cfg.Selectors[0] != `{job="a"}` || s.chunk != 2*time.Hour {
		t.Errorf("block values: %+v, want limit 7, timeout 3s, the block's selector and chunk 2h", s.cfg)
	}
}

// TestOneCheck: a block and New refuse a bad value with the same words (one check per key);
// a block's zero timeout is refused, not made the default.
func TestOneCheck(t *testing.T) {
	for _, tc := range []struct {
		block string
		mut   func(*Config)
		want  string
	}{
		{"selectors: ['{}']", func(c *Config) { c.Selectors = []string{"{}"} }, "selectors[0]: selector {} needs"},
		{"limit: -1", func(c *Config) { c.Limit = -1 }, "limit: -1: "},
		{"structured_metadata: [a.b]", func(c *Config) { c.StructuredMetadata = []string{"a.b"} }, `structured_metadata[0]: "a.b" is not a label name`},
		{"grafana_url: http://g", func(c *Config) { c.GrafanaURL = "http://g" }, "datasource_uid: required with grafana_url"},
	} {
		var b SourceConfig
		err := yaml.Unmarshal([]byte("url: http://loki:3100\n"+tc.block+"\n"), &b)
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("block %q: %v, want an error starting %q", tc.block, err, tc.want)
		}
		cfg := Config{Name: "x", URL: "http://loki:3100"}
		tc.mut(&cfg)
		if _, err := New(cfg); err == nil || !strings.HasPrefix(err.Error(), "loki source x: "+tc.want) {
			t.Errorf("New with %q: %v, want an error starting %q", tc.block, err, "loki source x: "+tc.want)
		}
	}
	b := DefaultSourceConfig()
	b.URL, b.Timeout = "http://loki:3100", model.Duration(0)
	if err := b.Validate(); err == nil || !strings.HasPrefix(err.Error(), "timeout: must be positive") {
		t.Errorf("block timeout 0s: %v, want refused", err)
	}
}
