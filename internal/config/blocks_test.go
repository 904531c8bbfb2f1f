package config

import (
	"github.com/leakwatch/leakwatch/internal/permaudit"
	"github.com/leakwatch/leakwatch/sources/elasticsearch"
	"github.com/leakwatch/leakwatch/sources/loki"

	_ "github.com/leakwatch/leakwatch/sources/all" // the config's store types
)

// The blocks a test reads, by type (nil when the source has another type).
func lokiBlock(s Source) *loki.SourceConfig      { b, _ := s.Block.(*loki.SourceConfig); return b }
func permBlock(s Source) *permaudit.SourceConfig { b, _ := s.Block.(*permaudit.SourceConfig); return b }
func osBlock(s Source) *elasticsearch.OpenSearchSourceConfig {
	b, _ := s.Block.(*elasticsearch.OpenSearchSourceConfig)
	return b
}
