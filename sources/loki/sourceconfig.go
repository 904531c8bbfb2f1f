package loki

import (
	"slices"
	"time"

	"github.com/leakwatch/leakwatch/sources"
	promcfg "github.com/prometheus/common/config"
	"github.com/prometheus/common/model"
)

// SourceConfig is the `loki:` block of a source of type loki in leakwatch's config: what
// only Loki needs. It is decoded and validated here, as blackbox_exporter's prober modules
// are, so the config layer holds no Loki knowledge. Errors start with the key at fault
// (`url: …`); the config layer puts the source's path in front.
type SourceConfig struct {
	// URL of Loki or of a gateway in front of it, with any path prefix.
	URL string `yaml:"url"`
	// Tenant is sent as X-Scope-OrgID ("a|b" queries several tenants).
	Tenant string `yaml:"tenant,omitempty"`
	// Selectors are LogQL stream selectors, each queried separately.
	Selectors []string `yaml:"selectors,omitempty"`
	// Limit is entries per request, at most the server's max_entries_limit_per_query.
	Limit int `yaml:"limit,omitempty"`
	// Timeout of one request (default sources.DefaultTimeout).
	Timeout model.Duration `yaml:"timeout,omitempty"`
	// GrafanaURL and DatasourceUID make alert links open the line in Grafana Explore.
	GrafanaURL    string `yaml:"grafana_url,omitempty"`
	DatasourceUID string `yaml:"datasource_uid,omitempty"`
	// StructuredMetadata names the structured metadata (as Loki stores them: a.b becomes
	// a_b) to search for the rules' keywords as well: Loki's line filters never see metadata.
	StructuredMetadata []string `yaml:"structured_metadata,omitempty"`

	// HTTP: basic_auth, authorization, oauth2, tls_config, proxy_url, http_headers, … as in
	// Prometheus' scrape configs, inline.
	HTTP promcfg.HTTPClientConfig `yaml:",inline"`
}

// MaxBlockLimit is the largest limit a block may set: Loki's default
// max_entries_limit_per_query.
const MaxBlockLimit = 5000

// DefaultSourceConfig holds the defaults of a `loki:` block. follow_redirects stays off
// (Prometheus: on): a redirect must not carry credentials to another host unasked.
func DefaultSourceConfig() SourceConfig {
	return SourceConfig{Selectors: []string{DefaultSelector}, Limit: 5000, Timeout: model.Duration(sources.DefaultTimeout)}
}

// UnmarshalYAML applies the defaults, decodes and validates.
func (c *SourceConfig) UnmarshalYAML(unmarshal func(any) error) error {
	*c = DefaultSourceConfig()
	type plain SourceConfig
	if err := unmarshal((*plain)(c)); err != nil {
		return err
	}
	return c.Validate()
}

// Validate checks the block; an error starts with the key at fault. The checks are the
// source's own (Config.validate, one per key), on the values New will get.
func (c *SourceConfig) Validate() error {
	cfg := c.Config("check", 0)
	return cfg.validate(MaxBlockLimit)
}

// Config is the source's runtime configuration; chunk is the source's query range.
func (c *SourceConfig) Config(name string, chunk time.Duration) Config {
	return Config{
		Name: name, URL: c.URL, Tenant: c.Tenant, Selectors: slices.Clone(c.Selectors), Limit: c.Limit, Chunk: chunk,
		Timeout: time.Duration(c.Timeout), GrafanaURL: c.GrafanaURL, DatasourceUID: c.DatasourceUID, HTTP: c.HTTP,
		StructuredMetadata: slices.Clone(c.StructuredMetadata),
	}
}
