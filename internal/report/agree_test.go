package report_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/leakwatch/leakwatch/internal/report"
	"github.com/leakwatch/leakwatch/internal/state"
)

// installState is a source installed at now-4h: its first scan read the hour before the
// installation back to now-4h in one window of 6 lines (a first scan looks back), then one
// window every 10 minutes up to a watermark 5 minutes behind now. A backfill then covered
// now-8h to now-4h but for one failed 10-minute chunk at now-7h (a gap), so the expected
// coverage starts at now-8h. Lines in scope are counted per hour of the daemon's time.
func installState(t *testing.T, now time.Time) *state.SQLite {
	t.Helper()
	ctx := context.Background()
	st, err := state.OpenSQLite(ctx, t.TempDir())
	must(t, err)
	t.Cleanup(func() { st.Close() })
	must(t, st.CoverScanned(ctx, "loki", now.Add(-4*time.Hour), now.Add(-time.Hour), 6, 600))
	for w := now.Add(-time.Hour); w.Before(now.Add(-5 * time.Minute)); w = w.Add(10 * time.Minute) {
		end := w.Add(10 * time.Minute)
		if end.After(now.Add(-5 * time.Minute)) {
			end = now.Add(-5 * time.Minute)
		}
		must(t, st.CoverScanned(ctx, "loki", w, end, 10, 1000))
	}
	must(t, st.CoverScanned(ctx, "loki", now.Add(-8*time.Hour), now.Add(-7*time.Hour), 3, 300))
	must(t, st.CoverScanned(ctx, "loki", now.Add(-7*time.Hour+10*time.Minute), now.Add(-4*time.Hour), 4, 400))
	var pieces []state.VolumePiece
	for h := 4; h >= 1; h-- {
		b := state.Interval{From: now.Add(-time.Duration(h) * time.Hour), To: now.Add(-time.Duration(h-1) * time.Hour)}
		pieces = append(pieces, state.VolumePiece{Bucket: b, From: b.From, To: b.To, Count: 100})
	}
	must(t, st.AddVolumePieces(ctx, "loki", pieces, now))
	_, err = st.RecordPage(ctx, "loki", []state.Sighting{{Source: "loki", LineID: "l1", RuleID: "github-pat", Severity: "critical",
		Description: "GitHub token", Fingerprint: fp("tok-1"), Preview: "ghp_…a1b2", EventTime: now.Add(-2 * time.Hour), Location: "{app=\"api\"}"}},
		nil, state.RecordOptions{Now: now})
	must(t, err)
	return st
}

// mdRows reads the summary table of each source from the Markdown: label → value.
func mdRows(t *testing.T, md string) map[string]map[string]string {
	out := map[string]map[string]string{}
	var cur map[string]string
	for _, l := range strings.Split(md, "\n") {
		if name, ok := strings.CutPrefix(l, "## Source "); ok {
			name, _, _ = strings.Cut(name, " (")
			cur = map[string]string{}
			out[name] = cur
			continue
		}
		if strings.HasPrefix(l, "### ") {
			cur = nil
		}
		if cur == nil || !strings.HasPrefix(l, "| ") || l == "| | |" {
			continue
		}
		cells := strings.Split(strings.Trim(l, "|"), " | ")
		if len(cells) == 2 && !strings.HasPrefix(cells[0], "---") {
			cur[strings.TrimSpace(cells[0])] = strings.TrimSpace(cells[1])
		}
	}
	return out
}

var (
	htmlSection = regexp.MustCompile(`(?s)<section data-source="([^"]*)">(.*?)</section>`)
	htmlSummary = regexp.MustCompile(`(?s)<table class="summary">(.*?)</table>`)
	htmlRow     = regexp.MustCompile(`(?s)<tr><th>(.*?)</th><td>(.*?)</td></tr>`)
	htmlTag     = regexp.MustCompile(`<[^>]*>`)
	htmlField   = regexp.MustCompile(`data-field="([^"]*)">([^<]*)<`)
)

