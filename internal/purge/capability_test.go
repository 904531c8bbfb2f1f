package purge

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/leakwatch/leakwatch/internal/state"
	"github.com/leakwatch/leakwatch/sources"
	"github.com/leakwatch/leakwatch/sources/file"
)

// metered wraps a source as a metrics or tracing decorator would: it hides the inner
// source's methods but says what it wraps.
type metered struct{ sources.Source }

func (m metered) Unwrap() sources.Source { return m.Source }

// opaque wraps without Unwrap: nothing can be found through it.
type opaque struct{ sources.Source }

// TestPurgeCapabilityLookup: a wrapped Loki source keeps its purge capability (found
// through the wrappers, the same requests planned); a source without one (files, or one
// hidden behind a wrapper that does not say what it wraps) has its lines listed, recorded
// as such.
func TestPurgeCapabilityLookup(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)

	var direct bytes.Buffer
	_, err := Run(ctx, Options{Store: e.st, Sources: map[string]Source{"loki-prod": SourceOf("loki", e.src)}, Out: &direct, DryRun: true}, e.id)
	must(t, err)
	if !strings.Contains(direct.String(), "POST /loki/api/v1/delete?") {
		t.Fatalf("dry run of the Loki source printed no delete request:\n%s", direct.String())
	}
	for _, src := range []sources.Source{metered{e.src}, metered{metered{e.src}}} {
		ps := SourceOf("loki", src)
		if ps.Purger == nil {
			t.Fatalf("%T: the purge capability was not found through the wrapper", src)
		}
		var out bytes.Buffer
		_, err := Run(ctx, Options{Store: e.st, Sources: map[string]Source{"loki-prod": ps}, Out: &out, DryRun: true}, e.id)
		must(t, err)
		if out.String() != direct.String() {
			t.Fatalf("%T: dry run through the wrapper differs:\n%s\nwant:\n%s", src, out.String(), direct.String())
		}
	}

	fsrc, err := file.New(file.Config{Name: "loki-prod", Paths: []string{filepath.Join(t.TempDir(), "app.log")}})
	must(t, err)
	for _, src := range []sources.Source{fsrc, metered{fsrc}, opaque{e.src}, nil} {
		ps := SourceOf("file", src)
		if ps.Purger != nil {
			t.Fatalf("%T: found a purge capability", src)
		}
		var out bytes.Buffer
		sum, err := Run(ctx, Options{Store: e.st, Sources: map[string]Source{"loki-prod": ps}, Out: &out}, e.id)
		must(t, err)
		if sum[state.PurgeNotPossible] != 1 || len(sum) != 1 || sum.Clean() {
			t.Fatalf("%T: summary = %v, want the line not possible to purge", src, sum)
		}
		if !strings.Contains(out.String(), "never edits the files it reads") || strings.Contains(out.String(), "/loki/api/v1/delete") {
			t.Fatalf("%T: output does not list the line for a person:\n%s", src, out.String())
		}
	}
	in, err := e.st.Incident(ctx, e.id)
	must(t, err)
	if len(in.Purges) != 4 {
		t.Fatalf("recorded %d purges, want one per listed run: %+v", len(in.Purges), in.Purges)
	}
	if KindListed != "file" {
		t.Fatalf("listed lines are recorded as %q: earlier records say \"file\"", KindListed)
	}
	for _, p := range in.Purges {
		if p.Kind != string(KindListed) || p.Status != state.PurgeNotPossible {
			t.Fatalf("recorded %+v, want kind file, not possible", p)
		}
	}
	if n := len(e.fake.DeleteRequests()); n != 0 {
		t.Fatalf("%d delete request(s) sent to Loki", n)
	}
}
