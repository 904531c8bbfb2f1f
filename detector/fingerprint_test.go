package detector

import (
	"crypto/hmac"
	"crypto/pbkdf2"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/leakwatch/leakwatch/queries"
)

func ruleByID(t testing.TB, id string) *queries.Rule {
	t.Helper()
	for _, r := range queries.Catalog() {
		if r.ID == id {
			return r
		}
	}
	t.Fatalf("no rule %s", id)
	return nil
}

// TestStableFingerprint: the same on every detector (no key, no randomness), salted by rule,
// unrelated to the keyed one, and slow for any secret that is not a long machine-issued token.
func TestStableFingerprint(t *testing.T) {
	tok := "ghp_" + "LeakwatchDemoFakeTokenNotReal1" + queries.Base62CRC32("LeakwatchDemoFakeTokenNotReal1")
	line := []byte("token=" + tok + " url=postgres://svc:Kq7#pL2@db.internal:5432/app")
	var runs [2][]Finding
	for i := range runs {
		d, err := New(queries.Catalog(), Options{Stable: true})
		if err != nil {
			t.Fatal(err)
		}
		d.Scan(line, 0, func(f Finding) { runs[i] = append(runs[i], f) })
	}
	if len(runs[0]) != 2 || len(runs[1]) != 2 {
		t.Fatalf("findings %v / %v, want 2 each", runs[0], runs[1])
	}
	for i := range runs[0] {
		if runs[0][i].Fingerprint != runs[1][i].Fingerprint || len(runs[0][i].Fingerprint) != 64 {
			t.Errorf("finding %d: fingerprints %s and %s differ between detectors", i, runs[0][i].Fingerprint, runs[1][i].Fingerprint)
		}
	}
	pat, pg := ruleByID(t, "github-pat"), ruleByID(t, "postgres-uri-password")
	salt := func(r *queries.Rule) []byte { return []byte(StableVersion + "\x00" + r.ID) }
	// A 36-character base62 body after a public prefix: > 128 bits, one HMAC is enough.
	m := hmac.New(sha256.New, salt(pat))
	m.Write([]byte(tok))
	if got, want := StableFingerprint(pat, tok), hex.EncodeToString(m.Sum(nil)); got != want || runs[0][0].Fingerprint != want {
		t.Errorf("token fingerprint %s (scan %s), want the rule-salted HMAC %s", got, runs[0][0].Fingerprint, want)
	}
	// A short password (7 characters, < 64 bits): PBKDF2 with StableIterations.
	k, _ := pbkdf2.Key(sha256.New, "Kq7#pL2", salt(pg), StableIterations, 32)
	if got := StableFingerprint(pg, "Kq7#pL2"); got != hex.EncodeToString(k) || runs[0][1].Fingerprint != got {
		t.Errorf("password fingerprint %s (scan %s), want PBKDF2", got, runs[0][1].Fingerprint)
	}
	// A long password (> 64 bits): LongIterations.
	long := "Kq7#pL2xVb9!Tz4m"
	k, _ = pbkdf2.Key(sha256.New, long, salt(pg), LongIterations, 32)
	if got := StableFingerprint(pg, long); got != hex.EncodeToString(k) {
		t.Errorf("long password fingerprint %s, want PBKDF2 with %d iterations", got, LongIterations)
	}
	if StableFingerprint(pg, "Kq7#pL2") == StableFingerprint(ruleByID(t, "mysql-uri-password"), "Kq7#pL2") {
		t.Error("one password under two rules has one fingerprint: the rule is not in the salt")
	}
	if Fingerprint([]byte("k"), tok) == StableFingerprint(pat, tok) {
		t.Error("stable fingerprint equals the keyed one")
	}
}

