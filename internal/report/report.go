// Package report turns the state into coverage evidence for a period: per source the covered
// intervals and gaps, the lines and bytes read, the rules in force, the hits and incidents
// (redacted previews and short fingerprints only) and a one-line verdict. It renders
// Markdown, JSON and a single self-contained HTML page.
package report

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/leakwatch/leakwatch/internal/state"
)

// Store is what a report reads.
type Store interface {
	Coverage(ctx context.Context, source string, from, to time.Time) ([]state.Interval, error)
	Watermark(ctx context.Context, source string) (time.Time, bool, error)
	Scanned(ctx context.Context, source string, from, to time.Time) (state.ScannedTotals, error)
	HitsByRule(ctx context.Context, source string, from, to time.Time) ([]state.RuleHits, error)
	IncidentsSeen(ctx context.Context, source string, from, to time.Time) ([]state.SeenIncident, error)
	// ExpectedRange is where the source's expected coverage starts (its first covered or
	// backfilled time), as leakwatch_coverage_gap_seconds reads it.
	ExpectedRange(ctx context.Context, source string, horizon time.Duration, now time.Time) (state.Interval, bool, error)
}

// VolumeStore is what a report reads of the lines in scope, when the store keeps them.
type VolumeStore interface {
	Volumes(ctx context.Context, source string, from, to time.Time) (state.VolumeTotals, error)
}

// SourceInfo names a source to report on.
type SourceInfo struct {
	Name, Type string
	// MaxLag is how far behind now the source's watermark normally trails (its interval plus
	// ingest delay, with margin); the time after a watermark that recent is reported as "not
	// scanned yet", not as a gap. Default DefaultMaxLag.
	MaxLag time.Duration
}

// DefaultMaxLag is MaxLag for a source that does not say.
const DefaultMaxLag = 15 * time.Minute

// Options say what to report.
type Options struct {
	From, To time.Time
	Sources  []SourceInfo
	// CatalogVersion and Rules describe the rules in force (rule ids).
	CatalogVersion string
	Rules          []string
	Version        string // leakwatch's version
	Now            time.Time
}

// Report is the evidence for a period. Its JSON form is stable.
type Report struct {
	GeneratedAt    time.Time      `json:"generated_at"`
	From           time.Time      `json:"from"`
	To             time.Time      `json:"to"`
	Version        string         `json:"leakwatch_version,omitempty"`
	CatalogVersion string         `json:"catalog_version"`
	RuleCount      int            `json:"rule_count"`
	Rules          []string       `json:"rules"`
	Sources        []SourceReport `json:"sources"`
	// Verdict is one line per source.
	Verdict []string `json:"verdict"`
	// Clean is true when every source is fully covered with no incident (time before a
	// source's installation is not covered).
	Clean bool `json:"clean"`
	// CountedBy says how windows and buckets are counted in a period.
	CountedBy string `json:"counted_by"`
}

// CountedBy is how a period counts windows, lines and lines in scope.
const CountedBy = "every scanned window and counted bucket overlapping the period, counted whole"

// SourceReport is one source's evidence.
type SourceReport struct {
	Name           string     `json:"name"`
	Type           string     `json:"type,omitempty"`
	Covered        []Span     `json:"covered"`
	Gaps           []Span     `json:"gaps"`
	CoveredSeconds float64    `json:"covered_seconds"`
	GapSeconds     float64    `json:"gap_seconds"`
	CoveredPercent float64    `json:"covered_percent"`
	CoveredUntil   *time.Time `json:"covered_until,omitempty"`
	// BeforeInstall is the start of the period before the source's expected coverage starts
	// (its first covered or backfilled time, as leakwatch_coverage_gap_seconds counts): never
	// scanned, but not a gap; a backfill covers it. The whole period when never scanned.
	BeforeInstall        *Span   `json:"before_installation"`
	BeforeInstallSeconds float64 `json:"before_installation_seconds"`
	// Pending is the end of the period after the watermark: not scanned yet because scans
	// trail now by the source's ingest delay and interval. It is lag, not a gap.
	Pending         *Span      `json:"pending"`
	PendingSeconds  float64    `json:"pending_seconds"`
	WindowsRecorded int        `json:"windows_recorded"`
	Lines           int64      `json:"lines_read"`
	Bytes           int64      `json:"bytes_read"`
	Hits            []RuleHits `json:"hits"`
	HitsTotal       int64      `json:"hits_total"`
	Incidents       []Incident `json:"incidents"`
	OpenIncidents   int        `json:"open_incidents"`
	// LinesInScope is what the store held in the source's selection (without the pushdown)
	// for the buckets counted in the period, late lines included; nil when the source's
	// lines in scope are not counted (recheck off, files, backfilled time). It tells "0 hits
	// over many lines" from "0 lines in scope" (a selection that matches nothing).
	LinesInScope *int64 `json:"lines_in_scope"`
	// LateLines arrived in covered time after it was scanned; re-verification read them.
	LateLines int64 `json:"late_lines"`
	// ReverifiedAt is the last re-verification of the period's covered time.
	ReverifiedAt *time.Time  `json:"reverified_at,omitempty"`
	Verdict      string      `json:"verdict"`
	Timeline     []timeBlock `json:"-"`
}

