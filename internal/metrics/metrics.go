// Package metrics defines leakwatch's Prometheus metrics (prefix leakwatch_). Labels carry
// source, rule, notifier and fixed reason words only: never a secret, a fingerprint or a line.
package metrics

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	versioncollector "github.com/prometheus/client_golang/prometheus/collectors/version"

	"github.com/leakwatch/leakwatch/sources"
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
	// Notifications as Alertmanager counts them: an alert's delivery (delivered or given
	// up), and each request (attempt) made for it.
	Notifications              *prometheus.CounterVec   // notifier
	NotificationsFailed        *prometheus.CounterVec   // notifier, reason
	NotificationRequests       *prometheus.CounterVec   // notifier
	NotificationRequestsFailed *prometheus.CounterVec   // notifier, reason
	NotificationLatency        *prometheus.HistogramVec // notifier
	AlertQueueDepth            prometheus.Gauge
	SourceErrors               *prometheus.CounterVec // source, kind
	WindowSplits               *prometheus.CounterVec // source
	PushdownFallbacks          *prometheus.CounterVec // source, reason
	CoverageGap                *prometheus.GaugeVec   // source
	Purges                     *prometheus.GaugeVec   // kind, status (from the state)
	ConfigReloads              *prometheus.CounterVec // result=success|failure
	ConfigLastReloadOK         prometheus.Gauge
	// Re-verification of covered time (see internal/engine/recheck.go).
	LinesInScope       *prometheus.CounterVec // source
	Reverifications    *prometheus.CounterVec // source, result=unchanged|late|failed
	LateLines          *prometheus.CounterVec // source
	LastReverification *prometheus.GaugeVec   // source
	// SourceOwned is 1 for each source this replica scans (holds the lease of).
	SourceOwned *prometheus.GaugeVec // source
	// What leakwatch costs its stores, as the stores report it (Loki's stats.summary,
	// Elasticsearch's took), by query kind: scan, count, reverify, purge.
	StoreQueries        *prometheus.CounterVec // source, kind
	StoreProcessedBytes *prometheus.CounterVec // source, kind
	StoreQuerySeconds   *prometheus.CounterVec // source, kind
}

// ObserveStoreCost adds one request's cost to the store-cost metrics of source.
func (m *Metrics) ObserveStoreCost(source string, c sources.Cost) {
	k := string(c.Kind)
	m.StoreQueries.WithLabelValues(source, k).Inc()
	m.StoreProcessedBytes.WithLabelValues(source, k).Add(float64(c.ProcessedBytes))
	m.StoreQuerySeconds.WithLabelValues(source, k).Add(c.Time.Seconds())
}

// InitStoreCost creates a source's store-cost series at zero for every query kind.
func (m *Metrics) InitStoreCost(source string) {
	for _, k := range sources.QueryKinds {
		m.StoreQueries.WithLabelValues(source, string(k))
		m.StoreProcessedBytes.WithLabelValues(source, string(k))
		m.StoreQuerySeconds.WithLabelValues(source, string(k))
	}
}

// InitNotifier creates a notifier's series at zero, each failure reason included, so rules
// and dashboards see them before the first alert (as Alertmanager does per integration).
func (m *Metrics) InitNotifier(name string, reasons []string) {
	m.Notifications.WithLabelValues(name)
	m.NotificationRequests.WithLabelValues(name)
	m.NotificationLatency.WithLabelValues(name)
	for _, r := range reasons {
		m.NotificationsFailed.WithLabelValues(name, r)
		m.NotificationRequestsFailed.WithLabelValues(name, r)
	}
}

// New creates and registers every metric on a fresh registry (plus Go and process
// collectors), for a process on the embedded SQLite state.
func New() *Metrics { return NewForStore("sqlite") }

