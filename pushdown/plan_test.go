package pushdown_test

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/leakwatch/leakwatch/detector"
	"github.com/leakwatch/leakwatch/pushdown"
	"github.com/leakwatch/leakwatch/queries"
	"github.com/leakwatch/leakwatch/sources/loki"
	"github.com/leakwatch/leakwatch/sources/loki/lokifake/pipeline"
)

var update = flag.Bool("update", false, "rewrite generated files")

// lokiQueryText is the query leakwatch sends for a selector under plan p.
func lokiQueryText(selector string, p *pushdown.Plan) string {
	if f := loki.LogQL(p); f != "" {
		return selector + " " + f
	}
	return selector
}

// planInput is what the planner reads of rules (as the engine gives it).
func planInput(rules []*queries.Rule) []pushdown.Rule {
	out := make([]pushdown.Rule, len(rules))
	for i, r := range rules {
		out[i] = pushdown.Rule{ID: r.ID, Keywords: r.Keywords, IgnoreCase: r.IgnoreCase, Regex: r.Regex}
	}
	return out
}

// importTestdata imports the gitleaks rules of the catalogue's test data.
func importTestdata(t testing.TB) []*queries.Rule {
	t.Helper()
	f, err := os.Open("../queries/testdata/gitleaks/rules.toml")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rules, _, err := queries.ImportGitleaks(f, "rules.toml")
	if err != nil {
		t.Fatal(err)
	}
	return rules
}

// plans holds, per rule set (pushdown.RulesDigest), the plan lokiPlan made: planning the
// whole catalogue takes seconds, and several tests plan the same rules.
var plans sync.Map

// lokiPlan is pushdown.Build of rules under the Loki cost model, made once per rule set for
// the package's tests (tests running in parallel wait for the same plan). Callers must not
// change it.
func lokiPlan(rules []*queries.Rule) pushdown.Plan {
	in := planInput(rules)
	v, _ := plans.LoadOrStore(pushdown.RulesDigest(in), sync.OnceValue(func() pushdown.Plan {
		return pushdown.Build(in, pushdown.LokiCostModel(pushdown.Background()))
	}))
	return v.(func() pushdown.Plan)()
}

// supersetRules are the rules the superset tests plan: the catalogue, the gitleaks rules of
// the catalogue's test data and a custom rule (one rule set, so planned once).
func supersetRules(t testing.TB) []*queries.Rule {
	custom := &queries.Rule{ID: "custom:acme", Description: "Acme key", Severity: queries.High,
		Keywords: []string{"acme_live_"}, Regex: `acme_live_([a-z0-9]{24})`,
		TruePositives: []string{"key=acme_live_0a1b2c3d4e5f6a7b8c9d0e1f"}}
	return append(append(queries.Catalog(), importTestdata(t)...), custom)
}

// lokiQuery plans rules under the Loki cost model and parses the rendered LogQL with Loki's
// filter semantics (the fake's parser).
func lokiQuery(t testing.TB, rules []*queries.Rule) (pushdown.Plan, *pipeline.Query) {
	t.Helper()
	p := lokiPlan(rules)
	q, err := pipeline.ParseQuery(lokiQueryText(`{job="app"}`, &p))
	if err != nil {
		t.Fatalf("pushdown does not parse as LogQL: %v\n%s", err, loki.LogQL(&p))
	}
	return p, q
}

// parsePushdowns is the one Loki query of the rules' plan (a slice for keptBySome).
func parsePushdowns(t testing.TB, rules []*queries.Rule) []*pipeline.Query {
	_, q := lokiQuery(t, rules)
	return []*pipeline.Query{q}
}