// Span is a half-open time range [From, To).
type Span struct {
	From    time.Time `json:"from"`
	To      time.Time `json:"to"`
	Seconds float64   `json:"seconds"`
}

// Duration formats the span's length.
func (s Span) Duration() string { return fmtDuration(s.To.Sub(s.From)) }

// RuleHits counts one rule's sightings.
type RuleHits struct {
	Rule string `json:"rule"`
	Hits int64  `json:"hits"`
}

// Incident is an incident seen in a source during the period: redacted data only.
type Incident struct {
	ID           int64      `json:"id"`
	Rule         string     `json:"rule"`
	Severity     string     `json:"severity"`
	Status       string     `json:"status"`
	Preview      string     `json:"preview"`
	Fingerprint  string     `json:"fingerprint"` // short: the first 12 hex digits
	HitsInPeriod int64      `json:"hits_in_period"`
	Count        int64      `json:"count"`
	FirstSeen    time.Time  `json:"first_seen"`
	LastSeen     time.Time  `json:"last_seen"`
	ResolvedAt   *time.Time `json:"resolved_at,omitempty"`
	ResolvedBy   string     `json:"resolved_by,omitempty"`
	Verified     string     `json:"verified,omitempty"` // live verification: live, revoked, unknown
	// Purge is the latest purge of the incident's lines in this source: requested, processed,
	// deleted, still_present, refused, failed or not_possible ("" when none was asked for).
	Purge string `json:"purge,omitempty"`
}

// timeBlock is one rectangle of the HTML timeline, in percent of its width.
type timeBlock struct {
	X, W    float64
	Covered bool
	Kind    string // covered, gap or pending
	Title   string
}

// ShortFP is the fingerprint form reports show.
func ShortFP(fp string) string {
	if len(fp) > 12 {
		return fp[:12]
	}
	return fp
}

// Build reads the evidence for the period. A period ending after Now is cut at Now: the
// future cannot be covered.
func Build(ctx context.Context, st Store, o Options) (*Report, error) {
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	from, to := o.From.UTC(), o.To.UTC()
	if to.After(o.Now) {
		to = o.Now.UTC()
	}
	if !from.Before(to) {
		return nil, fmt.Errorf("report: empty period [%s, %s)", fmtTime(o.From), fmtTime(o.To))
	}
	rules := append([]string(nil), o.Rules...)
	sort.Strings(rules)
	r := &Report{GeneratedAt: o.Now.UTC(), From: from, To: to, Version: o.Version, CatalogVersion: o.CatalogVersion,
		RuleCount: len(rules), Rules: rules, Clean: true, CountedBy: CountedBy}
	for _, si := range o.Sources {
		sr, err := buildSource(ctx, st, si, from, to, o.Now)
		if err != nil {
			return nil, err
		}
		r.Sources = append(r.Sources, *sr)
		r.Verdict = append(r.Verdict, sr.Verdict)
		if len(sr.Gaps) > 0 || len(sr.Incidents) > 0 || sr.BeforeInstall != nil {
			r.Clean = false
		}
	}
	return r, nil
}

