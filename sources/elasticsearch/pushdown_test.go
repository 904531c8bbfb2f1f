package elasticsearch

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/leakwatch/leakwatch/pushdown"
	"github.com/leakwatch/leakwatch/queries"
	"github.com/leakwatch/leakwatch/sources/elasticsearch/esfake"
)

const coverageDoc = "../../docs/pushdown-elasticsearch.md"

var update = flag.Bool("update", false, "rewrite generated files")

var fieldTypes = []fieldType{fieldText, fieldKeyword, fieldWildcard}

// ruleKeywords are a rule's keywords as the rule spells them, each under its case rule.
func ruleKeywords(r *queries.Rule) []pushdown.Literal {
	out := make([]pushdown.Literal, len(r.Keywords))
	for i, k := range r.Keywords {
		out[i] = pushdown.Literal{Text: k, IgnoreCase: r.IgnoreCase}
	}
	return out
}

// clusterModel is the cluster-side view of a `message` field mapped as ft.
func clusterModel(ft fieldType, uax29 bool) *esfake.Model {
	f := esfake.Field{Type: esfake.FieldType(ft)}
	if ft == fieldKeyword {
		f.IgnoreAbove = 256 // what dynamic mapping sets
	}
	return &esfake.Model{Fields: map[string]esfake.Field{"message": f}, TimestampField: "@timestamp", UAX29Punctuation: uax29}
}

func matches(t *testing.T, m *esfake.Model, q map[string]any, line string) bool {
	t.Helper()
	return compile(t, m, q)(line)
}

// compile returns a matcher of the message line; nil query (no pushdown) matches everything.
func compile(t *testing.T, m *esfake.Model, q map[string]any) func(string) bool {
	t.Helper()
	if q == nil {
		return func(string) bool { return true }
	}
	raw, err := json.Marshal(q)
	if err != nil {
		t.Fatal(err)
	}
	c, err := m.Compile(raw)
	if err != nil {
		t.Fatalf("query refused: %v\n%s", err, raw)
	}
	return func(line string) bool {
		ok, err := c.Match(map[string]any{"message": line})
		if err != nil {
			t.Fatalf("query failed: %v\n%s", err, raw)
		}
		return ok
	}
}

// TestESPushdownSound: whatever surrounds a keyword in a line — separators, URL and JSON
// escapes, glued letters, lines longer than ignore_above — the pushdown for that keyword
// matches the line, under every field type and both readings of ':' and '\”.
func TestESPushdownSound(t *testing.T) {
	before := []string{"", " ", "=", "%3D", `\n`, "x.", "key:", "'", `"`, "/", "-", "_", "9", "é", "token=Bearer "}
	after := []string{"", "Z7QEXH4NQ2JW5RTM", ".x", ":x", "-1", `"`, " tail", "_x"}
	var kws []pushdown.Literal
	for _, r := range queries.Catalog() {
		kws = append(kws, ruleKeywords(r)...)
	}
	kws = append(kws, []pushdown.Literal{{Text: "-----BEGIN"}, {Text: "xoxb-"}, {Text: "postgres://"},
		{Text: "PRIVATE KEY-----"}, {Text: "api.key"}, {Text: "AccountKey=", IgnoreCase: true}}...)
	long := strings.Repeat("padding ", 40)
	for _, ft := range fieldTypes {
		for _, uax := range []bool{false, true} {
			m := clusterModel(ft, uax)
			for _, k := range kws {
				pd, err := keywordQuery([]pushdown.Literal{k}, ft, []string{"message"})
				if err != nil {
					t.Fatal(err)
				}
				match := compile(t, m, pd.Query)
				lines := []string{""}
				if ft == fieldKeyword && !uax {
					lines = append(lines, long) // past ignore_above
				}
				texts := []string{k.Text}
				if k.IgnoreCase {
					texts = append(texts, strings.ToUpper(k.Text), strings.ToLower(k.Text))
				}
				for _, kt := range texts {
					for _, b := range before {
						for _, a := range after {
							for _, pad := range lines {
								if line := pad + b + kt + a; !match(line) {
									t.Errorf("%s (uax29 %v): keyword %q not found in %q", ft, uax, k.Text, line)
								}
							}
						}
					}
				}
			}
		}
	}
}