func keptBySome(qs []*pipeline.Query, line string) bool {
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
	t.Parallel()
	rules := supersetRules(t)
	det, err := detector.New(rules, detector.Options{Key: []byte("k")})
	if err != nil {
		t.Fatal(err)
	}
	plan, q := lokiQuery(t, rules)
	// A regex alternative (a key and its separator) may narrow a later stage, run only on
	// the few lines reaching it; the first stage sees every line and must be substring tests.
	if first := (&pipeline.Query{Filters: q.Filters[:1]}); !first.SubstringOnly() {
		t.Fatalf("the pushdown asks Loki to run a regexp on every line: %s", loki.LogQL(&plan))
	}
	rng := rand.New(rand.NewPCG(3, 4))
	checked := 0
	for _, r := range rules {
		for i, s := range r.TruePositives {
			for _, v := range caseVariants(rng, s) {
				reported := false
				det.Scan([]byte(v), 0, func(detector.Finding) { reported = true })
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
	t.Parallel()
	rules := queries.Catalog()
	m := pushdown.LokiCostModel(pushdown.Background())
	plan := lokiPlan(rules)
	naive := m.Estimate([]pushdown.Clause{pushdown.Build(planInput(rules), pushdown.CostModel{}).Keywords})
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

func stageTexts(p pushdown.Plan) [][]string {
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
// keywords with letterless parts when it can (a single byte when the sample lacks it: one
// vectorised scan), and sends no filter when filtering costs more than it saves.
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
	m := pushdown.LokiCostModel(ordinary)
	tests := []struct {
		name   string
		rules  []*queries.Rule
		sample [][]byte
		want   [][]string
	}{
		{"a shared prefix", slack, ordinary, [][]string{{"xox"}}},
		{"letterless parts of case-insensitive keywords", uri, ordinary, [][]string{{"@"}}},
		// "xox" is in most lines; the distinctive parts win, each from its rarest first byte.
		{"a common shared part is not used", slack, lines("xox - xox", "xoxo -", "- xox!", "xox? -", `a - - "GET /"`, "b - c"),
			[][]string{{"a-", "b-", "p-", "r-"}}},
		// Loki's substring search stops at every occurrence of a literal's first byte: on
		// lines full of "e", "xyzq" is cheaper to test than "exyzq", and as rare.
		{"a rare first byte", []*queries.Rule{{ID: "e", Keywords: []string{"exyzq"}, Regex: `exyzq[0-9]{8}`}},
			lines("level=error detail=retried message=deferred", "event=sent elapsed=12 peer=edge"), [][]string{{"xyzq"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m.Sample = tt.sample
			got := stageTexts(pushdown.Build(planInput(tt.rules), m))
			if len(got) == 0 || !slices.Equal(got[0], tt.want[0]) {
				t.Fatalf("first stage %v, want %v", got, tt.want)
			}
		})
	}
	t.Run("a test costs more the more often its first byte occurs", func(t *testing.T) {
		m := pushdown.LokiCostModel(lines("level=error detail=retried message=deferred"))
		cost := func(l pushdown.Literal) float64 { return m.Estimate([]pushdown.Clause{{l}}).Cost }
		if e, x := cost(pushdown.Literal{Text: "exyzq"}), cost(pushdown.Literal{Text: "xyzqe"}); e <= x {
			t.Errorf("exyzq costs %.3f, xyzqe %.3f", e, x)
		}
		if e, x := cost(pushdown.Literal{Text: "exyzq", IgnoreCase: true}), cost(pushdown.Literal{Text: "exyzq"}); e <= x {
			t.Errorf("(?i)exyzq costs %.3f, exyzq %.3f", e, x)
		}
	})
	t.Run("no filter when every line would come back anyway", func(t *testing.T) {
		m := pushdown.LokiCostModel(lines("xoxb- a", "xoxp- b", "xoxa- xoxr-"))
		if p := pushdown.Build(planInput(slack), m); !p.Empty() {
			t.Fatalf("plan %v filters a sample every line of which it must return", stageTexts(p))
		}
	})
	t.Run("a regex narrows lines that name a key's word without assigning it", func(t *testing.T) {
		// Two name-then-value rules share `(?:key|token|Key|Token)…separator`; ordinary lines
		// name the provider and the word ("acme token validated") but assign nothing.
		named := func(id, name string) *queries.Rule {
			return &queries.Rule{ID: id, Keywords: []string{name}, IgnoreCase: true,
				Regex: `(?i:` + name + `)[A-Za-z0-9_.-]{0,20}?(?:key|token|Key|Token)[A-Za-z0-9_.-]{0,12}\s*(?::|=|=>)\s*["']?([a-z0-9]{20})`}
		}
		rules := []*queries.Rule{named("acme", "acme"), named("zeta", "zeta")}
		sample := ordinary
		for range 30 {
			sample = append(sample, []byte(`level=info msg="acme token validated for user" id=42`), []byte(`level=info msg="zeta key rotated" id=7`))
		}
		for range 100 {
			sample = append(sample, ordinary...)
		}
		m := pushdown.LokiCostModel(sample)
		secret := []byte(`acme_token = "abcdefghij0123456789"`)
		p := pushdown.Build(planInput(rules), m)
		regexes := 0
		for _, st := range p.Stages {
			for _, l := range st {
				if l.Regex {
					regexes++
				}
			}
		}
		if regexes == 0 || p.Keep(sample[len(ordinary)]) || !p.Keep(secret) {
			t.Fatalf("stages %v: %d regexes, keeps the ordinary line %v, the secret %v", stageTexts(p), regexes, p.Keep(sample[len(ordinary)]), p.Keep(secret))
		}
		// Priced out (RegexInst 0), the plan lets those lines through.
		m.RegexInst = 0
		if p := pushdown.Build(planInput(rules), m); !p.Keep(sample[len(ordinary)]) || p.Estimate.Regexes != 0 {
			t.Fatalf("without regexes, stages %v drop a line holding the words", stageTexts(p))
		}
	})
	t.Run("a second stage narrows when it pays", func(t *testing.T) {
		// Some lines carry a URI, more an e-mail address, none both. "@" lets the second
		// through, ":" the first and every ordinary line: the e-mail lines (one byte, the
		// cheapest test), narrowed by ":" in a second stage run only on them, is the cheapest.
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
		m := pushdown.LokiCostModel(sample)
		p := pushdown.Build(planInput(uri), m)
		got := stageTexts(p)
		if len(got) != 2 || !slices.Equal(got[0], []string{"@"}) || !slices.Equal(got[1], []string{":"}) {
			t.Fatalf("stages %v, want [[@] [:]]", got)
		}
		if one := m.Estimate(p.Stages[:1]); one.Cost <= p.Estimate.Cost {
			t.Fatalf("two stages cost %.3f, the first alone %.3f", p.Estimate.Cost, one.Cost)
		}
	})
}

// TestPlanKeepMatchesLoki: the plan's own evaluation and Loki's evaluation of its rendered
// LogQL agree on random lines, for literals that need escaping and for regex literals.
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
	// Regex literals (a key and its separator), as the planner writes them.
	regexes := []string{`\B--?[a-z]*(?:a|B)\s+`, `(?i:a\.)[ _]?(?:=|\|)`, `\ba\*?\$|"B\(`}
	withRegex := 0
	for range 200 {
		var p pushdown.Plan
		regex := false
		for range 1 + rng.IntN(2) {
			var st pushdown.Clause
			for range 1 + rng.IntN(4) {
				l := pushdown.Literal{Text: word(1 + rng.IntN(3)), IgnoreCase: rng.IntN(2) == 0}
				if l.IgnoreCase {
					l.Text = strings.ToLower(l.Text)
				}
				if rng.IntN(5) == 0 {
					l = pushdown.Literal{Text: regexes[rng.IntN(len(regexes))], Regex: true}
					regex = true
				}
				st = append(st, l)
			}
			p.Stages = append(p.Stages, st)
		}
		if regex {
			withRegex++
		}
		q, err := pipeline.ParseQuery(lokiQueryText(`{job="app"}`, &p))
		if err != nil {
			t.Fatalf("%s: %v", loki.LogQL(&p), err)
		}
		if q.SubstringOnly() == regex {
			t.Fatalf("%s: substring tests only is %v with a regex literal %v", loki.LogQL(&p), q.SubstringOnly(), regex)
		}
		for range 30 {
			line := word(rng.IntN(12))
			if regex && rng.IntN(2) == 0 {
				line = []string{"--ab  x", `a.=`, `A. |`, `x a*$`, `"B(`, `xa$`}[rng.IntN(6)] + word(rng.IntN(4))
			}
			if got, want := q.Keep(line), p.Keep([]byte(line)); got != want {
				t.Fatalf("%s on %q: Loki %v, plan %v", loki.LogQL(&p), line, got, want)
			}
		}
	}
	if withRegex < 20 {
		t.Fatalf("only %d plans with a regex literal", withRegex)
	}
}

const lokiDoc = "../docs/pushdown-loki.md"

// TestLokiPushdownDoc regenerates docs/pushdown-loki.md from the catalogue and the planner:
// the plan's LogQL, its modelled cost, and per rule the literals its lines ride on. Run with
// -update after changing the catalogue, the planner or the cost model.
func TestLokiPushdownDoc(t *testing.T) {
	t.Parallel()
	rules := queries.Catalog()
	p, _ := lokiQuery(t, rules)
	var b strings.Builder
	b.WriteString(lokiDocHeader)
	fmt.Fprintf(&b, "\n## The plan for the built-in catalogue\n\n%d rules. %d literal tests on every line (%d of them case-insensitive); %d stage(s), %d regexes among them; modelled cost %.1f× the floor, %.2f%% of the sample's ordinary lines sent back.\n\n",
		len(rules), len(p.Stages[0]), p.Stages[0].Folded(), len(p.Stages), p.Estimate.Regexes, p.Estimate.Cost, 100*p.Estimate.Returned)
	b.WriteString("```logql\n{selector} " + loki.LogQL(&p) + "\n```\n\n## Rules\n\n| rule | keywords | lines ride on (first stage) |\n|---|---|---|\n")
	byID := map[string]*queries.Rule{}
	for _, r := range rules {
		byID[r.ID] = r
	}
	covers := append([]pushdown.RuleCover(nil), p.Covers...)
	slices.SortFunc(covers, func(a, b pushdown.RuleCover) int { return strings.Compare(a.RuleID, b.RuleID) })
	for _, c := range covers {
		r := byID[c.RuleID]
		var kws, lits []string
		for _, k := range r.Keywords {
			kws = append(kws, "`"+k+"`")
		}
		kw := strings.Join(kws, " ")
		if r.IgnoreCase {
			kw += " (any case)"
		}
		for _, l := range c.Literals {
			s := "`" + l.Text + "`"
			if l.IgnoreCase {
				s += " (any case)"
			}
			lits = append(lits, s)
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s |\n", c.RuleID, strings.ReplaceAll(kw, "|", `\|`), strings.ReplaceAll(strings.Join(lits, " or "), "|", `\|`))
	}
	got := b.String()
	if *update {
		if err := os.WriteFile(lokiDoc, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(lokiDoc)
	if err != nil || string(want) != got {
		t.Fatalf("%s is stale (or missing): run go test ./pushdown -run TestLokiPushdownDoc -update", lokiDoc)
	}
}

const lokiDocHeader = `# Loki pushdown: what leakwatch asks Loki for, and what it costs

Generated by ` + "`go test ./pushdown -run TestLokiPushdownDoc -update`" + ` from the rule catalogue and the
planner (` + "`pushdown.Build`" + `); the figures in "Measured" come from the real-Loki tests named there.
` + "`leakwatch explain --config F --rules --measure`" + ` shows the same for your configuration and your Loki.

## How a window is queried

One ` + "`query_range`" + ` per selector and chunk, paged forward, carrying the whole pushdown: every extra
query would be another full pass over the chunk in Loki. The pushdown is a conjunction of
stages; each stage is an OR of literals in a form Loki 3.7 evaluates as substring search:
` + "`|= \"a\" or \"b\"`" + ` when every literal is case-sensitive, ` + "`|~ \"a\" or \"(?i)b\"`" + ` when one is not (Loki's regexp
simplifier turns each alternative into a substring test). A large alternation inside one regexp
is never sent: Loki runs that as a regexp on every line (26 s where a substring stage takes 0.3 s).

A line can hold a finding of a rule only if it contains one of the rule's keywords, and every
literal the rule's regex requires (the ` + "`@`" + ` of a URI with credentials); any substring of such a
literal is then in the line too. So the plan may ride on short literals shared by many rules
(` + "`xox`" + ` for every Slack token, ` + "`://`" + ` for every URI scheme) as long as each rule has a requirement
each of whose literals contains a literal of the stage. Choosing the literals is a weighted set
cover under a cost model:

- each literal costs a test on every line reaching its stage: Go's substring search, which Loki
  uses, jumps from one occurrence of the literal's first byte to the next, so a literal costs
  more the commoner its first byte (one starting with ` + "`e`" + ` three to six times one starting with ` + "`~`" + `,
  so the planner prefers ` + "`cret`" + ` to ` + "`ecret`" + `); a case-insensitive one is a byte loop in Loki, about
  seven to ten times a case-sensitive one;
- each line the plan lets through costs sending it back and the pages it adds: Loki returns
  5,000 lines a request, and every further page reads part of the window through the whole
  filter again (about 60× reading the line); reading every line with no filter at all, paged
  without tests, is the ceiling (about 21×);
- a regex alternative (below) costs, on each line reaching its stage, a substring search for its
  literal prefix (priced as a literal) and about 2 floors for each line holding the prefix, where
  the regexp runs; one without a literal prefix runs from every byte, about 0.05 floor per
  instruction of its program and 2.5 times that beyond 500 instructions, where Go's regexp
  (Loki's) stops backtracking and simulates the automaton (one such regex of 521 instructions on
  every line: 28.7× the floor; a Go benchmark of the same regexes on the sample agrees);
- how often a literal occurs is measured on a generated sample of ordinary logs
  (` + "`pushdown/background.log`" + `, made by ` + "`internal/corpus`" + `), plus a prior for random tokens (ids, base64) the sample may not show.

A greedy cover, pruned and improved by swaps, gives the first stage; a second stage, paid only on
the lines the first lets through, narrows what comes back when that is cheaper.

A later stage may also hold regexes. The name-then-value rules need a key holding a word such as
` + "`token`" + ` or ` + "`key`" + ` followed by a separator (an operator, a quote, ` + "`>`" + `) or, as a flag, preceded by
a dash; ` + "`\"msg\":\"token validated for user\"`" + ` and ` + "`duplicate key value`" + ` hold the word and neither, and
no substring can tell. The planner cuts out of each rule's own regex the part from the key's
words through the separator, just before the secret's capture group (a contiguous part of every
match, so sound; a provider's name between a flag's dash and the word becomes a run of
identifier bytes), one regex per word of fixed case, so that each starts with a literal that
Loki's regexp finds by substring search before running, and offers them, priced as above, as
alternatives of the rules' clauses. Rules built on one grammar cut out the same texts and share
them. The catalogue's first stage, which every line meets, holds none (` + "`TestPlanSuperset`" + ` asserts it). No recall is
traded: ` + "`TestPlanSuperset`" + ` checks every true-positive sample of every rule (built-in, custom and
imported gitleaks rules) and its case variants against Loki's semantics of the rendered query.
Case-insensitive literals taken from a regex avoid ` + "`s`" + ` and ` + "`k`" + `: Go's ` + "`(?i)`" + ` matches ` + "`ſ`" + ` and the Kelvin sign
for them, which Loki's case folding does not.

## Calibration (Loki 3.7.6 single binary, loopback, 2 cores)

A generated corpus of 257,294 lines (34 MB: JSON, logfmt, nginx, stack traces, env dumps, with
planted secrets and decoys) in 4 streams over 40 minutes (` + "`TestRealLokiCalibration`" + `). Cost is Loki's
own CPU time (` + "`process_cpu_seconds_total`" + `), steadier than wall time on a shared machine; the floor
is one literal that matches nothing (every line read once): 0.23–0.29 s.

| filter | Loki CPU × floor | lines back |
|---|---|---|
| 10 case-sensitive literals, no match | 1.4–1.6 | 0 |
| 40 case-sensitive literals, no match | 3.1–4.2 | 0 |
| 10 case-insensitive literals, no match | 3.1–4.0 | 0 |
| 40 case-insensitive literals, no match | 7.7–13.8 | 0 |
| scan of ` + "`|= \"GET\"`" + ` (15 % of lines), every page | 6.4–6.7 | 38,849 |
| scan of ` + "`|= \"level\"`" + ` (35 %), every page | 10.1–11.9 | 89,012 |
| scan with no filter, every page | 22.9–24.6 | 257,294 |
| every keyword as one ` + "`|~`" + ` alternation (first page only) | 30.5–35.8 | 5,000 |

Those literals all started with ` + "`z`" + `. By first byte (40 literals each, ` + "`~q000x`" + `…, no match; a
` + "`~`" + ` occurs in no ordinary line, a ` + "`z`" + ` about once in 7 lines, an ` + "`e`" + ` 8 times a line):

| 40 literals starting with | case-sensitive, Loki CPU × floor | case-insensitive |
|---|---|---|
| ` + "`~`" + ` | 1.7–2.1 | — |
| ` + "`z`" + ` | 1.9–2.5 | 8.5–8.7 |
| ` + "`e`" + ` | 4.6–5.7 | 9.2–12.5 |

So a case-sensitive literal costs about 0.02 floor plus 0.01 for every occurrence of its first
byte in an average line, a case-insensitive one about 0.18 plus 0.013 for every occurrence of
its first letter in either case (counted on the background sample; the case-insensitive
first-letter term is the least certain, 0.02–0.1 per literal between ` + "`z`" + ` and ` + "`e`" + ` in two runs): the constants of
` + "`pushdown.LokiCostModel`" + `. Lines let through cost more than the ceiling suggests: scanning a
plan's filter alone (a stage no line passes appended) and the same plan every page, 6,500
lines back, differed by 3–4.5 floors in one run (about 60 floors for every share of 1 let
through) and by less than the noise in another.

## Measured

` + "`BenchmarkRealLokiPushdown`" + ` and ` + "`TestRealLokiBaseline`" + ` on the corpus above (same run for each row pair), for the
151-rule catalogue this plan grew from:

| what | Loki CPU × floor | requests | lines back | findings vs scan |
|---|---|---|---|---|
| leakwatch's scan with its plan | 7.8–10.4 | 1 | 537 | 279 of 279, none extra |
| the previous pushdown (4 queries of regexp alternations) | 123.5 (its first query cut by Loki after 60 s) | 4 | 64 | — |

` + "`TestRealLokiPlanCost`" + ` in one run (floor 0.27 s), each plan scanned every page: the catalogue of
441 rules against the 151 before it and against reading every line and sending it back:

| plan | first stage | Loki CPU × floor | lines back |
|---|---|---|---|
| 441 rules | 232 literals (16 case-insensitive) | 18.7 | 6,694 |
| 151 rules | 79 literals (14 case-insensitive) | 8.2 | 465 |
| no filter (the ceiling) | — | 20.2 | 257,263 |

Name-then-value rules then came to require a credential word in the key (key, token, secret,
password, each as lower, Title or UPPER case): they share those few literals in the first stage
(and mostly in the second too, where their provider words, most of them any-case, would cost more
than the lines they keep back). What remains in the first stage is mostly one
literal per prefix token (` + "`hvs.`" + `, ` + "`AZDO`" + `, ` + "`npm_`" + `…) and the case-insensitive words of the generic
and any-case rules, which no case-sensitive literal can stand for.

The plan below prices each literal by its first byte, and covers a rule's clause of several
literals as one step (` + "`data source=`" + ` or ` + "`server=`" + `) rather than riding on a character that many
ordinary lines hold (` + "`;`" + `, 4.7 % of them). ` + "`TestRealLokiPlanCost`" + `, 4 alternating rounds per run, each
plan against the floor of its round (median, range in brackets), three runs on a shared 2-core machine:

| plan | first stage | run 1 | run 2 | run 3 | lines back |
|---|---|---|---|---|---|
| this plan | 181 literals (11 case-insensitive) | 13.1 (12.4–14.3) | 12.5 (11.9–12.7) | 12.7 (11.3–13.0) | 6,513 |
| the one before (literal cost by count only, line back 30) | 170 literals (11 case-insensitive) | 17.2 (13.5–20.1) | 14.0 (11.9–15.1) | 13.8 (12.8–14.4) | 6,605 |
| no filter (the ceiling) | — | 26.0 (15.3–27.8) | 21.2 (12.9–21.9) | 21.2 (14.9–21.8) | 257,378 |

So 8–24 % cheaper than the plan before it in the same run, and still above 10× the floor on this
machine. The first stage alone (a stage no line passes appended, nothing sent back) cost 10.0×
against 12.4× for the plan before it in one run; the rest is the lines sent back and their second
page: on this corpus about 6,500 ordinary lines hold ` + "`token`" + ` or ` + "`key`" + `
(` + "`\"msg\":\"token validated for user\"`" + `, ` + "`duplicate key value`" + `), which the generic rules must see, so
no plan comes back in one page of 5,000. What is left in the first stage is about 0.02 floor for
each of 170 case-sensitive literals, 0.2 for each of 11 case-insensitive words that no
case-sensitive literal can stand for (the generic rules' ` + "`secret`" + `, ` + "`token`" + `, ` + "`key`" + `, ` + "`password`" + `, and
` + "`discord`" + `, ` + "`okta`" + `, ` + "`authorization`" + `, ` + "`jdbc:`" + `, ` + "`data source=`" + `/` + "`server=`" + `, ` + "`gcntfy-`" + `), and the
occurrences of first bytes. A rule with a prefix of its own adds one literal, about 0.02–0.05
floor (five such rules added to the catalogue: 3 more literals, 0.07 modelled); a new
case-insensitive word adds about 0.2. Disabling rules you do not need (` + "`rules.disable`" + `) shrinks
the plan; ` + "`leakwatch explain --measure`" + ` shows the effect on your own Loki.

The plan below adds the regexes of a later stage (see above): the second stage keeps 15 of them,
one per word for the ` + "`key|token|secret|password`" + ` keys of 140 name-then-value rules, their flag form, and
the generic rules' two, in place of ` + "`token`" + `, ` + "`key`" + ` and their kin. ` + "`TestRealLokiPlanCost`" + `, 6 alternating
rounds per run, each plan against the floor of its round, three runs on a shared 2-core machine
(another engineer's benchmarks beside it):

| plan | run 4 | run 5 | run 6 | lines back |
|---|---|---|---|---|
| this plan (regexes first in their stage) | 12.0 (10.7–13.3) | 13.2 (12.7–14.6) | 12.8 (12.5–13.2) | 685–689 |
| the plan before it (substrings only) | 14.6 (11.3–17.6) | 16.5 (10.2–17.6) | 14.7 (12.6–15.4) | 6,496–6,500 |
| this plan, regexes last in their stage | — | 14.9 (8.8–17.5) | 13.1 (11.4–15.0) | 685–689 |
| no filter (the ceiling) | 20.4 (12.5–26.8) | 20.8 (13.0–26.6) | 20.4 (18.0–21.0) | 257,209 |

So 13–20 % cheaper than the plan before it in the same run (0.82, 0.80, 0.87 of it), with a
tenth of the lines sent back and no second page, and still above 10× the floor on this machine:
the first stage alone is about 10×. Order matters on Loki 3.7.6: with the same regexes after the
substring alternatives the plan cost 2–13 % more (and, measured on the first page only, the
stage 11.5× against 13.2×); why is not established. Two earlier forms did not pay: the regexes
as one alternation per group of rules (no literal prefix; 521 instructions, which Go's regexp
runs as an automaton) cost 14.1× against 13.7× for the plan before them, about 50–60 µs on each
of the 7,700 lines reaching the stage; split per word but after the substrings, 13.1–13.4×
against 13.3–15.5×. What is left is the first stage: about 0.02 floor for each of its 170
case-sensitive literals and 0.2 for each of its 11 case-insensitive words, which the generic and
any-case rules need.

Those words are now spelt in the cases logs write a key in (lower, Title or UPPER, each word of a
key on its own: ` + "`SharedAccessKey=`" + `, ` + "`X-Postmark-Server-Token`" + `, ` + "`API_KEY`" + `, ` + "`apiKey`" + `; a key such as
` + "`sEcReT`" + ` is no longer one), so the first stage holds no case-insensitive literal: each word costs
two or three case-sensitive ones instead (` + "`cret`" + ` and ` + "`CRET`" + `; one starting with an upper-case letter,
rare in logs, is among the cheapest). The generic rules' words are spelt out too, so the planner cuts
one regex per word for them as for the provider rules (26 regexes in the second stage).
` + "`TestRealLokiPlanCost`" + `, alternating rounds (5, 5, 7), three runs, each plan against the floor of its
round; the second run also priced two plans made with a literal's fixed cost raised (0.05 and 0.04
floor), which the model itself rates 3 % cheaper than the default plan (a greedy cover's
heuristic start) and which measured 2–3 % cheaper, within the noise:

| plan | first stage | run 7 | run 8 | run 9 | lines back |
|---|---|---|---|---|---|
| this plan | 184 literals (none case-insensitive) | 11.18 (9.67–11.57) | 10.98 (8.62–11.70) | 10.31 (8.65–11.90) | 681–685 |
| the plan before it | 181 literals (11 case-insensitive) | 12.72 (11.08–13.09) | 12.48 (10.94–14.47) | 12.56 (10.30–13.20) | 684–688 |
| this plan's filter alone, nothing sent back | — | 10.67 (6.22–13.59) | 10.12 (6.48–13.38) | 10.50 (6.74–11.63) | 0 |
| no filter (the ceiling) | — | 18.15 (13.28–24.82) | 22.12 (14.65–26.37) | 23.56 (13.86–27.04) | 257,215 |

So 0.88, 0.88 and 0.82 of the plan before it, and still 10.3–11.2× the floor. What is left is the
number of literals every line is tested against: a test costs about 23 ns on a line of 140 bytes
whose first byte never occurs, and about 9 ns more for each occurrence (a Go benchmark of Loki's
or-chain of substring tests on the corpus), and 117 of the 184 literals each stand for one rule's
own prefix (` + "`AKIA`" + `, ` + "`ghr_`" + `, ` + "`xai-`" + `…), which no shorter literal can share without letting most lines
through. Grouping the literals that share a first byte into one regexp (` + "`A(?:KIA|SIA|…)`" + `) cost more in
the same benchmark: Go's regexp clears its backtracking state on every call and runs from every
occurrence of the byte.

Fewer literals, then: the planner's greedy ranked candidates by rules covered per unit of their
true cost, and so took many literals that each cover a rule or two where fewer literals shared by
more rules cost less in all (a test's fixed part is paid on every line; a rare first byte saves
only the rest); the swaps that follow price one stage at a guessed price of what it lets through
and did not undo it. ` + "`Build`" + ` now also plans from starts whose greedy charges each literal one, two and
three tests' fixed cost on top of its own (` + "`coverCharges`" + `, no swaps after a charged start) and keeps
the cheapest plan under the true model: for the catalogue, the start charged three tests, 152
first-stage literals instead of 184 (two of them case-insensitive, ` + "`word`" + ` and ` + "`wd`" + `, where one folded
test is cheaper than the two or three case forms), modelled 7.3× against 8.0×. Planning the whole
catalogue takes about 23 s instead of 13 s (the catalogue's plan ships with the binary; a rule set
with custom rules is planned once). ` + "`TestRealLokiPlanCost`" + `, 7 alternating rounds, three runs:

| plan | first stage | run 10 | run 11 | run 12 | lines back |
|---|---|---|---|---|---|
| this plan | 152 literals (2 case-insensitive) | 9.51 (8.00–11.39) | 9.81 (8.68–10.97) | 9.49 (8.69–10.74) | 675–679 |
| the plan from the uncharged start (above) | 184 literals (none case-insensitive) | 10.68 (8.47–11.21) | 10.59 (9.49–10.90) | 10.69 (8.83–11.58) | 681–685 |
| the plan before case-spelt keys | 181 literals (11 case-insensitive) | 11.97 (7.18–13.65) | 12.53 (11.68–13.28) | 12.21 (10.17–13.35) | 684–688 |
| no filter (the ceiling) | — | 21.92 (13.42–26.19) | 20.13 (13.40–21.09) | 21.32 (16.74–22.29) | 257,215 |

So 0.89, 0.93 and 0.89 of the plan from the uncharged start and 0.79, 0.78 and 0.78 of the plan
before case-spelt keys in the same runs, and under 10× the floor in all three. The rounds' ranges overlap
(a shared 2-core machine), so a single run may read above 10×.

A query Loki cuts (its ` + "`http_server_write_timeout`" + `, 30 s by default) or a gateway's 504 is not retried at
the same size: the range is read in halves down to one minute, the smaller size is kept for later
windows, and ` + "`leakwatch_window_splits_total{source}`" + ` counts it. With the default ` + "`chunk: 1h`" + ` and
` + "`timeout: 30s`" + `, a source writing up to about 0.5 GB an hour fits one query per chunk on a 2-core Loki;
larger ones are split once and stay split.
`

// TestCoverCharges: the charged starts Build plans from (coverCharges) never give a dearer plan
// than the uncharged start alone, and on a sizeable rule set a cheaper one.
func TestCoverCharges(t *testing.T) {
	all := queries.Catalog()
	rng := rand.New(rand.NewPCG(1, 2))
	m := pushdown.LokiCostModel(pushdown.Background())
	for _, n := range []int{20, 150} {
		var rules []pushdown.Rule
		for _, i := range rng.Perm(len(all))[:n] {
			r := all[i]
			rules = append(rules, pushdown.Rule{ID: r.ID, Keywords: r.Keywords, IgnoreCase: r.IgnoreCase, Regex: r.Regex})
		}
		var plain pushdown.Plan
		pushdown.WithCoverCharges([]float64{0}, func() { plain = pushdown.Build(rules, m) })
		charged := pushdown.Build(rules, m)
		t.Logf("%d rules: modelled %.3f from the uncharged start, %.3f from all", n, plain.Estimate.Cost, charged.Estimate.Cost)
		if charged.Estimate.Cost > plain.Estimate.Cost+1e-9 {
			t.Errorf("%d rules: the charged starts give a plan modelled %.3f, dearer than the uncharged start's %.3f", n, charged.Estimate.Cost, plain.Estimate.Cost)
		}
		if n == 150 && charged.Estimate.Cost >= plain.Estimate.Cost {
			t.Errorf("150 rules: no charged start is cheaper than the uncharged one (%.3f)", plain.Estimate.Cost)
		}
	}
}
