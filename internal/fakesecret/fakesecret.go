// Package fakesecret generates realistic, never-issued secrets for tests and the benchmark
// corpus: the provider's shape and, where the format has one, a valid checksum, so the
// detector's validators accept them as they would a real leak. The bytes come from the
// caller's generator (seeded for reproducible corpora) or from Fresh (new every run), so no
// test carries a fixed credential.
package fakesecret

import (
	crand "crypto/rand"
	"encoding/binary"
	"math/rand/v2"
	"net/url"
	"strings"

	"github.com/leakwatch/leakwatch/detector"
	"github.com/leakwatch/leakwatch/queries"
)

const (
	// Base62 is the alphabet of GitHub, npm, Stripe and Slack token bodies.
	Base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	// Base32 is the alphabet of AWS access key IDs after the AKIA prefix.
	Base32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
)

// Fresh returns a generator drawing from crypto/rand: a different secret every run. It has
// no state of its own, so it is safe for concurrent use.
func Fresh() *rand.Rand { return rand.New(cryptoSource{}) }

type cryptoSource struct{}

func (cryptoSource) Uint64() uint64 {
	var b [8]byte
	if _, err := crand.Read(b[:]); err != nil {
		panic("fakesecret: crypto/rand: " + err.Error()) // crypto/rand.Read never fails on supported platforms
	}
	return binary.LittleEndian.Uint64(b[:])
}

// From returns n characters drawn uniformly from alphabet.
func From(r *rand.Rand, alphabet string, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[r.IntN(len(alphabet))]
	}
	return string(b)
}

// Mixed returns n base62 characters with at least one digit, one upper- and one lower-case
// letter and no placeholder word: high entropy, as a real token body has, so entropy and
// placeholder checks never reject it.
func Mixed(r *rand.Rand, n int) string {
	for {
		s := From(r, Base62, n)
		if strings.ContainsAny(s, "0123456789") && strings.ContainsAny(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") &&
			strings.ContainsAny(s, "abcdefghijklmnopqrstuvwxyz") && !LooksPlaceholder(s) {
			return s
		}
	}
}

// LooksPlaceholder reports whether s holds a word that marks a placeholder ("example",
// "xxxx", …), which detectors rightly ignore.
func LooksPlaceholder(s string) bool {
	l := strings.ToLower(s)
	for _, m := range []string{"xxxx", "example", "dummy", "redacted", "changeme", "your", "placeholder", "0000"} {
		if strings.Contains(l, m) {
			return true
		}
	}
	return false
}

// WithChecksum returns prefix + body + the base62 CRC32 of body: the GitHub/npm token
// format, for a body chosen by the caller (a documented demo token, say).
func WithChecksum(prefix, body string) string {
	return prefix + body + queries.Base62CRC32(body)
}

// GitHub returns a GitHub token with the given prefix (ghp_, gho_, ghu_, ghs_, ghr_): 30
// random base62 characters and their 6-character base62 CRC32.
func GitHub(r *rand.Rand, prefix string) string {
	return WithChecksum(prefix, Mixed(r, 30))
}

// GitHubBadChecksum is GitHub with the last checksum character changed: the right shape
// that a validator must reject.
func GitHubBadChecksum(r *rand.Rand, prefix string) string {
	tok := GitHub(r, prefix)
	last := strings.IndexByte(Base62, tok[len(tok)-1])
	return tok[:len(tok)-1] + string(Base62[(last+1)%len(Base62)])
}

// NPM returns an npm access token: npm_, 30 random base62 characters and their CRC32.
func NPM(r *rand.Rand) string { return GitHub(r, "npm_") }

// AWSKeyID returns an AWS access key ID: AKIA and 16 base32 characters, at least one a digit.
func AWSKeyID(r *rand.Rand) string {
	for {
		s := From(r, Base32, 16)
		// Real key IDs are random: a draw with many repeats (AKIAKU5PKURAHIAPAAHT) falls
		// under the rule's entropy floor, about once in 10,000 draws, and would make a test
		// that expects a finding fail at random.
		if !LooksPlaceholder(s) && strings.ContainsAny(s, "234567") && detector.Entropy("AKIA"+s) >= 3.5 {
			return "AKIA" + s
		}
	}
}

// Stripe returns a live Stripe secret key: sk_live_ and n mixed base62 characters.
func Stripe(r *rand.Rand, n int) string { return "sk_live_" + Mixed(r, n) }

// SlackBot returns a Slack bot token: xoxb-<12 digits>-<13 digits>-<24 mixed base62>.
func SlackBot(r *rand.Rand) string {
	return "xoxb-" + From(r, "0123456789", 12) + "-" + From(r, "0123456789", 13) + "-" + Mixed(r, 24)
}

// StripeShort returns a Stripe key of the older short form: prefix (sk_live_, rk_live_) and
// 24 base62 characters drawn uniformly, so that, as with real keys, some have no digit.
func StripeShort(r *rand.Rand, prefix string) string {
	for {
		s := From(r, Base62, 24)
		if !LooksPlaceholder(s) && strings.ContainsAny(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") && strings.ContainsAny(s, "abcdefghijklmnopqrstuvwxyz") {
			return prefix + s
		}
	}
}

// TwilioKeySID returns a Twilio API key SID: SK and 32 lowercase hex characters with at
// least one digit and one letter.
func TwilioKeySID(r *rand.Rand) string {
	for {
		s := From(r, "0123456789abcdef", 32)
		if strings.ContainsAny(s, "0123456789") && strings.ContainsAny(s, "abcdef") && !LooksPlaceholder(s) && detector.Entropy(s) >= 3.2 {
			return "SK" + s
		}
	}
}

// RawURIPassword returns a password as people paste it into a URI: mixed base62 with one to
// three of the reserved characters RFC 3986 wants percent-encoded ('#', '?', '/', '[', ']',
// '@', a bare '%') left raw. It starts with a letter, as a port or a template never does.
func RawURIPassword(r *rand.Rand) string {
	const reserved = "#?/[]@%"
	for {
		b := []byte(From(r, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", 1) + Mixed(r, 11+r.IntN(12)))
		for n := 1 + r.IntN(3); n > 0; n-- {
			i := 1 + r.IntN(len(b)-1)
			b = append(b[:i], append([]byte{reserved[r.IntN(len(reserved))]}, b[i:]...)...)
		}
		if r.IntN(2) == 0 {
			b = append(b, reserved[r.IntN(len(reserved))])
		}
		// A raw '%' before two hex digits is an escape: "%3c" decodes to '<', which marks a
		// template (<password>) to the detector, as it should.
		if d, err := url.PathUnescape(string(b)); err == nil && queries.IsPlaceholder(d) {
			continue
		}
		return string(b)
	}
}
