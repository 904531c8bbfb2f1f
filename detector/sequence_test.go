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
