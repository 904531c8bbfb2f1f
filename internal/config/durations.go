package config

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

var durationType = reflect.TypeOf(Duration(0))

// checkDurations walks the YAML tree along the Config type before it is decoded: every
// duration must parse, and an error names the field's path and its line in the file
// (`sources[0].interval (line 6): not a duration …`), which the decoder cannot.
// Each duration set to zero is recorded in zeros by path, so defaults apply only to the
// durations left out: `ingest_delay: 0s` means no delay.
func checkDurations(n *yaml.Node, t reflect.Type, path string, zeros map[string]bool) error {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	switch {
	case t == durationType:
		if n.Kind != yaml.ScalarNode {
			return fmt.Errorf("%s (line %d): want a duration such as 90s, 5m, 2h, 30d or 1w", path, n.Line)
		}
		d, err := ParseDuration(n.Value)
		if err != nil {
			// The value is not repeated: whatever was pasted there stays out of logs.
			return fmt.Errorf("%s (line %d): not a duration: want one such as 90s, 5m, 2h, 30d or 1w, not negative", path, n.Line)
		}
		if d == 0 {
			zeros[path] = true
		}
	case t.Kind() == reflect.Struct && n.Kind == yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			key := n.Content[i].Value
			if ft, ok := fieldType(t, key); ok {
				if err := checkDurations(n.Content[i+1], ft, join(path, key), zeros); err != nil {
					return err
				}
			}
		}
	case t.Kind() == reflect.Slice && n.Kind == yaml.SequenceNode:
		for i, c := range n.Content {
			if err := checkDurations(c, t.Elem(), path+"["+strconv.Itoa(i)+"]", zeros); err != nil {
				return err
			}
		}
	case t.Kind() == reflect.Map && n.Kind == yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			if err := checkDurations(n.Content[i+1], t.Elem(), join(path, n.Content[i].Value), zeros); err != nil {
				return err
			}
		}
	}
	return nil
}

// fieldType finds the field a YAML key decodes into, looking into inlined structs.
func fieldType(t reflect.Type, key string) (reflect.Type, bool) {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, opts, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if strings.Contains(opts, "inline") {
			ft := f.Type
			for ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				if t, ok := fieldType(ft, key); ok {
					return t, true
				}
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
	return nil, false
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}
