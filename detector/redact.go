package detector

import (
	"sort"
	"strings"

	"github.com/leakwatch/leakwatch/queries"
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
		spans = append(spans, span{f.Start, f.End, f.OwnPreview()})
		if p := f.Pair; p != nil {
			spans = append(spans, span{p.Start, p.End, p.Preview})
		}
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

// Preview redacts secret: in partial mode the rule's public prefix and, for secrets long
// enough that it reveals little, the last 4 characters.
func Preview(r *queries.Rule, secret string, mode Redaction) string {
	if mode == RedactFull {
		return "[redacted]"
	}
	prefix := ""
	if r.PreviewPrefix > 0 && r.PreviewPrefix < len(secret) {
		prefix = secret[:r.PreviewPrefix]
	}
	rest := len(secret) - len(prefix)
	if rest >= 16 {
		return prefix + "…" + secret[len(secret)-4:]
	}
	return prefix + "…"
}
