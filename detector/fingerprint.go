package detector

import (
	"crypto/hmac"
	"crypto/pbkdf2"
	"crypto/sha256"
	"encoding/hex"
	"math"
	"strconv"
	"strings"
	"sync"

	"github.com/leakwatch/leakwatch/queries"
)

// Fingerprint is the hex HMAC-SHA256 of secret under key.
func Fingerprint(key []byte, secret string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(secret))
	return hex.EncodeToString(m.Sum(nil))
}

// Stable fingerprints (docs/fingerprints.md explains the choice).
//
// A keyed fingerprint (Fingerprint, HMAC-SHA256 under the daemon's per-install key) tells
// nothing about the secret to whoever lacks the key, but differs between installs and, for a
// scan without a key, between runs. A CI gate needs the same fingerprint on every run and
// every machine, with no key to distribute, and its reports (SARIF uploads, baselines, a
// committed .leakwatchignore) are read by more people than the logs. Anyone holding a keyless
// fingerprint can test guesses of the secret offline, so the cost of one guess is the only
// protection left, and it only matters for secrets weak enough to be guessed:
//
//   - a machine-issued token (the rule has a public prefix) whose body holds at least
//     128 bits by its length and alphabet cannot be enumerated at any speed: one HMAC-SHA256
//     keyed by the rule's salt;
//   - anything else (passwords in URIs, custom and imported rules, short bodies) goes through
//     PBKDF2-HMAC-SHA256 salted by the rule, so each guess costs as much as a defender's
//     whole fingerprint: StableIterations when the value could be short enough to enumerate
//     (under 64 bits by length and alphabet), a tenth of that above, where the search space
//     itself does most of the work and a scan full of long passwords stays fast.
//
// Both are salted by the rule id, so one value leaked under two rules has two unrelated
// fingerprints and no table precomputed for one rule serves another.

// StableVersion is part of the salt: change it and every stable fingerprint changes.
const StableVersion = "leakwatch-fingerprint/v1"

// StableIterations is the PBKDF2 cost of a fingerprint of a short secret: about 45 ms of one
// core of the CI machine this was measured on. LongIterations is the cost above weakBits.
const (
	StableIterations = 100_000
	LongIterations   = 10_000
)

// weakBits and strongBits bound the estimated strength of the three constructions.
const (
	weakBits   = 64
	strongBits = 128
)

// StableFingerprint is the keyless fingerprint of secret as found by rule r: hex, 64 digits.
func StableFingerprint(r *queries.Rule, secret string) string {
	salt := []byte(StableVersion + "\x00" + r.ID)
	body := EstimatedBits(secret[min(r.PreviewPrefix, len(secret)):])
	if r.PreviewPrefix > 0 && body >= strongBits {
		m := hmac.New(sha256.New, salt)
		m.Write([]byte(secret))
		return hex.EncodeToString(m.Sum(nil))
	}
	iter := StableIterations
	if EstimatedBits(secret) >= weakBits {
		iter = LongIterations
	}
	k, err := pbkdf2.Key(sha256.New, secret, salt, iter, sha256.Size)
	if err != nil {
		// Key fails only for a key length FIPS mode refuses; 32 bytes is allowed everywhere.
		panic("detector: pbkdf2: " + err.Error())
	}
	return hex.EncodeToString(k)
}

// EstimatedBits is an upper bound on a random string's strength: its length times log2 of
// the size of the character classes it uses (digits 10, lower 26, upper 26, other 33).
// Human-chosen values hold far less, which is why only prefixed, machine-issued tokens take
// the fast path.
func EstimatedBits(s string) float64 {
	var lower, upper, digit, other bool
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z':
			lower = true
		case c >= 'A' && c <= 'Z':
			upper = true
		case c >= '0' && c <= '9':
			digit = true
		default:
			other = true
		}
	}
	n := 0
	for _, x := range []struct {
		on   bool
		size int
	}{{lower, 26}, {upper, 26}, {digit, 10}, {other, 33}} {
		if x.on {
			n += x.size
		}
	}
	if n == 0 {
		return 0
	}
	return float64(len(s)) * math.Log2(float64(n))
}

// stableCache remembers stable fingerprints by rule and keyed fingerprint, so a secret
// repeated on every line of a log costs the slow function once. Keys are HMACs, never
// secrets; the rule is part of the key because it is part of the stable fingerprint's salt.
type stableCache struct {
	mu sync.Mutex
	m  map[string]string
}

const stableCacheMax = 4096

func (c *stableCache) get(keyed string, r *queries.Rule, secret string) string {
	keyed = r.ID + "\x00" + keyed
	c.mu.Lock()
	fp, ok := c.m[keyed]
	c.mu.Unlock()
	if ok {
		return fp
	}
	fp = StableFingerprint(r, secret)
	c.mu.Lock()
	if c.m == nil || len(c.m) >= stableCacheMax {
		c.m = map[string]string{}
	}
	c.m[keyed] = fp
	c.mu.Unlock()
	return fp
}

// IgnoreSet holds fingerprints (full or a prefix of at least MinIgnorePrefix hex digits, as
// the 12-digit short form people copy from reports) whose findings are not reported.
type IgnoreSet struct {
	prefixes map[int]map[string]struct{}
}

// MinIgnorePrefix is the shortest fingerprint prefix an ignore list may hold: 48 bits.
const MinIgnorePrefix = 12

// NewIgnoreSet validates fps: lowercase-able hex of MinIgnorePrefix to 64 digits.
func NewIgnoreSet(fps []string) (*IgnoreSet, error) {
	s := &IgnoreSet{prefixes: map[int]map[string]struct{}{}}
	for i, fp := range fps {
		fp = strings.ToLower(strings.TrimSpace(fp))
		if len(fp) < MinIgnorePrefix || len(fp) > 64 {
			return nil, &IgnoreError{Index: i, Reason: "want 12 to 64 hex digits"}
		}
		if strings.Trim(fp, "0123456789abcdef") != "" {
			return nil, &IgnoreError{Index: i, Reason: "not hexadecimal"}
		}
		if s.prefixes[len(fp)] == nil {
			s.prefixes[len(fp)] = map[string]struct{}{}
		}
		s.prefixes[len(fp)][fp] = struct{}{}
	}
	return s, nil
}

// IgnoreError names the bad entry of an ignore list by its index.
type IgnoreError struct {
	Index  int
	Reason string
}

func (e *IgnoreError) Error() string { return "entry " + strconv.Itoa(e.Index) + ": " + e.Reason }

// Len is the number of entries.
func (s *IgnoreSet) Len() int {
	if s == nil {
		return 0
	}
	n := 0
	for _, m := range s.prefixes {
		n += len(m)
	}
	return n
}

// Has reports whether fp (a full fingerprint) starts with one of the entries.
func (s *IgnoreSet) Has(fp string) bool {
	if s == nil {
		return false
	}
	for n, m := range s.prefixes {
		if n <= len(fp) {
			if _, ok := m[fp[:n]]; ok {
				return true
			}
		}
	}
	return false
}
