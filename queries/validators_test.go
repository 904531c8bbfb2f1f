package queries

import (
	"encoding/base64"
	"fmt"
	"hash/crc32"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// Test tokens are built here with a seeded generator: random-looking fakes with valid
// checksums, never real credentials.

func randString(rng *rand.Rand, alphabet string, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[rng.IntN(len(alphabet))]
	}
	return string(b)
}

func makeGitHubStyle(prefix, random string) string {
	return prefix + random + Base62CRC32(random)
}

func makeRoutable(prefix string, raw []byte, withVersion bool) string {
	payload := "c:1\no:2s\nu:4f1x"
	b := base64.RawURLEncoding.EncodeToString(append(append(raw, payload...), byte(len(payload))))
	l := fmt.Sprintf("%02s", strconv.FormatInt(int64(len(b)), 36))
	s := prefix + b + "." + l
	if withVersion {
		s = prefix + b + ".01." + l
	}
	return s + fmt.Sprintf("%07s", strconv.FormatUint(uint64(crc32.ChecksumIEEE([]byte(s))), 36))
}

func makeGrafanaSA(body string) string {
	key := "glsa_" + body
	c := crc32.ChecksumIEEE([]byte(key))
	return fmt.Sprintf("%s_%02x%02x%02x%02x", key, byte(c), byte(c>>8), byte(c>>16), byte(c>>24))
}

func bech32Encode(hrp string, data8 []byte) string {
	var data []byte
	acc, bits := 0, 0
	for _, b := range data8 {
		acc = acc<<8 | int(b)
		bits += 8
		for bits >= 5 {
			bits -= 5
			data = append(data, byte(acc>>uint(bits)&31))
		}
	}
	if bits > 0 {
		data = append(data, byte(acc<<uint(5-bits)&31))
	}
	var values []byte
	for i := 0; i < len(hrp); i++ {
		values = append(values, hrp[i]>>5)
	}
	values = append(values, 0)
	for i := 0; i < len(hrp); i++ {
		values = append(values, hrp[i]&31)
	}
	values = append(append(values, data...), 0, 0, 0, 0, 0, 0)
	pm := bech32Polymod(values) ^ 1
	for i := 0; i < 6; i++ {
		data = append(data, byte(pm>>uint(5*(5-i))&31))
	}
	var sb strings.Builder
	sb.WriteString(hrp + "1")
	for _, d := range data {
		sb.WriteByte(bech32Charset[d])
	}
	return sb.String()
}

// flip changes the character at i to another one of the same class.
func flip(s string, i int) string {
	c := s[i]
	var r byte
	switch {
	case c >= '0' && c <= '8', c >= 'a' && c <= 'y', c >= 'A' && c <= 'Y':
		r = c + 1
	default:
		r = c - 1
	}
	return s[:i] + string(r) + s[i+1:]
}

func TestEncodeBase62(t *testing.T) {
	for _, tc := range []struct {
		n    uint32
		want string
	}{{0, "000000"}, {61, "00000z"}, {62, "000010"}, {0xffffffff, "4gfFC3"}} {
		if got := encodeBase62(tc.n, 6); got != tc.want {
			t.Errorf("encodeBase62(%d) = %q, want %q", tc.n, got, tc.want)
		}
	}
}

