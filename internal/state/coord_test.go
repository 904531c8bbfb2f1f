package state

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"sync"
	"testing"
	"time"
)

// waitFor polls cond until it holds (or fails the test after a generous deadline).
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestLeases(t *testing.T) {
	forEachBackend(t, func(t *testing.T, open opener) {
		ctx := context.Background()
		s := open(t)
		acquire := func(src, replica string, ttl time.Duration) (Lease, bool) {
			t.Helper()
			l, ok, err := s.Acquire(ctx, src, replica, ttl)
			must(t, err)
			return l, ok
		}
		// Free: a takes it, generation 1.
		if l, ok := acquire("loki", "a", time.Hour); !ok || l.Owner != "a" || l.Generation != 1 || l.TTL != time.Hour {
			t.Fatalf("first acquire: %+v %v", l, ok)
		}
		// Held: b is refused and told who holds it.
		if l, ok := acquire("loki", "b", time.Hour); ok || l.Owner != "a" || l.Generation != 1 || l.TTL <= 0 || l.TTL > time.Hour {
			t.Fatalf("acquire of a held lease: %+v %v", l, ok)
		}
		// Renewal keeps the generation.
		if l, ok := acquire("loki", "a", time.Hour); !ok || l.Generation != 1 {
			t.Fatalf("renewal: %+v %v", l, ok)
		}
		// Release with a stale generation is a no-op; with the right one it frees the lease.
		must(t, s.Release(ctx, "loki", "a", 7))
		if _, ok := acquire("loki", "b", time.Hour); ok {
			t.Fatal("a release with a wrong generation freed the lease")
		}
		must(t, s.Release(ctx, "loki", "a", 1))
		if l, ok := acquire("loki", "b", time.Hour); !ok || l.Owner != "b" || l.Generation != 2 {
			t.Fatalf("acquire after release: %+v %v", l, ok)
		}
		// Expiry: a short lease is taken over once it has expired, with the next generation.
		if l, ok := acquire("es", "a", 50*time.Millisecond); !ok || l.Generation != 1 {
			t.Fatalf("short lease: %+v %v", l, ok)
		}
		var got Lease
		waitFor(t, "the short lease to expire and be taken over", func() bool {
			l, ok := acquire("es", "b", time.Hour)
			got = l
			return ok
		})
		if got.Owner != "b" || got.Generation != 2 {
			t.Fatalf("takeover: %+v", got)
		}
		ls, err := s.Leases(ctx)
		must(t, err)
		if len(ls) != 2 || ls[0].Source != "es" || ls[0].Owner != "b" || ls[1].Source != "loki" || ls[1].Owner != "b" || ls[1].Generation != 2 {
			t.Fatalf("leases: %+v", ls)
		}
		for _, l := range ls {
			if l.TTL <= 0 || l.TTL > time.Hour {
				t.Fatalf("lease TTL: %+v", l)
			}
		}
	})
}

func TestHeartbeat(t *testing.T) {
	forEachBackend(t, func(t *testing.T, open opener) {
		ctx := context.Background()
		s := open(t)
		for _, r := range []string{"b", "a"} {
			if _, err := s.Heartbeat(ctx, r, time.Hour); err != nil {
				t.Fatal(err)
			}
		}
		live, err := s.Heartbeat(ctx, "c", time.Hour)
		must(t, err)
		if !reflect.DeepEqual(live, []string{"a", "b", "c"}) {
			t.Fatalf("live = %v", live)
		}
		// With a tiny ttl the others drop out of the live list once it has passed.
		waitFor(t, "the other members to fall silent", func() bool {
			live, err = s.Heartbeat(ctx, "c", time.Millisecond)
			must(t, err)
			return reflect.DeepEqual(live, []string{"c"})
		})
		// ...and, silent for more than 10 ttls, are deleted.
		waitFor(t, "silent members to be forgotten", func() bool {
			_, err := s.Heartbeat(ctx, "c", time.Millisecond)
			must(t, err)
			return count(t, s, `SELECT COUNT(*) FROM members`) == 1
		})
	})
}

