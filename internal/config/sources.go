package config

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/leakwatch/leakwatch/internal/httpclient"
	"github.com/leakwatch/leakwatch/internal/permaudit"
	"github.com/leakwatch/leakwatch/sources/elasticsearch"
	"github.com/leakwatch/leakwatch/sources/file"
	"github.com/leakwatch/leakwatch/sources/loki"
	promcfg "github.com/prometheus/common/config"
	"gopkg.in/yaml.v3"
)

// Source is one log store: the keys every type shares (name, type, the scan windows) and one
// block named after its type, owned and validated by its backend package, as
// blackbox_exporter's modules are:
//
//   - name: prod-logs
//     type: loki
//     interval: 5m
//     loki: {url: http://loki:3100, tenant: prod, basic_auth: {…}}
type Source struct {
	Name            string   `yaml:"name"`
	Type            string   `yaml:"type"` // file, loki, elasticsearch, opensearch, file_permissions
	Interval        Duration `yaml:"interval"`
	IngestDelay     Duration `yaml:"ingest_delay"`
	Overlap         Duration `yaml:"overlap"`
	Chunk           Duration `yaml:"chunk"`
	InitialLookback Duration `yaml:"initial_lookback"`
	// Recheck is how far back covered time is re-verified for late lines (loki and
	// elasticsearch; unset: 24h, 0 turns it off). Read it through RecheckHorizon.
	Recheck *Duration `yaml:"recheck"`

	// The type's block: exactly the one named after Type is set.
	Loki            *loki.SourceConfig                    `yaml:"loki,omitempty"`
	Elasticsearch   *elasticsearch.SourceConfig           `yaml:"elasticsearch,omitempty"`
	OpenSearch      *elasticsearch.OpenSearchSourceConfig `yaml:"opensearch,omitempty"`
	File            *file.SourceConfig                    `yaml:"file,omitempty"`
	FilePermissions *permaudit.SourceConfig               `yaml:"file_permissions,omitempty"`
}

// sourceTypes are the types, each with the block of the same name.
var sourceTypes = []string{"file", "loki", "elasticsearch", "opensearch", "file_permissions"}

// RecheckHorizon is how far back covered time is re-verified (0: never; files: never).
func (s Source) RecheckHorizon() time.Duration {
	if s.Type == "file" {
		return 0
	}
	if s.Recheck == nil {
		return 24 * time.Hour
	}
	return s.Recheck.D()
}

// ElasticsearchBlock is the elasticsearch or opensearch block, whichever the type uses.
func (s Source) ElasticsearchBlock() *elasticsearch.SourceConfig {
	if s.OpenSearch != nil {
		return (*elasticsearch.SourceConfig)(s.OpenSearch)
	}
	return s.Elasticsearch
}

// http is the block's HTTP settings and SigV4 block, for the sources that have them.
func (s *Source) http() (*promcfg.HTTPClientConfig, *httpclient.SigV4) {
	switch {
	case s.Loki != nil:
		return &s.Loki.HTTP, nil
	case s.ElasticsearchBlock() != nil:
		b := s.ElasticsearchBlock()
		return &b.HTTP, b.SigV4
	}
	return nil, nil
}

// Sources decodes each entry knowing its index, so every error names its path:
// `sources[1] (prod-logs).loki.url: …`.
type Sources []Source

// UnmarshalYAML decodes the list entry by entry.
func (ss *Sources) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.SequenceNode {
		return fmt.Errorf("sources (line %d): want a list of sources", n.Line)
	}
	out := make(Sources, 0, len(n.Content))
	for i, item := range n.Content {
		s, err := decodeSource(item, i)
		if err != nil {
			return err
		}
		out = append(out, s)
	}
	*ss = out
	return nil
}

// sourcePath is how errors name sources[i]: with its name when it has one.
func sourcePath(i int, name string) string {
	if name == "" {
		return fmt.Sprintf("sources[%d]", i)
	}
	return fmt.Sprintf("sources[%d] (%s)", i, name)
}

