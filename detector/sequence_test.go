package detector

import (
	"testing"

	"github.com/leakwatch/leakwatch/queries"
)

// TestSequencesRefusedForBuiltins: a typed sequence (abcdefgh…, 12345678) in a built-in
// rule's secret is a made-up key, suppressed as a placeholder; a user's rule keeps its own
// fixtures, sequences included.
func TestSequencesRefusedForBuiltins(t *testing.T) {
	custom, err := queries.CustomRule("acme", "", "", []string{"acme_"}, `acme_[a-z0-9]{32}`, false)
	if err != nil {
		t.Fatal(err)
	}
	var reasons []string
	d, err := New(append(queries.Catalog(), custom), Options{Key: []byte("k"), OnSuppressed: func(id, reason string) {
		reasons = append(reasons, id+" "+reason)
	}})
	if err != nil {
		t.Fatal(err)
	}
	for line, want := range map[string]string{
		"STRIPE_KEY=sk_live_abcdefghijklmnopqrstuvwxyz123456": "",
		"STRIPE_KEY=sk_live_Gm7TfXq2LbR9wKz4NvJc8HdY":         "stripe-secret-key",
		"k=acme_0123456789abcdefghijklmnopqrstuv":             "acme",
	} {
		var got string
		d.Scan([]byte(line), 0, func(f Finding) { got = f.RuleID })
		if got != want {
			t.Errorf("%q: found by %q, want %q", line, got, want)
		}
	}
	if len(reasons) != 1 || reasons[0] != "stripe-secret-key placeholder" {
		t.Errorf("suppressed %q, want the stripe sequence as a placeholder", reasons)
	}
}

// TestFallbackDefers: a Fallback rule's finding is dropped where another rule reports an
// overlapping secret on the line, and reported where none does.
func TestFallbackDefers(t *testing.T) {
	specific := &queries.Rule{ID: "acme", Severity: queries.High, Keywords: []string{"acme_"}, Regex: `(acme_[a-z0-9]{16})`}
	generic := &queries.Rule{ID: "any-token", Severity: queries.Medium, Keywords: []string{"token="}, Fallback: true,
		Regex: `token=([a-z0-9_]{16,})`}
	var reasons []string
	d, err := New([]*queries.Rule{generic, specific}, Options{Key: []byte("k"), OnSuppressed: func(id, reason string) {
		reasons = append(reasons, id+" "+reason)
	}})
	if err != nil {
		t.Fatal(err)
	}
	for _, noPrefilter := range []bool{false, true} {
		d.opts.NoPrefilter = noPrefilter
		reasons = nil
		var got []string
		d.Scan([]byte("token=acme_0a1b2c3d4e5f6a7b other token=zz9y8x7w6v5u4t3s2r"), 0, func(f Finding) { got = append(got, f.RuleID) })
		if len(got) != 2 || got[0] != "acme" || got[1] != "any-token" {
			t.Errorf("no prefilter %v: found %q, want acme then the second any-token", noPrefilter, got)
		}
		if len(reasons) != 0 {
			t.Errorf("no prefilter %v: suppressed %q, want a Fallback rule's dropped candidates uncounted", noPrefilter, reasons)
		}
	}
}
