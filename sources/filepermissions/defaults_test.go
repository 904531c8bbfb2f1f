package filepermissions

import (
	"slices"
	"testing"
)

// TestBlockDefaultsAreTheAudits: the block's defaults are an audit's, and a bad glob is
// refused with the same words by the block and by an audit's options.
func TestBlockDefaultsAreTheAudits(t *testing.T) {
	d := DefaultSourceConfig()
	if m, err := d.mode(); err != nil || m != DefaultMaxMode || d.MaxMode != "0600" || !slices.Equal(d.Paths, DefaultPatterns) {
		t.Errorf("DefaultSourceConfig = %+v (mode %v, %v), want DefaultPatterns and 0600", d, m, err)
	}
	b := SourceConfig{Paths: []string{"/etc/**/.env", "/srv/[x"}, MaxMode: "0600"}
	o := Options{Patterns: b.Paths}
	be, oe := b.Validate(), o.Validate()
	if be == nil || oe == nil || be.Error() != oe.Error() || be.Error() != `paths[1]: bad glob "/srv/[x"` {
		t.Errorf("block: %v; options: %v; want both paths[1]: bad glob \"/srv/[x\"", be, oe)
	}
}
