package esfake

import (
	"fmt"
	"sort"
)

// Fields flattens a document's _source into the values the cluster indexes under each field
// path. It follows Elasticsearch's documented mapping rules, not any client's lookup, so a
// client tested against the fake is checked against the rules rather than against itself:
//
//   - an object's keys extend the path with a dot: {"log":{"file":{"path":…}}} is
//     log.file.path;
//   - dots in a field name are expanded into objects, so {"log.file":{"path":…}} and
//     {"log":{"file.path":…}} are log.file.path too, and several forms in one document add
//     their values to the one field;
//   - an array holds several values of one field: each element keeps the array's path, an
//     object among them included (arrays of objects are flattened, the default object
//     mapping, unless mapped as nested);
//   - null and [] index nothing, and an object is no value of its own path.
//
// Values are kept as decoded (string, json.Number, bool, float64, …).
func Fields(source map[string]any) map[string][]any {
	out := map[string][]any{}
	index(out, "", source)
	return out
}

func index(out map[string][]any, path string, v any) {
	switch x := v.(type) {
	case nil:
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys) // values of one field in a stable order
		for _, k := range keys {
			p := k
			if path != "" {
				p = path + "." + k
			}
			index(out, p, x[k])
		}
	case []any:
		for _, e := range x {
			index(out, path, e)
		}
	default:
		out[path] = append(out[path], x)
	}
}

// FieldValues are the values of one field path of a _source, as text (numbers as written,
// booleans as true/false).
func FieldValues(source map[string]any, path string) []string {
	return texts(Fields(source)[path])
}

func texts(vals []any) []string {
	out := make([]string, 0, len(vals))
	for _, v := range vals {
		if s, ok := v.(string); ok {
			out = append(out, s)
			continue
		}
		out = append(out, fmt.Sprint(v))
	}
	return out
}

// field is the values of path in d, from its flattened _source (computed once).
func (d *Doc) field(path string) []any {
	if d.fields == nil {
		d.fields = Fields(d.Source)
	}
	return d.fields[path]
}
