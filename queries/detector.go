package queries

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"strings"
)

// Redaction selects how much of a secret a preview shows.
type Redaction string

const (
	// RedactPartial shows the format's public prefix and the last 4 characters of long secrets.
	RedactPartial Redaction = "partial"
	// RedactFull shows nothing of the secret.
	RedactFull Redaction = "full"
)

// Options configure a Detector.
type Options struct {
	// Key is the HMAC-SHA256 key for fingerprints. Required: a scan without a persistent key
	// passes an ephemeral random one.
	Key       []byte
	Redaction Redaction
	// Allow lists exact secret values that are never findings (documented example keys).
	Allow []string
	// OnSuppressed, when set, is told of every candidate a validator, the allowlist or a
	// placeholder check dropped. reason is a fixed word, fit for a metric label.
	OnSuppressed func(ruleID, reason string)
}

// DefaultAllow are vendors' documented example credentials, allowlisted by default.
var DefaultAllow = []string{
	"AKIAIOSFODNN7EXAMPLE",
	"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
}

// Finding is one detected secret. It never holds the secret itself.
type Finding struct {
	RuleID      string
	Description string
	Severity    Severity
	// Start and End are byte offsets of the secret in the scanned text; Column is Start+1.
	Start, End int
	Column     int
	// Line is filled by callers that count lines (the detector sees one line at a time).
	Line        int
	Preview     string
	Fingerprint string // hex HMAC-SHA256 of the secret under Options.Key
}

// ShortFingerprint is the prefix of the fingerprint shown to people.
func (f Finding) ShortFingerprint() string {
	if len(f.Fingerprint) > 12 {
		return f.Fingerprint[:12]
	}
	return f.Fingerprint
}

// Detector runs a compiled catalogue over lines. It is safe for concurrent use.
type Detector struct {
	rules []*Rule
	opts  Options
	allow map[string]struct{}
}

// New compiles rules. Rules are shared, not copied: compile is idempotent.
func New(rules []*Rule, opts Options) (*Detector, error) {
	if len(opts.Key) == 0 {
		return nil, fmt.Errorf("detector: a fingerprint key is required")
	}
	if opts.Redaction == "" {
		opts.Redaction = RedactPartial
	}
	if opts.Redaction != RedactPartial && opts.Redaction != RedactFull {
		return nil, fmt.Errorf("detector: redaction %q: want partial or full", opts.Redaction)
	}
	seen := map[string]bool{}
	for _, r := range rules {
		if err := r.compile(); err != nil {
			return nil, err
		}
		if seen[r.ID] {
			return nil, fmt.Errorf("rule %s: duplicate id", r.ID)
		}
		seen[r.ID] = true
	}
	d := &Detector{rules: rules, opts: opts, allow: map[string]struct{}{}}
	for _, a := range opts.Allow {
		d.allow[a] = struct{}{}
	}
	return d, nil
}

// Rules returns the compiled rules in catalogue order.
func (d *Detector) Rules() []*Rule { return d.rules }

// Scan finds secrets in one line (or one piece of a long line) and calls emit for each.
// Findings that end at or before skip are dropped: a caller scanning a long line in
// overlapping pieces passes the overlap length so a secret is reported once.
func (d *Detector) Scan(text []byte, skip int, emit func(Finding)) {
	var lower []byte
	for _, r := range d.rules {
		hit := false
		for _, k := range r.Keywords {
			if r.IgnoreCase {
				if lower == nil {
					lower = bytes.ToLower(text)
				}
				hit = bytes.Contains(lower, []byte(strings.ToLower(k)))
			} else {
				hit = bytes.Contains(text, []byte(k))
			}
			if hit {
				break
			}
		}
		if !hit {
			continue
		}
		d.runRule(r, text, skip, emit)
	}
}

func (d *Detector) runRule(r *Rule, text []byte, skip int, emit func(Finding)) {
	for _, m := range r.re.FindAllSubmatchIndex(text, -1) {
		s, e := m[2*r.secretGroup], m[2*r.secretGroup+1]
		if s < 0 || e <= s || e <= skip {
			continue
		}
		if !bounded(text, s, e) {
			d.suppress(r, "boundary")
			continue
		}
		secret := string(text[s:e])
		if reason := d.check(r, secret); reason != "" {
			d.suppress(r, reason)
			continue
		}
		emit(Finding{
			RuleID: r.ID, Description: r.Description, Severity: r.Severity,
			Start: s, End: e, Column: s + 1,
			Preview:     Preview(r, secret, d.opts.Redaction),
			Fingerprint: Fingerprint(d.opts.Key, secret),
		})
	}
}

func (d *Detector) suppress(r *Rule, reason string) {
	if d.opts.OnSuppressed != nil {
		d.opts.OnSuppressed(r.ID, reason)
	}
}

func (d *Detector) check(r *Rule, secret string) string {
	if _, ok := d.allow[secret]; ok {
		return "allowlist"
	}
	if IsPlaceholder(secret) {
		return "placeholder"
	}
	if r.MinEntropy > 0 && Entropy(secret) < r.MinEntropy {
		return "entropy"
	}
	for _, v := range r.Validators {
		if reason := v(secret); reason != "" {
			return reason
		}
	}
	return ""
}

func isWord(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// bounded rejects a secret that continues a longer word or base64 blob on either side,
// while accepting the separators logs put around tokens, including the JSON escapes \n \t \r
// and URL escapes (%3D…) just before it.
func bounded(text []byte, s, e int) bool {
	if s > 0 && isWord(text[s]) && isWord(text[s-1]) {
		escaped := s >= 2 && text[s-2] == '\\' && (text[s-1] == 'n' || text[s-1] == 't' || text[s-1] == 'r')
		urlEsc := s >= 3 && text[s-3] == '%' && isHex(text[s-2]) && isHex(text[s-1])
		if !escaped && !urlEsc {
			return false
		}
	}
	if e < len(text) && isWord(text[e-1]) && isWord(text[e]) {
		return false
	}
	return true
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// Fingerprint is the hex HMAC-SHA256 of secret under key.
func Fingerprint(key []byte, secret string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(secret))
	return hex.EncodeToString(m.Sum(nil))
}

// Preview redacts secret: in partial mode the rule's public prefix and, for secrets long
// enough that it reveals little, the last 4 characters.
func Preview(r *Rule, secret string, mode Redaction) string {
	if mode == RedactFull {
		return "[redacted]"
	}
	prefix := ""
	if r.PreviewPrefix > 0 && r.PreviewPrefix < len(secret) {
		prefix = secret[:r.PreviewPrefix]
	}
	rest := len(secret) - len(prefix)
	if rest >= 16 {
		return prefix + "…" + secret[len(secret)-4:]
	}
	return prefix + "…"
}

// Entropy is the Shannon entropy of s in bits per byte.
func Entropy(s string) float64 {
	if s == "" {
		return 0
	}
	var counts [256]int
	for i := 0; i < len(s); i++ {
		counts[s[i]]++
	}
	var h float64
	n := float64(len(s))
	for _, c := range counts {
		if c > 0 {
			p := float64(c) / n
			h -= p * math.Log2(p)
		}
	}
	return h
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
