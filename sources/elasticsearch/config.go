package elasticsearch

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/leakwatch/leakwatch/internal/backoff"
	"github.com/leakwatch/leakwatch/internal/httpclient"
	"github.com/leakwatch/leakwatch/internal/httpclient/sigv4"
	"github.com/leakwatch/leakwatch/sources"
	promcfg "github.com/prometheus/common/config"
	"github.com/prometheus/common/model"
)

// Pushdown is what a scan asks the cluster for, as the config spells it.
type Pushdown string

// Pushdown modes.
const (
	PushdownDefault Pushdown = "default" // keyword filter derived from the rules (keywordQuery)
	PushdownNone    Pushdown = "none"    // every document in the window: complete, slowest
	PushdownQuery   Pushdown = "query"   // Config.Query, the user's own query DSL object
)

// Flavor is the cluster's kind, as the config spells it.
type Flavor string

// Flavours.
const (
	FlavorAuto          Flavor = "auto"
	FlavorElasticsearch Flavor = "elasticsearch"
	FlavorOpenSearch    Flavor = "opensearch"
)

// MaxPageSize is the default index.max_result_window: from is always 0, so a page of at most
// this size can never hit "Result window is too large".
const MaxPageSize = 10000

// Config describes one Elasticsearch or OpenSearch source.
type Config struct {
	Name string
	// URLs of cluster nodes; requests go round-robin and fail over on transport errors.
	URLs []string
	// Index is an index name, pattern or comma list ("logs-*").
	Index string
	// Flavor is auto (detected from GET /), elasticsearch or opensearch.
	Flavor Flavor
	// TimestampField (default @timestamp) is a date or date_nanos field.
	TimestampField string
	// MessageFields hold the log text (default ["message"]); dotted paths such as
	// "log.original" work for nested objects and flat dotted keys. Several are joined with
	// a newline into one Line.
	MessageFields []string
	// SearchFields are the fields the pushdown queries (default MessageFields); with
	// FieldType keyword on a dynamic mapping that is e.g. "message.keyword".
	SearchFields []string
	// LabelFields become Line.Labels (e.g. service.name, host.name, kubernetes.pod.name).
	LabelFields []string
	// TiebreakerField is a keyword field holding a unique value per document, used to order
	// documents sharing a timestamp where Elasticsearch's _shard_doc is not available:
	// OpenSearch, and any cluster scanned without a point in time.
	TiebreakerField string
	// Pushdown: default, none or query.
	Pushdown Pushdown
	// Query is the query DSL object used with Pushdown "query" (the time range is added).
	Query json.RawMessage
	// FieldType is how SearchFields are mapped: text (default), keyword or wildcard.
	FieldType string
	// PageSize is the number of hits per request (default 1000, at most 10000).
	PageSize int
	// KeepAlive of the point in time between two pages (default 2m).
	KeepAlive time.Duration
	// DisablePIT scans with search_after alone (weaker: see the package doc).
	DisablePIT bool

	// HTTP is how the cluster is reached: authentication (an API key is authorization
	// with type ApiKey), TLS, proxy, headers (prometheus/common's settings; their *_file forms
	// are read on every request, so a rotated file takes effect at once).
	HTTP promcfg.HTTPClientConfig
	// SigV4, when set, signs requests for Amazon OpenSearch Service (service "es" unless
	// service_name says otherwise, e.g. "aoss" for OpenSearch Serverless).
	SigV4 *sigv4.Config
	// Timeout of one HTTP request (default sources.DefaultTimeout).
	Timeout time.Duration
	// Retry is how a request is retried after a 429, a 502/503/504 or a transport error:
	// DefaultRetry's settings where unset. A Retry-After is honoured up to Retry.Max.
	Retry backoff.Policy
	// MaxResponseBytes bounds one response body (default 256 MiB).
	MaxResponseBytes int64

	// KibanaURL and DataViewID build Line.Link; LinkTemplate overrides the form with
	// {kibana}, {data_view}, {index} and {id} placeholders (e.g. for OpenSearch Dashboards).
	KibanaURL, DataViewID, LinkTemplate string

	// Block is the config key of the source's block (elasticsearch or opensearch), which
	// errors about a setting put in front of it; empty outside a config file.
	Block string

	Logger *slog.Logger
	// OnFallback is called when the cluster refuses the pushdown and the source reads without
	// it from then on (a metric); reason is a fixed word.
	OnFallback func(reason string)
	// OnCost is called after each request the cluster answered, with its took (searches) or
	// the request's duration, and the kind the request's context was marked with (a metric).
	OnCost     func(sources.Cost)
	HTTPClient *http.Client
}

