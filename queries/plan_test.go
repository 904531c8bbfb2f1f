package queries_test

import (
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/leakwatch/leakwatch/internal/corpus"
	"github.com/leakwatch/leakwatch/queries"
	"github.com/leakwatch/leakwatch/sources"
	"github.com/leakwatch/leakwatch/sources/loki"
	"github.com/leakwatch/leakwatch/sources/loki/logql"
)

func sourcesFilter(p queries.Plan) sources.Filter { return sources.Filter{Plan: &p} }

var planSample = sync.OnceValue(func() [][]byte { return corpus.Background(192<<10, 1) })

// lokiQuery plans rules under the Loki cost model and parses the rendered LogQL with Loki's
// filter semantics (the fake's parser).
func lokiQuery(t testing.TB, rules []*queries.Rule) (queries.Plan, *logql.Query) {
	t.Helper()
	p := queries.PlanPushdown(rules, queries.LokiCostModel(planSample()))
	q, err := logql.ParseQuery(loki.Query(`{job="app"}`, sourcesFilter(p)))
	if err != nil {
		t.Fatalf("pushdown does not parse as LogQL: %v\n%s", err, loki.LogQL(&p))
	}
	return p, q
}

// parsePushdowns is the one Loki query of the rules' plan (a slice for keptBySome).
func parsePushdowns(t testing.TB, rules []*queries.Rule) []*logql.Query {
	_, q := lokiQuery(t, rules)
	return []*logql.Query{q}
}

func keptBySome(qs []*logql.Query, line string) bool {
	for _, q := range qs {
		if q.Keep(line) {
			return true
		}
	}
	return false
}

// caseVariants are the spellings of a line a store must still return: as written, upper,
// lower, and random ASCII case flips.
func caseVariants(rng *rand.Rand, line string) []string {
	out := []string{line, strings.ToUpper(line), strings.ToLower(line)}
	for range 3 {
		b := []byte(line)
		for i, c := range b {
			if rng.IntN(2) == 0 {
				switch {
				case 'a' <= c && c <= 'z':
					b[i] = c - 'a' + 'A'
				case 'A' <= c && c <= 'Z':
					b[i] = c - 'A' + 'a'
				}
			}
		}
		out = append(out, string(b))
	}
	return out
}

// TestPlanSuperset is the superset proof: every line that any rule of the catalogue, a custom
// rule or an imported gitleaks rule reports — each true-positive sample and its case
// variants — passes the rendered Loki filter under Loki's semantics, and the plan's own
// evaluation agrees with Loki's on it.
func TestPlanSuperset(t *testing.T) {
	custom := &queries.Rule{ID: "custom:acme", Description: "Acme key", Severity: queries.High,
		Keywords: []string{"acme_live_"}, Regex: `acme_live_([a-z0-9]{24})`,
		TruePositives: []string{"key=acme_live_0a1b2c3d4e5f6a7b8c9d0e1f"}}
	rules := append(append(queries.Catalog(), importedTestdata(t)...), custom)
	det, err := queries.New(rules, queries.Options{Key: []byte("k")})
	if err != nil {
		t.Fatal(err)
	}
	plan, q := lokiQuery(t, rules)
	if !q.SubstringOnly() {
		t.Fatalf("the pushdown asks Loki to run a regexp on every line: %s", loki.LogQL(&plan))
	}
	rng := rand.New(rand.NewPCG(3, 4))
	checked := 0
	for _, r := range rules {
		for i, s := range r.TruePositives {
			for _, v := range caseVariants(rng, s) {
				reported := false
				det.Scan([]byte(v), 0, func(queries.Finding) { reported = true })
				if !reported {
					continue
				}
				checked++
				if !q.Keep(v) {
					t.Errorf("rule %s: true positive %d (a variant reported by the detector) is dropped by the pushdown", r.ID, i)
				}
				if !plan.Keep([]byte(v)) {
					t.Errorf("rule %s: true positive %d fails the plan's own evaluation", r.ID, i)
				}
			}
		}
	}
	if checked < len(rules) {
		t.Fatalf("only %d reported lines for %d rules: the proof is too thin", checked, len(rules))
	}
	// Every rule is covered by a literal of the first stage.
	for _, c := range plan.Covers {
		if len(c.Literals) == 0 {
			t.Errorf("rule %s has no covering literal", c.RuleID)
		}
	}
	t.Logf("%d reported lines checked; plan: %d literals (%d case-insensitive) in %d stages, modelled cost %.2f floors, %.2f%% of lines returned",
		checked, plan.Estimate.Literals, plan.Estimate.FoldLiterals, len(plan.Stages), plan.Estimate.Cost, 100*plan.Estimate.Returned)
}

