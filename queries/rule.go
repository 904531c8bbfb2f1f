// Package queries holds what leakwatch looks for: the secret catalogue (one file per provider
// family) with the validators its rules name, user rules and the gitleaks import. Package
// detector runs the rules over log lines; package pushdown plans what the stores are asked
// for from the rules' keywords and regexes.
//
// A Rule describes one secret format. Every rule carries its own true- and false-positive
// samples; one table test runs them all through the detector.
package queries

import (
	"fmt"
	"strings"
)

// Severity of a leaked secret. Ordered from most to least urgent.
type Severity string

const (
	Critical Severity = "critical"
	High     Severity = "high"
	Medium   Severity = "medium"
	Low      Severity = "low"
)

// ParseSeverity validates a severity name.
func ParseSeverity(s string) (Severity, error) {
	switch Severity(s) {
	case Critical, High, Medium, Low:
		return Severity(s), nil
	}
	return "", fmt.Errorf("unknown severity %q (want critical, high, medium or low)", s)
}

// Validator inspects a candidate secret (the regex's secret group). It returns "" when the
// candidate passes, or a short, fixed suppression reason ("checksum", "placeholder",
// "entropy", …) used as a metric label: never the candidate itself.
type Validator func(secret string) (reason string)

// MatchValidator is a Validator that also sees the regex's whole match around the secret
// (imported gitleaks allowlists with regexTarget "match" test it). Same reasons, same rule:
// never return or keep the match.
type MatchValidator func(match, secret string) (reason string)

// Rule is one secret format.
//
// Contract relied on by the detector and by every pushdown builder (LogQL, Elasticsearch):
// every match of Regex contains at least one of Keywords as a substring of the matched text;
// compared case-sensitively, or ASCII-case-insensitively when IgnoreCase is set. The catalogue
// test enforces it on every true-positive sample. A rule with KeywordAnywhere set has the
// weaker contract of gitleaks: a line is reported only when it contains a keyword somewhere,
// and the regex then runs over the whole line.
type Rule struct {
	ID          string
	Description string
	Severity    Severity
	// Provider names whose secret this is, as a user would look it up ("AWS", "GitHub",
	// "Hugging Face"); rules of one provider are listed together (rules list, docs/rules.md).
	// Generic rules (private keys, connection strings, name-then-value) name their kind.
	Provider string
	// Peers are the rule ids of gitleaks and betterleaks that look for the same secret (for
	// example "aws-access-token"), so a user of either can check that leakwatch covers it.
	// Betterleaks keeps most gitleaks ids, so an id shared by both is listed once.
	Peers []string
	// Keywords are literal, distinctive strings (a prefix like "ghp_", or a context word like
	// "aws_secret_access_key"). They drive the prefilter and the store-side pushdown.
	Keywords []string
	// IgnoreCase: keywords may appear in any ASCII case (the regex is (?i) around them).
	IgnoreCase bool
	// Regex is RE2. The secret is the group named "secret", or group 1 when none is named,
	// or the whole match when the regex has no group.
	Regex string
	// SecretGroup, when above 0, is the capture group holding the secret; it wins over a group
	// named "secret" and over group 1 (gitleaks' secretGroup).
	SecretGroup int
	// KeywordAnywhere: a keyword need not be inside the match, only somewhere in the line
	// (gitleaks' keyword semantics). The detector then runs the regex over the whole line of
	// each keyword hit instead of a window around the hit. Pushdowns stay sound: a line the
	// detector reports still contains a keyword.
	KeywordAnywhere bool
	// Fallback: the rule is reported only where no other rule reports a secret overlapping
	// its secret on the same line. Generic name-then-value rules set it, so a provider's own
	// rule names the secret when it knows it. A Fallback rule's dropped candidates are not
	// counted as suppressions (Options.OnSuppressed): its common keywords would drown the rest.
	Fallback bool
	// Validators run on the secret in order; the first non-empty reason suppresses it.
	Validators []Validator
	// MatchValidators run after Validators on the whole match and the secret.
	MatchValidators []MatchValidator
	// TrimSecret, when set, may shorten the secret the regex found to a prefix of it (the
	// greedy URI password that ran past its host into an '@' of the query string).
	TrimSecret func(secret string) int
	// MinEntropy is a floor on the secret's Shannon entropy in bits per byte (0: none).
	MinEntropy float64
	// PreviewPrefix is how many leading bytes of the secret the partial preview may show
	// (the format's public prefix, such as "sk_live_"); 0 shows none.
	PreviewPrefix int
	// TruePositives are lines on which the rule must find exactly one secret; FalsePositives
	// lines on which it must find none. Generated or documented fakes only.
	TruePositives  []string
	FalsePositives []string

	// builtin: from Catalog(), whose tests prove every regex compiles; a detector compiles
	// it lazily, on the first hit of one of its keywords.
	builtin bool
}

// Builtin reports whether the rule comes from Catalog(), whose tests prove its regex: a
// detector may compile it lazily. Any other rule's regex is compiled when a detector is
// built, so a bad one fails there and not in the middle of a scan.
func (r *Rule) Builtin() bool { return r.builtin }

// Check validates everything but the regex: cheap, done for every rule a detector is built
// from. The regex and its secret group are the detector's to compile (detector.New).
func (r *Rule) Check() error {
	if r.ID == "" {
		return fmt.Errorf("rule without id")
	}
	if len(r.Keywords) == 0 {
		return fmt.Errorf("rule %s: keywords: at least one literal keyword is required", r.ID)
	}
	for _, k := range r.Keywords {
		if k == "" {
			return fmt.Errorf("rule %s: keywords: empty keyword", r.ID)
		}
	}
	if _, err := ParseSeverity(string(r.Severity)); err != nil {
		return fmt.Errorf("rule %s: severity: %w", r.ID, err)
	}
	return nil
}

// KeywordMatches reports whether text contains one of the rule's keywords under the rule's
// case semantics. Pushdown builders and tests use it as the reference semantics.
func (r *Rule) KeywordMatches(text string) bool {
	for _, k := range r.Keywords {
		if r.IgnoreCase {
			if strings.Contains(strings.ToLower(text), strings.ToLower(k)) {
				return true
			}
		} else if strings.Contains(text, k) {
			return true
		}
	}
	return false
}
