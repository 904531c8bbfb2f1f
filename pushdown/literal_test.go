package pushdown

import (
	"regexp/syntax"
	"strings"
	"testing"

	"github.com/leakwatch/leakwatch/queries"
)

// TestCredentialClause: a name-then-value rule requiring a credential word yields a clause of
// credential words alone, whatever its provider alternation looks like once the regex parser
// has factored it ("Lighton|LIGHTON|LightOn" into L(?:ight(?:on|On)|IGHTON)), so the Loki
// plan can ride on the literals those rules share instead of one provider word per rule.
func TestCredentialClause(t *testing.T) {
	credential := func(l Literal) bool {
		for _, w := range []string{"key", "token", "secret", "password"} {
			if strings.Contains(strings.ToLower(l.Text), w) && !l.IgnoreCase {
				return true
			}
		}
		return false
	}
	// The catalogue's rules whose names are such alternations (namedCredential,
	// credentialName in package queries).
	byID := map[string]*queries.Rule{}
	for _, r := range queries.Catalog() {
		byID[r.ID] = r
	}
	for _, name := range []string{"lighton-paradigm-api-key", "zai-api-key", "privateai-api-token", "twilio-auth-token"} {
		r := byID[name]
		if r == nil {
			t.Fatalf("no rule %s in the catalogue", name)
		}
		re, err := syntax.Parse(r.Regex, syntax.Perl)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, c := range requiredClauses(re) {
			all := len(c) > 0
			for _, l := range c {
				all = all && credential(l)
			}
			found = found || all
		}
		if !found {
			t.Errorf("%s: no required clause of credential words alone", name)
		}
	}
}

func TestUniqClauses(t *testing.T) {
	a, b := Literal{Text: "key"}, Literal{Text: "oken"}
	got := uniqClauses([]Clause{{a, b}, {b, a}, {a}, {a, a}})
	if len(got) != 2 {
		t.Errorf("uniqClauses kept %d clauses, want 2 ({key oken} and {key}): %v", len(got), got)
	}
}
