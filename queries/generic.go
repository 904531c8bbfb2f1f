package queries

import (
	"strings"
	"unicode"
)

// Generic secrets: a value assigned to a name that says "secret", "token", "API key" or
// "password", found by no provider's own rule. Logs hold many such names around values that
// are not secrets (page tokens, CSRF tokens, token counts, password policies, request and
// trace ids, hashes, base64 payloads), so these rules judge the whole name and the value's
// shape, run after every provider rule (Fallback) and report at medium severity. Disable
// them with rules.disable: [generic-secret, generic-password].
func genericRules(others []*Rule) []*Rule {
	cover := newProviderCover(others)
	// The key: the whole identifier from its word start, so the judgement of the name
	// (providerCover.key) sees "nextPageToken" and not only "Token". Runs are unbounded and
	// lengths checked by the validators: a counted repetition is a copy of its class per count
	// in the compiled program, which makes the regex slow on every line holding "token".
	const prefix = `[A-Za-z0-9_.-]*`
	return []*Rule{{
		ID:          "generic-secret",
		Description: "High-entropy value assigned to a secret, token or API key name",
		Provider:    "Generic",
		Peers:       []string{"generic-api-key"},
		Severity:    Medium,
		Keywords:    []string{"secret", "token", "api_key", "apikey", "api-key", "access_key", "access-key"},
		IgnoreCase:  true,
		Regex: assignedIdentifier(prefix+genericSecretWord+`[A-Za-z0-9_.-]*`,
			`([A-Za-z0-9+/_~.-]+={0,2})(?:[^A-Za-z0-9+/_~.=-]|$)`),
		Fallback:        true,
		MinEntropy:      3.5,
		Validators:      []Validator{lengthIn(16, 256), digitAndLetter, genericValue, cover.value},
		MatchValidators: []MatchValidator{cover.key},
		TruePositives: []string{
			`{"level":"info","msg":"client configured","client_secret":"Xq7vR2mKp9LwT4zNc8HdYb3F"}`,
			`ACME_API_KEY=9f3kQ7xM2pL8vR4tZ6nW1cY5bH0jD3sG`,
			`level=debug msg="calling partner" partnerToken=mT4xR8vK2qN6zP1wL9cB5hY3 attempt=1`,
			`<add key="WidgetApiKey" value="Hn4Tq8Zr2Vx6Lm1Kp9Wc3Yd7" />`,
			`exec /app/sync --access-token 7YbQ2nR5xK8mV3tL6wZ9cP4d --dry-run`,
			`{"env":[{"name":"INTERNAL_SERVICE_SECRET","value":"Rk9Lp2Xq7Mv4Tz8Wn3Bc6Hd1"}]}`,
			`cfg.webhook_secret = "whk-4e9a1c7f2b8d6e3a5c0f9b7d"`,
			`<key>DEPLOY_TOKEN</key><string>Zt5Wq1Lm8Rx3Kv6Np9Yc2Bd4</string>`,
			`os.environ["LEGACY_AUTH_TOKEN"] = "bG9uZ3Rva2VuOnYyOmE4ZjNkOWMyZTE="`,
			// a number or version after the secret word tells two secrets apart
			`partner_api_token_2 = "Vn8Kq3Lz7Xr1Tm5Wc9Pd2Hy6"`,
			// lower-case key material behind a word prefix is a credential, not a name
			`billing_token := "zz_prod_k7qv2m9xh4tr8wn3bp6yc1dj5lsg0ua"`,
		},
		FalsePositives: []string{
			// ids, hashes and payloads under secret-like names
			`{"token_id":"4Jx9Qm2Lr7Vt3Kz8Wn1Bc6Hd"}`,
			`{"nextPageToken":"CiAKGjBpNDd2Nmp2Zml2cXRiNmQ4ZDE4Z2pkYWR0ZRIHCgV0ZXN0MQ"}`,
			`GET /api/items?page_token=Q2lBS0dqQnBORGQyTm1wMlptbDJjWFJpTm1RNA&limit=50`,
			`{"csrf_token":"k2Vq8Lm4Xr7Tz1Wn9Bc3Hd6Y"}`,
			`secret=7c9e6679-7425-40de-944b-e07fc1f90ae7`,
			`{"secret":"projects/acme-prod/secrets/db-password/versions/3"}`,
			`api_key_hash=e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855`,
			`{"token_count":4096,"max_tokens":"8192","usage":{"total_tokens":1234}}`,
			`secret_rotation_2=Vn8Kq3Lz7Xr1Tm5Wc9Pd2Hy6`,
			`api_token_20241105=Vn8Kq3Lz7Xr1Tm5Wc9Pd2Hy6`,
			`{"secretArn":"arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf"}`,
			`payload_token=eyJ1c2VyIjoiYWxpY2UiLCJyb2xlIjoiYWRtaW4iLCJ0cyI6MTcwMDAwMDAwMH0`,
			`{"auth_token":"dGhpcyBpcyBhIHBsYWluIHRleHQgbWVzc2FnZSwgbm90IGEga2V5"}`,
			// placeholders, templates and sequences
			`API_KEY=your-api-key-goes-here-1`,
			`client_secret=${CLIENT_SECRET}`,
			`SECRET_KEY=abcdefghijklmnop123456`,
			`service_token=my-service-token-v2-prod`,
			`deploy_token=release-pipeline-e3b0c44298fc1c149afbf4c8`,
			`api_token=kafka-consumer-group-orders2eu1`,
			`x_access_token=****************************`,
			// words, not assignments
			`msg="token refreshed for user 8f2kQ9xL3mV7tR1z"`,
			`tokenizer=bpe-Xq7vR2mKp9LwT4zNc8HdYb3F`,
		},
	}, {
		ID:          "generic-password",
		Description: "Password assigned to a password name",
		Provider:    "Generic",
		Peers:       []string{"generic-api-key"},
		Severity:    Medium,
		Keywords:    []string{"password", "passwd"},
		IgnoreCase:  true,
		Regex: assignedIdentifier(prefix+genericPasswordWord+`[A-Za-z0-9_.-]*`,
			"([^\\s\"'<>&;,`\\\\()\\[\\]{}]+)(?:[\\s\"'<>&;,`\\\\()\\[\\]{}]|$)"),
		Fallback:        true,
		MinEntropy:      3.0,
		Validators:      []Validator{lengthIn(8, 64), genericPassword, cover.value},
		MatchValidators: []MatchValidator{cover.key},
		TruePositives: []string{
			`DB_PASSWORD=Vq7#mK2p!xR9wL`,
			`{"level":"debug","msg":"connect","smtp_password":"T4z%Nc8Hd-Yb3F"}`,
			`<property name="jdbc.password" value="Lm4-Xr7!Tz1Wn9" />`,
			`redis-cli --pass-file /dev/null --password 8kQ2-vX7m@Lr4Tz`,
			`spring.datasource.password: P9w$Lk3m_Vx8Rq`,
			`<Password>Hd6Y!k2Vq8Lm4X</Password>`,
		},
		FalsePositives: []string{
			`password=********`,
			`DB_PASSWORD=${DB_PASSWORD}`,
			`{"password":"[REDACTED]"}`,
			`{"password_hash":"$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW"}`,
			`password_policy=MinLength12Upper1Digit1`,
			`msg="password: must be at least 12 characters"`,
			`postgres_password=changeme`,
			`password=hunterhunter`,
			`{"passwordless":true,"password_reset_url":"https://id.example.org/reset"}`,
			`ADMIN_PASSWORD=Abcdefghi123!`,
		},
	}}
}

