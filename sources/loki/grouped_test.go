package loki_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/leakwatch/leakwatch/internal/engine"
	"github.com/leakwatch/leakwatch/queries"
	"github.com/leakwatch/leakwatch/sources"
	"github.com/leakwatch/leakwatch/sources/loki"
	"github.com/leakwatch/leakwatch/sources/loki/lokifake"
)

// TestScanGroupedPushdown: with filter groups, each chunk is read once per group query; a
// line matching two groups is emitted once; a line with a keyword but not its group's extra
// literal stays in Loki. Pages of 7 entries with many entries on one timestamp make the
// group queries page (and read single nanoseconds stream by stream).
func TestScanGroupedPushdown(t *testing.T) {
	f, u := newFake(t, lokifake.Options{})
	k := func(text string, ic bool) sources.Keyword { return sources.Keyword{Text: text, IgnoreCase: ic} }
	filter := sources.Filter{
		Keywords: []sources.Keyword{k("ghp_", false), k("https://", true)},
		Groups: []sources.Group{
			{{k("ghp_", false)}},
			{{k("https://", true)}, {k("@", false)}}, // keywords first, then the extra literal
		},
	}
	want := map[string]bool{}
	for st := 0; st < 3; st++ {
		job := fmt.Sprintf("app%d", st)
		var es []lokifake.Entry
		for i := 0; i < 40; i++ {
			at := t0.Add(time.Duration(i/10) * time.Minute) // 10 entries per timestamp and stream
			var text string
			switch i % 4 {
			case 0:
				text = fmt.Sprintf("token ghp_%d", i) // group 1
			case 1:
				text = fmt.Sprintf("clone HTTPS://u:p%d@git.example", i) // group 2
			case 2:
				text = fmt.Sprintf("both ghp_%d https://u:p@x", i) // groups 1 and 2
			default:
				text = fmt.Sprintf("GET https://shop.example/%d", i) // keyword, no "@": stays in Loki
			}
			if i%4 != 3 {
				want[job+"|"+text] = true
			}
			es = append(es, lokifake.Entry{Time: at, Line: text})
		}
		if err := f.Push("fake", map[string]string{"job": job}, es...); err != nil {
			t.Fatal(err)
		}
	}
	before := len(f.Requests())
	s := newSource(t, u, func(c *loki.Config) { c.Limit = 7 })
	lines, _, err := collect(context.Background(), s, hour(2), filter)
	if err != nil {
		t.Fatal(err)
	}
	assertExactlyOnce(t, lines, want)
	pds := loki.Pushdowns(filter)
	if len(pds) != 2 || pds[0] != `|= "ghp_"` || pds[1] != `|= "@" |~ "(?i:https://)"` {
		t.Fatalf("pushdowns %q", pds)
	}
	perFilter := map[string]int{}
	for _, r := range f.Requests()[before:] {
		if r.Path != "/loki/api/v1/query_range" {
			continue
		}
		q := r.Form.Get("query")
		for _, pd := range pds {
			if strings.HasSuffix(q, " "+pd) {
				perFilter[pd]++
			}
		}
	}
	for _, pd := range pds {
		if perFilter[pd] == 0 {
			t.Errorf("no query with pushdown %s", pd)
		}
	}
}

// TestPushdownsFromEngineFilter: the engine's filter for the catalogue gives Loki the grouped
// queries of queries.LogQLPushdowns, and a filter without groups keeps the single filter.
func TestPushdownsFromEngineFilter(t *testing.T) {
	det, err := queries.New(queries.Catalog(), queries.Options{Key: []byte("k")})
	if err != nil {
		t.Fatal(err)
	}
	f := engine.Filter(det)
	got, want := loki.Pushdowns(f), queries.LogQLPushdowns(det.Rules())
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("loki pushdowns\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(got) < 2 || len(got) > queries.MaxPushdownGroups {
		t.Errorf("%d pushdown queries, want 2..%d", len(got), queries.MaxPushdownGroups)
	}
	if single := loki.Pushdowns(sources.Filter{Keywords: f.Keywords}); len(single) != 1 || single[0] != loki.Pushdown(f) {
		t.Errorf("filter without groups: %q, want the single keyword filter", single)
	}
	if none := loki.Pushdowns(sources.Filter{}); len(none) != 1 || none[0] != "" {
		t.Errorf("empty filter: %q, want one unfiltered query", none)
	}
}
