package pushdown_test

import (
	"testing"

	"github.com/leakwatch/leakwatch/pushdown"
	"github.com/leakwatch/leakwatch/queries"
)

// BenchmarkBuildCatalog plans the built-in catalogue under the Loki model: what a user waits
// for at start-up and on every reload once the catalogue differs from the shipped plan.
func BenchmarkBuildCatalog(b *testing.B) {
	rules := planInput(queries.Catalog())
	m := pushdown.LokiCostModel(pushdown.Background())
	b.ResetTimer()
	for range b.N {
		pushdown.Build(rules, m)
	}
}
