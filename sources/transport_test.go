package sources

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestSleep(t *testing.T) {
	if err := Sleep(context.Background(), time.Millisecond); err != nil {
		t.Fatalf("a completed sleep returned %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	// An hour-long sleep on a cancelled context must return the context's error, not wait.
	if err := Sleep(ctx, time.Hour); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled sleep returned %v, want context.Canceled", err)
	}
}

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