// NewForStore is New for a process whose state is on store ("sqlite" or "postgres"), which
// leakwatch_build_info carries as its store label.
func NewForStore(store string) *Metrics {
	reg := prometheus.NewRegistry()
	m := &Metrics{Registry: reg}
	m.scanMetrics()
	m.incidentMetrics()
	m.notificationMetrics()
	m.sourceMetrics()
	m.configMetrics()
	m.reverificationMetrics()
	m.storeCostMetrics()
	m.ownershipMetrics()
	reg.MustRegister(m.ScansTotal, m.ScanDuration, m.CoveredUntil, m.LastSuccessfulScan,
		m.LinesScanned, m.BytesScanned, m.HitsTotal, m.SuppressedTotal, m.IncidentsOpen, m.LastSighting,
		m.Notifications, m.NotificationsFailed, m.NotificationRequests, m.NotificationRequestsFailed, m.NotificationLatency,
		m.AlertQueueDepth, m.SourceErrors, m.WindowSplits, m.PushdownFallbacks, m.CoverageGap, m.Purges, m.ConfigReloads,
		m.ConfigLastReloadOK, m.LinesInScope, m.Reverifications, m.LateLines, m.LastReverification, m.SourceOwned,
		m.StoreQueries, m.StoreProcessedBytes, m.StoreQuerySeconds,
		// leakwatch_build_info{version,revision,branch,goversion,...} from prometheus/common/version,
		// whose variables the build sets with -ldflags -X (see the Dockerfile).
		versioncollector.NewCollector("leakwatch", versioncollector.WithExtraConstLabels(prometheus.Labels{"store": store})),
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m.ConfigLastReloadOK.Set(1)
	return m
}

// scanMetrics creates the metrics of the window scans and what they read and found.
func (m *Metrics) scanMetrics() {
	m.ScansTotal = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "leakwatch_scans_total", Help: "Window scans by source and result (success, failure).",
	}, []string{"source", "result"})
	m.ScanDuration = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "leakwatch_scan_duration_seconds", Help: "Duration of one window scan.",
		// Written out: ExponentialBuckets(0.01, 3, 10) prints le="7.290000000000001".
		Buckets: []float64{0.01, 0.03, 0.1, 0.3, 1, 3, 10, 30, 100, 300},
	}, []string{"source"})
	m.CoveredUntil = prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Name: "leakwatch_source_covered_until_timestamp_seconds", Help: "Time up to which the source has been fully scanned and recorded (the watermark).",
	}, []string{"source"})
	m.LastSuccessfulScan = prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Name: "leakwatch_last_successful_scan_timestamp_seconds", Help: "When the last successful window scan of the source finished.",
	}, []string{"source"})
	m.LinesScanned = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "leakwatch_lines_scanned_total", Help: "Log lines scanned.",
	}, []string{"source"})
	m.BytesScanned = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "leakwatch_scanned_bytes_total", Help: "Log bytes scanned.",
	}, []string{"source"})
	m.HitsTotal = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "leakwatch_hits_total", Help: "Secrets found, by source and rule (each new sighting counts once).",
	}, []string{"source", "rule"})
	m.SuppressedTotal = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "leakwatch_suppressed_candidates_total", Help: "Candidates dropped by a validator, the allowlist or a placeholder check, by rule and reason.",
	}, []string{"rule", "reason"})
}

// incidentMetrics creates the metrics of incidents and purges, from the state.
func (m *Metrics) incidentMetrics() {
	m.Purges = prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Name: "leakwatch_purges", Help: "Purge requests (leakwatch incidents purge) by store kind and last known status: requested, processed, deleted, still_present, refused, failed, not_possible.",
	}, []string{"kind", "status"})
	m.IncidentsOpen = prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Name: "leakwatch_incidents_open", Help: "Open incidents by severity and live verification verdict (unchecked, live, revoked, unknown).",
	}, []string{"severity", "verified"})
	m.LastSighting = prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "leakwatch_last_sighting_timestamp_seconds", Help: "Event time of the most recent sighting of any leaked secret (from the state, so it survives restarts; absent until the first incident).",
	})
}

// notificationMetrics creates the metrics of alert delivery, as Alertmanager counts it.
func (m *Metrics) notificationMetrics() {
	m.Notifications = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "leakwatch_notifications_total", Help: "Alerts whose delivery is over, delivered or given up, by notifier.",
	}, []string{"notifier"})
	m.NotificationsFailed = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "leakwatch_notifications_failed_total", Help: "Alerts given up by notifier and reason (refused, max_attempts, not_configured, ...): they never reached the receiver.",
	}, []string{"notifier", "reason"})
	m.NotificationRequests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "leakwatch_notification_requests_total", Help: "Delivery attempts (calls to the receiver) by notifier.",
	}, []string{"notifier"})
	m.NotificationRequestsFailed = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "leakwatch_notification_requests_failed_total", Help: "Failed delivery attempts by notifier and reason (throttled, timeout, transient, refused); retryable ones are tried again.",
	}, []string{"notifier", "reason"})
	m.NotificationLatency = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "leakwatch_notification_latency_seconds", Help: "Duration of one delivery attempt, by notifier.",
		Buckets: []float64{0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30},
	}, []string{"notifier"})
	m.AlertQueueDepth = prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "leakwatch_alert_queue_depth", Help: "Alerts waiting in the outbox.",
	})
}