// TestPlanCheaperThanKeywords: the plan costs less, under its own model, than sending every
// keyword (what a keyword filter would), and uses far fewer literal tests per line.
func TestPlanCheaperThanKeywords(t *testing.T) {
	rules := queries.Catalog()
	m := queries.LokiCostModel(planSample())
	plan := queries.PlanPushdown(rules, m)
	naive := m.Estimate([]queries.Clause{queries.PlanPushdown(rules, queries.CostModel{}).Keywords})
	if plan.Estimate.Cost >= naive.Cost {
		t.Fatalf("plan costs %.2f floors, every keyword %.2f", plan.Estimate.Cost, naive.Cost)
	}
	// Every line meets the first stage; later stages see only what it lets through.
	if lits, all := len(plan.Stages[0]), naive.Literals+naive.FoldLiterals; lits*2 > all {
		t.Fatalf("plan tests %d literals on every line, every keyword %d", lits, all)
	}
	if got := m.Estimate(plan.Stages); got.Literals != plan.Estimate.Literals || got.FoldLiterals != plan.Estimate.FoldLiterals {
		t.Fatalf("Estimate of the plan's stages %+v disagrees with the plan's %+v", got, plan.Estimate)
	}
	t.Logf("plan %.2f floors (%d+%d literals), every keyword %.2f floors (%d+%d)", plan.Estimate.Cost,
		plan.Estimate.Literals, plan.Estimate.FoldLiterals, naive.Cost, naive.Literals, naive.FoldLiterals)
}

func lines(s ...string) [][]byte {
	out := make([][]byte, len(s))
	for i, l := range s {
		out[i] = []byte(l)
	}
	return out
}

func stageTexts(p queries.Plan) [][]string {
	var out [][]string
	for _, st := range p.Stages {
		var ts []string
		for _, l := range st {
			t := l.Text
			if l.IgnoreCase {
				t = "(?i)" + t
			}
			ts = append(ts, t)
		}
		out = append(out, ts)
	}
	return out
}