// providerCover defers generic rules to the provider rules: a value that starts with another
// rule's literal prefix (ghp_, sk_live_, …), or a name that holds a provider's keyword (cohere,
// x-figma-token, SENTRY, …), belongs to that provider's rule, which reports it or refuses it
// for a reason of its own (a checksum, a length, a word start). It is built from the whole
// catalogue: disabling a provider's rule does not hand its secrets to the generic rules.
type providerCover struct {
	prefixes []prefix // other rules' keywords
	names    []string // other rules' keywords that can be part of a key, lower-cased
}

// prefix is another rule's keyword and its case rule; a case-insensitive one is held
// lower-cased, so a candidate compares without lowering it again.
type prefix struct {
	text       string
	ignoreCase bool
}

// genericSecretWord and genericPasswordWord are the generic rules' words as lower, Title or
// UPPER case (apiKey, ApiKey, API_KEY, Api_Key), not in any case: the Loki pushdown then rides
// on case-sensitive literals (ecret, SECRET, oken, TOKEN…), which Loki tests several times
// faster than folded ones, and a mixed-case key such as "sEcReT" is no key logs write.
// Each alternative starts with a word of fixed case, so that the pushdown's regexes can be
// cut per word (pushdown.contextRegexes), and neighbours start with different letters, or
// the regex parser would factor them into a one-letter prefix (see credentialWord).
var (
	genericSecretWord = `(?:Secret|secret|SECRET|Api[_-]?Key|api[_-]?(?:key|Key)|API[_-]?(?:KEY|Key)|` +
		`Token|token|TOKEN|Access[_-]Key|access[_-](?:key|Key)|ACCESS[_-]KEY)`
	genericPasswordWord = `(?:Passw(?:or)?d|passw(?:or)?d|PASSW(?:OR)?D)`
)

