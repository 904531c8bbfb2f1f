package queries_test

import (
	"strings"
	"testing"

	"github.com/leakwatch/leakwatch/detector"
	"github.com/leakwatch/leakwatch/queries"
)

func TestSelect(t *testing.T) {
	mk := func(ids ...string) []*queries.Rule {
		var out []*queries.Rule
		for _, id := range ids {
			out = append(out, &queries.Rule{ID: id, Severity: queries.Low, Keywords: []string{id}, Regex: id})
		}
		return out
	}
	ids := func(rs []*queries.Rule) string {
		var s []string
		for _, r := range rs {
			s = append(s, r.ID)
		}
		return strings.Join(s, ",")
	}
	for _, c := range []struct {
		name    string
		disable []string
		custom  []*queries.Rule
		want    string
		err     string
	}{
		{"nothing", nil, nil, "a,b,c", ""},
		{"disable", []string{"b"}, nil, "a,c", ""},
		{"disable twice", []string{"b", "b", "a"}, nil, "c", ""},
		{"custom appended", []string{"a"}, mk("x", "y"), "b,c,x,y", ""},
		{"unknown disable", []string{"nope"}, nil, "", `rules.disable: unknown rule "nope"`},
		{"clash with built-in", nil, mk("b"), "", `rules.custom: id "b"`},
		{"clash with disabled built-in", []string{"b"}, mk("b"), "", `rules.custom: id "b"`},
		{"clash between custom", nil, mk("x", "x"), "", `rules.custom: id "x"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := queries.Select(mk("a", "b", "c"), c.disable, c.custom)
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("err %v, want %q", err, c.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if ids(got) != c.want {
				t.Fatalf("selected %s, want %s", ids(got), c.want)
			}
		})
	}
}

func TestCustomRule(t *testing.T) {
	for _, c := range []struct {
		name           string
		id, desc, sev  string
		keywords       []string
		regex          string
		ignoreCase     bool
		err            string
		match, noMatch string
	}{
		{name: "ok", id: "acme", sev: "critical", keywords: []string{"acme_"}, regex: `\bacme_[a-z0-9]{32}\b`,
			match: "k=acme_0123456789abcdef0123456789abcdef", noMatch: "k=ACME_0123456789abcdef0123456789abcdef"},
		{name: "ignore case", id: "acme", keywords: []string{"acme_"}, regex: `\bacme_[a-z0-9]{32}\b`, ignoreCase: true,
			match: "k=ACME_0123456789ABCDEF0123456789abcdef", noMatch: "k=acme_short"},
		{name: "no id", keywords: []string{"a"}, regex: "a", err: "id: required"},
		{name: "bad id", id: "a b", keywords: []string{"a"}, regex: "a", err: `id "a b"`},
		{name: "severity", id: "x", sev: "urgent", keywords: []string{"a"}, regex: "a", err: "severity: unknown severity"},
		{name: "no keywords", id: "x", regex: "a", err: "keywords: at least one"},
		{name: "empty keyword", id: "x", keywords: []string{"a", ""}, regex: "a", err: "keywords[1]: empty"},
		{name: "no regex", id: "x", keywords: []string{"a"}, err: "regex: required"},
		{name: "bad regex", id: "x", keywords: []string{"a"}, regex: "a(", err: "regex: error parsing"},
		{name: "empty match", id: "x", keywords: []string{"a"}, regex: "a*", err: "regex: matches the empty string"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r, err := queries.CustomRule(c.id, c.desc, c.sev, c.keywords, c.regex, c.ignoreCase)
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("err %v, want %q", err, c.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if r.Description == "" || r.Severity == "" {
				t.Errorf("defaults not applied: %+v", r)
			}
			d, err := detector.New([]*queries.Rule{r}, detector.Options{Key: []byte("k")})
			if err != nil {
				t.Fatal(err)
			}
			count := func(line string) int {
				n := 0
				d.Scan([]byte(line), 0, func(detector.Finding) { n++ })
				return n
			}
			if n := count(c.match); n != 1 {
				t.Errorf("%q: %d findings, want 1", c.match, n)
			}
			if n := count(c.noMatch); n != 0 {
				t.Errorf("%q: %d findings, want 0", c.noMatch, n)
			}
		})
	}
	if r, err := queries.CustomRule("d", "", "", []string{"k"}, "k", false); err != nil || r.Severity != queries.High || !strings.Contains(r.Description, "d") {
		t.Errorf("defaults: %+v %v", r, err)
	}
}
