package elasticsearch

import (
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"
)

// TestOneDefaultsTable: a Config built in code gets the block's defaults (DefaultSourceConfig)
// from fill; a block's values reach the source as the block holds them.
func TestOneDefaultsTable(t *testing.T) {
	s, err := New(Config{Name: "e", URLs: []string{"http://es:9200"}, Index: "logs-*"})
	if err != nil {
		t.Fatal(err)
	}
	d := DefaultSourceConfig()
	if s.cfg.Flavor != d.Flavor || s.cfg.TimestampField != d.TimestampField || s.cfg.MessageFields[0] != d.MessageFields[0] ||
		s.cfg.Pushdown != d.Pushdown || s.cfg.FieldType != d.FieldType || s.cfg.PageSize != d.PageSize || s.cfg.Timeout != time.Duration(d.Timeout) ||
		s.cfg.SearchFields[0] != d.MessageFields[0] {
		t.Errorf("zero Config: %+v; want DefaultSourceConfig's values", s.cfg)
	}

	var b SourceConfig
	if err := yaml.Unmarshal([]byte("urls: [http://es:9200]\nindex: logs-*\npage_size: 7\ntimeout: 3s\nmessage_fields: [log.original]\nfield_type: keyword\n"), &b); err != nil {
		t.Fatal(err)
	}
	s, err = New(b.Config("e"))
	if err != nil {
		t.Fatal(err)
	}
	if s.cfg.PageSize != 7 || s.cfg.Timeout != 3*time.Second || s.cfg.MessageFields[0] != "log.original" ||
		s.cfg.SearchFields[0] != "log.original" || s.cfg.FieldType != "keyword" || s.cfg.Flavor != FlavorAuto {
		t.Errorf("block values: %+v", s.cfg)
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
		{"urls: ['https://u:p@es:9200']\nindex: logs-*", func(c *Config) { c.URLs = []string{"https://u:p@es:9200"} }, "urls[0]: credentials in the URL"},
		{"urls: [http://es:9200]\nindex: ''", func(c *Config) { c.Index = "" }, "index: required"},
		{"urls: [http://es:9200]\nindex: logs-*\npushdown: query", func(c *Config) { c.Pushdown = PushdownQuery }, "query: required with pushdown: query"},
		{"urls: [http://es:9200]\nindex: logs-*\npage_size: 10001", func(c *Config) { c.PageSize = 10001 }, "page_size: 10001: want 1..10000"},
		{"urls: [http://es:9200]\nindex: logs-*\nflavor: opensearch", func(c *Config) { c.Flavor = FlavorOpenSearch }, "tiebreaker_field: required here"},
	} {
		var b SourceConfig
		err := yaml.Unmarshal([]byte(tc.block+"\n"), &b)
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("block %q: %v, want an error starting %q", tc.block, err, tc.want)
		}
		cfg := Config{Name: "x", URLs: []string{"http://es:9200"}, Index: "logs-*"}
		tc.mut(&cfg)
		if _, err := New(cfg); err == nil || !strings.HasPrefix(err.Error(), `elasticsearch source "x": `+tc.want) {
			t.Errorf("New with %q: %v, want an error starting %q", tc.block, err, tc.want)
		}
	}
	var b SourceConfig
	if err := yaml.Unmarshal([]byte("urls: [http://es:9200]\nindex: logs-*\ntimeout: 0s\n"), &b); err == nil || !strings.HasPrefix(err.Error(), "timeout: must be positive") {
		t.Errorf("block timeout 0s: %v, want refused", err)
	}
}