// TestFencing: a write under a lease that was taken over commits nothing and wraps
// ErrFenced, for every kind of fenced write; the current owner's writes go through.
func TestFencing(t *testing.T) {
	forEachBackend(t, func(t *testing.T, open opener) {
		ctx := context.Background()
		s := open(t)
		old, ok, err := s.Acquire(ctx, "loki", "a", 30*time.Millisecond)
		if err != nil || !ok {
			t.Fatal(ok, err)
		}
		var cur Lease
		waitFor(t, "b to take over", func() bool {
			l, ok, err := s.Acquire(ctx, "loki", "b", time.Hour)
			must(t, err)
			cur = l
			return ok
		})
		stale := WithFence(ctx, Fence{Source: "loki", Owner: old.Owner, Generation: old.Generation})
		fresh := WithFence(ctx, Fence{Source: "loki", Owner: cur.Owner, Generation: cur.Generation})
		run, err := s.CreateBackfillRun(ctx, BackfillRun{Source: "loki", Kind: RunRange, From: at(0), To: at(10), Chunk: 10 * time.Minute},
			[]Interval{{at(0), at(10)}})
		must(t, err)
		writes := []struct {
			name string
			fn   func(ctx context.Context) error
		}{
			{"RecordPage", func(ctx context.Context) error {
				_, err := s.RecordPage(ctx, "loki", []Sighting{sight("loki", "l1", "x", at(1))}, []byte("cp"), RecordOptions{Notifiers: []string{"slack"}, Now: t0})
				return err
			}},
			{"Cover", func(ctx context.Context) error { return s.Cover(ctx, "loki", at(0), at(5)) }},
			{"CoverScanned", func(ctx context.Context) error { return s.CoverScanned(ctx, "loki", at(0), at(5), 3, 30) }},
			{"AddScanned", func(ctx context.Context) error { return s.AddScanned(ctx, "loki", at(0), at(5), 3, 30) }},
			{"AddVolumePieces", func(ctx context.Context) error {
				return s.AddVolumePieces(ctx, "loki", []VolumePiece{{Bucket: Interval{at(0), at(60)}, From: at(0), To: at(60), Count: 5}}, t0)
			}},
			{"CompleteChunk", func(ctx context.Context) error {
				return s.CompleteChunk(ctx, run.ID, "loki", at(0), at(10), ChunkResult{Lines: 1})
			}},
		}
		tables := []string{"incidents", "sightings", "outbox", "coverage", "scanned", "volumes", "sources"}
		snapshot := func() map[string]int {
			m := map[string]int{}
			for _, tb := range tables {
				m[tb] = count(t, s, `SELECT COUNT(*) FROM `+tb)
			}
			return m
		}
		for _, w := range writes {
			before := snapshot()
			if err := w.fn(stale); !errors.Is(err, ErrFenced) {
				t.Fatalf("%s with a stale fence: err = %v, want ErrFenced", w.name, err)
			}
			if after := snapshot(); !reflect.DeepEqual(before, after) {
				t.Fatalf("%s with a stale fence changed the state: %v -> %v", w.name, before, after)
			}
			if err := w.fn(fresh); err != nil {
				t.Fatalf("%s with the owner's fence: %v", w.name, err)
			}
		}
		// A fence of another source is refused (and is not ErrFenced: it is a bug).
		other := WithFence(ctx, Fence{Source: "es", Owner: "b", Generation: cur.Generation})
		if err := s.Cover(other, "loki", at(20), at(30)); err == nil || errors.Is(err, ErrFenced) {
			t.Fatalf("fence of another source: %v", err)
		}
		// Without a fence nothing is checked.
		must(t, s.Cover(ctx, "loki", at(20), at(30)))
	})
}

