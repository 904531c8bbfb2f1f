package sources

import (
	"errors"
	"net/http"
	"strings"
	"testing"
)

func TestScrubURLError(t *testing.T) {
	_, err := http.Get("http://user:hunter2@127.0.0.1:1/x?token=abc")
	if err == nil {
		t.Fatal("want a connection error")
	}
	got := ScrubURLError(err).Error()
	for _, leak := range []string{"hunter2", "token=abc", "user:"} {
		if strings.Contains(got, leak) {
			t.Errorf("scrubbed error %q still carries %q", got, leak)
		}
	}
	plain := errors.New("plain")
	if ScrubURLError(plain) != plain {
		t.Error("a non-URL error must pass unchanged")
	}
}