// TestESPushdownFilters: the pushdown is not "match everything": lines without the keyword
// are left out where the field type allows it.
func TestESPushdownFilters(t *testing.T) {
	kws := []pushdown.Literal{{Text: "AKIA"}, {Text: "xoxb-"}, {Text: "-----BEGIN"}}
	cases := []struct {
		line string
		want map[fieldType]bool
	}{
		{"GET /health 200", nil},
		{"user akiko logged in", nil},
		{"xoxa-1-2 is an app token", nil},
		{"xoxb is mentioned without a dash", map[fieldType]bool{fieldText: true}},
		{"akia in lower case", map[fieldType]bool{fieldText: true}},
		{"begin transaction", map[fieldType]bool{fieldText: true}},
		{strings.Repeat("long line without keyword ", 12), map[fieldType]bool{fieldKeyword: true}},
	}
	for _, ft := range fieldTypes {
		pd, err := keywordQuery(kws, ft, []string{"message"})
		if err != nil || pd.Query == nil {
			t.Fatalf("%s: %v %v", ft, pd, err)
		}
		for _, tc := range cases {
			if got := matches(t, clusterModel(ft, false), pd.Query, tc.line); got != tc.want[ft] {
				t.Errorf("%s: %q matched %v, want %v", ft, tc.line, got, tc.want[ft])
			}
		}
	}
}

func TestPlanESKeyword(t *testing.T) {
	cases := []struct {
		kw   string
		ft   fieldType
		want string
	}{
		{"AKIA", fieldText, "*akia*"},
		{"sk_live_", fieldText, "*sk_live_*"},
		{"xoxb-", fieldText, "*xoxb"},
		{"-----BEGIN", fieldText, "begin*"},
		{"PRIVATE KEY-----", fieldText, "*private AND term key"},
		{"postgres://", fieldText, "*postgres"},
		{"api.key", fieldText, "*api* AND *key*"},
		{"://", fieldText, "none: no letters or digits"},
		{"clé_", fieldText, "none: non-ASCII keyword"},
		{"a*b?", fieldKeyword, `*a\*b\?*`},
		{"xoxb-", fieldWildcard, "*xoxb-*"},
	}
	for _, tc := range cases {
		if got := planKeyword(pushdown.Literal{Text: tc.kw}, tc.ft, "message").Summary; got != tc.want {
			t.Errorf("%s %q: %q, want %q", tc.ft, tc.kw, got, tc.want)
		}
	}
	// One keyword that cannot be pushed down turns the whole filter off.
	pd, err := keywordQuery([]pushdown.Literal{{Text: "AKIA"}, {Text: "://"}}, fieldText, []string{"message"})
	if err != nil || pd.Query != nil || len(pd.Unpushable) != 1 {
		t.Errorf("unpushable keyword: %+v %v", pd, err)
	}
	if pd, _ := keywordQuery(nil, fieldText, []string{"message"}); pd.Query != nil {
		t.Error("no keywords must mean no filter")
	}
	if _, err := keywordQuery(nil, "match_only_text", []string{"message"}); err == nil {
		t.Error("unknown field type accepted")
	}
}

