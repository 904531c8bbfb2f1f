package queries

import "fmt"

// Select drops disabled rule IDs from all and appends user rules.
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
	var out []*Rule
	for _, r := range all {
		if !off[r.ID] {
			out = append(out, r)
		}
	}
	for _, r := range custom {
		if known[r.ID] {
			return nil, fmt.Errorf("rules.custom: id %q clashes with a built-in rule", r.ID)
		}
		known[r.ID] = true
		out = append(out, r)
	}
	return out, nil
}

// CustomRule builds and checks a user rule.
func CustomRule(id, description, severity string, keywords []string, regex string, ignoreCase bool) (*Rule, error) {
	if severity == "" {
		severity = string(High)
	}
	if description == "" {
		description = "custom rule " + id
	}
	r := &Rule{ID: id, Description: description, Severity: Severity(severity), Keywords: keywords, Regex: regex, IgnoreCase: ignoreCase}
	if err := r.compile(); err != nil {
		return nil, err
	}
	return r, nil
}