// mapValue is the value of key in mapping n, or nil.
func mapValue(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

func decodeSource(n *yaml.Node, i int) (Source, error) {
	var s Source
	name := ""
	if v := mapValue(n, "name"); v != nil && v.Kind == yaml.ScalarNode {
		name = v.Value
	}
	p := sourcePath(i, name)
	if n.Kind != yaml.MappingNode {
		return s, fmt.Errorf("%s (line %d): want a mapping (name, type, …)", p, n.Line)
	}
	// The shared keys first, without the blocks, so a block's error is named by its block.
	common := &yaml.Node{Kind: yaml.MappingNode, Line: n.Line}
	blocks := map[string]*yaml.Node{}
	var order []string
	for k := 0; k+1 < len(n.Content); k += 2 {
		key := n.Content[k].Value
		if isSourceType(key) {
			blocks[key] = n.Content[k+1]
			order = append(order, key)
			continue
		}
		common.Content = append(common.Content, n.Content[k], n.Content[k+1])
	}
	type plain Source
	if err := common.Decode((*plain)(&s)); err != nil {
		return s, fmt.Errorf("%s: %w", p, err)
	}
	switch {
	case s.Type == "":
		return s, fmt.Errorf("%s.type: required (%s)", p, strings.Join(sourceTypes, ", "))
	case !isSourceType(s.Type):
		return s, fmt.Errorf("%s.type: %q: want %s", p, s.Type, strings.Join(sourceTypes, ", "))
	}
	for _, key := range order {
		if key != s.Type {
			return s, fmt.Errorf("%s.%s: not used by type %s (a source has one block, named after its type: %s:)", p, key, s.Type, s.Type)
		}
	}
	bn := blocks[s.Type]
	if bn == nil {
		if s.Type != "file_permissions" { // every key of that one has a default
			return s, fmt.Errorf("%s.%s: required for type %s (see config.example.yaml)", p, s.Type, s.Type)
		}
		d := permaudit.DefaultSourceConfig()
		s.FilePermissions = &d
		return s, nil
	}
	var err error
	switch s.Type {
	case "loki":
		err = bn.Decode(&s.Loki)
	case "elasticsearch":
		err = bn.Decode(&s.Elasticsearch)
	case "opensearch":
		err = bn.Decode(&s.OpenSearch)
	case "file":
		err = bn.Decode(&s.File)
	case "file_permissions":
		err = bn.Decode(&s.FilePermissions)
	}
	if err != nil {
		return s, blockError(p+"."+s.Type, err)
	}
	if s.Loki == nil && s.Elasticsearch == nil && s.OpenSearch == nil && s.File == nil && s.FilePermissions == nil {
		// `loki:` with nothing under it decodes to nil: its required keys are missing.
		if s.Type != "file_permissions" {
			return s, fmt.Errorf("%s.%s: empty: set the %s settings (see config.example.yaml)", p, s.Type, s.Type)
		}
		d := permaudit.DefaultSourceConfig()
		s.FilePermissions = &d
	}
	return s, nil
}

func isSourceType(k string) bool {
	for _, t := range sourceTypes {
		if t == k {
			return true
		}
	}
	return false
}

// keyPrefix matches an error that starts with the key it is about ("url: …", "paths[0]: …").
var keyPrefix = regexp.MustCompile(`^[a-z_][a-z0-9_]*(\[\d+\])?(\.[a-z_][a-z0-9_]*(\[\d+\])?)*: `)

// blockError puts the block's path in front of its error: `sources[0] (x).loki` and
// `url: …` make `sources[0] (x).loki.url: …`.
func blockError(path string, err error) error {
	msg := strings.TrimPrefix(cleanYAMLError(err).Error(), "yaml: ")
	if keyPrefix.MatchString(msg) {
		return fmt.Errorf("%s.%s", path, msg)
	}
	return fmt.Errorf("%s: %s", path, msg)
}
