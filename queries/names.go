package queries

import (
	"encoding/json"
	"regexp"
	"strings"
)

// nameWords is the key half of a provider's name-then-value rule (the name argument of
// assigned): one of words, in any case, then a
// credential word (key, token, secret or password, as lower, Title or UPPER case) within the next 20
// name characters, then up to 12 more ("ADAFRUIT_IO_KEY", "asanaToken", "x-figma-token").
// assigned starts the key at a word start, so a short provider word inside a longer one names
// no key ("box" in "sandbox_token"). The credential word keeps a provider's ids and
// settings (ASANA_WORKSPACE, dropbox_folder) out, and is what the store-side pushdown rides
// on: every such rule shares the same few literals instead of adding its own.
func nameWords(words ...string) string {
	q := make([]string, len(words))
	for i, w := range words {
		q[i] = regexp.QuoteMeta(w)
	}
	return credentialName(strings.Join(q, "|"))
}

// credentialName is nameWords for a provider part given as a regex (alternatives, optional
// separators).
func credentialName(provider string) string {
	return namedCredential(`(?i:` + provider + `)`)
}

// credentialWord is spelt out case by case: a store folding case would test each line byte
// by byte, and (?i) in Go also folds k and s to the Kelvin and long-s signs a store does not.
//
// Neighbouring alternatives start with different letters, or the regex parser would factor
// "Key|KEY" into "K(?:ey|EY)" and leave the planner a one-letter literal.
const credentialWord = `(?:key|token|secret|password|Key|Token|Secret|Password|KEY|TOKEN|SECRET|PASSWORD)`

// noRuns refuses a value holding six or more consecutive characters in alphabet order either
// way (abcdef, 123456, 987654) or one character six times in a row: the fillers of templates
// and documentation (sk_live_abcdefghijklmnopqrstuvwxyz123456). A random value of the lengths
// rules use has such a run about once in ten thousand.
func noRuns(secret string) string {
	up, down, same := 1, 1, 1
	for i := 1; i < len(secret); i++ {
		d := int(secret[i]) - int(secret[i-1])
		up, down, same = extend(up, d == 1), extend(down, d == -1), extend(same, d == 0)
		if up >= 6 || down >= 6 || same >= 6 {
			return reasonPlaceholder
		}
	}
	return ""
}

func extend(run int, extends bool) int {
	if extends {
		return run + 1
	}
	return 1
}

// curlPassword refuses a curl --user password that is a placeholder, or a token a provider
// rule reports already (a Mailgun "key-…" as the password of api:): one secret, one report.
func curlPassword(secret string) string {
	if r := uriPassword(secret); r != "" {
		return r
	}
	if strings.HasPrefix(secret, "key-") {
		return reasonCovered
	}
	return coveredByProvider(secret)
}

// base64JWT requires that the value decode (base64, padded or not) to a signed JSON Web
// Token: a header and a payload that are JSON objects, a signature, and an algorithm other
// than "none" when the header names one.
func base64JWT(secret string) string {
	b, ok := decodeB64Any(secret)
	if !ok {
		return reasonStructure
	}
	parts := strings.Split(string(b), ".")
	if len(parts) != 3 || parts[2] == "" {
		return reasonStructure
	}
	var header map[string]any
	for i, p := range parts[:2] {
		raw, ok := decodeB64Any(p)
		var obj map[string]any
		if !ok || json.Unmarshal(raw, &obj) != nil {
			return reasonStructure
		}
		if i == 0 {
			header = obj
		}
	}
	if alg, ok := header["alg"].(string); ok && strings.EqualFold(alg, "none") {
		return reasonStructure
	}
	return ""
}

// cased matches parts written one after the other, each run of letters in one of the cases
// logs write a key in: lower, Title or UPPER (secret, Secret, SECRET), each run on its own, so
// that cased("shared", "access", "key=") matches SharedAccessKey=, sharedAccessKey= and
// SHAREDACCESSKEY=. Other characters match themselves. It stands for (?i:…) in a key: a log
// store then tests the key's case-sensitive literals (ecret, SECRET), several times faster
// than folded ones (docs/pushdown-loki.md), and a mixed case such as "sEcReT" is no key logs
// write.
func cased(parts ...string) string {
	var b strings.Builder
	for _, p := range parts {
		for len(p) > 0 {
			n := 0
			for n < len(p) && isASCIILetter(p[n]) {
				n++
			}
			if n == 0 {
				for n < len(p) && !isASCIILetter(p[n]) {
					n++
				}
				b.WriteString(regexp.QuoteMeta(p[:n]))
				p = p[n:]
				continue
			}
			w := strings.ToLower(p[:n])
			first := w[:1] + strings.ToUpper(w[:1])
			if n == 1 {
				b.WriteString("[" + first + "]")
			} else {
				b.WriteString("(?:[" + first + "]" + w[1:] + "|" + strings.ToUpper(w) + ")")
			}
			p = p[n:]
		}
	}
	return b.String()
}

func isASCIILetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
