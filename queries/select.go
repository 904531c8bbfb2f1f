package queries

import (
	"fmt"
	"regexp"
	"strings"
)

// Select drops disabled rule IDs from all and appends user rules. An unknown disabled ID or
// a user rule whose ID is taken is an error: a typo must not silently keep a rule on.
func Select(all []*Rule, disable []string, custom []*Rule) ([]*Rule, error) {
	known := map[string]bool{}
	for _, r := range all {
		known[r.ID] = true
	}
	off := map[string]bool{}
	for _, id := range disable {
		if !known[id] {
			return nil, fmt.Errorf("rules.disable: unknown rule %q (see leakwatch rules list)", id)
		}
		off[id] = true
	}
	out := make([]*Rule, 0, len(all)+len(custom))
	for _, r := range all {
		if !off[r.ID] {
			out = append(out, r)
		}
	}
	for _, r := range custom {
		if known[r.ID] {
			return nil, fmt.Errorf("rules.custom: id %q is already taken by another rule: choose another id", r.ID)
		}
		known[r.ID] = true
		out = append(out, r)
	}
	return out, nil
}

// CustomRule builds and checks a user rule. Severity defaults to high and the description to
// the ID. ignoreCase makes both the keywords and the regex case-insensitive. Errors name the
// field at fault.
func CustomRule(id, description, severity string, keywords []string, regex string, ignoreCase bool) (*Rule, error) {
	if id == "" {
		return nil, fmt.Errorf("id: required")
	}
	if strings.ContainsAny(id, " \t\n\"") {
		return nil, fmt.Errorf("id %q: use letters, digits and dashes", id)
	}
	if severity == "" {
		severity = string(High)
	}
	sev, err := ParseSeverity(severity)
	if err != nil {
		return nil, fmt.Errorf("severity: %w", err)
	}
	if description == "" {
		description = "custom rule " + id
	}
	if len(keywords) == 0 {
		return nil, fmt.Errorf("keywords: at least one literal keyword is required (a string every match contains, such as the token's prefix)")
	}
	for i, k := range keywords {
		if k == "" {
			return nil, fmt.Errorf("keywords[%d]: empty keyword", i)
		}
	}
	if regex == "" {
		return nil, fmt.Errorf("regex: required")
	}
	if ignoreCase {
		regex = "(?i)" + regex
	}
	re, err := regexp.Compile(regex)
	if err != nil {
		return nil, fmt.Errorf("regex: %w", err)
	}
	if re.MatchString("") {
		return nil, fmt.Errorf("regex: matches the empty string; it must match the secret itself")
	}
	r := &Rule{ID: id, Description: description, Severity: sev, Keywords: keywords, Regex: regex, IgnoreCase: ignoreCase}
	if err := r.Check(); err != nil {
		return nil, err
	}
	return r, nil
}

// AllowSecrets adds regexes on the secret to r: a secret one of them matches is dropped with
// reason "allowlist" (custom rules' allow).
func (r *Rule) AllowSecrets(patterns []string) error {
	for i, p := range patterns {
		re, err := regexp.Compile(p)
		if err != nil {
			return fmt.Errorf("allow[%d]: %w", i, err)
		}
		r.Validators = append(r.Validators, func(secret string) string {
			if re.MatchString(secret) {
				return "allowlist"
			}
			return ""
		})
	}
	return nil
}
