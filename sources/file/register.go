package file

import (
	"time"

	"github.com/leakwatch/leakwatch/sources"
)

// Type is the store type's name in the config.
const Type sources.TypeName = "file"

func init() {
	sources.Register(sources.Type{
		Name:     Type,
		NewBlock: func() sources.Block { return new(SourceConfig) },
		// Files are this host's, read from a checkpoint by position.
		Traits: sources.Traits{PerHost: true, Checkpointed: true, ByPosition: true, DefaultInterval: time.Minute,
			NoHistory: "a file source: files are read by position, not by time, so there is no history to backfill; " +
				"scan files with: leakwatch scan PATH..."},
		Moved: map[string]sources.MovedKey{"paths": {To: "paths"}, "exclude": {To: "exclude"}},
	})
}

// Build makes the source the block describes.
func (c *SourceConfig) Build(o sources.BuildOptions) (sources.Source, error) {
	fc := c.Config(o.Name, o.MaxLineBytes)
	fc.Logger = o.Logger
	s, err := New(fc)
	if err != nil {
		return nil, err
	}
	return s, nil
}
