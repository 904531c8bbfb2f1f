package report_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/leakwatch/leakwatch/internal/report"
	"github.com/leakwatch/leakwatch/internal/state"
)

var (
	nov1  = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	nov30 = time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)
	day   = 24 * time.Hour
)

func fp(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// demoState: prod-loki fully covered and clean; es-logs covered but for one day, with two
// incidents (one resolved) and three hits; old-source covered outside the period only.
func demoState(t testing.TB) *state.SQLite {
	t.Helper()
	ctx := context.Background()
	st, err := state.OpenSQLite(ctx, t.TempDir())
	must(t, err)
	t.Cleanup(func() { st.Close() })
	must(t, st.Cover(ctx, "prod-loki", nov1.Add(-day), nov30.Add(day)))
	for d := 0; d < 29; d++ {
		must(t, st.AddScanned(ctx, "prod-loki", nov1.Add(time.Duration(d)*day), nov1.Add(time.Duration(d+1)*day), 1000+int64(d), 250000))
	}
	must(t, st.AddScanned(ctx, "prod-loki", nov30, nov30.Add(day), 999999, 1)) // outside the period
	must(t, st.Cover(ctx, "es-logs", nov1, nov1.Add(9*day)))
	must(t, st.Cover(ctx, "es-logs", nov1.Add(10*day), nov30))
	must(t, st.AddScanned(ctx, "es-logs", nov1, nov1.Add(9*day), 4242, 424242))
	sg := func(line, secret, rule string, at time.Time) state.Sighting {
		return state.Sighting{Source: "es-logs", LineID: line, RuleID: rule, Severity: "high", Description: "test rule",
			Fingerprint: fp(secret), Preview: rule[:4] + "_…" + secret[len(secret)-4:], EventTime: at, Location: "logs-2026.11/" + line}
	}
	_, err = st.RecordPage(ctx, "es-logs", []state.Sighting{
		sg("d1", "secret-one-a1b2", "github-pat", nov1.Add(2*day)),
		sg("d2", "secret-one-a1b2", "github-pat", nov1.Add(3*day)),
		sg("d3", "secret-two-<x>&", "stripe-secret-key", nov1.Add(12*day)),
	}, nil, state.RecordOptions{Now: nov30})
	must(t, err)
	in, err := st.IncidentByFingerprint(ctx, "stripe-secret-key", fp("secret-two-<x>&"))
	must(t, err)
	must(t, st.Resolve(ctx, in.ID, "alice", nov1.Add(13*day)))
	must(t, st.Cover(ctx, "old-source", nov1.Add(-40*day), nov1.Add(-35*day)))
	return st
}

var srcs = []report.SourceInfo{{Name: "prod-loki", Type: "loki"}, {Name: "es-logs", Type: "elasticsearch"}, {Name: "old-source"}}

func build(t testing.TB, st *state.SQLite) *report.Report {
	t.Helper()
	r, err := report.Build(context.Background(), st, report.Options{From: nov1, To: nov30, Sources: srcs,
		CatalogVersion: "2026.11.1", Rules: []string{"stripe-secret-key", "github-pat"}, Version: "1.2.3", Now: nov30.Add(time.Hour)})
	must(t, err)
	return r
}

func TestBuild(t *testing.T) {
	st := demoState(t)
	r := build(t, st)
	if r.RuleCount != 2 || r.Rules[0] != "github-pat" || r.Clean {
		t.Fatalf("report header: %+v", r)
	}
	loki, es, old := r.Sources[0], r.Sources[1], r.Sources[2]
	if want := "prod-loki: 2026-11-01 → 2026-11-30 fully covered, 0 incidents"; loki.Verdict != want {
		t.Fatalf("verdict %q, want %q", loki.Verdict, want)
	}
	if loki.CoveredPercent != 100 || len(loki.Gaps) != 0 || loki.Lines != 29*1000+28*29/2 || loki.Bytes != 29*250000 || loki.WindowsRecorded != 29 {
		t.Fatalf("prod-loki: %+v", loki)
	}
	if len(es.Gaps) != 1 || !es.Gaps[0].From.Equal(nov1.Add(9*day)) || es.GapSeconds != 86400 {
		t.Fatalf("es-logs gaps: %+v", es.Gaps)
	}
	if want := "es-logs: 2026-11-01 → 2026-11-30 96.55% covered, 1 gap totalling 1d, 2 incidents (1 open)"; es.Verdict != want {
		t.Fatalf("verdict %q, want %q", es.Verdict, want)
	}
	if es.HitsTotal != 3 || len(es.Hits) != 2 || es.Hits[0] != (report.RuleHits{Rule: "github-pat", Hits: 2}) {
		t.Fatalf("es-logs hits: %+v", es.Hits)
	}
	if len(es.Incidents) != 2 || es.Incidents[0].Fingerprint != fp("secret-one-a1b2")[:12] || es.Incidents[1].Status != "resolved" || es.Incidents[1].ResolvedAt == nil {
		t.Fatalf("es-logs incidents: %+v", es.Incidents)
	}
	if !strings.Contains(old.Verdict, "not covered") || old.CoveredSeconds != 0 {
		t.Fatalf("old-source: %q", old.Verdict)
	}
	// A period ending in the future is cut at now.
	r2, err := report.Build(context.Background(), st, report.Options{From: nov1, To: nov30.Add(10 * day), Sources: srcs[:1], Now: nov30.Add(day)})
	must(t, err)
	if !r2.To.Equal(nov30.Add(day)) || r2.Sources[0].GapSeconds != 0 {
		t.Fatalf("future period: to %v gaps %v", r2.To, r2.Sources[0].Gaps)
	}
	// A period running up to now: the few minutes after a recent watermark are lag, shown
	// as not scanned yet, not as a gap; the same tail behind a watermark left long ago is one.
	must(t, st.Cover(context.Background(), "live", nov30.Add(-day), nov30.Add(-3*time.Minute)))
	live := []report.SourceInfo{{Name: "live"}}
	r3, err := report.Build(context.Background(), st, report.Options{From: nov30.Add(-12 * time.Hour), To: nov30, Sources: live, Now: nov30})
	must(t, err)
	lv := r3.Sources[0]
	if len(lv.Gaps) != 0 || lv.Pending == nil || lv.Pending.Seconds != 180 || !r3.Clean ||
		lv.Verdict != "live: 2026-11-29 12:00:00Z → 2026-11-30 fully covered up to 2026-11-29T23:57:00Z (the last 3m not scanned yet), 0 incidents" {
		t.Fatalf("recent lag: gaps %v pending %v clean %v verdict %q", lv.Gaps, lv.Pending, r3.Clean, lv.Verdict)
	}
	r4, err := report.Build(context.Background(), st, report.Options{From: nov30.Add(-12 * time.Hour), To: nov30.Add(time.Hour), Sources: live, Now: nov30.Add(time.Hour)})
	must(t, err)
	if lv := r4.Sources[0]; lv.Pending != nil || len(lv.Gaps) != 1 || lv.GapSeconds != 3780 || r4.Clean {
		t.Fatalf("stale watermark: gaps %v pending %v", lv.Gaps, lv.Pending)
	}
	if _, err := report.Build(context.Background(), st, report.Options{From: nov30, To: nov1}); err == nil {
		t.Fatal("empty period accepted")
	}
}

func TestRenderings(t *testing.T) {
	r := build(t, demoState(t))
	var md, js, html bytes.Buffer
	must(t, r.Markdown(&md))
	must(t, r.JSON(&js))
	must(t, r.HTML(&html))

	for _, v := range r.Verdict {
		if !strings.Contains(md.String(), v) {
			t.Errorf("markdown lacks verdict %q", v)
		}
	}
	if !strings.Contains(md.String(), "| Lines read | 29406 |") || !strings.Contains(md.String(), "2026-11-10T00:00:00Z → 2026-11-11T00:00:00Z (1d)") {
		t.Errorf("markdown lacks numbers:\n%s", md.String())
	}
	var back report.Report
	must(t, json.Unmarshal(js.Bytes(), &back))
	if back.Sources[1].GapSeconds != 86400 || back.Sources[0].Lines != 29406 || back.Sources[1].Incidents[0].Preview != r.Sources[1].Incidents[0].Preview {
		t.Errorf("json round trip: %+v", back.Sources)
	}

	h := html.String()
	// Self-contained: no script, no external reference of any kind.
	for _, bad := range []string{"<script", "<link", "src=", "href=", "@import", "url("} {
		if strings.Contains(h, bad) {
			t.Errorf("html contains %q", bad)
		}
	}
	// Values are escaped: the preview with < and & is text, not markup.
	if strings.Contains(h, "<x>") || !strings.Contains(h, "&lt;x&gt;&amp;") {
		t.Errorf("preview not escaped in html")
	}
	for _, s := range []string{"secret-one-a1b2", "secret-two-"} {
		for name, out := range map[string]string{"md": md.String(), "json": js.String(), "html": h} {
			if strings.Contains(out, s) {
				t.Errorf("%s output contains a full test secret", name)
			}
		}
	}
	if !strings.Contains(h, `<svg class="timeline"`) || strings.Count(h, "<rect") < 5 {
		t.Errorf("html lacks the coverage timelines")
	}
}

func TestHostileNamesEscaped(t *testing.T) {
	st := demoState(t)
	r, err := report.Build(context.Background(), st, report.Options{From: nov1, To: nov30, Now: nov30,
		Sources: []report.SourceInfo{{Name: `<img src=x onerror=alert(1)>|*_`, Type: "loki"}}})
	must(t, err)
	var html, md bytes.Buffer
	must(t, r.HTML(&html))
	must(t, r.Markdown(&md))
	if strings.Contains(html.String(), "<img") || strings.Contains(md.String(), "<img") {
		t.Fatal("a source name became markup")
	}
	if !strings.Contains(md.String(), `\|\*\_`) {
		t.Fatal("markdown table characters of a name are not escaped")
	}
}

// domValue extracts the text of the element carrying data-source=src data-field=field.
func domValue(t *testing.T, dom, src, field string) string {
	t.Helper()
	re := regexp.MustCompile(`data-source="` + regexp.QuoteMeta(src) + `" data-field="` + field + `"[^>]*>([^<]*)<`)
	m := re.FindStringSubmatch(dom)
	if m == nil {
		t.Fatalf("no %s of %s in the rendered DOM", field, src)
	}
	return m[1]
}

// TestHTMLInChromium opens the page in a real headless Chromium and checks the rendered
// DOM carries the state's numbers. It skips without chromium, except in CI (CI=true).
func TestHTMLInChromium(t *testing.T) {
	bin, err := exec.LookPath("chromium")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("chromium is not installed (CI=true requires it: apt-get install -y chromium)")
		}
		t.Skip("chromium not installed: apt-get install -y chromium to run this test")
	}
	st := demoState(t)
	r := build(t, st)
	dir := t.TempDir()
	page := filepath.Join(dir, "report.html")
	var buf bytes.Buffer
	must(t, r.HTML(&buf))
	must(t, os.WriteFile(page, buf.Bytes(), 0o600))
	cmd := exec.Command(bin, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir="+filepath.Join(dir, "profile"), "--dump-dom", "file://"+page)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("chromium: %v\n%s", err, stderr.String())
	}
	dom := string(out)
	if !strings.Contains(dom, "<svg") || !strings.Contains(dom, "</html>") {
		t.Fatalf("chromium did not render the page: %.300s", dom)
	}
	ctx := context.Background()
	for _, s := range srcs {
		tot, err := st.Scanned(ctx, s.Name, nov1, nov30)
		must(t, err)
		cov, err := st.Coverage(ctx, s.Name, nov1, nov30)
		must(t, err)
		gaps := state.Gaps(cov, nov1, nov30)
		seen, err := st.IncidentsSeen(ctx, s.Name, nov1, nov30)
		must(t, err)
		hits, err := st.HitsByRule(ctx, s.Name, nov1, nov30)
		must(t, err)
		var nh int64
		for _, h := range hits {
			nh += h.Hits
		}
		for field, want := range map[string]string{
			"lines":       strconv.FormatInt(tot.Lines, 10),
			"bytes":       strconv.FormatInt(tot.Bytes, 10),
			"gaps":        strconv.Itoa(len(gaps)),
			"gap-seconds": strconv.FormatFloat(state.Duration(gaps).Seconds(), 'f', 0, 64),
			"incidents":   strconv.Itoa(len(seen)),
			"hits":        strconv.FormatInt(nh, 10),
		} {
			if got := domValue(t, dom, s.Name, field); got != want {
				t.Errorf("%s %s: DOM shows %q, state has %s", s.Name, field, got, want)
			}
		}
	}
	if got := domValue(t, dom, "prod-loki", "verdict"); got != "prod-loki: 2026-11-01 → 2026-11-30 fully covered, 0 incidents" {
		t.Errorf("verdict in DOM: %q", got)
	}
}