func TestChecksumValidators(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	gh := makeGitHubStyle("ghp_", randString(rng, base62Alphabet, 30))
	npm := makeGitHubStyle("npm_", randString(rng, base62Alphabet, 30))
	raw := []byte(randString(rng, base62Alphabet, 16))
	routable := makeRoutable("glpat-", raw, true)
	routableOld := makeRoutable("glpat-", raw, false)
	grafana := makeGrafanaSA(randString(rng, base62Alphabet, 32))
	key := []byte(randString(rng, base62Alphabet, 32))
	age := strings.ToUpper(bech32Encode("age-secret-key-", key))

	cases := []struct {
		name   string
		v      Validator
		secret string
		want   string
	}{
		{"github valid", crc32Base62Tail(4), gh, ""},
		{"github body changed", crc32Base62Tail(4), flip(gh, 10), reasonChecksum},
		{"github checksum changed", crc32Base62Tail(4), flip(gh, len(gh)-1), reasonChecksum},
		{"github too short", crc32Base62Tail(4), "ghp_abc", reasonStructure},
		{"npm valid", crc32Base62Tail(4), npm, ""},
		{"npm changed", crc32Base62Tail(4), flip(npm, 6), reasonChecksum},
		{"gitlab routable valid", gitlabRoutable, routable, ""},
		{"gitlab routable without version", gitlabRoutable, routableOld, ""},
		{"gitlab routable payload changed", gitlabRoutable, flip(routable, 12), reasonChecksum},
		{"gitlab routable crc changed", gitlabRoutable, flip(routable, len(routable)-2), reasonChecksum},
		{"gitlab routable prefix swapped", gitlabRoutable, "glrt-" + strings.TrimPrefix(routable, "glpat-"), reasonChecksum},
		{"gitlab legacy shape", gitlabRoutable, "glpat-" + randString(rng, base62Alphabet, 20), reasonChecksum},
		{"grafana valid", grafanaServiceAccount, grafana, ""},
		{"grafana changed", grafanaServiceAccount, flip(grafana, 8), reasonChecksum},
		{"grafana no checksum", grafanaServiceAccount, "glsa_" + randString(rng, base62Alphabet, 32), reasonStructure},
		{"age valid", bech32Checksum, age, ""},
		{"age lower-case valid", bech32Checksum, strings.ToLower(age), ""},
		{"age changed", bech32Checksum, flip(age, 20), reasonChecksum},
		{"age mixed case", bech32Checksum, age[:20] + strings.ToLower(age[20:]), reasonStructure},
		{"age bad charset", bech32Checksum, age[:20] + "B" + age[21:], reasonStructure},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.v(tc.secret); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestJWTStructure(t *testing.T) {
	enc := func(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }
	sig := "Qm9ndXNTaWduYXR1cmVGb3JUZXN0c09ubHkxMjM0NTY3"
	for _, tc := range []struct {
		name, jwt, want string
	}{
		{"hs256", enc(`{"alg":"HS256","typ":"JWT"}`) + "." + enc(`{"sub":"42"}`) + "." + sig, ""},
		{"padded std base64 header", base64.StdEncoding.EncodeToString([]byte(`{"alg":"RS256"}`)) + "." + enc(`{"a":1}`) + "." + sig, ""},
		{"alg none", enc(`{"alg":"none"}`) + "." + enc(`{"sub":"42"}`) + "." + sig, reasonStructure},
		{"no alg", enc(`{"typ":"JWT"}`) + "." + enc(`{"sub":"42"}`) + "." + sig, reasonStructure},
		{"header not json", enc(`hello world`) + "." + enc(`{"sub":"42"}`) + "." + sig, reasonStructure},
		{"payload not json", enc(`{"alg":"HS256"}`) + "." + enc(`[1,2]`) + "." + sig, reasonStructure},
		{"two parts", enc(`{"alg":"HS256"}`) + "." + enc(`{"sub":"42"}`), reasonStructure},
		{"empty signature", enc(`{"alg":"HS256"}`) + "." + enc(`{"sub":"42"}`) + ".", reasonStructure},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := jwtStructure(tc.jwt); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestBasicAuthCredential(t *testing.T) {
	enc := func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }
	for _, tc := range []struct{ name, in, want string }{
		{"user and password", enc("deploy:Vq8rT2mXw9LpZ4"), ""},
		{"unpadded", strings.TrimRight(enc("ci:Rk7Pq2Vn8Tz"), "="), ""},
		{"no colon", enc("justatoken12345"), reasonStructure},
		{"empty password", enc("admin:"), reasonStructure},
		{"placeholder password", enc("admin:password"), reasonPlaceholder},
		{"masked password", enc("admin:********"), reasonPlaceholder},
		{"template password", enc("svc:${PASS}"), reasonPlaceholder},
		{"binary", base64.StdEncoding.EncodeToString([]byte{0xff, 0x00, ':', 0x01, 0x02}), reasonStructure},
		{"not base64", "!!notbase64!!", reasonStructure},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := basicAuthCredential(tc.in); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestURIPassword(t *testing.T) {
	for _, tc := range []struct {
		pw   string
		want string
	}{
		{"Kq8vT2mXw9Lp", ""},
		{"s3cr3t%21Pz9", ""},
		{"password", reasonPlaceholder},
		{"PASSWORD", reasonPlaceholder},
		{"pass", reasonPlaceholder},
		{"secret", reasonPlaceholder},
		{"changeme", reasonPlaceholder},
		{"****", reasonPlaceholder},
		{"******", reasonPlaceholder},
		{"${DB_PASSWORD}", reasonPlaceholder},
		{"%24%7BDB_PASSWORD%7D", reasonPlaceholder},
		{"$DB_PASSWORD", reasonPlaceholder},
		{"<password>", reasonPlaceholder},
		{"%3Cpassword%3E", reasonPlaceholder},
		{"{password}", reasonPlaceholder},
		{"%(password)s", reasonPlaceholder},
		{"[REDACTED]", reasonPlaceholder},
		{"__PASSWORD__", reasonPlaceholder},
		{"", reasonPlaceholder},
	} {
		if got := uriPassword(tc.pw); got != tc.want {
			t.Errorf("uriPassword(%q) = %q, want %q", tc.pw, got, tc.want)
		}
	}
}

func TestCoveredByProvider(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	if got := coveredByProvider(makeGitHubStyle("ghs_", randString(rng, base62Alphabet, 30))); got != reasonCovered {
		t.Errorf("GitHub token: got %q, want %q", got, reasonCovered)
	}
	if got := coveredByProvider("Tz8qPm2vLx7K"); got != "" {
		t.Errorf("plain password: got %q, want none", got)
	}
	// Every prefix deferred to must be a keyword of a catalogue rule, or the generic rule
	// would silence a secret nobody reports.
	kw := map[string]bool{}
	for _, r := range Catalog() {
		for _, k := range r.Keywords {
			kw[k] = true
		}
	}
	for _, p := range knownTokenPrefixes {
		if !kw[p] {
			t.Errorf("prefix %q is no rule's keyword", p)
		}
	}
}

func TestPEMBody(t *testing.T) {
	line := strings.Repeat("MIIEowIBAAKCAQEAv3Jx9Qk2", 3)
	for _, tc := range []struct{ name, in, want string }{
		{"escaped newlines", `-----BEGIN RSA PRIVATE KEY-----\n` + line + `\n` + line + `\n-----END RSA PRIVATE KEY-----`, ""},
		{"spaces", `-----BEGIN PRIVATE KEY----- ` + line + ` ` + line + ` -----END PRIVATE KEY-----`, ""},
		{"encrypted headers", `-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,0A1B2C3D4E5F60718293A4B5C6D7E8F9\n\n` + line + `\n` + line, ""},
		{"prose after header", `-----BEGIN RSA PRIVATE KEY----- found in config file while loading settings`, reasonStructure},
		{"short body", `-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIB\n-----END EC PRIVATE KEY-----`, reasonStructure},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := pemBody(tc.in); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestCharacterClassValidators(t *testing.T) {
	for _, tc := range []struct {
		name string
		v    Validator
		in   string
		want string
	}{
		{"digit and letter", digitAndLetter, "a1b2c3d4", ""},
		{"letters only", digitAndLetter, "abcdefgh", reasonStructure},
		{"digits only", digitAndLetter, "12345678", reasonStructure},
		{"mixed case", mixedCase, "aB3dE5fG", ""},
		{"lower only", mixedCase, "ab3de5fg", reasonStructure},
		{"base64 json", base64JSON("ops_"), "ops_" + base64.RawURLEncoding.EncodeToString([]byte(`{"a":"b"}`)), ""},
		{"base64 not json", base64JSON("ops_"), "ops_" + base64.RawURLEncoding.EncodeToString([]byte(`hello`)), reasonStructure},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.v(tc.in); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestSequential(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want bool
	}{
		{"sk_live_abcdefghijklmnopqrstuvwxyz123456", true},
		{"AIzaSyabcdefghijklmnopqrstuvwxyz01234", true},
		{"key-0123456789abcdef0123456789abcdef", true},
		{"ZYXWVUTSRQ", true},
		{"pass98765432", true},
		{"token_QwErTyUiOp_1", true},
		{"abcdefg1", false}, // seven
		{"aBcDeFgHiJ", false},
		{"b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAB", false}, // runs of A: DER
		{"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", false},
		{"0123456", false},
		{"6789abcd", false}, // digits then letters: two classes
	} {
		if got := sequential(tc.in); got != tc.want {
			t.Errorf("sequential(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func TestURIPasswordEnd(t *testing.T) {
	for _, tc := range []struct{ secret, want string }{
		{"Tz4#Qm8/Lp2@registry.io/v2/?notify=ops", "Tz4#Qm8/Lp2"}, // the last '@' was the query's
		{"Xk2@9fQ#", "Xk2@9fQ#"},                                  // a raw '@' in the password
		{"p@ss@word", "p@ss@word"},
		{"Ab3@db.internal:5432/x?y", "Ab3"},
		{"Ab3@db.internal:/x", "Ab3@db.internal:/x"}, // no port digits: not a host
		{"Ab3@db.internal.", "Ab3@db.internal."},
		{"Ab3@10.0.0.1?x", "Ab3"},
	} {
		if got := tc.secret[:uriPasswordEnd(tc.secret)]; got != tc.want {
			t.Errorf("uriPasswordEnd(%q) keeps %q, want %q", tc.secret, got, tc.want)
		}
	}
}

func TestURIPasswordEndNextURI(t *testing.T) {
	for _, tc := range []struct{ secret, want string }{
		{"p1@h1/db&cache=redis://:p2", "p1"},
		{"Ab#1@x&next=https://u:q", "Ab#1"},
		{"http://x", "http://x"}, // no '@' before it: kept, the rule's validators judge it
	} {
		if got := tc.secret[:uriPasswordEnd(tc.secret)]; got != tc.want {
			t.Errorf("uriPasswordEnd(%q) keeps %q, want %q", tc.secret, got, tc.want)
		}
	}
}

func TestNoRuns(t *testing.T) {
	for _, c := range []struct {
		in   string
		want string
	}{
		{"q8Wm3Nv7Xk2Lp9Rt4Yb6Zc1Hd5Fg0Js2", ""},
		{"abcdefghijklmnopqrstuvwxyz123456", "placeholder"},
		{"sk_live_9f8e7d6c5b4a3927", ""},
		{"key_0123456789abcdef", "placeholder"},
		{"zyxwvu", "placeholder"},
		{"AAAAAAx9", "placeholder"},
		{"AAAAAx9abcdeZ", ""},
	} {
		if got := noRuns(c.in); got != c.want {
			t.Errorf("noRuns(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// The rules doc names each rule's checks: a validator built by a closure (GitHub's tok) or a
// constructor (refusePrefix) is named after the validator, not the function around it.
func TestChecksNameValidators(t *testing.T) {
	cases := []struct {
		rule, want string
	}{
		{"github-pat", "CRC32 checksum (base62 tail)"},
		{"github-oauth-token", "CRC32 checksum (base62 tail)"},
		{"npm-access-token", "CRC32 checksum (base62 tail)"},
		{"grafana-service-account-token", "CRC32 checksum (hex tail)"},
		{"age-secret-key", "Bech32 checksum"},
		{"proof-full-access-api-key", "another kind of key refused by its prefix"},
	}
	byID := map[string]*Rule{}
	for _, r := range Catalog() {
		byID[r.ID] = r
	}
	for _, c := range cases {
		r := byID[c.rule]
		if r == nil {
			t.Fatalf("no rule %s", c.rule)
		}
		if got := r.Checks(); !slices.Contains(got, c.want) {
			t.Errorf("%s: Checks() = %q, want it to hold %q", c.rule, got, c.want)
		}
	}
	for _, n := range []string{"func1", "1", "func12"} {
		if !isClosureName(n) {
			t.Errorf("isClosureName(%q) = false", n)
		}
	}
	for _, n := range []string{"func", "funcs", "crc32Base62Tail", "githubRules", ""} {
		if isClosureName(n) {
			t.Errorf("isClosureName(%q) = true", n)
		}
	}
}
