package app

import (
	"fmt"
	"log/slog"

	"github.com/leakwatch/leakwatch/internal/config"
	"github.com/leakwatch/leakwatch/internal/metrics"
	"github.com/leakwatch/leakwatch/internal/permaudit"
	"github.com/leakwatch/leakwatch/sources"
	"github.com/leakwatch/leakwatch/sources/elasticsearch"
	"github.com/leakwatch/leakwatch/sources/file"
	"github.com/leakwatch/leakwatch/sources/loki"
)

// BuildSource makes the source a config entry describes from its type's block, which its
// backend package decoded and validated. It makes no network call (except SigV4 without
// static keys, which asks AWS's credential chain), so `config check` can run it. m, when
// set, receives the source's own events (split windows, pushdown fallbacks, what each
// request cost the store).
func BuildSource(sc config.Source, cfg *config.Config, logger *slog.Logger, m *metrics.Metrics) (sources.Source, error) {
	// Each backend adds the source attribute to its own logger, once.
	var onSplit func()
	var onFallback func(string)
	var onCost func(sources.Cost)
	if m != nil {
		splits := m.WindowSplits.WithLabelValues(sc.Name)
		onSplit = splits.Inc
		onFallback = func(reason string) { m.PushdownFallbacks.WithLabelValues(sc.Name, reason).Inc() }
		onCost = func(c sources.Cost) { m.ObserveStoreCost(sc.Name, c) }
		if sc.Loki != nil || sc.ElasticsearchBlock() != nil {
			m.InitStoreCost(sc.Name)
		}
	}
	switch {
	case sc.FilePermissions != nil:
		return permaudit.NewSourceFromConfig(sc.Name, *sc.FilePermissions)
	case sc.File != nil:
		fc := sc.File.Config(sc.Name, cfg.MaxLineBytes)
		fc.Logger = logger
		return file.New(fc)
	case sc.Loki != nil:
		lc := sc.Loki.Config(sc.Name, sc.Chunk.D())
		lc.Logger, lc.OnSplit, lc.OnCost = logger, onSplit, onCost
		return loki.New(lc)
	case sc.ElasticsearchBlock() != nil:
		ec := sc.ElasticsearchBlock().Config(sc.Name)
		ec.Logger, ec.OnFallback, ec.OnCost, ec.Block = logger, onFallback, onCost, sc.Type
		return elasticsearch.New(ec)
	}
	return nil, fmt.Errorf("type %q: not supported by this build", sc.Type)
}