func buildSource(ctx context.Context, st Store, si SourceInfo, from, to, now time.Time) (*SourceReport, error) {
	b := &sourceBuild{st: st, si: si, from: from, to: to, now: now,
		sr: &SourceReport{Name: si.Name, Type: si.Type, Covered: []Span{}, Gaps: []Span{}, Hits: []RuleHits{}, Incidents: []Incident{}}}
	sr := b.sr
	cov, err := st.Coverage(ctx, si.Name, from, to)
	if err != nil {
		return nil, err
	}
	gapEnd, err := b.pending(ctx)
	if err != nil {
		return nil, err
	}
	gapStart, err := b.beforeInstall(ctx)
	if err != nil {
		return nil, err
	}
	if sr.Pending != nil {
		sr.PendingSeconds = sr.Pending.Seconds
	}
	gaps := b.coverage(cov, gapStart, gapEnd)
	if err := b.totals(ctx); err != nil {
		return nil, err
	}
	if err := b.incidents(ctx); err != nil {
		return nil, err
	}
	if err := b.volumes(ctx); err != nil {
		return nil, err
	}
	sr.Timeline = timeline(cov, gaps, sr.Pending, sr.BeforeInstall, from, to)
	sr.Verdict = verdict(sr, from, to)
	return sr, nil
}

// sourceBuild is one source's report being filled in over the period [from, to).
type sourceBuild struct {
	st            Store
	si            SourceInfo
	from, to, now time.Time
	sr            *SourceReport
}

// pending reads the watermark and returns where gaps can end: at the end of the period, or
// at a recent watermark, whose later part is pending (lag, not a gap).
func (b *sourceBuild) pending(ctx context.Context) (gapEnd time.Time, err error) {
	from, to, sr := b.from, b.to, b.sr
	wm, scanned, err := b.st.Watermark(ctx, b.si.Name)
	if err != nil {
		return time.Time{}, err
	}
	gapEnd = to
	maxLag := b.si.MaxLag
	if maxLag <= 0 {
		maxLag = DefaultMaxLag
	}
	if scanned {
		sr.CoveredUntil = &wm
		// Only a recent watermark is lag; one left behind long ago means the source stopped
		// being scanned, and that is a gap.
		if wm.Before(to) && b.now.Sub(wm) <= maxLag {
			gapEnd = wm
			if gapEnd.Before(from) {
				gapEnd = from
			}
			// Less than a second (a report run right after a scan) is not worth a line.
			if to.Sub(gapEnd) >= time.Second {
				p := span(state.Interval{From: gapEnd, To: to})
				sr.Pending = &p
			}
		}
	}
	return gapEnd, nil
}

// beforeInstall returns where gaps can start: time before the expected coverage starts is
// before installation, as the gap metric counts it (never scanned, not a gap). It trims the
// pending span to what is after the installation.
func (b *sourceBuild) beforeInstall(ctx context.Context) (gapStart time.Time, err error) {
	from, to, sr := b.from, b.to, b.sr
	gapStart = from
	exp, installed, err := b.st.ExpectedRange(ctx, b.si.Name, 0, b.now)
	if err != nil {
		return time.Time{}, err
	}
	switch {
	case !installed:
		gapStart = to
	case exp.From.After(to):
		gapStart = to
	case exp.From.After(from):
		gapStart = exp.From.UTC()
	}
	if gapStart.After(from) {
		bi := span(state.Interval{From: from, To: gapStart})
		sr.BeforeInstall, sr.BeforeInstallSeconds = &bi, bi.Seconds
		if sr.Pending != nil && sr.Pending.From.Before(gapStart) {
			// A watermark before the installation ends: the pending part is what is after.
			if gapStart.Before(to) {
				p := span(state.Interval{From: gapStart, To: to})
				sr.Pending = &p
			} else {
				sr.Pending = nil
			}
		}
	}
	return gapStart, nil
}

// coverage fills in the covered spans and the gaps between gapStart and gapEnd, and returns
// the gaps.
func (b *sourceBuild) coverage(cov []state.Interval, gapStart, gapEnd time.Time) []state.Interval {
	sr := b.sr
	var gaps []state.Interval
	if gapEnd.After(gapStart) {
		gaps = state.Gaps(cov, gapStart, gapEnd)
	}
	for _, c := range cov {
		sr.Covered = append(sr.Covered, span(c))
	}
	for _, g := range gaps {
		sr.Gaps = append(sr.Gaps, span(g))
	}
	sr.CoveredSeconds = state.Duration(cov).Seconds()
	sr.GapSeconds = state.Duration(gaps).Seconds()
	sr.CoveredPercent = 100 * sr.CoveredSeconds / b.to.Sub(b.from).Seconds()
	return gaps
}