// sourceMetrics creates the metrics of how the stores answered and what is left uncovered.
func (m *Metrics) sourceMetrics() {
	m.WindowSplits = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "leakwatch_window_splits_total", Help: "Queries the store cut or timed out, read again as two halves.",
	}, []string{"source"})
	m.PushdownFallbacks = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "leakwatch_pushdown_fallbacks_total", Help: "Times a store refused the pushdown query and a cheaper form (or none) was used instead, by reason.",
	}, []string{"source", "reason"})
	m.SourceErrors = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "leakwatch_source_errors_total", Help: "Source errors by kind (transport, throttled, server, protocol, config).",
	}, []string{"source", "kind"})
	m.CoverageGap = prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Name: "leakwatch_coverage_gap_seconds", Help: "Uncovered time within the retention horizon.",
	}, []string{"source"})
}

// configMetrics creates the metrics of configuration reloads.
func (m *Metrics) configMetrics() {
	m.ConfigReloads = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "leakwatch_config_reloads_total", Help: "Configuration reloads by result.",
	}, []string{"result"})
	m.ConfigLastReloadOK = prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "leakwatch_config_last_reload_successful", Help: "1 when the last configuration reload succeeded.",
	})
}

// reverificationMetrics creates the metrics of re-verification of covered time.
func (m *Metrics) reverificationMetrics() {
	m.LinesInScope = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "leakwatch_lines_in_scope_total", Help: "Lines the store held in the source's selection (without the pushdown filter) for the covered time, counted before each scan, plus late lines found by re-verification. Stays flat when the selection matches nothing.",
	}, []string{"source"})
	m.Reverifications = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "leakwatch_reverifications_total", Help: "Re-verifications of covered buckets by result: unchanged, late (more lines than when scanned: rescanned) or failed.",
	}, []string{"source", "result"})
	m.LateLines = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "leakwatch_late_lines_total", Help: "Lines that arrived in covered time after it was scanned, found by re-verification and scanned.",
	}, []string{"source"})
	m.LastReverification = prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Name: "leakwatch_last_reverification_timestamp_seconds", Help: "When covered time of the source was last re-verified.",
	}, []string{"source"})
}

// storeCostMetrics creates the metrics of what leakwatch costs its stores, as they report it.
func (m *Metrics) storeCostMetrics() {
	m.StoreQueries = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "leakwatch_store_queries_total", Help: "Requests the store answered, by source and query kind (scan, count, reverify, purge).",
	}, []string{"source", "kind"})
	m.StoreProcessedBytes = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "leakwatch_store_processed_bytes_total", Help: "Log bytes the store read to answer leakwatch, as it reports them (Loki's stats.summary.totalBytesProcessed; Elasticsearch reports none), by source and query kind.",
	}, []string{"source", "kind"})
	m.StoreQuerySeconds = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "leakwatch_store_query_seconds_total", Help: "Time the store spent answering leakwatch, as it reports it (Loki's execTime, Elasticsearch's took; the request's duration when the answer has none), by source and query kind.",
	}, []string{"source", "kind"})
}

// ownershipMetrics creates the metrics of which sources this replica scans.
func (m *Metrics) ownershipMetrics() {
	m.SourceOwned = prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Name: "leakwatch_source_owned", Help: "1 for each source this replica scans now (it holds the source's lease); the coverage metrics of a source come from its owner only.",
	}, []string{"source"})
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

// SetOwned records whether this replica owns source. A source given up loses its coverage
// gauges here, so that summing or taking the max over replicas counts only the owner's.
func (m *Metrics) SetOwned(source string, owned bool) {
	if owned {
		m.SourceOwned.WithLabelValues(source).Set(1)
		return
	}
	m.SourceOwned.WithLabelValues(source).Set(0)
	for _, g := range []*prometheus.GaugeVec{m.CoveredUntil, m.LastSuccessfulScan, m.CoverageGap, m.LastReverification} {
		g.DeleteLabelValues(source)
	}
}
