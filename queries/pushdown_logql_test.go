package queries_test

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/leakwatch/leakwatch/queries"
	"github.com/leakwatch/leakwatch/sources/loki/logql"
)

// catalogKeywords splits the catalogue's keywords by case rule, as the engine does.
func catalogKeywords(rules []*queries.Rule) (exact, ignoreCase []string) {
	for _, r := range rules {
		if r.IgnoreCase {
			ignoreCase = append(ignoreCase, r.Keywords...)
		} else {
			exact = append(exact, r.Keywords...)
		}
	}
	return exact, ignoreCase
}

func parseFilter(t *testing.T, filter string) *logql.Query {
	t.Helper()
	q, err := logql.ParseQuery(`{job="app"} ` + filter)
	if err != nil {
		t.Fatalf("pushdown does not parse as LogQL: %v\n%s", err, filter)
	}
	return q
}

// TestLogQLLineFilterCatalogSuperset: under Loki's filter semantics every true-positive sample
// of every rule passes the pushdown built from the whole catalogue, and a line without any
// keyword does not (the filter is not trivially true).
func TestLogQLLineFilterCatalogSuperset(t *testing.T) {
	rules := queries.Catalog()
	exact, ic := catalogKeywords(rules)
	filter := queries.LogQLLineFilter(exact, ic)
	q := parseFilter(t, filter)
	samples := 0
	for _, r := range rules {
		for i, s := range r.TruePositives {
			samples++
			if !q.Keep(s) {
				t.Errorf("rule %s: true positive %d is dropped by the pushdown", r.ID, i)
			}
		}
	}
	if samples == 0 {
		t.Fatal("catalogue has no true-positive samples")
	}
	for _, neutral := range []string{"", "GET /healthz 200 3ms", `{"level":"info","msg":"started"}`} {
		matchesSome := false
		for _, r := range rules {
			if r.KeywordMatches(neutral) {
				matchesSome = true
			}
		}
		if !matchesSome && q.Keep(neutral) {
			t.Errorf("line %q has no keyword but passes the pushdown", neutral)
		}
	}
	t.Logf("%d rules, %d samples, pushdown %d bytes", len(rules), samples, len(filter))
}

// TestLogQLLineFilterSemantics: the filter keeps exactly the lines containing a keyword, for
// hand-picked and random keyword sets, including characters that need escaping.
func TestLogQLLineFilterSemantics(t *testing.T) {
	tests := []struct {
		name       string
		exact, ic  []string
		wantPrefix string
		keep, drop []string
	}{
		{"none", nil, nil, "", nil, nil},
		{"exact only is a literal filter", []string{"AKIA", "ghp_"}, nil, `|= `,
			[]string{"x AKIA y", "ghp_abc"}, []string{"akia", "gh p_"}},
		{"ignore case makes one regexp", []string{"AKIA"}, []string{"password"}, `|~ `,
			[]string{"AKIA", "PassWord=1", "PASSWORD"}, []string{"akia", "pass word"}},
		{"escaping", []string{`a"b`, "c`d", `e\f`, "g.h", "(?i)", "|="}, []string{`X"Y`, "[z]"}, `|~ `,
			[]string{`..a"b..`, "c`d", `e\f`, "g.h", "(?i)", "|=", `x"y`, "[Z]"},
			[]string{"gxh", "ab", "z", "i"}},
		{"redundant keywords", []string{"ghp_", "gh", "ghp_x"}, nil, `|= "gh"`,
			[]string{"gh"}, []string{"g h"}},
		{"exact covered by ignore-case", []string{"Secret_Key"}, []string{"secret"}, `|~ "(?i:secret)"`,
			[]string{"SECRET", "Secret_Key"}, []string{"sec ret"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := queries.LogQLLineFilter(tt.exact, tt.ic)
			if !strings.HasPrefix(f, tt.wantPrefix) {
				t.Fatalf("filter %q, want prefix %q", f, tt.wantPrefix)
			}
			if f == "" {
				return
			}
			q := parseFilter(t, f)
			for _, l := range tt.keep {
				if !q.Keep(l) {
					t.Errorf("%q dropped by %s", l, f)
				}
			}
			for _, l := range tt.drop {
				if q.Keep(l) {
					t.Errorf("%q kept by %s", l, f)
				}
			}
		})
	}

	// Random keyword sets over a small alphabet with metacharacters: the filter must agree
	// with the reference semantics (substring, ASCII case-insensitive) on random lines.
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []byte("aAbB.*\\\"`|()_ ")
	word := func(n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = alphabet[rng.IntN(len(alphabet))]
		}
		return string(b)
	}
	for round := 0; round < 300; round++ {
		var exact, ic []string
		for i := rng.IntN(4); i > 0; i-- {
			exact = append(exact, word(1+rng.IntN(3)))
		}
		for i := rng.IntN(3); i > 0; i-- {
			ic = append(ic, word(1+rng.IntN(3)))
		}
		f := queries.LogQLLineFilter(exact, ic)
		if f == "" {
			if len(exact)+len(ic) > 0 {
				t.Fatalf("keywords %q %q gave an empty filter", exact, ic)
			}
			continue
		}
		q := parseFilter(t, f)
		for l := 0; l < 50; l++ {
			line := word(rng.IntN(12))
			want := false
			for _, k := range exact {
				want = want || strings.Contains(line, k)
			}
			for _, k := range ic {
				want = want || strings.Contains(strings.ToLower(line), strings.ToLower(k))
			}
			if got := q.Keep(line); got != want {
				t.Fatalf("exact %q ignoreCase %q: filter %s on %q = %v, want %v", exact, ic, f, line, got, want)
			}
		}
	}
}
