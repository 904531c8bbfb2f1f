package queries

import (
	"regexp/syntax"
	"strings"
	"testing"
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
	for _, name := range []string{
		namedCredential(`(?:lighton|LIGHTON|Lighton|LightOn|paradigm|PARADIGM|Paradigm)`),
		namedCredential(`(?:zai|ZAI|Zai|ZhipuAI|z_ai|Z_AI|Z_ai|z\.ai|Z\.AI|Z\.ai|zhipu|ZHIPU|Zhipu|glm|GLM|Glm)`),
		namedCredential(`(?:privateai|PRIVATEAI|Privateai|privateAI|PrivateAI|privateAi|private_ai|PRIVATE_AI|Private_ai|private-ai|PRIVATE-AI|Private-ai)`),
		credentialName(`twilio`),
	} {
		re, err := syntax.Parse(assigned(name, `([a-z0-9]{32})`+valueEnd), syntax.Perl)
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
