package queries

import "strings"

// named is the name half of a name-then-value rule, for assigned (which decides where a key
// may begin: a word start, after '_', at a camelCase hump): the provider's word, then up to
// 30 more name characters (LOB_API_KEY, lobToken, "linkedin.client_secret").
//
// The word is spelt out in the cases logs write it (lob, Lob, LOB, and camelCase forms such
// as LinkedIn) rather than matched in any case: the rule's keywords are then case-sensitive
// literals, which a log store tests about four times faster than folded ones. What follows
// the word (api_key, Secret, …) is matched in any case where the rule spells it out.
func named(name string) string {
	return name + `[A-Za-z0-9_.-]{0,30}`
}

// valueEnd ends a name-then-value rule's value: the next character cannot continue it, so a
// value of the right length is not the first part of a longer one.
const valueEnd = `(?:[^A-Za-z0-9_-]|$)`

// refusePrefix refuses a secret starting with one of prefixes, giving reason: a shape the
// rule's regex admits that is another kind of key (a test key, another vendor's format).
func refusePrefix(reason string, prefixes ...string) Validator {
	return func(secret string) string {
		for _, p := range prefixes {
			if strings.HasPrefix(secret, p) {
				return reason
			}
		}
		return ""
	}
}
