package filepermissions

import (
	"github.com/leakwatch/leakwatch/sources"
)

// Type is the store type's name in the config.
const Type sources.TypeName = "file_permissions"

func init() {
	sources.Register(sources.Type{
		Name: Type,
		NewBlock: func() sources.Block {
			c := DefaultSourceConfig()
			return &c
		},
		// This host's files, one audit a run.
		Traits: sources.Traits{PerHost: true, Checkpointed: true, BlockOptional: true,
			NoHistory: "a file_permissions audit: it checks files as they are now, so there is no history to backfill; " +
				"audit them once with: leakwatch audit PATH..."},
		Moved: map[string]sources.MovedKey{"paths": {To: "paths"}, "max_mode": {To: "max_mode"}, "owner": {To: "owner"}},
	})
}

// Build makes the audit source the block describes.
func (c *SourceConfig) Build(o sources.BuildOptions) (sources.Source, error) {
	s, err := NewSourceFromConfig(o.Name, *c)
	if err != nil {
		return nil, err
	}
	return s, nil
}