// TestReportLinesInScope: the verdict tells "0 hits over N lines in scope" from "0 lines in
// scope", and says when covered time was last re-verified and how many late lines it found;
// a source whose lines in scope are not counted keeps the plain verdict.
func TestReportLinesInScope(t *testing.T) {
	ctx := context.Background()
	st, err := state.OpenSQLite(ctx, t.TempDir())
	must(t, err)
	t.Cleanup(func() { st.Close() })
	bucket := func(h int) state.Interval {
		return state.Interval{From: nov1.Add(time.Duration(h) * time.Hour), To: nov1.Add(time.Duration(h+1) * time.Hour)}
	}
	for _, src := range []string{"busy", "typo", "files"} {
		must(t, st.Cover(ctx, src, nov1, nov30))
	}
	var pieces []state.VolumePiece
	for h := 0; h < 24; h++ {
		pieces = append(pieces, state.VolumePiece{Bucket: bucket(h), From: bucket(h).From, To: bucket(h).To, Count: 50000})
	}
	must(t, st.AddVolumePieces(ctx, "busy", pieces, nov1.Add(day)))
	must(t, st.VolumeVerified(ctx, "busy", bucket(3).From, 50007, 7, nov1.Add(2*day)))
	must(t, st.AddVolumePieces(ctx, "typo", []state.VolumePiece{{Bucket: bucket(0), From: bucket(0).From, To: bucket(0).To}}, nov1.Add(day)))
	r, err := report.Build(ctx, st, report.Options{From: nov1, To: nov30, Now: nov30.Add(time.Hour),
		Sources: []report.SourceInfo{{Name: "busy", Type: "loki"}, {Name: "typo", Type: "loki"}, {Name: "files", Type: "file"}}})
	must(t, err)
	tests := []struct {
		source, verdict string
		inScope         int64
		counted         bool
	}{
		{"busy", "busy: 2026-11-01 → 2026-11-30 fully covered, 0 incidents, 0 hits over 1.2 M lines in scope, re-verified at 2026-11-03T00:00:00Z, 7 late lines", 1200007, true},
		{"typo", "typo: 2026-11-01 → 2026-11-30 fully covered, 0 incidents, 0 lines in scope (the selection matched nothing: check the selector or index)", 0, true},
		{"files", "files: 2026-11-01 → 2026-11-30 fully covered, 0 incidents", 0, false},
	}
	for i, tc := range tests {
		sr := r.Sources[i]
		if sr.Verdict != tc.verdict {
			t.Errorf("%s verdict:\n got %q\nwant %q", tc.source, sr.Verdict, tc.verdict)
		}
		if (sr.LinesInScope != nil) != tc.counted || tc.counted && *sr.LinesInScope != tc.inScope {
			t.Errorf("%s lines in scope = %v, want %d (counted %v)", tc.source, sr.LinesInScope, tc.inScope, tc.counted)
		}
	}
	var md bytes.Buffer
	must(t, r.Markdown(&md))
	if !strings.Contains(md.String(), "| Late lines found by re-verification | 7 |") {
		t.Errorf("markdown lacks the late lines:\n%s", md.String())
	}
}