// genericKeywords are the generic rules' own words: a provider keyword equal to one of them
// names no provider.
var genericKeywords = map[string]bool{
	"secret": true, "token": true, "password": true, "passwd": true, "api_key": true, "apikey": true,
	"api-key": true, "access_key": true, "access-key": true, "accesskey": true, "auth": true,
	"authorization": true, "bearer": true, "credential": true, "credentials": true,
}

func newProviderCover(others []*Rule) *providerCover {
	pc := &providerCover{}
	for _, r := range others {
		for _, k := range r.Keywords {
			if len(k) >= 3 {
				p := prefix{text: k, ignoreCase: r.IgnoreCase}
				if p.ignoreCase {
					p.text = strings.ToLower(k)
				}
				pc.prefixes = append(pc.prefixes, p)
			}
			if l := strings.ToLower(k); len(l) >= 5 && isKeyPart(l) && !genericKeywords[l] {
				pc.names = append(pc.names, l)
			}
		}
	}
	return pc
}

// isKeyPart: the characters of an identifier only.
func isKeyPart(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isWord(s[i]) && strings.IndexByte("_.-", s[i]) < 0 {
			return false
		}
	}
	return true
}

func (pc *providerCover) value(secret string) string {
	var lower string
	for _, p := range pc.prefixes {
		s, k := secret, p.text
		if p.ignoreCase {
			if lower == "" {
				lower = strings.ToLower(secret)
			}
			s = lower
		}
		// A value starting like a long prefix is that format's, even off by its last
		// characters (a provider's decoy, a truncated token).
		if strings.HasPrefix(s, k[:min(len(k), 8)]) || len(k) >= 6 && strings.Contains(s, k) {
			return reasonCovered
		}
	}
	return ""
}

func (pc *providerCover) key(match, _ string) string {
	name := strings.ToLower(keyName(match))
	for _, n := range pc.names {
		if strings.Contains(name, n) {
			return reasonCovered
		}
	}
	if !genericName(keyWords(keyName(match))) {
		return reasonStructure
	}
	return ""
}