// DefaultLinkTemplate is Kibana Discover's single-document view (OpenSearch Dashboards
// serves the same path).
const DefaultLinkTemplate = "{kibana}/app/discover#/doc/{data_view}/{index}?id={id}"

// DefaultRetry is a request's retry policy: 6 tries, waits from 500ms doubling to 30s with
// jitter over [d/2, d] (spreading the retries of several replicas), a Retry-After honoured up
// to 30s; at worst 2m of waiting in all.
var DefaultRetry = backoff.Policy{Attempts: 6, Base: 500 * time.Millisecond, Max: 30 * time.Second, MaxWait: 2 * time.Minute, Jitter: 0.5}

// fill gives each setting c leaves zero its default: a block's keys from
// DefaultSourceConfig, the one table of them, the settings no block has from their own, and
// those that follow another (search_fields from message_fields, the link template from
// kibana_url). It is the guard for a Config built in code (tests, tools), not a second set of
// defaults: a block starts from DefaultSourceConfig before it is decoded.
func (c *Config) fill() {
	d := DefaultSourceConfig()
	if c.Flavor == "" {
		c.Flavor = d.Flavor
	}
	if c.TimestampField == "" {
		c.TimestampField = d.TimestampField
	}
	if len(c.MessageFields) == 0 {
		c.MessageFields = d.MessageFields
	}
	if len(c.SearchFields) == 0 {
		c.SearchFields = c.MessageFields
	}
	if c.Pushdown == "" {
		c.Pushdown = d.Pushdown
	}
	if c.FieldType == "" {
		c.FieldType = d.FieldType
	}
	if c.PageSize == 0 {
		c.PageSize = d.PageSize
	}
	if c.Timeout == 0 {
		c.Timeout = time.Duration(d.Timeout)
	}
	if c.KeepAlive == 0 {
		c.KeepAlive = 2 * time.Minute
	}
	c.Retry = c.Retry.Or(DefaultRetry)
	if c.MaxResponseBytes == 0 {
		c.MaxResponseBytes = 256 << 20
	}
	if c.KibanaURL != "" && c.LinkTemplate == "" {
		c.LinkTemplate = DefaultLinkTemplate
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
}

// validate checks every setting (after fill); errors start with the key at fault and say
// what to do. It is the one check of each: a block's Validate runs it on what New will get,
// New on what it was given.
func (c *Config) validate() ([]*url.URL, error) {
	// In this order, so a config with several mistakes is told of the same one first as before.
	if err := c.validateRequired(); err != nil {
		return nil, err
	}
	nodes, err := nodeURLs(c.URLs)
	if err != nil {
		return nil, err
	}
	for _, check := range []func() error{c.validateOrdering, c.validatePushdown, c.validateLimits, c.validateAccess, c.validateFieldPaths} {
		if err := check(); err != nil {
			return nil, err
		}
	}
	return nodes, nil
}

// validateRequired checks the settings without which nothing can be asked: name, node URLs
// without credentials, index, a query where the pushdown needs one, a timeout.
func (c *Config) validateRequired() error {
	if c.Name == "" {
		return fmt.Errorf("name: required")
	}
	if len(c.URLs) == 0 {
		return fmt.Errorf("urls: at least one node URL is required")
	}
	for i, u := range c.URLs {
		// No credentials in a URL: they would end up in error messages and logs.
		if err := httpclient.CheckURL(u); err != nil {
			return fmt.Errorf("urls[%d]: %w", i, err)
		}
	}
	if c.Index == "" {
		return fmt.Errorf("index: required (an index name or pattern such as logs-*)")
	}
	if c.Pushdown == PushdownQuery && len(c.Query) == 0 {
		return fmt.Errorf("query: required with pushdown: query")
	}
	if len(c.Query) > 0 && !json.Valid(c.Query) {
		return fmt.Errorf("query: not valid JSON (one query DSL object such as {\"match\":{…}})")
	}
	if c.Timeout <= 0 {
		return fmt.Errorf("timeout: must be positive (default %s)", model.Duration(sources.DefaultTimeout))
	}
	return nil
}

// nodeURLs parses the node URLs: http(s), no query or fragment.
func nodeURLs(urls []string) ([]*url.URL, error) {
	var nodes []*url.URL
	for i, raw := range urls {
		u, err := url.Parse(strings.TrimRight(raw, "/"))
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, fmt.Errorf("urls[%d]: want http(s)://host:port", i)
		}
		if u.RawQuery != "" || u.Fragment != "" {
			return nil, fmt.Errorf("urls[%d]: no query or fragment allowed", i)
		}
		nodes = append(nodes, u)
	}
	return nodes, nil
}

