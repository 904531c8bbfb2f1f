package backoff

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
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

// recorder is a Policy.Sleep that records the waits instead of waiting.
type recorder struct{ waits []time.Duration }

func (r *recorder) sleep(_ context.Context, d time.Duration) error {
	r.waits = append(r.waits, d)
	return nil
}

func (r *recorder) total() (t time.Duration) {
	for _, d := range r.waits {
		t += d
	}
	return t
}

var errTry = errors.New("try failed")

func TestRetry(t *testing.T) {
	type step struct {
		retry      bool
		retryAfter time.Duration
		err        error
	}
	fail := step{true, 0, errTry}
	tests := []struct {
		name      string
		p         Policy
		steps     []step // what each try returns; past the end, success
		wantTries int
		wantWaits []time.Duration
		wantErr   string // "": nil; "exhausted"; "final"
	}{
		{"success at once", Policy{Attempts: 3, Base: time.Second}, nil, 1, nil, ""},
		{"success on the third try", Policy{Attempts: 3, Base: time.Second},
			[]step{fail, fail}, 3, []time.Duration{time.Second, 2 * time.Second}, ""},
		{"attempts spent", Policy{Attempts: 3, Base: time.Second},
			[]step{fail, fail, fail, fail}, 3, []time.Duration{time.Second, 2 * time.Second}, "exhausted"},
		{"zero attempts is one try", Policy{Base: time.Second}, []step{fail}, 1, nil, "exhausted"},
		{"not retryable stops at once", Policy{Attempts: 5, Base: time.Second},
			[]step{fail, {false, 0, errTry}}, 2, []time.Duration{time.Second}, "final"},
		{"Retry-After lengthens the wait", Policy{Attempts: 2, Base: time.Second, Max: time.Minute},
			[]step{{true, 20 * time.Second, errTry}}, 2, []time.Duration{20 * time.Second}, ""},
		{"Retry-After capped at Max", Policy{Attempts: 2, Base: time.Second, Max: 10 * time.Second},
			[]step{{true, time.Hour, errTry}}, 2, []time.Duration{10 * time.Second}, ""},
		{"Retry-After without Max never lengthens", Policy{Attempts: 2, Base: time.Second},
			[]step{{true, time.Hour, errTry}}, 2, []time.Duration{time.Second}, ""},
		{"max wait spent before the attempts", Policy{Attempts: 10, Base: time.Second, MaxWait: 5 * time.Second},
			[]step{fail, fail, fail, fail}, 3, []time.Duration{time.Second, 2 * time.Second}, "exhausted"},
		{"a Retry-After past max wait gives up", Policy{Attempts: 10, Base: time.Second, Max: time.Minute, MaxWait: 30 * time.Second},
			[]step{{true, 40 * time.Second, errTry}}, 1, nil, "exhausted"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var r recorder
			tt.p.Sleep = r.sleep
			tries := 0
			err := Retry(context.Background(), tt.p, func(attempt int) (bool, time.Duration, error) {
				tries++
				if attempt != tries {
					t.Fatalf("attempt %d on try %d", attempt, tries)
				}
				if attempt > len(tt.steps) {
					return false, 0, nil
				}
				s := tt.steps[attempt-1]
				return s.retry, s.retryAfter, s.err
			})
			if tries != tt.wantTries {
				t.Errorf("%d tries, want %d", tries, tt.wantTries)
			}
			if fmt.Sprint(r.waits) != fmt.Sprint(tt.wantWaits) {
				t.Errorf("waits %v, want %v", r.waits, tt.wantWaits)
			}
			var ex *Exhausted
			switch tt.wantErr {
			case "":
				if err != nil {
					t.Fatalf("err = %v, want nil", err)
				}
			case "exhausted":
				if !errors.As(err, &ex) || !errors.Is(err, errTry) || ex.Attempts != tt.wantTries || ex.Waited != r.total() {
					t.Fatalf("err = %#v, want Exhausted after %d tries wrapping the last error", err, tt.wantTries)
				}
				if !strings.Contains(err.Error(), fmt.Sprintf("gave up after %d attempts", tt.wantTries)) {
					t.Errorf("message %q does not say it gave up", err)
				}
			case "final":
				if err != errTry {
					t.Fatalf("err = %v, want try's own error", err)
				}
			}
		})
	}
}

