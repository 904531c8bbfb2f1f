package loki

import (
	"github.com/leakwatch/leakwatch/internal/httpclient"
	"github.com/leakwatch/leakwatch/sources"
)

// Type is the store type's name in the config.
const Type sources.TypeName = "loki"

func init() {
	sources.Register(sources.Type{
		Name:     Type,
		NewBlock: func() sources.Block { return new(SourceConfig) },
		Traits:   sources.Traits{StoreCost: true},
		Moved: sources.WithHTTPMoves(map[string]sources.MovedKey{
			"url": {To: "url"}, "tenant": {To: "tenant"}, "selector": {To: "selectors[]", Note: "a list"},
			"selectors": {To: "selectors"}, "limit": {To: "limit"}, "grafana_url": {To: "grafana_url"},
			"datasource_uid": {To: "datasource_uid"},
		}),
	})
}

// Build makes the source the block describes.
func (c *SourceConfig) Build(o sources.BuildOptions) (sources.Source, error) {
	lc := c.Config(o.Name, o.Chunk)
	lc.Logger, lc.OnSplit, lc.OnCost = o.Logger, o.OnSplit, o.OnCost
	s, err := New(lc)
	if err != nil {
		return nil, err
	}
	return s, nil
}

// Files lists the files the block's HTTP settings read.
func (c *SourceConfig) Files() []sources.File { return files(httpclient.Files(&c.HTTP)) }

// SetDirectory makes the HTTP settings' relative file paths relative to dir.
func (c *SourceConfig) SetDirectory(dir string) { c.HTTP.SetDirectory(dir) }

func files(fs []httpclient.File) []sources.File {
	out := make([]sources.File, len(fs))
	for i, f := range fs {
		out[i] = sources.File{Key: f.Key, Path: f.Path}
	}
	return out
}