// validateOrdering checks the index name, the flavor and that pages can be ordered without
// _shard_doc where there is none.
func (c *Config) validateOrdering() error {
	if strings.ContainsAny(c.Index, " /?#") {
		return fmt.Errorf("index: %q: must not contain spaces, '/', '?' or '#'", c.Index)
	}
	switch c.Flavor {
	case FlavorAuto, FlavorElasticsearch, FlavorOpenSearch:
	default:
		return fmt.Errorf("flavor: %q: want auto, elasticsearch or opensearch", c.Flavor)
	}
	if c.Flavor == FlavorOpenSearch && c.TiebreakerField == "" {
		return errNoTiebreaker("OpenSearch has no _shard_doc before 3.3")
	}
	if c.DisablePIT && c.TiebreakerField == "" {
		return errNoTiebreaker("without a point in time there is no _shard_doc")
	}
	return nil
}

// validatePushdown checks the pushdown mode and its query.
func (c *Config) validatePushdown() error {
	switch c.Pushdown {
	case PushdownDefault, PushdownNone:
		if len(c.Query) > 0 {
			return fmt.Errorf("query: set only with pushdown: query")
		}
	case PushdownQuery:
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(c.Query, &obj); err != nil || len(obj) != 1 {
			return fmt.Errorf("query: pushdown query needs one query DSL object such as {\"match\":{…}}")
		}
	default:
		return fmt.Errorf("pushdown: %q: want default, none or query", c.Pushdown)
	}
	return nil
}

// validateLimits checks the field type, page size, keep-alive and retry settings.
func (c *Config) validateLimits() error {
	if _, err := parseFieldType(c.FieldType); err != nil {
		return fmt.Errorf("field_type: %w", err)
	}
	if c.PageSize < 1 || c.PageSize > MaxPageSize {
		return fmt.Errorf("page_size: %d: want 1..%d (index.max_result_window)", c.PageSize, MaxPageSize)
	}
	if c.KeepAlive < time.Second {
		return fmt.Errorf("keep_alive: %s: want at least 1s", c.KeepAlive)
	}
	if err := c.Retry.Validate(); err != nil {
		return fmt.Errorf("retry: %w", err)
	}
	return nil
}

// validateAccess checks the Kibana link settings and SigV4.
func (c *Config) validateAccess() error {
	if c.KibanaURL != "" && c.DataViewID == "" && strings.Contains(c.LinkTemplate, "{data_view}") {
		return fmt.Errorf("data_view_id: required with kibana_url (the id of the data view over %s)", c.Index)
	}
	return sigv4.Validate(c.HTTP, c.SigV4)
}

// validateFieldPaths checks that every configured field is a plain path (no quotes,
// backslashes or wildcards, which would change the queries built from it).
func (c *Config) validateFieldPaths() error {
	for _, kf := range []struct {
		key    string
		fields []string
	}{{"timestamp_field", []string{c.TimestampField}}, {"tiebreaker_field", []string{c.TiebreakerField}},
		{"message_fields", c.MessageFields}, {"label_fields", c.LabelFields}} {
		for _, f := range kf.fields {
			if strings.ContainsAny(f, "\"\\*") {
				return fmt.Errorf("%s: %q: must be a plain field path", kf.key, f)
			}
		}
	}
	return nil
}

func errNoTiebreaker(why string) error {
	return fmt.Errorf("tiebreaker_field: required here (%s): name a keyword field holding a unique "+
		"value per document, such as event.id; without it, documents sharing a timestamp across a page "+
		"boundary would be skipped or read twice", why)
}

func (c *Config) httpClient() (*http.Client, error) {
	if c.HTTPClient != nil {
		return c.HTTPClient, nil
	}
	var sv *sigv4.Config
	if c.SigV4 != nil {
		v := *c.SigV4
		if v.ServiceName == "" {
			v.ServiceName = SigV4Service
		}
		sv = &v
	}
	// The request timeout is the context's (see do): a point in time's close gets its own.
	return sigv4.New(c.Name, c.HTTP, sv, httpclient.Options{UserAgent: "leakwatch"})
}

// SigV4Service is Amazon OpenSearch Service's signing name.
const SigV4Service = "es"
