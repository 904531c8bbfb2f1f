package config

import (
	"bytes"
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/leakwatch/leakwatch/sources"
)

// MovedVersion is the release that moved a source's type-specific keys into its block.
const MovedVersion = "0.2"

// Move is one key of a source in the old flat shape and where it lives now.
type Move struct {
	Source int    // index in sources
	Name   string // the source's name, when it has one
	Key    string // the old key (url)
	To     string // its new path (sources[0].loki.url); empty: dropped
	Note   string // what else changes, if anything ("with type: ApiKey")
}

func (m Move) String() string {
	if m.To == "" {
		return fmt.Sprintf("%s.%s: dropped in leakwatch %s (%s)", sourcePath(m.Source, m.Name), m.Key, MovedVersion, m.Note)
	}
	s := fmt.Sprintf("%s.%s: moved to %s in leakwatch %s", sourcePath(m.Source, m.Name), m.Key, m.To, MovedVersion)
	if m.Note != "" {
		s += " (" + m.Note + ")"
	}
	return s
}

// MovedError is a config in the shape before 0.2: type-specific keys directly on a source.
// It lists every moved key and holds a rewrite of each source concerned, secrets masked.
type MovedError struct {
	Moves []Move
	// Rewrites are the sources concerned in the new shape, as YAML list items, with every
	// password, token and key replaced by <secret>; ${VAR} references are kept as written.
	Rewrites []string
}

func (e *MovedError) Error() string {
	parts := make([]string, len(e.Moves))
	for i, m := range e.Moves {
		parts[i] = m.String()
	}
	return strings.Join(parts, "; ") + "; `leakwatch config check` prints the sources rewritten"
}

// moveFor is where key of a source of type typ went, if it is an old flat key: the type's
// registration lists its moved keys.
func moveFor(typ, key string) (sources.MovedKey, bool) {
	t, ok := sources.Lookup(sources.TypeName(typ))
	if !ok {
		return sources.MovedKey{}, false
	}
	m, ok := t.Moved[key]
	return m, ok
}

// secretKeys are keys whose values are never printed.
var secretKeys = map[string]bool{"password": true, "bearer_token": true, "api_key": true, "credentials": true, "secret_key": true, "client_secret": true}

// checkMoved finds flat keys on the sources of the document root (before ${VAR} expansion,
// so a rewrite keeps the references as written).
func checkMoved(root *yaml.Node) error {
	if len(root.Content) == 0 {
		return nil
	}
	list := mapValue(root.Content[0], "sources")
	if list == nil || list.Kind != yaml.SequenceNode {
		return nil
	}
	e := &MovedError{}
	for i, item := range list.Content {
		if item.Kind != yaml.MappingNode {
			continue
		}
		typ, name := "", ""
		if v := mapValue(item, "type"); v != nil {
			typ = v.Value
		}
		if v := mapValue(item, "name"); v != nil {
			name = v.Value
		}
		if !sources.IsType(typ) {
			continue // the type's own error comes first
		}
		var moves []Move
		for k := 0; k+1 < len(item.Content); k += 2 {
			key := item.Content[k].Value
			m, ok := moveFor(typ, key)
			if !ok {
				continue
			}
			to := strings.TrimSuffix(m.To, "[]")
			mv := Move{Source: i, Name: name, Key: key, Note: m.Note}
			if to != "" {
				mv.To = fmt.Sprintf("sources[%d].%s.%s", i, typ, to)
			}
			moves = append(moves, mv)
		}
		if len(moves) == 0 {
			continue
		}
		e.Moves = append(e.Moves, moves...)
		e.Rewrites = append(e.Rewrites, rewrite(item, typ))
	}
	if len(e.Moves) == 0 {
		return nil
	}
	return e
}

