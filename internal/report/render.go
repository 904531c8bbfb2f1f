package report

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"strings"
	"time"
)

// JSON writes the report as indented JSON.
func (r *Report) JSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// Markdown writes the report as GitHub-flavoured Markdown.
func (r *Report) Markdown(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# leakwatch coverage report\n\n")
	fmt.Fprintf(&b, "Period: **%s → %s** (UTC, end exclusive)  \n", fmtTime(r.From), fmtTime(r.To))
	fmt.Fprintf(&b, "Generated: %s", fmtTime(r.GeneratedAt))
	if r.Version != "" {
		fmt.Fprintf(&b, " by leakwatch %s", md(r.Version))
	}
	fmt.Fprintf(&b, "  \nRules in force: **%d** (catalogue %s)\n\n", r.RuleCount, md(r.CatalogVersion))
	b.WriteString("## Verdict\n\n")
	for _, v := range r.Verdict {
		fmt.Fprintf(&b, "- %s\n", md(v))
	}
	if len(r.Sources) == 0 {
		b.WriteString("- no source selected\n")
	}
	for _, s := range r.Sources {
		fmt.Fprintf(&b, "\n## Source %s", md(s.Name))
		if s.Type != "" {
			fmt.Fprintf(&b, " (%s)", md(s.Type))
		}
		b.WriteString("\n\n")
		fmt.Fprintf(&b, "| | |\n|---|---|\n")
		fmt.Fprintf(&b, "| Covered | %s (%.2f%%) |\n", fmtDuration(secs(s.CoveredSeconds)), s.CoveredPercent)
		fmt.Fprintf(&b, "| Gaps | %d, %s |\n", len(s.Gaps), fmtDuration(secs(s.GapSeconds)))
		until := "never scanned"
		if s.CoveredUntil != nil {
			until = fmtTime(*s.CoveredUntil)
		}
		fmt.Fprintf(&b, "| Covered until (watermark) | %s |\n", until)
		if p := s.Pending; p != nil {
			fmt.Fprintf(&b, "| Not scanned yet (after the watermark) | %s → %s (%s) |\n", fmtTime(p.From), fmtTime(p.To), p.Duration())
		}
		fmt.Fprintf(&b, "| Lines read | %d |\n| Bytes read | %d |\n| Scanned windows recorded | %d |\n", s.Lines, s.Bytes, s.WindowsRecorded)
		if s.LinesInScope != nil {
			fmt.Fprintf(&b, "| Lines in scope (held by the store, late lines included) | %d |\n| Late lines found by re-verification | %d |\n", *s.LinesInScope, s.LateLines)
		}
		if s.ReverifiedAt != nil {
			fmt.Fprintf(&b, "| Last re-verified | %s |\n", fmtTime(*s.ReverifiedAt))
		}
		fmt.Fprintf(&b, "| Hits | %d |\n| Incidents | %d (%d open) |\n\n", s.HitsTotal, len(s.Incidents), s.OpenIncidents)
		b.WriteString("### Covered intervals\n\n")
		spans(&b, s.Covered, "none")
		b.WriteString("\n### Gaps\n\n")
		spans(&b, s.Gaps, "none")
		if len(s.Hits) > 0 {
			b.WriteString("\n### Hits by rule\n\n| Rule | Hits |\n|---|---:|\n")
			for _, h := range s.Hits {
				fmt.Fprintf(&b, "| %s | %d |\n", md(h.Rule), h.Hits)
			}
		}
		if len(s.Incidents) > 0 {
			b.WriteString("\n### Incidents\n\n| ID | Rule | Severity | Status | Preview | Fingerprint | Hits in period | First seen | Last seen | Verified | Purge |\n|---:|---|---|---|---|---|---:|---|---|---|---|\n")
			for _, in := range s.Incidents {
				fmt.Fprintf(&b, "| %d | %s | %s | %s | `%s` | `%s` | %d | %s | %s | %s | %s |\n", in.ID, md(in.Rule), md(in.Severity), md(in.Status),
					strings.ReplaceAll(in.Preview, "`", "'"), in.Fingerprint, in.HitsInPeriod, fmtTime(in.FirstSeen), fmtTime(in.LastSeen),
					orDash(md(in.Verified)), orDash(md(in.Purge)))
			}
		}
	}
	b.WriteString("\n## Rules in force\n\n")
	fmt.Fprintf(&b, "%s\n", md(strings.Join(r.Rules, ", ")))
	_, err := io.WriteString(w, b.String())
	return err
}

func spans(b *strings.Builder, ss []Span, none string) {
	if len(ss) == 0 {
		fmt.Fprintf(b, "%s\n", none)
		return
	}
	for _, s := range ss {
		fmt.Fprintf(b, "- %s → %s (%s)\n", fmtTime(s.From), fmtTime(s.To), s.Duration())
	}
}

func secs(f float64) time.Duration { return time.Duration(f * float64(time.Second)) }

// md escapes the characters Markdown would interpret in table cells and lists.
func md(s string) string {
	r := strings.NewReplacer(`\`, `\\`, "|", `\|`, "*", `\*`, "_", `\_`, "`", "\\`", "<", "&lt;", ">", "&gt;", "[", `\[`, "]", `\]`, "\n", " ")
	return r.Replace(s)
}

//go:embed report.html.tmpl
var htmlSource string

var htmlTmpl = template.Must(template.New("report").Funcs(template.FuncMap{
	"time":     fmtTime,
	"duration": func(f float64) string { return fmtDuration(secs(f)) },
	"pct":      func(f float64) string { return fmt.Sprintf("%.2f", f) },
	"coord":    func(f float64) string { return fmt.Sprintf("%.4f", f) },
	"bytes":    humanBytes,
	"day":      fmtDay,
}).Parse(htmlSource))

// HTML writes a single self-contained page: inline CSS and SVG, no script, no external
// asset, every value escaped by html/template.
func (r *Report) HTML(w io.Writer) error {
	return htmlTmpl.Execute(w, r)
}

func humanBytes(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGTPE"[exp])
}

func orDash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}