func TestEstimatedBits(t *testing.T) {
	for _, tc := range []struct {
		s        string
		min, max float64
	}{
		{"", 0, 0},
		{"123456", 19, 20},   // 6 digits
		{"password", 37, 38}, // 8 lower
		{"LeakwatchDemoFakeTokenNotReal14YiJBc", 214, 215}, // 36 base62
		{"0123456789abcdef0123456789abcdef", 165, 166},     // 32 hex counted as lower+digit
	} {
		if got := EstimatedBits(tc.s); got < tc.min || got > tc.max {
			t.Errorf("EstimatedBits(%q) = %.1f, want %v..%v", tc.s, got, tc.min, tc.max)
		}
	}
}

func TestIgnoreSet(t *testing.T) {
	full := strings.Repeat("ab", 32)
	s, err := NewIgnoreSet([]string{"ABABABABABAB", "0123456789abcdef"})
	if err != nil {
		t.Fatal(err)
	}
	for fp, want := range map[string]bool{full: true, "0123456789abcdef00": true, "0123456789abcdee00": false, "abab": false} {
		if s.Has(fp) != want {
			t.Errorf("Has(%s) = %v, want %v", fp, !want, want)
		}
	}
	if s.Len() != 2 {
		t.Errorf("Len = %d, want 2", s.Len())
	}
	for _, bad := range []string{"abc", "zzzzzzzzzzzzzz", strings.Repeat("a", 65)} {
		if _, err := NewIgnoreSet([]string{"0123456789ab", bad}); err == nil || !strings.Contains(err.Error(), "entry 1") {
			t.Errorf("NewIgnoreSet(%q): err = %v, want entry 1 named", bad, err)
		}
	}
	var none *IgnoreSet
	if none.Has(full) || none.Len() != 0 {
		t.Error("a nil set ignores something")
	}
}

// TestDetectorIgnore: an ignored fingerprint is suppressed with reason "ignored", by keyed or
// stable fingerprint, and other secrets are still reported.
func TestDetectorIgnore(t *testing.T) {
	pat := ruleByID(t, "github-pat")
	a := "ghp_" + "LeakwatchDemoFakeTokenNotReal1" + queries.Base62CRC32("LeakwatchDemoFakeTokenNotReal1")
	b := "ghp_" + "LeakwatchOtherFakeTokenNotReal" + queries.Base62CRC32("LeakwatchOtherFakeTokenNotReal")
	key := []byte("k")
	for name, entry := range map[string]string{"keyed": Fingerprint(key, a)[:12], "stable": StableFingerprint(pat, a)[:16]} {
		t.Run(name, func(t *testing.T) {
			set, err := NewIgnoreSet([]string{entry})
			if err != nil {
				t.Fatal(err)
			}
			var reasons []string
			d, err := New(queries.Catalog(), Options{Key: key, Ignore: set, OnSuppressed: func(_, r string) { reasons = append(reasons, r) }})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			d.Scan([]byte("a="+a+" b="+b), 0, func(f Finding) { got = append(got, f.Fingerprint) })
			if len(got) != 1 || got[0] != Fingerprint(key, b) {
				t.Errorf("findings %v, want only b's", got)
			}
			if strings.Join(reasons, ",") != "ignored" {
				t.Errorf("suppression reasons %v, want [ignored]", reasons)
			}
		})
	}
}

// TestStableFingerprintPerRule: one value under two rules in one scan has two fingerprints,
// each the rule's own (the detector's cache must not hand one rule's to the other).
func TestStableFingerprintPerRule(t *testing.T) {
	d, err := New(queries.Catalog(), Options{Stable: true})
	if err != nil {
		t.Fatal(err)
	}
	const pw = "Vb8nKw3Tq5x"
	got := map[string]string{}
	d.Scan([]byte("a=postgres://u:"+pw+"@db.internal/x b=redis://:"+pw+"@cache.internal:6379"), 0, func(f Finding) { got[f.RuleID] = f.Fingerprint })
	for _, id := range []string{"postgres-uri-password", "redis-uri-password"} {
		if want := StableFingerprint(ruleByID(t, id), pw); got[id] != want {
			t.Errorf("%s: fingerprint %s, want %s", id, got[id], want)
		}
	}
}
