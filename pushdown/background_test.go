package pushdown_test

import (
	"bytes"
	"os"
	"reflect"
	"testing"

	"github.com/leakwatch/leakwatch/internal/corpus"
	"github.com/leakwatch/leakwatch/pushdown"
)

// The background sample's size and seed (see pushdown.Background). Changing either, or the
// corpus generator, changes every plan: regenerate the sample, then the engine's shipped plan.
const (
	backgroundSize = 192 << 10
	backgroundSeed = 1
)

// TestBackgroundFresh: background.log holds the lines the corpus generator makes today for
// the sample's size and seed (go test ./pushdown -run TestBackgroundFresh -update rewrites it).
func TestBackgroundFresh(t *testing.T) {
	want := corpus.Background(backgroundSize, backgroundSeed)
	if len(want) == 0 {
		t.Fatal("the corpus generator made no background lines")
	}
	if *update {
		b := append(bytes.Join(want, []byte("\n")), '\n')
		if err := os.WriteFile("background.log", b, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if got := pushdown.Background(); !reflect.DeepEqual(got, want) {
		t.Fatalf("pushdown/background.log is stale (%d lines, the generator makes %d): go test ./pushdown -run TestBackgroundFresh -update, then go test ./internal/engine -run TestCatalogPlanFresh -update",
			len(got), len(want))
	}
}