// keyName is the identifier a grammar match starts with, past a flag's dashes, an XML "<", an escaped
// \n, or -D.
func keyName(match string) string {
	switch {
	case strings.HasPrefix(match, "-D"):
		match = match[2:]
	case strings.HasPrefix(match, `\`) && len(match) > 1:
		match = match[2:]
	}
	match = strings.TrimLeft(match, "-_<")
	end := 0
	for end < len(match) && (isWord(match[end]) || strings.IndexByte("_.-", match[end]) >= 0) {
		end++
	}
	return match[:end]
}

// keyWords splits an identifier into lower-case words: at _ . - and at case changes
// (nextPageToken, HTTPToken → next page token, http token).
func keyWords(id string) []string {
	var words []string
	var cur []rune
	rs := []rune(id)
	flush := func() {
		if len(cur) > 0 {
			words = append(words, strings.ToLower(string(cur)))
			cur = cur[:0]
		}
	}
	for i, c := range rs {
		switch {
		case c == '_' || c == '.' || c == '-':
			flush()
			continue
		case unicode.IsUpper(c) && i > 0 && (unicode.IsLower(rs[i-1]) || unicode.IsDigit(rs[i-1])):
			flush()
		case unicode.IsUpper(c) && i > 0 && unicode.IsUpper(rs[i-1]) && i+1 < len(rs) && unicode.IsLower(rs[i+1]):
			flush()
		}
		cur = append(cur, c)
	}
	flush()
	return words
}

// secretWords name a secret; keyWordsBefore are the words that make "key" one (api key).
var (
	secretWords    = map[string]bool{"secret": true, "token": true, "password": true, "passwd": true, "passphrase": true, "apikey": true, "accesskey": true, "secretkey": true}
	keyWordsBefore = map[string]bool{"api": true, "access": true, "secret": true}
	// trailingWords may follow the secret word and still name the secret (SECRET_KEY,
	// token_value, PASSWORD_B64).
	trailingWords = map[string]bool{"key": true, "value": true, "str": true, "string": true, "b64": true, "base64": true, "hex": true, "raw": true, "plain": true, "plaintext": true, "text": true, "secret": true, "token": true}
	// notSecretWords name a value that is not a credential, or not one worth an incident:
	// paging and anti-forgery tokens, per-request ids, public or hashed material, counters.
	notSecretWords = map[string]bool{
		"page": true, "next": true, "prev": true, "previous": true, "continuation": true, "cursor": true, "pagination": true,
		"csrf": true, "xsrf": true, "captcha": true, "recaptcha": true, "turnstile": true, "nonce": true, "state": true,
		"sync": true, "request": true, "trace": true, "span": true, "correlation": true, "idempotency": true, "upload": true,
		"public": true, "publishable": true, "pub": true, "device": true, "push": true, "fcm": true, "apns": true,
		"hash": true, "hashed": true, "salt": true, "digest": true, "encrypted": true, "masked": true, "redacted": true,
		"max": true, "min": true, "num": true, "count": true, "total": true, "limit": true, "usage": true, "length": true,
		"policy": true, "bucket": true, "rate": true, "expiry": true, "expires": true, "expired": true, "ttl": true,
		"unsubscribe": true, "invite": true, "share": true, "is": true, "has": true, "use": true, "require": true,
		"required": true, "enable": true, "enabled": true, "show": true, "hide": true, "reset": true, "forgot": true,
		"placeholder": true, "hint": true, "label": true, "field": true, "prompt": true, "example": true, "test": true, "dummy": true, "sandbox": true,
	}
)

// genericName judges a key's words: the last secret word may be followed only by trailing
// words (no token_id, secret_name, password_file), and no word may mark a value that is not
// a credential (page_token, csrf_token, password_hash).
func genericName(words []string) bool {
	last := -1
	for i, w := range words {
		if notSecretWords[w] {
			return false
		}
		if secretWords[w] || w == "key" && i > 0 && keyWordsBefore[words[i-1]] {
			last = i
		}
	}
	if last < 0 {
		return false
	}
	for _, w := range words[last+1:] {
		if !trailing(w) {
			return false
		}
	}
	return true
}

// trailing reports whether w may follow the secret word in a secret's name: one of
// trailingWords, or a number or version that tells secrets apart (API_TOKEN_2,
// secret_key_v3, some_api_token_123).
func trailing(w string) bool {
	if trailingWords[w] {
		return true
	}
	digits := strings.TrimPrefix(w, "v")
	if digits == "" || len(digits) > 4 {
		return false
	}
	for i := 0; i < len(digits); i++ {
		if digits[i] < '0' || digits[i] > '9' {
			return false
		}
	}
	return true
}

// lengthIn refuses a secret shorter than lo or longer than hi bytes.
func lengthIn(lo, hi int) Validator {
	return func(secret string) string {
		if len(secret) < lo || len(secret) > hi {
			return reasonStructure
		}
		return ""
	}
}

// genericValue refuses values of a secret-like name that are ids, paths, identifiers or
// payloads rather than credentials: UUIDs, lower-case paths (a secret manager's resource
// name), dashed lower-case identifiers (my-service-token-v2), and base64 that decodes to
// text (a JSON document or a sentence).
func genericValue(secret string) string {
	switch {
	case isUUID(secret):
		return reasonStructure
	case strings.Contains(secret, "/") && strings.ToLower(secret) == secret:
		return reasonStructure
	case isIdentifier(secret):
		return reasonStructure
	case decodesToText(secret):
		return reasonStructure
	}
	return ""
}

func isUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if i == 8 || i == 13 || i == 18 || i == 23 {
			if c != '-' {
				return false
			}
		} else if !isHex(c) {
			return false
		}
	}
	return true
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// isIdentifier: lower-case segments joined by - _ or ., one of them a word of 4 letters or
// more (my-service-token-v2, prod_db_creds_2024): a name, not a random credential. A segment
// of random key material (randomSegment) makes it a prefixed credential instead
// (xx_prod_p3chs7vbsgbqeeldxzjk…).
func isIdentifier(s string) bool {
	if strings.ToLower(s) != s || !strings.ContainsAny(s, "-_.") {
		return false
	}
	word := false
	for _, seg := range strings.FieldsFunc(s, func(r rune) bool { return r == '-' || r == '_' || r == '.' }) {
		if randomSegment(seg) {
			return false
		}
		letters := true
		for i := 0; i < len(seg); i++ {
			if !(seg[i] >= 'a' && seg[i] <= 'z') {
				letters = false
			}
		}
		word = word || letters && len(seg) >= 4
	}
	return word
}

// randomSegment: at least 16 lower-case letters and digits, a twentieth of them digits (two at
// least) and some letter past f: key material, as a name made of words and a hex digest or
// id are not.
func randomSegment(seg string) bool {
	if len(seg) < 16 {
		return false
	}
	pastF, digits := false, 0
	for i := 0; i < len(seg); i++ {
		c := seg[i]
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c >= 'a' && c <= 'z':
			pastF = pastF || c > 'f'
		default:
			return false
		}
	}
	return pastF && digits >= 2 && digits*20 >= len(seg)
}

// decodesToText: base64 of at least 24 characters whose bytes are printable text with a
// space, a brace or a quote in it: an encoded message or document, not key material.
func decodesToText(s string) bool {
	if len(s) < 24 {
		return false
	}
	b, ok := decodeB64Any(s)
	if !ok || len(b) == 0 {
		return false
	}
	marks := false
	for _, c := range b {
		if c < 0x20 || c > 0x7e {
			return false
		}
		marks = marks || c == ' ' || c == '{' || c == '"'
	}
	return marks
}

// genericPassword refuses template, masked and default passwords and values with the
// character variety of a word rather than a password: three of lower case, upper case,
// digits and symbols, or two over 16 characters.
func genericPassword(secret string) string {
	if isPlaceholderPassword(secret) {
		return reasonPlaceholder
	}
	if secret[0] == '@' || strings.Contains(secret, "://") {
		// user:<password>@host, <user:password> https://…: the text after a placeholder, not
		// a password
		return reasonStructure
	}
	var l, u, d, o int
	for i := 0; i < len(secret); i++ {
		switch c := secret[i]; {
		case c >= 'a' && c <= 'z':
			l = 1
		case c >= 'A' && c <= 'Z':
			u = 1
		case c >= '0' && c <= '9':
			d = 1
		default:
			o = 1
		}
	}
	if n := l + u + d + o; n < 3 && !(n == 2 && len(secret) > 16) {
		return reasonStructure
	}
	return ""
}
