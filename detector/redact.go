package detector

import (
	"sort"
	"strings"
)

// Redact returns s with every secret the detector finds replaced by its redacted preview.
// The logger uses it so that a secret reaching a log call by mistake is masked anyway.
func (d *Detector) Redact(s string) string {
	type span struct {
		s, e    int
		preview string
	}
	var spans []span
	d.Scan([]byte(s), 0, func(f Finding) {
		spans = append(spans, span{f.Start, f.End, f.Preview})
	})
	if len(spans) == 0 {
		return s
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].s < spans[j].s })
	var b strings.Builder
	last := 0
	for _, sp := range spans {
		if sp.s < last { // overlapping findings of two rules: the first one masked it
			if sp.e > last {
				last = sp.e
			}
			continue
		}
		b.WriteString(s[last:sp.s])
		b.WriteString("[" + sp.preview + "]")
		last = sp.e
	}
	b.WriteString(s[last:])
	return b.String()
}
