package config

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/leakwatch/leakwatch/sources"
	"gopkg.in/yaml.v3"
)

// Source is one log store: the keys every type shares (name, type, the scan windows) and one
// block named after its type, owned and validated by the package that registered the type
// (sources.Register), as blackbox_exporter's modules are:
//
//   - name: prod-logs
//     type: loki
//     interval: 5m
//     loki: {url: http://loki:3100, tenant: prod, basic_auth: {…}}
type Source struct {
	Name            string           `yaml:"name"`
	Type            sources.TypeName `yaml:"type"` // a registered store type (sources.Types)
	Interval        Duration         `yaml:"interval"`
	IngestDelay     Duration         `yaml:"ingest_delay"`
	Overlap         Duration         `yaml:"overlap"`
	Chunk           Duration         `yaml:"chunk"`
	InitialLookback Duration         `yaml:"initial_lookback"`
	// Recheck is how far back covered time is re-verified for late lines (loki and
	// elasticsearch; unset: 24h, 0 turns it off). Read it through RecheckHorizon.
	Recheck *Duration `yaml:"recheck"`

	// Block is the type's block (the key named after Type), decoded by the type's own
	// UnmarshalYAML; nil only in a Source built in code without one.
	Block sources.Block `yaml:"-"`
}

// Traits are the source's type's traits (none for an unknown type).
func (s Source) Traits() sources.Traits { return sources.TraitsOf(s.Type) }

// RecheckHorizon is how far back covered time is re-verified (0: never; files: never).
func (s Source) RecheckHorizon() time.Duration {
	if s.Traits().ByPosition {
		return 0
	}
	if s.Recheck == nil {
		return 24 * time.Hour
	}
	return s.Recheck.D()
}

// files is the block's files (credentials, certificates) when it reads any.
func (s *Source) files() sources.Files {
	f, _ := s.Block.(sources.Files)
	return f
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
		if sources.IsType(key) {
			blocks[key] = n.Content[k+1]
			order = append(order, key)
			continue
		}
		common.Content = append(common.Content, n.Content[k], n.Content[k+1])
	}
	// The shared keys are decoded over the defaults of the source's type (see defaults.go),
	// so the type is read first; a bad one is reported below, after the other keys.
	var head struct {
		Type sources.TypeName `yaml:"type"`
	}
	_ = common.Decode(&head)
	s = sourceDefaults(sources.TraitsOf(head.Type))
	type plain Source
	if err := common.Decode((*plain)(&s)); err != nil {
		return s, fmt.Errorf("%s: %w", p, err)
	}
	t, ok := sources.Lookup(s.Type)
	switch {
	case s.Type == "":
		return s, fmt.Errorf("%s.type: required (%s)", p, sources.TypeList())
	case !ok:
		return s, fmt.Errorf("%s.type: %q: want %s", p, s.Type, sources.TypeList())
	}
	for _, key := range order {
		if key != string(s.Type) {
			return s, fmt.Errorf("%s.%s: not used by type %s (a source has one block, named after its type: %s:)", p, key, s.Type, s.Type)
		}
	}
	bn := blocks[string(s.Type)]
	null := bn != nil && bn.Kind == yaml.ScalarNode && bn.ShortTag() == "!!null"
	switch {
	case (bn == nil || null) && t.Traits.BlockOptional: // every key of the block has a default
		s.Block = t.NewBlock()
		return s, nil
	case bn == nil:
		return s, fmt.Errorf("%s.%s: required for type %s (see config.example.yaml)", p, s.Type, s.Type)
	case null:
		// `loki:` with nothing under it: its required keys are missing.
		return s, fmt.Errorf("%s.%s: empty: set the %s settings (see config.example.yaml)", p, s.Type, s.Type)
	}
	blk := t.NewBlock()
	if err := bn.Decode(blk); err != nil {
		return s, blockError(p+"."+string(s.Type), err)
	}
	s.Block = blk
	return s, nil
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