// htmlRows reads the summary table of each source from the HTML (tags stripped), and the
// figures marked with data-field.
func htmlRows(t *testing.T, page string) (rows, fields map[string]map[string]string) {
	rows, fields = map[string]map[string]string{}, map[string]map[string]string{}
	for _, sec := range htmlSection.FindAllStringSubmatch(page, -1) {
		name := html.UnescapeString(sec[1])
		rows[name], fields[name] = map[string]string{}, map[string]string{}
		tbl := htmlSummary.FindStringSubmatch(sec[2])
		if tbl == nil {
			t.Fatalf("html: source %s has no summary table", name)
		}
		for _, r := range htmlRow.FindAllStringSubmatch(tbl[1], -1) {
			rows[name][html.UnescapeString(r[1])] = html.UnescapeString(htmlTag.ReplaceAllString(r[2], ""))
		}
		for _, f := range htmlField.FindAllStringSubmatch(tbl[1], -1) {
			fields[name][f[1]] = html.UnescapeString(f[2])
		}
	}
	return rows, fields
}

// mdUnescape undoes md() for comparison with the HTML text.
func mdUnescape(s string) string {
	return strings.NewReplacer(`\\`, `\`, `\|`, "|", `\*`, "*", `\_`, "_", "\\`", "`", "&lt;", "<", "&gt;", ">", `\[`, "[", `\]`, "]").Replace(s)
}

// TestFormatsAgree renders the same periods (wholly before installation, partly before it,
// a short one at the end still being scanned, a long one) in Markdown, JSON and HTML and
// checks that every figure agrees: the HTML has every row the Markdown has with the same
// text, the marked figures equal the JSON's, and the gap equals what the gap metric reads.
func TestFormatsAgree(t *testing.T) {
	now := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	st := installState(t, now)
	ctx := context.Background()
	periods := []struct {
		name     string
		from, to time.Time
		check    func(t *testing.T, s report.SourceReport)
	}{
		{"before installation", now.Add(-12 * time.Hour), now.Add(-9 * time.Hour), func(t *testing.T, s report.SourceReport) {
			if s.GapSeconds != 0 || s.BeforeInstallSeconds != 3*3600 || s.WindowsRecorded != 0 || s.LinesInScope != nil ||
				!strings.Contains(s.Verdict, "the whole period is before installation") {
				t.Errorf("%+v", s)
			}
		}},
		{"partly before installation", now.Add(-10 * time.Hour), now.Add(-2 * time.Hour), func(t *testing.T, s report.SourceReport) {
			// The 2 hours before the first scanned time are not a gap; the failed chunk is.
			// The window that starts before the period's end counts whole.
			if s.GapSeconds != 600 || s.BeforeInstallSeconds != 2*3600 || s.Lines != 3+4+6 || s.WindowsRecorded != 3 ||
				s.LinesInScope == nil || *s.LinesInScope != 200 || s.HitsTotal != 0 ||
				!strings.Contains(s.Verdict, "not covered before installation at 2026-12-07T04:00:00Z (the first 2h, never scanned") {
				t.Errorf("%+v", s)
			}
		}},
		{"short, still being scanned", now.Add(-10 * time.Minute), now, func(t *testing.T, s report.SourceReport) {
			// The "--since 10m": lines read and lines in scope are there, and the
			// last 5 minutes are said to be still scanned.
			if s.GapSeconds != 0 || s.PendingSeconds != 300 || s.Lines != 10 || s.WindowsRecorded != 1 ||
				s.LinesInScope == nil || *s.LinesInScope != 100 || !strings.Contains(s.Verdict, "not scanned yet") {
				t.Errorf("%+v", s)
			}
		}},
		{"long", now.Add(-30 * 24 * time.Hour), now, func(t *testing.T, s report.SourceReport) {
			if s.GapSeconds != 600 || len(s.Gaps) != 1 || s.PendingSeconds != 300 || s.BeforeInstallSeconds != 30*24*3600-8*3600 ||
				s.Lines != 3+4+6+6*10 || s.WindowsRecorded != 9 || s.HitsTotal != 1 || len(s.Incidents) != 1 {
				t.Errorf("%+v", s)
			}
			// leakwatch_coverage_gap_seconds reads the same gap.
			g, err := st.GapSeconds(ctx, "loki", 30*24*time.Hour, now)
			must(t, err)
			if g != s.GapSeconds {
				t.Errorf("report gap %v s, metric %v s", s.GapSeconds, g)
			}
		}},
	}
	for _, p := range periods {
		t.Run(p.name, func(t *testing.T) {
			r, err := report.Build(ctx, st, report.Options{From: p.from, To: p.to, Now: now,
				Sources: []report.SourceInfo{{Name: "loki", Type: "loki"}, {Name: "never", Type: "loki"}}})
			must(t, err)
			p.check(t, r.Sources[0])
			if r.Clean {
				t.Error("clean, with time before installation or a gap or an incident")
			}
			if nv := r.Sources[1]; nv.BeforeInstallSeconds != p.to.Sub(p.from).Seconds() || nv.GapSeconds != 0 ||
				!strings.Contains(nv.Verdict, "not covered") {
				t.Errorf("never-scanned source: %+v", nv)
			}
			var md, js, page bytes.Buffer
			must(t, r.Markdown(&md))
			must(t, r.JSON(&js))
			must(t, r.HTML(&page))
			var back map[string]any
			must(t, json.Unmarshal(js.Bytes(), &back))
			mrows := mdRows(t, md.String())
			hrows, hfields := htmlRows(t, page.String())
			for _, sr := range r.Sources {
				if len(mrows[sr.Name]) < 8 {
					t.Fatalf("markdown rows of %s: %v", sr.Name, mrows[sr.Name])
				}
				for label, v := range mrows[sr.Name] {
					if hv, ok := hrows[sr.Name][label]; !ok {
						t.Errorf("%s: the HTML lacks the row %q", sr.Name, label)
					} else if hv != mdUnescape(v) {
						t.Errorf("%s %q: markdown %q, html %q", sr.Name, label, v, hv)
					}
				}
				if len(hrows[sr.Name]) != len(mrows[sr.Name]) {
					t.Errorf("%s: %d HTML rows, %d Markdown rows", sr.Name, len(hrows[sr.Name]), len(mrows[sr.Name]))
				}
				// The JSON keys are all there, whatever the period: absent data is null.
				var js map[string]any
				for _, s := range back["sources"].([]any) {
					if s.(map[string]any)["name"] == sr.Name {
						js = s.(map[string]any)
					}
				}
				for _, k := range []string{"lines_in_scope", "pending", "before_installation", "gap_seconds", "lines_read", "windows_recorded"} {
					if _, ok := js[k]; !ok {
						t.Errorf("%s: JSON lacks %s", sr.Name, k)
					}
				}
				num := func(k string) string { return strconv.FormatFloat(js[k].(float64), 'f', 0, 64) }
				want := map[string]string{
					"lines": num("lines_read"), "bytes": num("bytes_read"), "windows": num("windows_recorded"),
					"gaps": fmt.Sprint(len(js["gaps"].([]any))), "gap-seconds": num("gap_seconds"),
					"hits": num("hits_total"), "incidents": fmt.Sprint(len(js["incidents"].([]any))), "open-incidents": num("open_incidents"),
					"covered-percent": strconv.FormatFloat(js["covered_percent"].(float64), 'f', 2, 64),
				}
				if js["lines_in_scope"] != nil {
					want["lines-in-scope"] = num("lines_in_scope")
					want["late-lines"] = num("late_lines")
				} else {
					want["lines-in-scope"] = "not counted"
				}
				if js["before_installation"] != nil {
					want["before-installation-seconds"] = num("before_installation_seconds")
				}
				if js["pending"] != nil {
					want["pending-seconds"] = num("pending_seconds")
				}
				for f, w := range want {
					if got, ok := hfields[sr.Name][f]; !ok || got != w {
						t.Errorf("%s %s: html %q (present %v), json %s", sr.Name, f, got, ok, w)
					}
				}
				// A period with time not scanned never says every second was.
				if (sr.BeforeInstall != nil || sr.Pending != nil) && strings.Contains(page.String()+md.String(), "every second of the period was scanned") {
					t.Errorf("%s: claims every second was scanned", sr.Name)
				}
				if !strings.Contains(md.String(), sr.Verdict) || !strings.Contains(html.UnescapeString(page.String()), sr.Verdict) {
					t.Errorf("%s: a format lacks the verdict %q", sr.Name, sr.Verdict)
				}
			}
		})
	}
}
