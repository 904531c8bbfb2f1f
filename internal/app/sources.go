package app

import (
	"fmt"
	"log/slog"

	"github.com/leakwatch/leakwatch/internal/config"
	"github.com/leakwatch/leakwatch/internal/metrics"
	"github.com/leakwatch/leakwatch/sources"
	_ "github.com/leakwatch/leakwatch/sources/all" // every store type of this build
)

// BuildSource makes the source a config entry describes from its type's block, which the
// type's package decoded and validated. It makes no network call (except SigV4 without
// static keys, which asks AWS's credential chain), so `config check` can run it. m, when
// set, receives the source's own events (split windows, pushdown fallbacks, what each
// request cost the store).
func BuildSource(sc config.Source, cfg *config.Config, logger *slog.Logger, m *metrics.Metrics) (sources.Source, error) {
	if sc.Block == nil {
		return nil, fmt.Errorf("type %q: not supported by this build (%s)", sc.Type, sources.TypeList())
	}
	// Each backend adds the source attribute to its own logger, once.
	o := sources.BuildOptions{Name: sc.Name, Type: sc.Type, Chunk: sc.Chunk.D(), MaxLineBytes: cfg.MaxLineBytes, Logger: logger}
	if m != nil {
		splits := m.WindowSplits.WithLabelValues(sc.Name)
		o.OnSplit = splits.Inc
		o.OnFallback = func(reason string) { m.PushdownFallbacks.WithLabelValues(sc.Name, reason).Inc() }
		o.OnCost = func(c sources.Cost) { m.ObserveStoreCost(sc.Name, c) }
		if sc.Traits().StoreCost {
			m.InitStoreCost(sc.Name)
		}
	}
	return sc.Block.Build(o)
}