// TestTakeoverWaitsForFencedWrite: a fenced write whose lease expires while it runs still
// commits, and a takeover started meanwhile waits for it: the new owner never sees the old
// owner's write land after its own acquisition. PostgreSQL only: there the replicas are
// separate connections, and pg_locks shows the takeover waiting.
func TestTakeoverWaitsForFencedWrite(t *testing.T) {
	ctx := context.Background()
	a := openPG(t)
	b := reopen(t, a)
	l, ok, err := a.Acquire(ctx, "loki", "a", time.Hour)
	if err != nil || !ok {
		t.Fatal(ok, err)
	}
	fenced := WithFence(ctx, Fence{Source: "loki", Owner: "a", Generation: l.Generation})
	inside, release := make(chan struct{}), make(chan struct{})
	writeErr := make(chan error, 1)
	go func() {
		writeErr <- a.writeSource(fenced, "loki", func(tx *sqlTx) error {
			close(inside)
			<-release
			return coverTx(ctx, tx, "loki", toNS(at(0)), toNS(at(10)), nil)
		})
	}()
	<-inside
	// a's lease runs out while its write is in flight (moved into the past rather than
	// waited for, so a slow machine cannot make the write's own check fail first).
	if _, err := b.db.Exec(`UPDATE leases SET expires_ns = expires_ns - ? WHERE source = 'loki'`, int64(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if ls, err := b.Leases(ctx); err != nil || len(ls) != 1 || ls[0].TTL != 0 {
		t.Fatalf("leases after expiry: %+v %v", ls, err)
	}
	type result struct {
		l   Lease
		ok  bool
		err error
	}
	took := make(chan result, 1)
	go func() {
		l, ok, err := b.Acquire(ctx, "loki", "b", time.Hour)
		took <- result{l, ok, err}
	}()
	waitFor(t, "b's takeover to wait for the write lock", func() bool {
		return count(t, b, `SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`) == 1
	})
	select {
	case r := <-took:
		t.Fatalf("the takeover did not wait for the fenced write: %+v", r)
	default:
	}
	close(release)
	must(t, <-writeErr)
	r := <-took
	if r.err != nil || !r.ok || r.l.Generation != l.Generation+1 {
		t.Fatalf("takeover: %+v", r)
	}
	if wm, ok, err := b.Watermark(ctx, "loki"); err != nil || !ok || !wm.Equal(at(10)) {
		t.Fatalf("the fenced write did not commit: %v %v %v", wm, ok, err)
	}
	// The old owner's next write is fenced off.
	if err := a.Cover(fenced, "loki", at(10), at(20)); !errors.Is(err, ErrFenced) {
		t.Fatalf("old owner's write after the takeover: %v", err)
	}
}

// TestClaimAlertsExclusive: replicas claiming at once never get the same item, and together
// get them all; a replica gets its own unfinished claims back.
func TestClaimAlertsExclusive(t *testing.T) {
	forEachBackend(t, func(t *testing.T, open opener) {
		ctx := context.Background()
		s := open(t)
		const n = 60
		var sg []Sighting
		for i := range n {
			sg = append(sg, sight("loki", fmt.Sprint("l", i), fmt.Sprint("secret", i), at(i)))
		}
		record(t, s, "loki", sg, RecordOptions{Notifiers: []string{"slack"}, Now: t0})
		stores := []*DB{s, reopen(t, s)}
		var mu sync.Mutex
		seen := map[int64]string{}
		var wg sync.WaitGroup
		for r := range 4 {
			replica := fmt.Sprint("r", r)
			st := stores[r%2]
			wg.Add(1)
			go func() {
				defer wg.Done()
				// Each round claims at least one item or ends: n rounds are enough, and bound
				// the loop should claims ever repeat.
				for range n {
					items, err := st.ClaimAlerts(ctx, replica, t0, time.Hour, 3)
					if err != nil {
						t.Error(err)
						return
					}
					if len(items) == 0 {
						return
					}
					mu.Lock()
					for _, it := range items {
						if prev, dup := seen[it.ID]; dup {
							t.Errorf("item %d claimed by %s and %s", it.ID, prev, replica)
						}
						seen[it.ID] = replica
					}
					mu.Unlock()
					// Delivered, as the outbox worker does; a replica's own claims come back
					// to it until then (its worker skips items within a pass).
					for _, it := range items {
						if err := st.AlertSent(ctx, it.ID, "", t0); err != nil {
							t.Error(err)
							return
						}
					}
				}
			}()
		}
		wg.Wait()
		if len(seen) != n {
			t.Fatalf("claimed %d items, want %d", len(seen), n)
		}
		// Everything is delivered: nothing more to claim, by anyone.
		items, err := s.ClaimAlerts(ctx, "r9", t0, time.Hour, 0)
		must(t, err)
		if len(items) != 0 {
			t.Fatalf("claimed again: %v", kinds(items))
		}
		// A claim held by r1 is r1's again at its next pass, and nobody else's.
		record(t, s, "loki", []Sighting{sight("loki", "x", "secret-x", at(99))}, RecordOptions{Notifiers: []string{"slack"}, Now: t0})
		first, err := s.ClaimAlerts(ctx, "r1", t0, time.Hour, 0)
		must(t, err)
		again, err := s.ClaimAlerts(ctx, "r1", t0, time.Hour, 0)
		must(t, err)
		other, err := s.ClaimAlerts(ctx, "r2", t0, time.Hour, 0)
		must(t, err)
		if len(first) != 1 || len(again) != 1 || again[0].ID != first[0].ID || len(other) != 0 {
			t.Fatalf("own claim: first %v, again %v, other replica %v", kinds(first), kinds(again), kinds(other))
		}
	})
}

// TestClaimAlertsExpiry: an expired claim is claimed again; the replica that lost it cannot
// start a delivery; an unfinished delivery shows as InFlight to the next claimant; an
// outcome ends the claim.
func TestClaimAlertsExpiry(t *testing.T) {
	forEachBackend(t, func(t *testing.T, open opener) {
		ctx := context.Background()
		s := open(t)
		record(t, s, "loki", []Sighting{sight("loki", "l1", "a", at(1)), sight("loki", "l2", "b", at(2))},
			RecordOptions{Notifiers: []string{"slack"}, Now: t0})
		items, err := s.ClaimAlerts(ctx, "r1", t0, time.Hour, 1)
		must(t, err)
		if len(items) != 1 || !items[0].InFlight.IsZero() || items[0].Kind != "new" || items[0].Sighting.Fingerprint != fp("a") {
			t.Fatalf("first claim: %+v", items)
		}
		id := items[0].ID
		// r2 cannot deliver what r1 holds, nor claim it.
		if err := s.AlertSendingClaimed(ctx, id, "r2", 0, t0); !errors.Is(err, ErrClaimLost) {
			t.Fatalf("AlertSending without the claim: %v", err)
		}
		must(t, s.AlertSendingClaimed(ctx, id, "r1", 0, t0))
		items, err = s.ClaimAlerts(ctx, "r2", t0, time.Hour, 0)
		must(t, err)
		if len(items) != 1 || items[0].ID == id {
			t.Fatalf("r2 claimed %v, want only the other item", kinds(items))
		}
		other := items[0].ID
		// r1 "dies" mid-delivery and its claim runs out (moved into the past rather than
		// waited for: a slow machine must not make r1's own claim expire early above).
		if _, err := s.db.Exec(`UPDATE outbox SET claim_until_ns = claim_until_ns - ? WHERE id = ?`, int64(2*time.Hour), id); err != nil {
			t.Fatal(err)
		}
		// r2 gets its own claim back and the expired item, in flight.
		items, err = s.ClaimAlerts(ctx, "r2", t0, time.Hour, 0)
		must(t, err)
		if len(items) != 2 || items[0].ID != id || !items[0].InFlight.Equal(t0) || items[1].ID != other {
			t.Fatalf("claim of the expired item: %+v, want it with InFlight %v, and r2's own", items, t0)
		}
		if err := s.AlertSendingClaimed(ctx, id, "r1", 0, t0); !errors.Is(err, ErrClaimLost) {
			t.Fatalf("AlertSending after losing the claim: %v", err)
		}
		// An attempt extends its claim by the claim length the ctx gives: the attempt has a
		// whole claim before another replica may find the item in flight.
		must(t, s.AlertSendingClaimed(ctx, id, "r2", time.Hour, t0.Add(time.Second)))
		var until int64
		must(t, s.db.QueryRowContext(ctx, `SELECT claim_until_ns FROM outbox WHERE id = ?`, id).Scan(&until))
		if left := time.Until(fromNS(until)); left < 50*time.Minute {
			t.Fatalf("claim left after the attempt started: %v, want about an hour", left)
		}
		if items, err := s.ClaimAlerts(ctx, "r1", t0, time.Hour, 0); err != nil || slices.ContainsFunc(items, func(x OutboxItem) bool { return x.ID == id }) {
			t.Fatalf("r1 claimed an item r2 is delivering: %v %v", err, items)
		}
		must(t, s.AlertFailed(ctx, id, "429", t0))
		// A recorded outcome ends the claim: the retry is anyone's.
		items, err = s.ClaimAlerts(ctx, "r3", t0, time.Hour, 0)
		must(t, err)
		if len(items) != 1 || items[0].ID != id || items[0].Attempts != 1 {
			t.Fatalf("claim after a failure: %+v", items)
		}
		must(t, s.AlertSent(ctx, id, "ts1", t0))
		if depth, err := s.OutboxDepth(ctx); err != nil || depth != 1 {
			t.Fatalf("depth = %d %v", depth, err)
		}
		// A claim does expire by the store's clock: r4 gets the other item once r2's short
		// re-claim of it has run out.
		must(t, s.AlertFailed(ctx, other, "500", t0))
		items, err = s.ClaimAlerts(ctx, "r2", t0, time.Millisecond, 0)
		must(t, err)
		if len(items) != 1 || items[0].ID != other {
			t.Fatalf("short claim: %+v", items)
		}
		waitFor(t, "the short claim to expire", func() bool {
			items, err := s.ClaimAlerts(ctx, "r4", t0, time.Hour, 0)
			must(t, err)
			return len(items) == 1 && items[0].ID == other
		})
		// AlertSending (one replica) does not check claims.
		must(t, s.AlertSending(ctx, other, t0))
	})
}