// rewrite is source item in the new shape as a YAML list item, secrets masked.
func rewrite(item *yaml.Node, typ string) string {
	out := &yaml.Node{Kind: yaml.MappingNode}
	block := &yaml.Node{Kind: yaml.MappingNode}
	var existing *yaml.Node
	for k := 0; k+1 < len(item.Content); k += 2 {
		kn, vn := item.Content[k], item.Content[k+1]
		if kn.Value == typ {
			existing = vn
			continue
		}
		m, ok := moveFor(typ, kn.Value)
		if !ok {
			out.Content = append(out.Content, scalar(kn.Value), mask(kn.Value, vn))
			continue
		}
		if m.To == "" {
			continue
		}
		v := mask(kn.Value, vn)
		to := m.To
		if strings.HasSuffix(to, "[]") {
			to = strings.TrimSuffix(to, "[]")
			v = &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle, Content: []*yaml.Node{v}}
		}
		for _, k := range slices.Sorted(maps.Keys(m.Set)) {
			set(block, strings.Split(k, "."), scalar(m.Set[k]))
		}
		set(block, strings.Split(to, "."), v)
	}
	if existing != nil && existing.Kind == yaml.MappingNode {
		for k := 0; k+1 < len(existing.Content); k += 2 {
			set(block, []string{existing.Content[k].Value}, mask(existing.Content[k].Value, existing.Content[k+1]))
		}
	}
	out.Content = append(out.Content, scalar(typ), block)
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	_ = enc.Encode(&yaml.Node{Kind: yaml.SequenceNode, Content: []*yaml.Node{out}})
	_ = enc.Close()
	return buf.String()
}

func scalar(v string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v} }

// headerKeys hold HTTP headers: every value under them is masked (an API key, a cookie),
// whatever the header's name; only files, which are paths, are shown.
var headerKeys = map[string]bool{"http_headers": true, "headers": true}

// mask copies v with secret values replaced by <secret> and URL credentials hidden.
func mask(key string, v *yaml.Node) *yaml.Node {
	if headerKeys[key] {
		return maskAll(v)
	}
	c := *v
	c.HeadComment, c.LineComment, c.FootComment = "", "", ""
	switch v.Kind {
	case yaml.ScalarNode:
		if secretKeys[key] && v.Value != "" {
			return scalar("<secret>")
		}
		if u, err := url.Parse(v.Value); err == nil && u.User != nil {
			u.User = url.User("<secret>")
			c.Value = u.String()
		}
	case yaml.MappingNode:
		c.Content = nil
		for k := 0; k+1 < len(v.Content); k += 2 {
			c.Content = append(c.Content, v.Content[k], mask(v.Content[k].Value, v.Content[k+1]))
		}
	case yaml.SequenceNode:
		c.Content = nil
		for _, e := range v.Content {
			c.Content = append(c.Content, mask(key, e))
		}
	}
	return &c
}

// maskAll copies v with every scalar value replaced by <secret>, except the paths of a
// files list (Prometheus' http_headers: {Name: {values, secrets, files}}).
func maskAll(v *yaml.Node) *yaml.Node {
	c := *v
	c.HeadComment, c.LineComment, c.FootComment = "", "", ""
	switch v.Kind {
	case yaml.ScalarNode:
		if v.Value != "" {
			return scalar("<secret>")
		}
	case yaml.MappingNode:
		c.Content = nil
		for k := 0; k+1 < len(v.Content); k += 2 {
			val := v.Content[k+1]
			if v.Content[k].Value != "files" {
				val = maskAll(val)
			}
			c.Content = append(c.Content, v.Content[k], val)
		}
	case yaml.SequenceNode:
		c.Content = nil
		for _, e := range v.Content {
			c.Content = append(c.Content, maskAll(e))
		}
	}
	return &c
}

// set puts v at path in mapping m, creating mappings on the way.
func set(m *yaml.Node, path []string, v *yaml.Node) {
	for k := 0; k+1 < len(m.Content); k += 2 {
		if m.Content[k].Value != path[0] {
			continue
		}
		if len(path) == 1 {
			m.Content[k+1] = v
			return
		}
		set(m.Content[k+1], path[1:], v)
		return
	}
	if len(path) == 1 {
		m.Content = append(m.Content, scalar(path[0]), v)
		return
	}
	child := &yaml.Node{Kind: yaml.MappingNode}
	m.Content = append(m.Content, scalar(path[0]), child)
	set(child, path[1:], v)
}
