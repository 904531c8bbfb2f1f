package elasticsearch

import (
	"encoding/json"
	"errors"
	"slices"
	"time"

	"github.com/leakwatch/leakwatch/internal/httpclient/sigv4"
	"github.com/leakwatch/leakwatch/sources"
	promcfg "github.com/prometheus/common/config"
	"github.com/prometheus/common/model"
)

// SourceConfig is the `elasticsearch:` block of a source of type elasticsearch in leakwatch's
// config (and, as OpenSearchSourceConfig, the `opensearch:` block of type opensearch): what
// only this backend needs. It is decoded and validated here, as blackbox_exporter's prober
// modules are. Errors start with the key at fault (`index: …`); the config layer puts the
// source's path in front.
type SourceConfig struct {
	URLs            []string       `yaml:"urls"`
	Index           string         `yaml:"index"`
	Flavor          Flavor         `yaml:"flavor,omitempty"`
	TimestampField  string         `yaml:"timestamp_field,omitempty"`
	MessageFields   []string       `yaml:"message_fields,omitempty"`
	SearchFields    []string       `yaml:"search_fields,omitempty"`
	LabelFields     []string       `yaml:"label_fields,omitempty"`
	TiebreakerField string         `yaml:"tiebreaker_field,omitempty"`
	Pushdown        Pushdown       `yaml:"pushdown,omitempty"`
	Query           string         `yaml:"query,omitempty"` // a query DSL object, as JSON
	FieldType       string         `yaml:"field_type,omitempty"`
	PageSize        int            `yaml:"page_size,omitempty"`
	Timeout         model.Duration `yaml:"timeout,omitempty"`
	KibanaURL       string         `yaml:"kibana_url,omitempty"`
	DataViewID      string         `yaml:"data_view_id,omitempty"`
	// SigV4 signs requests for Amazon OpenSearch Service instead of basic_auth or
	// authorization.
	SigV4 *sigv4.Config `yaml:"sigv4,omitempty"`

	// HTTP: basic_auth, authorization (an API key is {type: ApiKey, credentials_file: …}),
	// oauth2, tls_config, proxy_url, http_headers, … as in Prometheus, inline.
	HTTP promcfg.HTTPClientConfig `yaml:",inline"`
}

// OpenSearchSourceConfig is the `opensearch:` block of a source of type opensearch: the
// elasticsearch block's keys, for a cluster known to be OpenSearch (no flavor key).
type OpenSearchSourceConfig SourceConfig

// DefaultSourceConfig holds the defaults of the block. follow_redirects stays off
// (Prometheus: on): a redirect must not carry credentials to another host unasked.
func DefaultSourceConfig() SourceConfig {
	return SourceConfig{Flavor: FlavorAuto, TimestampField: "@timestamp", MessageFields: []string{"message"},
		Pushdown: PushdownDefault, FieldType: "text", PageSize: 1000, Timeout: model.Duration(sources.DefaultTimeout)}
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

// UnmarshalYAML applies the defaults, decodes and validates, with the OpenSearch flavour.
func (c *OpenSearchSourceConfig) UnmarshalYAML(unmarshal func(any) error) error {
	*c = OpenSearchSourceConfig(DefaultSourceConfig())
	c.Flavor = ""
	type plain OpenSearchSourceConfig
	if err := unmarshal((*plain)(c)); err != nil {
		return err
	}
	if c.Flavor != "" {
		return errors.New("flavor: not used in an opensearch block (the type says it is OpenSearch)")
	}
	c.Flavor = FlavorOpenSearch
	return (*SourceConfig)(c).Validate()
}

// MarshalYAML writes the block as a config holds it: without flavor, which the type sets.
func (c OpenSearchSourceConfig) MarshalYAML() (any, error) {
	type plain OpenSearchSourceConfig
	c.Flavor = ""
	return plain(c), nil
}

// Validate checks the block; an error starts with the key at fault. The checks are the
// source's own (Config.validate, one per key), on what New will get, except that the
// timeout is checked as the block holds it: `timeout: 0s` is refused, not made the default.
func (c *SourceConfig) Validate() error {
	cfg := c.Config("check")
	cfg.fill()
	cfg.Timeout = time.Duration(c.Timeout)
	_, err := cfg.validate()
	return err
}

// Config is the source's runtime configuration.
func (c *SourceConfig) Config(name string) Config {
	var q json.RawMessage
	if c.Query != "" {
		q = json.RawMessage(c.Query)
	}
	cfg := Config{
		Name: name, URLs: slices.Clone(c.URLs), Index: c.Index, Flavor: c.Flavor, TimestampField: c.TimestampField,
		MessageFields: slices.Clone(c.MessageFields), SearchFields: slices.Clone(c.SearchFields), LabelFields: slices.Clone(c.LabelFields),
		TiebreakerField: c.TiebreakerField, Pushdown: c.Pushdown, Query: q, FieldType: c.FieldType, PageSize: c.PageSize,
		Timeout: time.Duration(c.Timeout), KibanaURL: c.KibanaURL, DataViewID: c.DataViewID, HTTP: c.HTTP,
	}
	if c.SigV4 != nil {
		v := *c.SigV4
		cfg.SigV4 = &v
	}
	return cfg
}
