package daemon

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"log/slog"
	"strconv"

	"github.com/leakwatch/leakwatch/internal/config"
	"github.com/leakwatch/leakwatch/internal/metrics"
	"github.com/leakwatch/leakwatch/internal/permaudit"
	"github.com/leakwatch/leakwatch/internal/tlsconfig"
	"github.com/leakwatch/leakwatch/sources"
	"github.com/leakwatch/leakwatch/sources/elasticsearch"
	"github.com/leakwatch/leakwatch/sources/file"
	"github.com/leakwatch/leakwatch/sources/loki"
)

// BuildSource makes the source a config entry describes. It makes no network call, so
// `config check` can run it to validate type-specific settings. m, when set, receives the
// source's own events (split windows, pushdown fallbacks).
func BuildSource(sc config.Source, cfg *config.Config, logger *slog.Logger, m *metrics.Metrics) (sources.Source, error) {
	// Each backend adds the source attribute to its own logger, once.
	var onSplit func()
	var onFallback func(string)
	if m != nil {
		splits := m.WindowSplits.WithLabelValues(sc.Name)
		onSplit = splits.Inc
		onFallback = func(reason string) { m.PushdownFallbacks.WithLabelValues(sc.Name, reason).Inc() }
	}
	proxy := sc.ProxyFromEnvironment == nil || *sc.ProxyFromEnvironment
	switch sc.Type {
	case "file_permissions":
		mode, err := strconv.ParseUint(sc.MaxMode, 8, 32)
		if err != nil {
			return nil, fmt.Errorf("max_mode: %w", err)
		}
		return permaudit.NewSource(sc.Name, sc.Paths, permaudit.Options{MaxMode: fs.FileMode(mode), Owner: sc.Owner})
	case "file":
		return file.New(file.Config{Name: sc.Name, Paths: sc.Paths, Exclude: sc.Exclude, MaxLineBytes: cfg.MaxLineBytes, Logger: logger})
	case "loki":
		for i, sel := range sc.Selectors {
			if err := loki.ValidateSelector(sel); err != nil {
				return nil, fmt.Errorf("selectors[%d]: %w", i, err)
			}
		}
		return loki.New(loki.Config{
			Name: sc.Name, URL: sc.URL, Tenant: sc.Tenant, Selectors: sc.Selectors, Limit: sc.Limit, Chunk: sc.Chunk.D(),
			BasicAuthUser: sc.Username, BasicAuthPassword: sc.Password.Reveal(), BearerToken: sc.BearerToken.Reveal(),
			TLS:                  sourceTLS(sc.TLS),
			ProxyFromEnvironment: proxy, Timeout: sc.Timeout.D(),
			GrafanaURL: sc.GrafanaURL, DatasourceUID: sc.DatasourceUID, Logger: logger, OnSplit: onSplit,
		})
	case "elasticsearch", "opensearch":
		flavor := sc.Flavor
		if sc.Type == "opensearch" && flavor == "" {
			flavor = "opensearch"
		}
		var query json.RawMessage
		if sc.Query != "" {
			if !json.Valid([]byte(sc.Query)) {
				return nil, fmt.Errorf("query: not valid JSON")
			}
			query = json.RawMessage(sc.Query)
		}
		return elasticsearch.New(elasticsearch.Config{
			Name: sc.Name, URLs: sc.URLs, Index: sc.Index, Flavor: flavor, TimestampField: sc.TimestampField,
			MessageFields: sc.MessageFields, SearchFields: sc.SearchFields, LabelFields: sc.LabelFields,
			TiebreakerField: sc.TiebreakerField, Pushdown: sc.Pushdown, Query: query, FieldType: sc.FieldType,
			PageSize: sc.PageSize, APIKey: sc.APIKey.Reveal(), Username: sc.Username, Password: sc.Password.Reveal(),
			BearerToken: sc.BearerToken.Reveal(), TLS: sourceTLS(sc.TLS), Timeout: sc.Timeout.D(),
			KibanaURL: sc.KibanaURL, DataViewID: sc.DataViewID, Logger: logger, OnFallback: onFallback,
		})
	}
	return nil, fmt.Errorf("type %q: not supported by this build", sc.Type)
}

// sourceTLS is a source's tls: block; the source reads the files when it is built.
func sourceTLS(t config.TLS) tlsconfig.Config {
	return tlsconfig.Config{CAFile: t.CAFile, CertFile: t.CertFile, KeyFile: t.KeyFile, InsecureSkipVerify: t.InsecureSkipVerify}
}
