package backoff

import (
	"testing"
	"time"
)

func TestDelay(t *testing.T) {
	zero := func() float64 { return 0 }
	almostOne := func() float64 { return 0.999999 }
	tests := []struct {
		name    string
		p       Policy
		attempt int
		want    time.Duration
	}{
		{"first failure waits the base", Policy{Base: time.Second, Max: time.Minute}, 1, time.Second},
		{"doubles", Policy{Base: time.Second, Max: time.Minute}, 4, 8 * time.Second},
		{"capped", Policy{Base: time.Second, Max: 10 * time.Second}, 5, 10 * time.Second},
		{"no cap", Policy{Base: time.Second}, 11, 1024 * time.Second},
		{"no overflow after many failures", Policy{Base: time.Second, Max: time.Hour}, 200, time.Hour},
		{"jitter draws below the delay", Policy{Base: 8 * time.Second, Jitter: 0.5, Rand: almostOne}, 1, 4*time.Second + 4*time.Microsecond},
		{"jitter at zero draw is the delay", Policy{Base: 8 * time.Second, Jitter: 0.5, Rand: zero}, 1, 8 * time.Second},
		{"full jitter never waits zero", Policy{Base: time.Nanosecond, Jitter: 1, Rand: almostOne}, 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.p.Delay(tt.attempt); got != tt.want {
				t.Fatalf("Delay(%d) = %v, want %v", tt.attempt, got, tt.want)
			}
		})
	}
	// Random jitter stays within [d*(1-Jitter), d].
	p := Policy{Base: time.Second, Max: time.Minute, Jitter: 0.2}
	for range 1000 {
		if d := p.Delay(3); d < 3200*time.Millisecond || d > 4*time.Second {
			t.Fatalf("Delay(3) = %v, want within [3.2s, 4s]", d)
		}
	}
}

func TestAfterHonoursRetryAfter(t *testing.T) {
	p := Policy{Base: time.Second, Max: time.Minute}
	for _, tt := range []struct {
		retryAfter, limit, want time.Duration
	}{
		{0, time.Minute, time.Second},
		{30 * time.Second, time.Minute, 30 * time.Second},
		{time.Hour, 2 * time.Minute, 2 * time.Minute},
		{500 * time.Millisecond, time.Minute, time.Second},
		{time.Hour, 500 * time.Millisecond, time.Second}, // a low cap never shortens the backoff
	} {
		if got := p.After(1, tt.retryAfter, tt.limit); got != tt.want {
			t.Errorf("After(1, %v, %v) = %v, want %v", tt.retryAfter, tt.limit, got, tt.want)
		}
	}
}
