// Package metrics defines leakwatch's Prometheus metrics (prefix leakwatch_). Labels carry
// source, rule, notifier and fixed reason words only: never a secret, a fingerprint or a line.
package metrics

import (
	"context"
	"runtime"
	"runtime/debug"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// Metrics are the collectors of one process.
type Metrics struct {
	Registry *prometheus.Registry

	ScansTotal         *prometheus.CounterVec   // source, result=success|failure
	ScanDuration       *prometheus.HistogramVec // source
	CoveredUntil       *prometheus.GaugeVec     // source
	LastSuccessfulScan *prometheus.GaugeVec     // source
	LinesScanned       *prometheus.CounterVec   // source
	BytesScanned       *prometheus.CounterVec   // source
	HitsTotal          *prometheus.CounterVec   // source, rule
	SuppressedTotal    *prometheus.CounterVec   // rule, reason
	IncidentsOpen      *prometheus.GaugeVec     // severity, verified
	LastSighting       prometheus.Gauge
	AlertsSent         *prometheus.CounterVec // notifier, result=success|retry|failure
	AlertQueueDepth    prometheus.Gauge
	SourceErrors       *prometheus.CounterVec // source, kind
	WindowSplits       *prometheus.CounterVec // source
	PushdownFallbacks  *prometheus.CounterVec // source, reason
	CoverageGap        *prometheus.GaugeVec   // source
	Purges             *prometheus.GaugeVec   // kind, status (from the state)
	ConfigReloads      *prometheus.CounterVec // result=success|failure
	ConfigLastReloadOK prometheus.Gauge
	BuildInfo          *prometheus.GaugeVec // version, revision, goversion
	// Re-verification of covered time (see internal/engine/recheck.go).
	LinesInScope       *prometheus.CounterVec // source
	Reverifications    *prometheus.CounterVec // source, result=unchanged|late|failed
	LateLines          *prometheus.CounterVec // source
	LastReverification *prometheus.GaugeVec   // source
}

// Version and Revision are set at build time with -ldflags -X.
var (
	Version  = "dev"
	Revision = ""
)

// New creates and registers every metric on a fresh registry (plus Go and process collectors).
func New() *Metrics {
	reg := prometheus.NewRegistry()
	m := &Metrics{
		Registry: reg,
		ScansTotal: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "leakwatch_scans_total", Help: "Window scans by source and result (success, failure).",
		}, []string{"source", "result"}),
		ScanDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "leakwatch_scan_duration_seconds", Help: "Duration of one window scan.",
			Buckets: prometheus.ExponentialBuckets(0.01, 3, 10),
		}, []string{"source"}),
		CoveredUntil: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "leakwatch_source_covered_until_timestamp_seconds", Help: "Time up to which the source has been fully scanned and recorded (the watermark).",
		}, []string{"source"}),
		LastSuccessfulScan: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "leakwatch_last_successful_scan_timestamp_seconds", Help: "When the last successful window scan of the source finished.",
		}, []string{"source"}),
		LinesScanned: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "leakwatch_lines_scanned_total", Help: "Log lines scanned.",
		}, []string{"source"}),
		BytesScanned: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "leakwatch_bytes_scanned_total", Help: "Log bytes scanned.",
		}, []string{"source"}),
		HitsTotal: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "leakwatch_hits_total", Help: "Secrets found, by source and rule (each new sighting counts once).",
		}, []string{"source", "rule"}),
		SuppressedTotal: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "leakwatch_suppressed_candidates_total", Help: "Candidates dropped by a validator, the allowlist or a placeholder check, by rule and reason.",
		}, []string{"rule", "reason"}),
		Purges: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "leakwatch_purges", Help: "Purge requests (leakwatch incidents purge) by store kind and last known status: requested, processed, deleted, still_present, refused, failed, not_possible.",
		}, []string{"kind", "status"}),
		IncidentsOpen: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "leakwatch_incidents_open", Help: "Open incidents by severity and live verification verdict (unchecked, live, revoked, unknown).",
		}, []string{"severity", "verified"}),
		LastSighting: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "leakwatch_last_sighting_timestamp_seconds", Help: "Event time of the most recent sighting of any leaked secret (from the state, so it survives restarts; absent until the first incident).",
		}),
		AlertsSent: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "leakwatch_alerts_sent_total", Help: "Alert delivery attempts by notifier and result (success, retry, failure).",
		}, []string{"notifier", "result"}),
		AlertQueueDepth: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "leakwatch_alert_queue_depth", Help: "Alerts waiting in the outbox.",
		}),
		WindowSplits: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "leakwatch_window_splits_total", Help: "Queries the store cut or timed out, read again as two halves.",
		}, []string{"source"}),
		PushdownFallbacks: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "leakwatch_pushdown_fallbacks_total", Help: "Times a store refused the pushdown query and a cheaper form (or none) was used instead, by reason.",
		}, []string{"source", "reason"}),
		SourceErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "leakwatch_source_errors_total", Help: "Source errors by kind (transport, throttled, server, protocol, config).",
		}, []string{"source", "kind"}),
		CoverageGap: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "leakwatch_coverage_gap_seconds", Help: "Uncovered time within the retention horizon.",
		}, []string{"source"}),
		ConfigReloads: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "leakwatch_config_reloads_total", Help: "Configuration reloads by result.",
		}, []string{"result"}),
		ConfigLastReloadOK: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "leakwatch_config_last_reload_successful", Help: "1 when the last configuration reload succeeded.",
		}),
		BuildInfo: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "leakwatch_build_info", Help: "Build information; always 1.",
		}, []string{"version", "revision", "goversion"}),
		LinesInScope: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "leakwatch_lines_in_scope_total", Help: "Lines the store held in the source's selection (without the pushdown filter) for the covered time, counted before each scan, plus late lines found by re-verification. Stays flat when the selection matches nothing.",
		}, []string{"source"}),
		Reverifications: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "leakwatch_reverifications_total", Help: "Re-verifications of covered buckets by result: unchanged, late (more lines than when scanned: rescanned) or failed.",
		}, []string{"source", "result"}),
		LateLines: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "leakwatch_late_lines_total", Help: "Lines that arrived in covered time after it was scanned, found by re-verification and scanned.",
		}, []string{"source"}),
		LastReverification: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "leakwatch_last_reverification_timestamp_seconds", Help: "When covered time of the source was last re-verified.",
		}, []string{"source"}),
	}
	reg.MustRegister(m.ScansTotal, m.ScanDuration, m.CoveredUntil, m.LastSuccessfulScan,
		m.LinesScanned, m.BytesScanned, m.HitsTotal, m.SuppressedTotal, m.IncidentsOpen, m.LastSighting,
		m.AlertsSent, m.AlertQueueDepth, m.SourceErrors, m.WindowSplits, m.PushdownFallbacks, m.CoverageGap, m.Purges, m.ConfigReloads,
		m.ConfigLastReloadOK, m.BuildInfo, m.LinesInScope, m.Reverifications, m.LateLines, m.LastReverification,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	rev := Revision
	if rev == "" {
		if bi, ok := debug.ReadBuildInfo(); ok {
			for _, s := range bi.Settings {
				if s.Key == "vcs.revision" {
					rev = s.Value
				}
			}
		}
	}
	m.BuildInfo.WithLabelValues(Version, rev, runtime.Version()).Set(1)
	m.ConfigLastReloadOK.Set(1)
	return m
}

// GapStore is what SetCoverageGaps reads (the state).
type GapStore interface {
	GapSeconds(ctx context.Context, source string, horizon time.Duration, now time.Time) (float64, error)
}

// SetCoverageGaps sets leakwatch_coverage_gap_seconds{source} for each source: the uncovered
// seconds of the last horizon between the source's first scanned (or backfilled) time and
// its watermark (see state.GapSeconds). The daemon calls it periodically.
func (m *Metrics) SetCoverageGaps(ctx context.Context, st GapStore, sources []string, horizon time.Duration, now time.Time) error {
	for _, s := range sources {
		v, err := st.GapSeconds(ctx, s, horizon, now)
		if err != nil {
			return err
		}
		m.CoverageGap.WithLabelValues(s).Set(v)
	}
	return nil
}
