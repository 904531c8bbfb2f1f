package queries

import (
	"encoding/base64"
	"encoding/json"
	"hash/crc32"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Suppression reasons returned by validators. They are fixed words, fit for a metric label.
const (
	reasonChecksum    = "checksum"
	reasonPlaceholder = "placeholder"
	reasonEntropy     = "entropy"
	reasonStructure   = "structure"
	// reasonCovered: another, more specific rule reports this value (a GitHub token used as
	// the password of a URL), so the generic rule stays quiet to report each secret once.
	reasonCovered = "covered"
)

const base62Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// encodeBase62 writes n most-significant digit first, left-padded with '0' to width.
func encodeBase62(n uint32, width int) string {
	var buf [16]byte
	i := len(buf)
	for n > 0 {
		i--
		buf[i] = base62Alphabet[n%62]
		n /= 62
	}
	for len(buf)-i < width {
		i--
		buf[i] = '0'
	}
	return string(buf[i:])
}

// Base62CRC32 is the checksum GitHub and npm tokens end with: the CRC32-IEEE of s in base62
// (0-9A-Za-z), most significant digit first, left-padded with '0' to 6 characters. Exported
// so test fakes make tokens the validator accepts from the same code.
func Base62CRC32(s string) string {
	return encodeBase62(crc32.ChecksumIEEE([]byte(s)), 6)
}

// crc32Base62Tail checks the GitHub/npm token checksum: after the prefix of prefixLen bytes,
// the last 6 characters are the CRC32-IEEE of the characters before them, in base62.
func crc32Base62Tail(prefixLen int) Validator {
	return func(secret string) string {
		if len(secret) < prefixLen+7 {
			return reasonStructure
		}
		body := secret[prefixLen:]
		payload, sum := body[:len(body)-6], body[len(body)-6:]
		if Base62CRC32(payload) != sum {
			return reasonChecksum
		}
		return ""
	}
}

// gitlabRoutable checks a GitLab routable token:
//
//	<prefix><base64url payload>[.<version, 2 base36>].<payload length, 2 base36><crc32, 7 base36>
//
// where the CRC32-IEEE covers every character before it, prefix included, and the length is
// the length of the base64 payload. The version segment appeared later; both shapes exist.
func gitlabRoutable(secret string) string {
	if len(secret) < 10 {
		return reasonStructure
	}
	head, crc := secret[:len(secret)-7], secret[len(secret)-7:]
	want := strconv.FormatUint(uint64(crc32.ChecksumIEEE([]byte(head))), 36)
	if strings.Repeat("0", 7-min(7, len(want)))+want != crc {
		return reasonChecksum
	}
	dot := strings.LastIndexByte(head, '.')
	if dot < 0 || len(head)-dot != 3 {
		return reasonStructure
	}
	n, err := strconv.ParseUint(head[dot+1:], 36, 16)
	if err != nil {
		return reasonStructure
	}
	rest := head[:dot]
	if v := strings.LastIndexByte(rest, '.'); v >= 0 && len(rest)-v == 3 {
		rest = rest[:v] // version segment
	}
	// The payload is the tail of rest: the prefix ends at the last '-' or '_' before it is
	// ambiguous (base64url uses both), so compare from the end.
	if int(n) > len(rest) || int(n) < 20 {
		return reasonStructure
	}
	return ""
}

// grafanaServiceAccount checks glsa_<32 alphanumerics>_<8 hex>: the hex is the CRC32-IEEE of
// "glsa_<32 alphanumerics>", little-endian.
func grafanaServiceAccount(secret string) string {
	i := strings.LastIndexByte(secret, '_')
	if i < 0 || len(secret)-i != 9 {
		return reasonStructure
	}
	c := crc32.ChecksumIEEE([]byte(secret[:i]))
	sum := secret[i+1:]
	const hexd = "0123456789abcdef"
	for k := 0; k < 4; k++ {
		b := byte(c >> (8 * k))
		if sum[2*k] != hexd[b>>4] || sum[2*k+1] != hexd[b&15] {
			return reasonChecksum
		}
	}
	return ""
}

const bech32Charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"

func bech32Polymod(values []byte) uint32 {
	gen := [5]uint32{0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3}
	chk := uint32(1)
	for _, v := range values {
		top := chk >> 25
		chk = (chk&0x1ffffff)<<5 ^ uint32(v)
		for i := 0; i < 5; i++ {
			if (top>>uint(i))&1 == 1 {
				chk ^= gen[i]
			}
		}
	}
	return chk
}

// bech32Checksum verifies a Bech32 string (BIP-173) such as an age secret key. Case must be
// uniform; the human-readable part is everything before the last '1'.
func bech32Checksum(secret string) string {
	l := strings.ToLower(secret)
	if l != secret && strings.ToUpper(secret) != secret {
		return reasonStructure
	}
	sep := strings.LastIndexByte(l, '1')
	if sep < 1 || len(l)-sep < 7 {
		return reasonStructure
	}
	hrp, data := l[:sep], l[sep+1:]
	values := make([]byte, 0, 2*len(hrp)+1+len(data))
	for i := 0; i < len(hrp); i++ {
		values = append(values, hrp[i]>>5)
	}
	values = append(values, 0)
	for i := 0; i < len(hrp); i++ {
		values = append(values, hrp[i]&31)
	}
	for i := 0; i < len(data); i++ {
		k := strings.IndexByte(bech32Charset, data[i])
		if k < 0 {
			return reasonStructure
		}
		values = append(values, byte(k))
	}
	if bech32Polymod(values) != 1 {
		return reasonChecksum
	}
	return ""
}

// decodeB64Any decodes standard or URL-safe base64, padded or not.
func decodeB64Any(s string) ([]byte, bool) {
	s = strings.TrimRight(s, "=")
	if b, err := base64.RawStdEncoding.DecodeString(s); err == nil {
		return b, true
	}
	if b, err := base64.RawURLEncoding.DecodeString(s); err == nil {
		return b, true
	}
	return nil, false
}

// jwtStructure requires header.payload.signature where the header is a JSON object naming a
// signing algorithm other than "none" and the payload is a JSON object: an unsigned token or a
// random dotted string is not a credential.
func jwtStructure(secret string) string {
	parts := strings.Split(secret, ".")
	if len(parts) != 3 || parts[2] == "" {
		return reasonStructure
	}
	hb, ok := decodeB64Any(parts[0])
	if !ok {
		return reasonStructure
	}
	var header map[string]any
	if json.Unmarshal(hb, &header) != nil {
		return reasonStructure
	}
	alg, _ := header["alg"].(string)
	if alg == "" || strings.EqualFold(alg, "none") {
		return reasonStructure
	}
	pb, ok := decodeB64Any(parts[1])
	if !ok {
		return reasonStructure
	}
	var payload map[string]any
	if json.Unmarshal(pb, &payload) != nil {
		return reasonStructure
	}
	if _, ok := decodeB64Any(parts[2]); !ok {
		return reasonStructure
	}
	return ""
}

// placeholderPasswords are values people put in config templates and docs instead of a
// password. Compared case-insensitively to the whole (URL-decoded) password.
var placeholderPasswords = map[string]bool{
	"password": true, "passwd": true, "pass": true, "pwd": true, "secret": true,
	"changeme": true, "changeit": true, "redacted": true, "hidden": true, "masked": true,
	"filtered": true, "[filtered]": true, "[redacted]": true, "[hidden]": true, "none": true,
	"null": true, "nil": true, "undefined": true, "mypassword": true, "yourpassword": true,
	"user": true, "username": true, "xxx": true, "...": true, "…": true, "token": true,
	// Well-known defaults of local and docker setups: noise, not a leaked production secret.
	"postgres": true, "root": true, "guest": true, "admin": true, "test": true, "demo": true,
	"default": true, "example": true,
}

// isPlaceholderPassword reports template, masked or documentation passwords.
func isPlaceholderPassword(p string) bool {
	if u, err := url.PathUnescape(p); err == nil {
		p = u
	}
	l := strings.ToLower(p)
	if l == "" || placeholderPasswords[l] || IsPlaceholder(p) {
		return true
	}
	switch {
	case strings.HasPrefix(l, "$"), // $DB_PASSWORD, ${…}, $(…)
		strings.HasPrefix(l, "%"),                                // %s, %(password)s
		strings.HasPrefix(l, "{") && strings.HasSuffix(l, "}"),   // {password}
		strings.HasPrefix(l, "[") && strings.HasSuffix(l, "]"),   // [password]
		strings.HasPrefix(l, "<") || strings.HasPrefix(l, ":"),   // <password>, :password
		strings.HasPrefix(l, "__") && strings.HasSuffix(l, "__"): // __PASSWORD__
		return true
	}
	// A run of one repeated character is masking (*****, #####, ......).
	if strings.Count(l, l[:1]) == len(l) && len(l) >= 3 {
		return true
	}
	return false
}

// uriPassword suppresses a URL's password when it is a placeholder.
func uriPassword(secret string) string {
	if isPlaceholderPassword(secret) {
		return reasonPlaceholder
	}
	return ""
}

// knownTokenPrefixes are the prefixes of tokens that a provider rule reports. A generic rule
// (URL credentials, Basic auth) defers to it so the same secret is reported once.
var knownTokenPrefixes = []string{
	"ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_",
	"glpat-", "gldt-", "glrt-", "glcbt-", "glptt-", "gloas-", "glsoat-", "glffct-", "glimt-", "glft-", "glagent-",
	"npm_", "pypi-AgEIcHlwaS5vcmc", "dckr_pat_", "dckr_oat_", "rubygems_", "sk_live_", "rk_live_", "whsec_",
	"xoxb-", "xoxp-", "xoxa-", "xoxe-", "xapp-", "xoxe.xoxp-", "hf_", "gsk_", "sk-ant-api03-", "sk-ant-admin01-", "sk-proj-", "sk-svcacct-",
	"dop_v1_", "doo_v1_", "dor_v1_", "hvs.", "hvb.", "dp.pt.", "dp.st.", "dp.sa.", "dp.ct.", "ops_eyJ",
	"sbp_", "sb_secret_", "nfp_", "sntrys_", "sntryu_", "PMAK-", "NRAK-", "glsa_", "glc_", "lin_api_",
	"ATATT3", "ATBB", "rnd_", "AKCp", "shpat_", "shpss_", "shpca_", "shppa_", "SG.", "pul-", "HRKU-", "dapi", "AKIA", "ASIA",
	// Providers L–Z.
	"lip_", "mlsn.", "pubkey-", "sk.eyJ1Ijoi", "mercury_production_", "mergify_application_key_", "sk-api-",
	"mdb_sa_sk_", "mdb_sa_id_", "napi_", "NRJS-", "ntn_", "nvapi-", "os_v2_app_", "os_v2_org_", "api_live.", "api_live_us.", "api_live_ca.",
	"sha256~", "pdl_live_apikey_", "persona_production_", "pcsk_", "pina_", "access-production-",
	"access-development-", "pscale_pw_", "pscale_tkn_", "pscale_oauth_", "polar_oat_", "polar_pat_", "polar_at_",
	"phc_", "phx_", "pnu_", "prf_", "ramp_id_", "ramp_sec_", "rdme_", "rpa_", "rootly_", "samsara_api_", "tk-us-",
	"sgp_", "sm_pat_", "sm_aat_", "sm_sat_", "shippo_live_", "shippo_test_", "squ_", "sqp_", "sqa_", "tskey-",
	"tss_", "tgp_v1_", "tfp_", "unkey_", "ucat_", "vtwn_", "waka_", "wandb_v1_", "AQVN", "zpka_", "vcp_", "vci_",
	"vca_", "vcr_", "vck_", "xoxc-", "xoxd-", "xoxo-", "xoxs-", "sk_test_", "rk_test_",
}

// coveredByProvider suppresses a value another rule reports (see knownTokenPrefixes).
func coveredByProvider(secret string) string {
	for _, p := range knownTokenPrefixes {
		if strings.HasPrefix(secret, p) {
			return reasonCovered
		}
	}
	return ""
}

// basicAuthCredential decodes the value of an "Authorization: Basic" header and requires
// printable "user:password" with a real password: a header carrying a placeholder, an empty
// password or binary garbage is not a leaked credential.
func basicAuthCredential(secret string) string {
	b, ok := decodeB64Any(secret)
	if !ok || !utf8.Valid(b) {
		return reasonStructure
	}
	s := string(b)
	for _, r := range s {
		if r < 0x20 || r == 0x7f {
			return reasonStructure
		}
	}
	user, pass, found := strings.Cut(s, ":")
	if !found || pass == "" {
		return reasonStructure
	}
	if isPlaceholderPassword(pass) || IsPlaceholder(user) {
		return reasonPlaceholder
	}
	return ""
}

// pemBody requires a key body: after the BEGIN line (and any Proc-Type/DEK-Info headers of
// an encrypted key) at least 64 base64 characters, in lines as PEM writes them, not a prose
// sentence following a lone header.
func pemBody(secret string) string {
	i := strings.Index(secret[1:], "-----") // end of the BEGIN line
	if i < 0 {
		return reasonStructure
	}
	body := secret[i+6:]
	if e := strings.Index(body, "-----END"); e >= 0 {
		body = body[:e]
	}
	body = strings.NewReplacer(`\r`, "\n", `\n`, "\n", "\r", "\n", "\t", "\n", " ", "\n", `\`, "").Replace(body)
	var b64 int
	for _, f := range strings.Split(body, "\n") {
		if f == "" || strings.HasPrefix(f, "Proc-Type:") || strings.HasPrefix(f, "DEK-Info:") ||
			strings.HasPrefix(f, "4,ENCRYPTED") || strings.Contains(f, ",") {
			continue
		}
		if len(f) < 16 && b64 < 64 {
			return reasonStructure // short words after a header: prose, not base64 lines
		}
		b64 += len(f)
	}
	if b64 < 64 {
		return reasonStructure
	}
	return ""
}

// digitAndLetter requires both a digit and a letter: identifiers and words in context rules
// (a 32-character all-letter name, a long number) are not keys.
func digitAndLetter(secret string) string {
	var d, l bool
	for i := 0; i < len(secret); i++ {
		c := secret[i]
		switch {
		case c >= '0' && c <= '9':
			d = true
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			l = true
		}
	}
	if !d || !l {
		return reasonStructure
	}
	return ""
}

// mixedCase requires upper- and lower-case letters and a digit, as random base62 has.
func mixedCase(secret string) string {
	var u, l, d bool
	for i := 0; i < len(secret); i++ {
		c := secret[i]
		switch {
		case c >= 'A' && c <= 'Z':
			u = true
		case c >= 'a' && c <= 'z':
			l = true
		case c >= '0' && c <= '9':
			d = true
		}
	}
	if !u || !l || !d {
		return reasonStructure
	}
	return ""
}

// base64JSON requires that the part of secret after prefix decodes (base64, any alphabet) to a
// JSON object: 1Password service-account tokens and Grafana Cloud tokens are such documents.
func base64JSON(prefix string) Validator {
	return func(secret string) string {
		b, ok := decodeB64Any(strings.TrimPrefix(secret, prefix))
		if !ok {
			return reasonStructure
		}
		var m map[string]any
		if json.Unmarshal(b, &m) != nil {
			return reasonStructure
		}
		return ""
	}
}

// notAPort refuses a URI "password" that is really a port followed by a path, query or
// fragment holding an '@' (https://host:8443/login?next=a@b): the user part was the host.
func notAPort(secret string) string {
	i := 0
	for i < len(secret) && i < 6 && secret[i] >= '0' && secret[i] <= '9' {
		i++
	}
	if i >= 1 && i <= 5 && i < len(secret) && strings.IndexByte("/?#", secret[i]) >= 0 {
		return reasonStructure
	}
	return ""
}

// twoClasses requires two of upper-case letters, lower-case letters and digits in the body
// after the prefix's last '_', as any random base62 body has: a one-class run (all lower-case,
// all digits) is a word or a number.
func twoClasses(secret string) string {
	secret = secret[strings.LastIndexByte(secret, '_')+1:]
	var u, l, d int
	for i := 0; i < len(secret); i++ {
		c := secret[i]
		switch {
		case c >= 'A' && c <= 'Z':
			u = 1
		case c >= 'a' && c <= 'z':
			l = 1
		case c >= '0' && c <= '9':
			d = 1
		}
	}
	if u+l+d < 2 {
		return reasonStructure
	}
	return ""
}

var placeholderMarks = []string{"xxxx", "****", "${", "<your", "<", "[redacted]", "{{", "redacted", "example", "placeholder", "changeme", "your_", "your-", "dummy", "0000000000"}

// IsPlaceholder reports templated, masked or documentation values that are not secrets.
func IsPlaceholder(secret string) bool {
	l := strings.ToLower(secret)
	for _, m := range placeholderMarks {
		if strings.Contains(l, m) {
			return true
		}
	}
	return false
}

// Sequential reports the sequences people type for a made-up key (see sequential). The
// detector refuses them for every built-in rule; a user's rule keeps its own fixtures.
func Sequential(secret string) bool { return sequential(secret) }

// sequenceRun is the shortest run of consecutive characters that marks a made-up value. In
// random base62 a given position starts such a run with odds 62^-7 (16^-7 in hex): a real key
// of any length practically never holds one, a typed placeholder almost always does.
const sequenceRun = 8

// keyboardRuns are keyboard rows typed as a fake key.
var keyboardRuns = []string{"qwertyui", "asdfghjk", "zxcvbnm,"}

// sequential reports a run of sequenceRun characters of one class (digits, lower-case or
// upper-case letters) each one above, or each one below, the one before it: abcdefgh,
// 12345678, ZYXWVUTS (sk_live_abcdefghijklmnopqrstuvwxyz123456, AIzaSyabcdefghij…), or a
// keyboard row. Runs of one repeated character are left to the placeholder marks and the
// entropy floor: DER and protobuf encodings (private keys, session tokens) hold long runs of A.
func sequential(s string) bool {
	up, down := 1, 1
	for i := 1; i < len(s); i++ {
		a, b := s[i-1], s[i]
		if sameClass(a, b) && b == a+1 {
			up++
		} else {
			up = 1
		}
		if sameClass(a, b) && b+1 == a {
			down++
		} else {
			down = 1
		}
		if up >= sequenceRun || down >= sequenceRun {
			return true
		}
	}
	if len(s) >= len(keyboardRuns[0]) {
		l := strings.ToLower(s)
		for _, k := range keyboardRuns {
			if strings.Contains(l, k) {
				return true
			}
		}
	}
	return false
}

func sameClass(a, b byte) bool {
	in := func(c, lo, hi byte) bool { return lo <= c && c <= hi }
	return in(a, '0', '9') && in(b, '0', '9') || in(a, 'a', 'z') && in(b, 'a', 'z') || in(a, 'A', 'Z') && in(b, 'A', 'Z')
}

// isWord: an ASCII letter or digit.
func isWord(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// sentryOrgToken requires a Sentry organization token's payload, between sntrys_ and the last
// '_', to be the base64 of a JSON object.
func sentryOrgToken(secret string) string {
	i := strings.LastIndexByte(secret, '_')
	if i <= len("sntrys_") {
		return reasonStructure
	}
	return base64JSON("sntrys_")(secret[:i])
}