// totals fills in what the scans read and the hits per rule.
func (b *sourceBuild) totals(ctx context.Context) error {
	sr := b.sr
	tot, err := b.st.Scanned(ctx, b.si.Name, b.from, b.to)
	if err != nil {
		return err
	}
	sr.WindowsRecorded, sr.Lines, sr.Bytes = tot.Windows, tot.Lines, tot.Bytes
	hits, err := b.st.HitsByRule(ctx, b.si.Name, b.from, b.to)
	if err != nil {
		return err
	}
	for _, h := range hits {
		sr.Hits = append(sr.Hits, RuleHits{Rule: h.RuleID, Hits: h.Hits})
		sr.HitsTotal += h.Hits
	}
	return nil
}

// incidents lists the incidents seen in the period (redacted data only).
func (b *sourceBuild) incidents(ctx context.Context) error {
	sr := b.sr
	seen, err := b.st.IncidentsSeen(ctx, b.si.Name, b.from, b.to)
	if err != nil {
		return err
	}
	for _, in := range seen {
		ri := Incident{ID: in.ID, Rule: in.RuleID, Severity: in.Severity, Status: string(in.Status), Preview: in.Preview,
			Fingerprint: ShortFP(in.Fingerprint), HitsInPeriod: in.Hits, Count: in.Count, FirstSeen: in.FirstSeen,
			LastSeen: in.LastSeen, ResolvedBy: in.ResolvedBy, Verified: string(in.Verified), Purge: in.Purge}
		if !in.ResolvedAt.IsZero() {
			t := in.ResolvedAt
			ri.ResolvedAt = &t
		}
		if in.Status == state.StatusOpen {
			sr.OpenIncidents++
		}
		sr.Incidents = append(sr.Incidents, ri)
	}
	return nil
}

// volumes fills in the lines in scope and the late lines, where the store counts them.
func (b *sourceBuild) volumes(ctx context.Context) error {
	vs, ok := b.st.(VolumeStore)
	if !ok {
		return nil
	}
	vt, err := vs.Volumes(ctx, b.si.Name, b.from, b.to)
	if err != nil {
		return err
	}
	if vt.Buckets > 0 {
		n := vt.InScope
		b.sr.LinesInScope = &n
		b.sr.LateLines = vt.Late
		if !vt.LastVerified.IsZero() {
			t := vt.LastVerified.UTC()
			b.sr.ReverifiedAt = &t
		}
	}
	return nil
}

func span(i state.Interval) Span {
	return Span{From: i.From.UTC(), To: i.To.UTC(), Seconds: i.To.Sub(i.From).Seconds()}
}

var kindNames = map[string]string{"covered": "covered", "gap": "gap", "pending": "not scanned yet", "before": "before installation"}

func timeline(cov, gaps []state.Interval, pending, before *Span, from, to time.Time) []timeBlock {
	total := float64(to.Sub(from))
	var out []timeBlock
	add := func(i state.Interval, kind string) {
		out = append(out, timeBlock{
			X: 100 * float64(i.From.Sub(from)) / total, W: 100 * float64(i.To.Sub(i.From)) / total, Kind: kind,
			Covered: kind == "covered",
			Title:   fmt.Sprintf("%s %s → %s (%s)", kindNames[kind], fmtTime(i.From), fmtTime(i.To), fmtDuration(i.To.Sub(i.From))),
		})
	}
	for _, c := range cov {
		add(c, "covered")
	}
	for _, g := range gaps {
		add(g, "gap")
	}
	if pending != nil {
		add(state.Interval{From: pending.From, To: pending.To}, "pending")
	}
	if before != nil {
		add(state.Interval{From: before.From, To: before.To}, "before")
	}
	sort.Slice(out, func(i, j int) bool { return out[i].X < out[j].X })
	return out
}

