package logging

import (
	"bytes"
	"errors"
	"log/slog"
	"strings"
	"testing"
)

// maskWord stands in for the detector-backed redactor.
func maskWord(s string) string { return strings.ReplaceAll(s, "SECRETVALUE", "[sk_…]") }

func TestRedactsByDefault(t *testing.T) {
	for _, format := range []string{"text", "json"} {
		t.Run(format, func(t *testing.T) {
			var buf bytes.Buffer
			l, err := New(&buf, Options{Format: format, Level: "debug", Redact: maskWord})
			if err != nil {
				t.Fatal(err)
			}
			l = l.With("api_key", "SECRETVALUE-in-with", "source", "loki")
			l.Info("found SECRETVALUE in message",
				"token", "abc-SECRETVALUE",
				"line", "raw log line with SECRETVALUE",
				"err", errors.New("wrapped SECRETVALUE"),
				slog.Group("req", "authorization", "Bearer x", "path", "/x?k=SECRETVALUE"),
				"note", "plain")
			out := buf.String()
			if strings.Contains(out, "SECRETVALUE") {
				t.Fatalf("secret reached the log:\n%s", out)
			}
			for _, want := range []string{"[sk_…]", "plain", "loki", "[redacted]"} {
				if !strings.Contains(out, want) {
					t.Errorf("log lacks %q:\n%s", want, out)
				}
			}
		})
	}
}

func TestSensitive(t *testing.T) {
	for key, want := range map[string]bool{"token": true, "slack_token": true, "Password": true, "req.body": true, "line": true, "source": false, "rule": false, "tokens_total": false} {
		if got := Sensitive(key); got != want {
			t.Errorf("Sensitive(%q) = %v, want %v", key, got, want)
		}
	}
}

func TestBadOptions(t *testing.T) {
	if _, err := New(&bytes.Buffer{}, Options{Format: "xml"}); err == nil || !strings.Contains(err.Error(), "log.format") {
		t.Errorf("format: %v", err)
	}
	if _, err := New(&bytes.Buffer{}, Options{Level: "loud"}); err == nil || !strings.Contains(err.Error(), "log.level") {
		t.Errorf("level: %v", err)
	}
}