// TestPlanChoices: the planner rides on short shared literals when the sample says they are
// rare, keeps distinctive ones when a shared part is common, covers case-insensitive
// keywords with letterless parts when it can, and sends no filter when filtering costs more
// than it saves.
func TestPlanChoices(t *testing.T) {
	slack := []*queries.Rule{
		{ID: "b", Keywords: []string{"xoxb-"}, Regex: `xoxb-[0-9]{10}`},
		{ID: "p", Keywords: []string{"xoxp-"}, Regex: `xoxp-[0-9]{10}`},
		{ID: "a", Keywords: []string{"xoxa-", "xoxr-"}, Regex: `xox[ar]-[0-9]{10}`},
	}
	uri := []*queries.Rule{
		{ID: "pg", Keywords: []string{"postgres://"}, IgnoreCase: true, Regex: `(?i)postgres://[a-z]+:([^@\s]+)@`},
		{ID: "redis", Keywords: []string{"redis://"}, IgnoreCase: true, Regex: `(?i)redis://[a-z]*:([^@\s]+)@`},
	}
	ordinary := lines(`{"msg":"GET /healthz 200","path":"/v1/users"}`, `level=info msg="cache warm" size=42`,
		`10.0.0.1 - - "GET /index.html HTTP/1.1" 200 612`, `{"msg":"connected","db":"orders"}`)
	m := queries.LokiCostModel(ordinary)
	tests := []struct {
		name   string
		rules  []*queries.Rule
		sample [][]byte
		want   [][]string
	}{
		{"a shared prefix", slack, ordinary, [][]string{{"xox"}}},
		{"letterless parts of case-insensitive keywords", uri, ordinary, [][]string{{"://"}}},
		{"a common shared part is not used", slack, lines("xox - xox", "xoxo -", "- xox!", "xox? -", `a - - "GET /"`, "b - c"),
			[][]string{{"xoxa-", "xoxb-", "xoxp-", "xoxr-"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m.Sample = tt.sample
			got := stageTexts(queries.PlanPushdown(tt.rules, m))
			if len(got) == 0 || !slices.Equal(got[0], tt.want[0]) {
				t.Fatalf("first stage %v, want %v", got, tt.want)
			}
		})
	}
	t.Run("no filter when every line would come back anyway", func(t *testing.T) {
		m := queries.LokiCostModel(lines("xoxb- a", "xoxp- b", "xoxa- xoxr-"))
		if p := queries.PlanPushdown(slack, m); !p.Empty() {
			t.Fatalf("plan %v filters a sample every line of which it must return", stageTexts(p))
		}
	})
	t.Run("a second stage narrows when it pays", func(t *testing.T) {
		// Some lines carry a URI, more an e-mail address, none both. "://" lets the first
		// through, "@" the second: the URI lines, narrowed by "@" in a second stage run only
		// on them, is the cheapest.
		sample := ordinary
		for i := range 20 {
			sample = append(sample, []byte(`msg="dial" url=postgres://db-`+strings.Repeat("x", i%7)+`.internal:5432/app`))
		}
		for i := range 60 {
			sample = append(sample, []byte(`msg="mail sent" to=user`+strings.Repeat("y", i%9)+`@example.com`))
		}
		for range 100 {
			sample = append(sample, ordinary...)
		}
		m := queries.LokiCostModel(sample)
		p := queries.PlanPushdown(uri, m)
		got := stageTexts(p)
		if len(got) != 2 || !slices.Equal(got[0], []string{"://"}) || !slices.Equal(got[1], []string{"@"}) {
			t.Fatalf("stages %v, want [[://] [@]]", got)
		}
		if one := m.Estimate(p.Stages[:1]); one.Cost <= p.Estimate.Cost {
			t.Fatalf("two stages cost %.3f, the first alone %.3f", p.Estimate.Cost, one.Cost)
		}
	})
}

// TestPlanKeepMatchesLoki: the plan's own evaluation and Loki's evaluation of its rendered
// LogQL agree on random lines, for literals that need escaping.
func TestPlanKeepMatchesLoki(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	const alphabet = `aAbB.*\"|()_ -$`
	word := func(n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = alphabet[rng.IntN(len(alphabet))]
		}
		return string(b)
	}
	for range 200 {
		var p queries.Plan
		for range 1 + rng.IntN(2) {
			var st queries.Clause
			for range 1 + rng.IntN(4) {
				l := queries.Literal{Text: word(1 + rng.IntN(3)), IgnoreCase: rng.IntN(2) == 0}
				if l.IgnoreCase {
					l.Text = strings.ToLower(l.Text)
				}
				st = append(st, l)
			}
			p.Stages = append(p.Stages, st)
		}
		q, err := logql.ParseQuery(loki.Query(`{job="app"}`, sourcesFilter(p)))
		if err != nil {
			t.Fatalf("%s: %v", loki.LogQL(&p), err)
		}
		if !q.SubstringOnly() {
			t.Fatalf("%s is not substring tests only", loki.LogQL(&p))
		}
		for range 30 {
			line := word(rng.IntN(12))
			if got, want := q.Keep(line), p.Keep([]byte(line)); got != want {
				t.Fatalf("%s on %q: Loki %v, plan %v", loki.LogQL(&p), line, got, want)
			}
		}
	}
}