// TestESPushdownCoverage regenerates docs/pushdown-elasticsearch.md from the catalogue: for
// every rule, how many of its true-positive samples its default pushdown finds under each
// field type, evaluated by the esfake model of the standard analyzer and the query DSL.
// Run with -update after changing the catalogue or the builder.
func TestESPushdownCoverage(t *testing.T) {
	rules := queries.Catalog()
	var b strings.Builder
	b.WriteString(`# Elasticsearch / OpenSearch pushdown coverage

Generated by ` + "`go test ./sources/elasticsearch -run TestESPushdownCoverage -update`" + ` from the rule catalogue;
do not edit. For every rule, the query its keywords become (field type ` + "`text`" + `, standard
analyzer) and how many of the rule's true-positive samples that query finds when the sample is
the ` + "`message`" + ` field mapped as ` + "`text`" + `, ` + "`keyword`" + ` (ignore_above 256) or ` + "`wildcard`" + `. Matching is
evaluated by the test model of the standard analyzer and the query DSL (sources/elasticsearch/esfake).

How to read it:
- ` + "`*akia*`" + ` is a case-insensitive wildcard on one token; ` + "`begin*`" + ` a prefix; ` + "`term x`" + ` an exact token.
  The first part of a keyword always gets a leading ` + "`*`" + `: the detector accepts secrets right after a
  URL escape (` + "`%3DAKIA…`" + `, token ` + "`3dakia…`" + `) or an escaped newline (` + "`\\nAKIA…`" + `, token ` + "`nakia…`" + `).
- "none" means the keyword cannot be searched soundly: a scan with that rule enabled reads every
  document of the window (complete, slower).
- keyword fields: lines longer than ignore_above are not indexed; the pushdown adds "field has
  no indexed value" so they are read anyway (unfiltered). Use the ` + "`wildcard`" + ` field type to filter them.
- Known limit (text): the tokenizer cuts tokens longer than 255 characters; a keyword straddling
  such a cut is not found.

`)
	type row struct {
		id, kws, plan string
		vis           [3]string
		full          [3]bool
	}
	var rows []row
	var notVisible [3][]string
	fully := [3]int{}
	none := 0
	for _, r := range rules {
		tps, _ := r.Samples()
		kws := ruleKeywords(r)
		var plans []string
		for _, k := range kws {
			plans = append(plans, "`"+planKeyword(k, fieldText, "message").Summary+"`")
		}
		rw := row{id: r.ID, plan: strings.Join(plans, " OR ")}
		var kq []string
		for _, k := range r.Keywords {
			kq = append(kq, "`"+strings.ReplaceAll(k, "|", `\|`)+"`")
		}
		rw.kws = strings.Join(kq, " ")
		if r.IgnoreCase {
			rw.kws += " (any case)"
		}
		for i, ft := range fieldTypes {
			pd, err := keywordQuery(kws, ft, []string{"message"})
			if err != nil {
				t.Fatal(err)
			}
			if i == 0 && pd.Query == nil {
				none++
			}
			seen := 0
			for j, s := range tps {
				ok := matches(t, clusterModel(ft, false), pd.Query, s)
				if ft == fieldText && ok != matches(t, clusterModel(ft, true), pd.Query, s) {
					t.Errorf("rule %s sample %d: visibility depends on how ':' and '\\'' are tokenized", r.ID, j)
				}
				if ok {
					seen++
				}
			}
			rw.vis[i] = fmt.Sprintf("%d/%d", seen, len(tps))
			rw.full[i] = seen == len(tps)
			if pd.Query == nil {
				rw.vis[i] += " (no pushdown)"
			}
			if rw.full[i] {
				fully[i]++
			} else {
				notVisible[i] = append(notVisible[i], fmt.Sprintf("`%s` (%s)", r.ID, rw.vis[i]))
			}
		}
		rows = append(rows, rw)
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].id < rows[j].id })
	fmt.Fprintf(&b, "## Summary\n\n%d rules. Rules whose every true-positive sample the default pushdown finds:\n\n", len(rules))
	b.WriteString("| field type | rules fully visible | not fully visible |\n|---|---|---|\n")
	for i, ft := range fieldTypes {
		list := "none"
		if len(notVisible[i]) > 0 {
			list = strings.Join(notVisible[i], ", ")
		}
		fmt.Fprintf(&b, "| `%s` | %d/%d | %s |\n", ft, fully[i], len(rules), list)
	}
	fmt.Fprintf(&b, "\nRules without a sound text pushdown (their scans read every document): %d.\n\n", none)
	// One built-in rule without a text pushdown makes every window of a text field read
	// every document: the catalogue must not have one (a keyword of punctuation only).
	if none > 0 {
		t.Errorf("%d built-in rules have no sound text pushdown: every Elasticsearch scan would read every document", none)
	}
	b.WriteString("## Rules\n\n| rule | keywords | text query | text | keyword | wildcard |\n|---|---|---|---|---|---|\n")
	for _, rw := range rows {
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s | %s |\n", rw.id, rw.kws, rw.plan, rw.vis[0], rw.vis[1], rw.vis[2])
	}
	got := b.String()
	if *update {
		if err := os.MkdirAll(filepath.Dir(coverageDoc), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(coverageDoc, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(coverageDoc)
	if err != nil || string(want) != got {
		t.Fatalf("%s is stale (or missing): run go test ./sources/elasticsearch -run TestESPushdownCoverage -update", coverageDoc)
	}
}
