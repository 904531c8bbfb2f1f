package main

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/leakwatch/leakwatch/internal/fakesecret"
)

// TestRedactingStderr: a secret quoted in anything written to stderr (an error echoing a
// mistyped config value, a log line) is masked, line by line, including a last line without
// a newline and lines ended by a carriage return (progress bars).
func TestRedactingStderr(t *testing.T) {
	tok := fakesecret.GitHub(rand.New(rand.NewPCG(1, 2)), "ghp_")
	var out bytes.Buffer
	w := newRedactingWriter(&out)
	parts := []string{
		"leakwatch: config x.yaml: log.format: \"" + tok[:10], tok[10:] + "\": want text or json\n",
		"progress 1/2 " + tok + "\r", "plain line\n", "tail " + tok,
	}
	for _, p := range parts {
		if _, err := w.Write([]byte(p)); err != nil {
			t.Fatal(err)
		}
	}
	if strings.Contains(out.String(), "tail") {
		t.Fatalf("a line without newline was written before Flush: %q", out.String())
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	if strings.Contains(got, tok) {
		t.Fatalf("secret reached stderr: %q", got)
	}
	want := tok[:4] + "…" + tok[len(tok)-4:]
	if strings.Count(got, want) != 3 || !strings.Contains(got, "plain line\n") || !strings.Contains(got, "want text or json\n") {
		t.Fatalf("stderr not redacted line by line:\n%s", got)
	}
	if isTerminal(w) {
		t.Error("a buffer-backed writer is not a terminal")
	}
}
