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
		for _, row := range s.Rows() {
			fmt.Fprintf(&b, "| %s | %s |\n", md(row.Label), md(row.Text()))
		}
		b.WriteString("\n")
		b.WriteString("### Covered intervals\n\n")
		spans(&b, s.Covered, "none")
		b.WriteString("\n### Gaps\n\n")
		spans(&b, s.Gaps, md(s.NoGaps()))
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

// Row is one line of a source's summary table, the same in every format: a label and parts,
// the parts with a Field carrying one figure (marked with data-field in HTML).
type Row struct {
	Label string
	Parts []Part
}

// Part is a piece of a row's value.
type Part struct {
	Field, Text string
}

// Text is the row's value as plain text.
func (r Row) Text() string {
	var b strings.Builder
	for _, p := range r.Parts {
		b.WriteString(p.Text)
	}
	return b.String()
}

func fig(field, text string) Part { return Part{Field: field, Text: text} }
func txt(text string) Part        { return Part{Text: text} }

// Rows are the source's summary figures, rendered alike by Markdown and HTML.
func (s *SourceReport) Rows() []Row {
	i := func(n int64) string { return fmt.Sprint(n) }
	rows := []Row{
		{"Covered", []Part{fig("covered-percent", fmt.Sprintf("%.2f", s.CoveredPercent)), txt("% ("), fig("covered", fmtDuration(secs(s.CoveredSeconds))), txt(")")}},
		{"Gaps", []Part{fig("gaps", fmt.Sprint(len(s.Gaps))), txt(" ("), fig("gap-duration", fmtDuration(secs(s.GapSeconds))), txt(", "),
			fig("gap-seconds", fmt.Sprintf("%.0f", s.GapSeconds)), txt(" s)")}},
	}
	if b := s.BeforeInstall; b != nil {
		rows = append(rows, Row{"Before installation (never scanned, not a gap)", []Part{txt(fmtTime(b.From) + " → " + fmtTime(b.To) + " ("),
			fig("before-installation", b.Duration()), txt(", "), fig("before-installation-seconds", fmt.Sprintf("%.0f", s.BeforeInstallSeconds)), txt(" s)")}})
	}
	until := "never scanned"
	if s.CoveredUntil != nil {
		until = fmtTime(*s.CoveredUntil)
	}
	rows = append(rows, Row{"Covered until (watermark)", []Part{fig("covered-until", until)}})
	if p := s.Pending; p != nil {
		rows = append(rows, Row{"Not scanned yet (after the watermark, still being scanned)", []Part{txt(fmtTime(p.From) + " → " + fmtTime(p.To) + " ("),
			fig("pending", p.Duration()), txt(", "), fig("pending-seconds", fmt.Sprintf("%.0f", s.PendingSeconds)), txt(" s)")}})
	}
	rows = append(rows,
		Row{"Lines read", []Part{fig("lines", i(s.Lines))}},
		Row{"Bytes read", []Part{fig("bytes", i(s.Bytes)), txt(" (" + humanBytes(s.Bytes) + ")")}},
		Row{"Scanned windows recorded", []Part{fig("windows", fmt.Sprint(s.WindowsRecorded))}},
	)
	if s.LinesInScope != nil {
		rows = append(rows,
			Row{"Lines in scope (held by the store, late lines included)", []Part{fig("lines-in-scope", i(*s.LinesInScope))}},
			Row{"Late lines found by re-verification", []Part{fig("late-lines", i(s.LateLines))}})
	} else {
		rows = append(rows, Row{"Lines in scope (held by the store, late lines included)",
			[]Part{fig("lines-in-scope", "not counted"), txt(" (files, backfilled time and sources without re-verification are not counted)")}})
	}
	if s.ReverifiedAt != nil {
		rows = append(rows, Row{"Last re-verified", []Part{fig("reverified-at", fmtTime(*s.ReverifiedAt))}})
	}
	rows = append(rows,
		Row{"Hits", []Part{fig("hits", i(s.HitsTotal))}},
		Row{"Incidents", []Part{fig("incidents", fmt.Sprint(len(s.Incidents))), txt(" ("), fig("open-incidents", fmt.Sprint(s.OpenIncidents)), txt(" open)")}},
	)
	return rows
}

// NoGaps says what an empty gap list means: every second scanned only when nothing of the
// period is before installation or still to be scanned.
func (s *SourceReport) NoGaps() string {
	var not []string
	if s.BeforeInstall != nil {
		not = append(not, "the "+s.BeforeInstall.Duration()+" before installation")
	}
	if s.Pending != nil {
		not = append(not, "the last "+s.Pending.Duration()+", still being scanned")
	}
	if len(not) == 0 {
		return "None: every second of the period was scanned."
	}
	return "None: every second from installation to the watermark was scanned; not yet scanned: " + strings.Join(not, " and ") + "."
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