func TestRetryEndsWithContext(t *testing.T) {
	t.Run("during a try", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		tries := 0
		err := Retry(ctx, Policy{Attempts: 5, Base: time.Hour}, func(int) (bool, time.Duration, error) {
			tries++
			cancel()
			return true, 0, errTry
		})
		if !errors.Is(err, context.Canceled) || tries != 1 {
			t.Fatalf("err = %v after %d tries, want context.Canceled after 1", err, tries)
		}
	})
	t.Run("during an hour-long wait", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		tries := 0
		// The default Sleep is a real timer: Retry returns only because the cancel ends it.
		p := Policy{Attempts: 5, Base: time.Hour, OnRetry: func(int, time.Duration, error) { cancel() }}
		err := Retry(ctx, p, func(int) (bool, time.Duration, error) {
			tries++
			return true, 0, errTry
		})
		if !errors.Is(err, context.Canceled) || tries != 1 {
			t.Fatalf("err = %v after %d tries, want context.Canceled after 1", err, tries)
		}
	})
}

func TestBound(t *testing.T) {
	tests := []struct {
		name         string
		p            Policy
		wantAttempts int
		wantWait     time.Duration
	}{
		{"one try waits nothing", Policy{Base: time.Second, Max: time.Minute}, 1, 0},
		{"uncapped doubles", Policy{Attempts: 4, Base: time.Second}, 4, 7 * time.Second},
		// Any wait may be a Retry-After of Max.
		{"capped: every wait may reach Max", Policy{Attempts: 5, Base: 500 * time.Millisecond, Max: 30 * time.Second}, 5, 2 * time.Minute},
		{"max wait bounds the total", Policy{Attempts: 5, Base: time.Second, Max: time.Minute, MaxWait: 90 * time.Second}, 5, 90 * time.Second},
		{"huge attempts saturate, never overflow", Policy{Attempts: 1 << 20, Base: time.Hour}, 1 << 20, 1<<63 - 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, w := tt.p.Bound()
			if a != tt.wantAttempts || w != tt.wantWait {
				t.Fatalf("Bound() = %d, %v; want %d, %v", a, w, tt.wantAttempts, tt.wantWait)
			}
		})
	}
	a, w := Nested(Policy{Attempts: 3, Base: 2 * time.Second}, Policy{Attempts: 5, Base: time.Second, Max: 10 * time.Second})
	if a != 15 || w != 6*time.Second+3*40*time.Second {
		t.Fatalf("Nested = %d, %v; want 15 tries and 2m6s", a, w)
	}
}

// TestRetryStaysWithinBound: whatever the jitter and the server's Retry-After, one Retry
// never tries or waits more than Bound says.
func TestRetryStaysWithinBound(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 500 {
		p := Policy{
			Attempts: 1 + rng.IntN(8),
			Base:     time.Duration(1+rng.IntN(1000)) * time.Millisecond,
			Max:      time.Duration(rng.IntN(3)) * 10 * time.Second,
			MaxWait:  time.Duration(rng.IntN(3)) * 15 * time.Second,
			Jitter:   float64(rng.IntN(3)) / 2,
			Rand:     rng.Float64,
		}
		var r recorder
		p.Sleep = r.sleep
		tries := 0
		_ = Retry(context.Background(), p, func(int) (bool, time.Duration, error) {
			tries++
			return true, time.Duration(rng.IntN(60)) * time.Second, errTry
		})
		a, w := p.Bound()
		if tries > a || r.total() > w {
			t.Fatalf("case %d %+v: %d tries waiting %v, bound %d tries %v", i, p, tries, r.total(), a, w)
		}
	}
}
