package config

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/leakwatch/leakwatch/sources"
	"github.com/leakwatch/leakwatch/sources/elasticsearch"
	"github.com/leakwatch/leakwatch/sources/filepermissions"
	"github.com/leakwatch/leakwatch/sources/loki"

	_ "github.com/leakwatch/leakwatch/sources/all" // the config's store types
)

// The blocks a test reads, by type (nil when the source has another type).
func lokiBlock(s Source) *loki.SourceConfig { b, _ := s.Block.(*loki.SourceConfig); return b }
func permBlock(s Source) *filepermissions.SourceConfig {
	b, _ := s.Block.(*filepermissions.SourceConfig)
	return b
}
func osBlock(s Source) *elasticsearch.OpenSearchSourceConfig {
	b, _ := s.Block.(*elasticsearch.OpenSearchSourceConfig)
	return b
}

// An unknown or missing type is refused naming every registered type.
func TestUnknownTypeListsKnownTypes(t *testing.T) {
	for _, doc := range []string{"sources: [{name: a, type: splunk}]\n", "sources: [{name: a}]\n"} {
		_, err := Parse([]byte("data_dir: /tmp/x\n"+doc), env(nil))
		if err == nil {
			t.Fatalf("%q loaded", doc)
		}
		for _, n := range []string{"elasticsearch", "file", "file_permissions", "loki", "opensearch"} {
			if !strings.Contains(err.Error(), n) {
				t.Errorf("%q: error %q does not list type %s", doc, err, n)
			}
		}
		if !strings.HasPrefix(err.Error(), "sources[0] (a).type: ") {
			t.Errorf("%q: error %q does not name the field", doc, err)
		}
	}
}

// blockSamples is one block of each registered type: a new store type adds its own.
var blockSamples = map[sources.TypeName]string{
	"loki":             "url: http://loki:3100\ntenant: prod\nselectors: ['{job=\"api\"}']\nbasic_auth: {username: u, password_file: /run/pw}\n",
	"elasticsearch":    "urls: [https://es:9200]\nindex: logs-*\nlabel_fields: [host.name]\nsigv4: {region: eu-west-1}\n",
	"opensearch":       "urls: [https://os:9200]\nindex: logs-*\ntiebreaker_field: event.id\n",
	"file":             "paths: [/var/log/*.log]\nexclude: ['*.gz']\n",
	"file_permissions": "paths: ['/etc/**']\nmax_mode: \"0640\"\nowner: root\n",
}

// Each registered type decodes its block (with its defaults), encodes it back, and decodes
// that to the same block: the block is all the config keeps of a source's type.
func TestEveryTypeRoundTripsItsBlock(t *testing.T) {
	pw := filepath.Join(t.TempDir(), "pw")
	if err := os.WriteFile(pw, []byte("hunter2-but-longer\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, n := range sources.Types() {
		sample, ok := blockSamples[n]
		sample = strings.ReplaceAll(sample, "/run/pw", pw)
		if !ok {
			t.Errorf("type %s has no sample block here", n)
			continue
		}
		ty, _ := sources.Lookup(n)
		first := ty.NewBlock()
		if err := yaml.Unmarshal([]byte(sample), first); err != nil {
			t.Fatalf("%s: %v", n, err)
		}
		out, err := yaml.Marshal(first)
		if err != nil {
			t.Fatalf("%s: marshal: %v", n, err)
		}
		second := ty.NewBlock()
		if err := yaml.Unmarshal(out, second); err != nil {
			t.Fatalf("%s: the encoded block does not decode: %v\n%s", n, err, out)
		}
		if !reflect.DeepEqual(first, second) {
			t.Errorf("%s: round trip changed the block:\n%+v\n%+v", n, first, second)
		}
		// Through a whole config, the source holds the block of its type.
		doc := fmt.Sprintf("data_dir: /tmp/x\nsources:\n  - name: s\n    type: %s\n    %s:\n%s", n, n, indent(sample, "      "))
		c, err := Parse([]byte(doc), env(nil))
		if err != nil {
			t.Fatalf("%s: %v", n, err)
		}
		if got := c.Sources[0].Block; reflect.TypeOf(got) != reflect.TypeOf(first) || !reflect.DeepEqual(got, first) {
			t.Errorf("%s: config holds %T %+v, want %+v", n, got, got, first)
		}
	}
}

func indent(s, by string) string {
	return by + strings.ReplaceAll(strings.TrimSuffix(s, "\n"), "\n", "\n"+by) + "\n"
}
