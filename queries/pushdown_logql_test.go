package queries_test

import (
	"fmt"
	"math/rand/v2"
	"strconv"
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

func parsePushdowns(t *testing.T, rules []*queries.Rule) []*logql.Query {
	t.Helper()
	pds := queries.LogQLPushdowns(rules)
	if len(pds) == 0 || len(pds) > queries.MaxPushdownGroups {
		t.Fatalf("%d pushdown queries, want 1..%d", len(pds), queries.MaxPushdownGroups)
	}
	qs := make([]*logql.Query, len(pds))
	for i, pd := range pds {
		qs[i] = parseFilter(t, pd)
	}
	return qs
}

func keptBySome(qs []*logql.Query, line string) bool {
	for _, q := range qs {
		if q.Keep(line) {
			return true
		}
	}
	return false
}

// TestLogQLPushdownsCatalogSuperset: under Loki's filter semantics every true-positive sample
// of every rule passes at least one grouped query, also in case variants (upper, lower, and
// the non-ASCII folds ſ and K that Go's (?i) accepts) on which the detector still reports a
// secret; and ordinary lines that only the old single keyword filter kept are now dropped.
func TestLogQLPushdownsCatalogSuperset(t *testing.T) {
	rules := queries.Catalog()
	qs := parsePushdowns(t, rules)
	det, err := queries.New(rules, queries.Options{Key: []byte("k")})
	if err != nil {
		t.Fatal(err)
	}
	variants := func(s string) []string {
		return []string{s, strings.ToUpper(s), strings.ToLower(s),
			strings.ReplaceAll(strings.ReplaceAll(s, "s", "ſ"), "k", "\u212a")}
	}
	samples, checked := 0, 0
	for _, r := range rules {
		for i, s := range r.TruePositives {
			samples++
			for vi, v := range variants(s) {
				found := false
				det.Scan([]byte(v), 0, func(queries.Finding) { found = true })
				if vi > 0 && !found {
					continue
				}
				checked++
				if !keptBySome(qs, v) {
					t.Errorf("rule %s: true positive %d (variant %d) is dropped by every pushdown query", r.ID, i, vi)
				}
			}
		}
	}
	if samples == 0 {
		t.Fatal("catalogue has no true-positive samples")
	}
	// Lines with a keyword but without what the rule's regex needs besides it: the single
	// filter kept them, the grouped queries do not.
	exact, ic := catalogKeywords(rules)
	old := parseFilter(t, queries.LogQLLineFilter(exact, ic))
	for _, l := range []string{
		`10.0.0.1 - - "GET /api HTTP/1.1" 200 5 "https://shop.example.com/cart" "Mozilla/5.0"`,
		`{"msg":"upstream call","upstream":"HTTPS://payments.internal.example/v2/charges"}`,
		`ts=2026-03-01T12:00:00Z level=warn msg="authorization failed" user_id=7 reason=expired`,
		"", "GET /healthz 200 3ms",
	} {
		if keptBySome(qs, l) {
			t.Errorf("ordinary line passes a grouped pushdown query: %q", l)
		}
		if l != "" && !strings.HasPrefix(l, "GET") && !old.Keep(l) {
			t.Errorf("test premise: the single keyword filter should keep %q", l)
		}
	}
	t.Logf("%d rules, %d samples, %d lines checked, %d queries", len(rules), samples, checked, len(qs))
}

// TestPushdownGroupsRefineKeywords: every group's keyword clause uses only catalogue keywords,
// every rule is in exactly one group, and each rule's own samples pass its own group.
func TestPushdownGroupsRefineKeywords(t *testing.T) {
	rules := queries.Catalog()
	byID := map[string]*queries.Rule{}
	kw := map[queries.Literal]bool{}
	for _, r := range rules {
		byID[r.ID] = r
		for _, k := range r.Keywords {
			text := k
			if r.IgnoreCase {
				text = strings.ToLower(k)
			}
			kw[queries.Literal{Text: text, IgnoreCase: r.IgnoreCase && strings.ToLower(k) != strings.ToUpper(k)}] = true
		}
	}
	seen := map[string]int{}
	for gi, g := range queries.PushdownGroups(rules) {
		for _, l := range g.Clauses[0] {
			if !kw[l] {
				t.Errorf("group %d: keyword %+v is not a catalogue keyword", gi, l)
			}
		}
		q := parseFilter(t, queries.LogQLPipeline(g.Clauses))
		for _, id := range g.RuleIDs {
			seen[id]++
			for i, s := range byID[id].TruePositives {
				if !q.Keep(s) {
					t.Errorf("rule %s: sample %d dropped by its own group %s", id, i, queries.LogQLPipeline(g.Clauses))
				}
			}
		}
	}
	for _, r := range rules {
		if seen[r.ID] != 1 {
			t.Errorf("rule %s is in %d groups, want 1", r.ID, seen[r.ID])
		}
	}
}

// TestPushdownGroupsSplitsWeakKeywords: hand-made rules show what is split off and how.
func TestPushdownGroupsSplitsWeakKeywords(t *testing.T) {
	rule := func(id string, ic bool, regex string, kws ...string) *queries.Rule {
		return &queries.Rule{ID: id, Severity: queries.High, Keywords: kws, IgnoreCase: ic, Regex: regex}
	}
	tests := []struct {
		name  string
		rules []*queries.Rule
		want  []string
	}{
		{"distinctive prefix stays in the plain group",
			[]*queries.Rule{rule("a", false, `ghp_[A-Za-z0-9]{36}`, "ghp_")},
			[]string{`|= "ghp_"`}},
		{"scheme plus required @",
			[]*queries.Rule{rule("a", false, `ghp_[A-Za-z0-9]{36}`, "ghp_"), rule("u", true, `(?i:https?)://[^:@]*:([^@]+)@`, "http://", "https://")},
			[]string{`|= "ghp_"`, `|= "@" |~ "(?i:http://)|(?i:https://)"`}},
		{"case-insensitive extra literal spells out non-ASCII folds and goes last",
			[]*queries.Rule{rule("b", true, `(?i:authorization):\s*(?i:basic)\s+(\S+)`, "authorization")},
			[]string{`|~ "(?i:authorization)" |~ "(?i:ba[sſS]ic)"`}},
		{"alternation gives an OR clause",
			[]*queries.Rule{rule("d", true, `(?:(?i:discord)=|(?i:authorization)=(?i:bot) )(\S+)`, "discord", "authorization")},
			[]string{`|~ "(?i:authorization)|(?i:discord)" |~ "(?i:bot)|(?i:di[sſS]cord)"`}},
		{"single punctuation is not worth a query",
			[]*queries.Rule{rule("j", false, `eyJ[a-z]+\.[a-z]+`, "eyJ")},
			[]string{`|= "eyJ"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := queries.LogQLPushdowns(tt.rules)
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Fatalf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
			for _, pd := range got {
				parseFilter(t, pd)
			}
		})
	}

	// More extra clauses than queries: groups merge, and every sample still passes.
	var many []*queries.Rule
	var lines []string
	for i, w := range []string{"alpha", "bravo", "charlie", "delta", "echo", "foxtrot"} {
		many = append(many, rule(fmt.Sprintf("r%d", i), true, `(?i:key`+strconv.Itoa(i)+`)=(?i:`+w+`)-(\d+)`, "key"+strconv.Itoa(i)))
		lines = append(lines, fmt.Sprintf("x KEY%d=%s-123 y", i, strings.ToUpper(w)))
	}
	qs := parsePushdowns(t, many)
	if len(qs) != queries.MaxPushdownGroups {
		t.Errorf("%d queries, want %d", len(qs), queries.MaxPushdownGroups)
	}
	for _, l := range lines {
		if !keptBySome(qs, l) {
			t.Errorf("merged groups drop %q", l)
		}
	}
	if keptBySome(qs, "KEY0=nothing") {
		t.Error("merged groups keep a line with no extra literal at all")
	}
}