// verdict is the source's one-line conclusion, e.g.
// "prod-loki: 2026-11-01 → 2026-11-30 fully covered, 0 incidents".
func verdict(sr *SourceReport, from, to time.Time) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s → %s ", sr.Name, fmtDay(from), fmtDay(to))
	switch {
	case sr.CoveredUntil == nil && len(sr.Covered) == 0:
		b.WriteString("not covered (never scanned: not installed for this source)")
	case sr.BeforeInstall != nil && !sr.BeforeInstall.To.Before(to):
		b.WriteString("not covered: the whole period is before installation (never scanned; a backfill covers it)")
	case len(sr.Covered) == 0:
		b.WriteString("not covered (never scanned in this period)")
	case sr.BeforeInstall != nil:
		fmt.Fprintf(&b, "not covered before installation at %s (the first %s, never scanned: a backfill covers it), then ",
			fmtTime(sr.BeforeInstall.To), fmtDuration(sr.BeforeInstall.To.Sub(sr.BeforeInstall.From)))
		coveredSince(&b, sr)
	default:
		coveredSince(&b, sr)
	}
	fmt.Fprintf(&b, ", %d %s", len(sr.Incidents), plural(len(sr.Incidents), "incident", "incidents"))
	if len(sr.Incidents) > 0 {
		fmt.Fprintf(&b, " (%d open)", sr.OpenIncidents)
	}
	if sr.LinesInScope != nil {
		if *sr.LinesInScope == 0 {
			b.WriteString(", 0 lines in scope (the selection matched nothing: check the selector or index)")
		} else {
			fmt.Fprintf(&b, ", %d %s over %s %s in scope", sr.HitsTotal, plural(int(sr.HitsTotal), "hit", "hits"),
				humanCount(*sr.LinesInScope), plural(int(*sr.LinesInScope), "line", "lines"))
		}
	}
	if sr.ReverifiedAt != nil {
		fmt.Fprintf(&b, ", re-verified at %s, %d late %s", fmtTime(*sr.ReverifiedAt), sr.LateLines, plural(int(sr.LateLines), "line", "lines"))
	}
	return b.String()
}

// coveredSince is the verdict for the covered part of the period.
func coveredSince(b *strings.Builder, sr *SourceReport) {
	switch {
	case len(sr.Gaps) == 0 && sr.Pending != nil:
		fmt.Fprintf(b, "fully covered up to %s (the last %s not scanned yet)", fmtTime(sr.Pending.From), fmtDuration(sr.Pending.To.Sub(sr.Pending.From)))
	case len(sr.Gaps) == 0:
		b.WriteString("fully covered")
	default:
		fmt.Fprintf(b, "%.2f%% covered, %d %s totalling %s", sr.CoveredPercent, len(sr.Gaps), plural(len(sr.Gaps), "gap", "gaps"),
			fmtDuration(time.Duration(sr.GapSeconds*float64(time.Second))))
		if sr.Pending != nil {
			fmt.Fprintf(b, " (the last %s not scanned yet)", fmtDuration(sr.Pending.To.Sub(sr.Pending.From)))
		}
	}
}

// humanCount is a short count: 950, 12.3 k, 1.2 M.
func humanCount(n int64) string {
	switch {
	case n >= 1e9:
		return fmt.Sprintf("%.1f G", float64(n)/1e9)
	case n >= 1e6:
		return fmt.Sprintf("%.1f M", float64(n)/1e6)
	case n >= 1e4:
		return fmt.Sprintf("%.1f k", float64(n)/1e3)
	}
	return fmt.Sprint(n)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func fmtTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// fmtDay shows a date alone when the time is midnight UTC.
func fmtDay(t time.Time) string {
	t = t.UTC()
	if t.Equal(t.Truncate(24 * time.Hour)) {
		return t.Format(time.DateOnly)
	}
	return t.Format("2006-01-02 15:04:05Z")
}

// fmtDuration is a short human duration: 3d4h, 2h30m, 45s.
func fmtDuration(d time.Duration) string {
	d = d.Round(time.Second)
	if d <= 0 {
		return "0s"
	}
	parts := []struct {
		unit time.Duration
		name string
	}{{24 * time.Hour, "d"}, {time.Hour, "h"}, {time.Minute, "m"}, {time.Second, "s"}}
	var b strings.Builder
	for _, p := range parts {
		if n := d / p.unit; n > 0 {
			fmt.Fprintf(&b, "%d%s", n, p.name)
			d -= n * p.unit
		}
	}
	return b.String()
}
