package elasticsearch

import (
	"github.com/leakwatch/leakwatch/internal/httpclient"
	"github.com/leakwatch/leakwatch/sources"
)

// The two store types this package serves: one client, two names (and blocks).
const (
	Type           sources.TypeName = "elasticsearch"
	TypeOpenSearch sources.TypeName = "opensearch"
)

func init() {
	moved := map[string]sources.MovedKey{
		"url": {To: "urls[]", Note: "a list"}, "urls": {To: "urls"}, "index": {To: "index"}, "timestamp_field": {To: "timestamp_field"},
		"message_fields": {To: "message_fields"}, "search_fields": {To: "search_fields"}, "flavor": {To: "flavor"},
		"label_fields": {To: "label_fields"}, "tiebreaker_field": {To: "tiebreaker_field"}, "pushdown": {To: "pushdown"},
		"query": {To: "query"}, "field_type": {To: "field_type"}, "page_size": {To: "page_size"},
		"kibana_url": {To: "kibana_url"}, "data_view_id": {To: "data_view_id"},
		"api_key": {To: "authorization.credentials", Note: "with authorization.type: ApiKey; the encoded key",
			Set: map[string]string{"authorization.type": "ApiKey"}},
		"api_key_file": {To: "authorization.credentials_file", Note: "with authorization.type: ApiKey; the encoded key",
			Set: map[string]string{"authorization.type": "ApiKey"}},
	}
	traits := sources.Traits{StoreCost: true}
	sources.Register(sources.Type{
		Name:     Type,
		NewBlock: func() sources.Block { return new(SourceConfig) },
		Traits:   traits,
		Moved:    sources.WithHTTPMoves(moved),
	})
	os := sources.WithHTTPMoves(moved)
	os["flavor"] = sources.MovedKey{Note: "dropped: type opensearch is OpenSearch"}
	sources.Register(sources.Type{
		Name:     TypeOpenSearch,
		NewBlock: func() sources.Block { return new(OpenSearchSourceConfig) },
		Traits:   traits,
		Moved:    os,
	})
}

// Build makes the source the block describes.
func (c *SourceConfig) Build(o sources.BuildOptions) (sources.Source, error) {
	ec := c.Config(o.Name)
	ec.Logger, ec.OnFallback, ec.OnCost, ec.Block = o.Logger, o.OnFallback, o.OnCost, string(o.Type)
	s, err := New(ec)
	if err != nil {
		return nil, err
	}
	return s, nil
}

// Files lists the files the block's HTTP settings and SigV4 block read.
func (c *SourceConfig) Files() []sources.File {
	fs := append(httpclient.Files(&c.HTTP), c.SigV4.Files()...)
	out := make([]sources.File, len(fs))
	for i, f := range fs {
		out[i] = sources.File{Key: f.Key, Path: f.Path}
	}
	return out
}

// SetDirectory makes the relative file paths relative to dir.
func (c *SourceConfig) SetDirectory(dir string) {
	c.HTTP.SetDirectory(dir)
	c.SigV4.SetDirectory(dir)
}

// Build makes the source the block describes.
func (c *OpenSearchSourceConfig) Build(o sources.BuildOptions) (sources.Source, error) {
	return (*SourceConfig)(c).Build(o)
}

// Files lists the files the block reads.
func (c *OpenSearchSourceConfig) Files() []sources.File { return (*SourceConfig)(c).Files() }

// SetDirectory makes the relative file paths relative to dir.
func (c *OpenSearchSourceConfig) SetDirectory(dir string) { (*SourceConfig)(c).SetDirectory(dir) }
