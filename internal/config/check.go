package config

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"github.com/prometheus/common/model"
	"gopkg.in/yaml.v3"

	"github.com/leakwatch/leakwatch/sources"
)

var (
	durationType      = reflect.TypeOf(Duration(0))
	modelDurationType = reflect.TypeOf(model.Duration(0))
	sourceType        = reflect.TypeOf(Source{})
	v3Unmarshaler     = reflect.TypeOf((*yaml.Unmarshaler)(nil)).Elem()
	v2Unmarshaler     = reflect.TypeOf((*interface {
		UnmarshalYAML(func(any) error) error
	})(nil)).Elem()
)

// checkNode walks the YAML tree along the Config type before it is decoded, so every error
// names the field's path and its line in the file, which the decoder cannot, and never
// repeats the value (whatever was pasted there stays out of logs):
//
//   - an unknown key: `sources[0] (app).intervall (line 6): unknown key`;
//   - a value of the wrong kind: `…limit (line 7): want a whole number`;
//   - a duration that does not parse: `sources[0] (app).interval (line 6): not a duration …`.
//
// Each duration set to zero is recorded in zeros by its key path (sources[0].ingest_delay),
// so defaults apply only to the durations left out: `ingest_delay: 0s` means no delay.
func checkNode(n *yaml.Node, t reflect.Type, path, key string, zeros map[string]bool) error {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	if n.Tag == "!!null" {
		return nil // the field keeps its zero value or default
	}
	where := nodeWhere(path, n)
	switch {
	case t == durationType || t == modelDurationType:
		zero, err := checkDuration(n, t, where)
		if err != nil {
			return err
		}
		if zero {
			zeros[key] = true
		}
	case t.Kind() == reflect.Struct:
		return checkFields(n, t, path, key, zeros)
	case t.Kind() == reflect.Slice:
		return checkList(n, t, path, key, zeros)
	case t.Kind() == reflect.Map:
		return checkMapValues(n, t, path, key, zeros)
	default:
		return checkScalar(n, t, where)
	}
	return nil
}

// nodeWhere names a node in a message: its path and line.
func nodeWhere(path string, n *yaml.Node) string {
	return fmt.Sprintf("%s (line %d)", path, n.Line)
}

// checkDuration checks a duration (ours, or Prometheus' model.Duration) and reports whether
// it is zero.
func checkDuration(n *yaml.Node, t reflect.Type, where string) (zero bool, err error) {
	if n.Kind != yaml.ScalarNode {
		return false, fmt.Errorf("%s: want a duration such as 90s, 5m, 2h, 30d or 1w", where)
	}
	var d int64
	if t == durationType {
		v, err := ParseDuration(n.Value)
		if err != nil {
			return false, fmt.Errorf("%s: not a duration: want one such as 90s, 5m, 2h, 30d or 1w, not negative", where)
		}
		d = int64(v)
	} else {
		v, err := model.ParseDuration(strings.TrimSpace(n.Value))
		if err != nil {
			return false, fmt.Errorf("%s: not a duration: want one such as 90s, 5m, 2h, 30d or 1w", where)
		}
		d = int64(v)
	}
	return d == 0, nil
}

// checkFields checks a struct's mapping key by key (a struct read from one value by its own
// UnmarshalYAML takes a single value).
func checkFields(n *yaml.Node, t reflect.Type, path, key string, zeros map[string]bool) error {
	if isLeaf(t) {
		if n.Kind != yaml.ScalarNode {
			return fmt.Errorf("%s: want a single value", nodeWhere(path, n))
		}
		return nil
	}
	if n.Kind != yaml.MappingNode {
		return fmt.Errorf("%s: want a mapping (key: value lines)", nodeWhere(path, n))
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i].Value
		ft, ok := fieldType(t, k)
		if !ok {
			return fmt.Errorf("%s.%s (line %d): unknown key%s", path, k, n.Content[i].Line, hint(t, k))
		}
		if err := checkNode(n.Content[i+1], ft, join(path, k), join(key, k), zeros); err != nil {
			return err
		}
	}
	return nil
}

// checkList checks each item of a list; a source is named by its name in the path.
func checkList(n *yaml.Node, t reflect.Type, path, key string, zeros map[string]bool) error {
	if n.Kind != yaml.SequenceNode {
		return fmt.Errorf("%s: want a list ([a, b] or one \"- item\" per line)", nodeWhere(path, n))
	}
	for i, c := range n.Content {
		p, k := path+"["+strconv.Itoa(i)+"]", key+"["+strconv.Itoa(i)+"]"
		if t.Elem() == sourceType {
			name := ""
			if v := mapValue(c, "name"); v != nil {
				name = v.Value
			}
			p = sourcePath(i, name)
		}
		if err := checkNode(c, t.Elem(), p, k, zeros); err != nil {
			return err
		}
	}
	return nil
}

