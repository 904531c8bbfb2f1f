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

// namedCredential is named for a rule whose value is a secret: the provider's word, then a
// credential word (key, token, secret, password; see credentialWord) within the next 20 name
// characters (SENTRY_AUTH_TOKEN, twitchApiKey). Besides keeping a provider's ids and settings
// out, the credential word is what the Loki pushdown rides on: every such rule shares the few
// credential-word literals in the first stage, and its provider word moves to the second,
// tested only on the lines that passed the first. named alone would cost a first-stage
// literal per rule. Ids (client ids, app ids) keep named.
func namedCredential(name string) string {
	return name + `[A-Za-z0-9_.-]{0,20}?` + credentialWord + `[A-Za-z0-9_.-]{0,12}`
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