// checkMapValues checks each value of a map field.
func checkMapValues(n *yaml.Node, t reflect.Type, path, key string, zeros map[string]bool) error {
	if n.Kind != yaml.MappingNode {
		return fmt.Errorf("%s: want a mapping (key: value lines)", nodeWhere(path, n))
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i].Value
		if err := checkNode(n.Content[i+1], t.Elem(), join(path, k), join(key, k), zeros); err != nil {
			return err
		}
	}
	return nil
}

// checkScalar checks a value against a scalar field's kind.
func checkScalar(n *yaml.Node, t reflect.Type, where string) error {
	if t.Kind() == reflect.Interface {
		return nil
	}
	if n.Kind != yaml.ScalarNode {
		return fmt.Errorf("%s: want a single value, not a list or mapping", where)
	}
	if implements(t) {
		return nil // its own UnmarshalYAML says what it wants
	}
	tag := n.ShortTag()
	switch t.Kind() {
	case reflect.Bool:
		if tag != "!!bool" {
			return fmt.Errorf("%s: want true or false", where)
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		if tag != "!!int" {
			return fmt.Errorf("%s: want a whole number", where)
		}
	case reflect.Float32, reflect.Float64:
		if tag != "!!int" && tag != "!!float" {
			return fmt.Errorf("%s: want a number", where)
		}
	}
	return nil
}

func implements(t reflect.Type) bool {
	pt := reflect.PointerTo(t)
	return pt.Implements(v3Unmarshaler) || pt.Implements(v2Unmarshaler)
}

// isLeaf: a struct decoded from one value by its own UnmarshalYAML (a URL).
func isLeaf(t reflect.Type) bool {
	if !implements(t) {
		return false
	}
	for i := 0; i < t.NumField(); i++ {
		if t.Field(i).Tag.Get("yaml") != "" {
			return false
		}
	}
	return true
}

// hint says where valid keys are listed; for a source, that keys of a type go in its block.
func hint(t reflect.Type, key string) string {
	if near := nearestKey(t, key); near != "" {
		return fmt.Sprintf(" (did you mean %s?)", near)
	}
	if t == sourceType {
		return " (a source has name, type, interval, ingest_delay, overlap, chunk, initial_lookback, recheck and one block named after its type; see config.example.yaml)"
	}
	return " (check the spelling against config.example.yaml)"
}

// fieldType finds the field a YAML key decodes into, looking into inlined structs and maps.
func fieldType(t reflect.Type, key string) (reflect.Type, bool) {
	if t == sourceType {
		// A source's block is the one its type registered.
		if st, ok := sources.Lookup(sources.TypeName(key)); ok {
			return reflect.TypeOf(st.NewBlock()), true
		}
	}
	var inlineMap reflect.Type
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, opts, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if strings.Contains(opts, "inline") {
			ft := f.Type
			for ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			switch ft.Kind() {
			case reflect.Struct:
				if t, ok := fieldType(ft, key); ok {
					return t, true
				}
			case reflect.Map:
				inlineMap = ft.Elem()
			}
			continue
		}
		if name == "-" || !f.IsExported() {
			continue
		}
		if name == "" {
			name = strings.ToLower(f.Name)
		}
		if name == key {
			return f.Type, true
		}
	}
	if inlineMap != nil {
		return inlineMap, true
	}
	return nil, false
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// keysOf lists the YAML keys a struct type accepts, inlined structs' included.
func keysOf(t reflect.Type) []string {
	var out []string
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, opts, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if strings.Contains(opts, "inline") {
			ft := f.Type
			for ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				out = append(out, keysOf(ft)...)
			}
			continue
		}
		if name == "-" || !f.IsExported() {
			continue
		}
		if name == "" {
			name = strings.ToLower(f.Name)
		}
		out = append(out, name)
	}
	if t == sourceType {
		for _, n := range sources.Types() {
			out = append(out, string(n))
		}
	}
	return out
}

// nearestKey is the accepted key the user most likely meant: a singular or plural of it
// (selector for selectors), or one at most two edits away (tennant), when only one is that
// close; "" otherwise.
func nearestKey(t reflect.Type, key string) string {
	key = strings.ToLower(key)
	best, bestD, ties := "", 3, 0
	for _, k := range keysOf(t) {
		d := editDistance(key, k)
		if k == key+"s" || k+"s" == key || k == key+"es" || k+"es" == key {
			d = 0 // a plural slip is the likeliest of all
		}
		switch {
		case d < bestD:
			best, bestD, ties = k, d, 0
		case d == bestD:
			ties++
		}
	}
	if best == "" || ties > 0 {
		return ""
	}
	return best
}

// editDistance is the Levenshtein distance of a and b (bytes; keys are ASCII).
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
