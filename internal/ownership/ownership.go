// Package ownership decides which replica scans which source. Several leakwatch replicas
// can share one PostgreSQL state; each source is scanned by one of them at a time, the
// holder of the source's lease. Leases expire by the database's clock, so a replica that
// dies (kill -9, network cut, paused VM) loses its sources after one lease duration and the
// others take them over; every write a scan makes carries the lease's generation, so a
// replica that lost its lease cannot record anything after the new owner started (the
// state refuses the write).
//
// Sources are spread: each replica aims at its fair share, ceil(sources / live replicas),
// and prefers the sources that rank highest for it by rendezvous hashing, so the same
// replica tends to get the same sources back after a restart. A source nobody took for two
// rounds is taken by any replica, over its share: no source waits for the share to settle.
//
// With the embedded SQLite state there is one replica (the data dir's lock ensures it): it
// owns every source, through the same code.
package ownership

import (
	"context"
	"errors"
	"hash/fnv"
	"log/slog"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/leakwatch/leakwatch/internal/state"
)

// Store is what ownership needs from the state.
type Store interface {
	// Heartbeat records that replica is alive and returns the live replicas.
	Heartbeat(ctx context.Context, replica string, ttl time.Duration) ([]string, error)
	// Acquire takes or renews source's lease for replica (ok false: another live owner).
	Acquire(ctx context.Context, source, replica string, ttl time.Duration) (state.Lease, bool, error)
	// Release gives the lease up at once.
	Release(ctx context.Context, source, replica string, generation int64) error
	// Leases lists every lease with the time it has left (<= 0: expired).
	Leases(ctx context.Context) ([]state.Lease, error)
}

// Options configure a Manager.
type Options struct {
	Store   Store
	Replica string
	// TTL is the lease duration: a dead owner's sources are free after it. The manager
	// renews every TTL/3.
	TTL    time.Duration
	Logger *slog.Logger
	// OnChange is told when this replica starts or stops owning a source (metrics, and an
	// immediate scan of a source just taken over). Called from the manager's goroutine.
	OnChange func(source string, owned bool)
	// Now is the local monotonic clock (tests).
	Now func() time.Time
}

// Manager holds this replica's leases. Safe for concurrent use.
type Manager struct {
	o Options

	mu      sync.Mutex
	sources []string
	held    map[string]*held
	// unowned counts, per source, the rounds in a row it was seen without a live owner.
	unowned map[string]int
	kick    chan struct{}
}

// held is one lease this replica holds.
type held struct {
	lease    state.Lease
	deadline time.Time      // local: the lease surely holds until then
	scans    sync.WaitGroup // scans running under the lease
	// cancels end the running scans' contexts (guarded by Manager.mu).
	cancels map[*context.CancelCauseFunc]struct{}
}

// stop cancels every scan under the lease, before the caller reports the loss. The cause,
// state.ErrFenced, tells the engine the scan ended with the lease, not with a store error.
func (m *Manager) stop(h *held) {
	m.mu.Lock()
	for c := range h.cancels {
		(*c)(state.ErrFenced)
	}
	m.mu.Unlock()
}

// New makes a manager; Run does the work.
func New(o Options) *Manager {
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.OnChange == nil {
		o.OnChange = func(string, bool) {}
	}
	return &Manager{o: o, held: map[string]*held{}, unowned: map[string]int{}, kick: make(chan struct{}, 1)}
}

// SetSources sets the sources to share (at start and on reload). Leases of sources no
// longer configured are released at the next round.
func (m *Manager) SetSources(names []string) {
	m.mu.Lock()
	m.sources = slices.Clone(names)
	m.mu.Unlock()
	select {
	case m.kick <- struct{}{}:
	default:
	}
}

// Run renews, takes and gives up leases every TTL/3 until ctx ends, then releases every
// lease it holds (a clean stop hands the sources over at once).
func (m *Manager) Run(ctx context.Context) {
	t := time.NewTicker(m.o.TTL / 3)
	defer t.Stop()
	for {
		m.Round(ctx)
		// Wake at the earliest lease end too: a lease that could not be renewed stops its
		// scans at its end, not up to a round later.
		until := time.NewTimer(m.nextDeadline())
		select {
		case <-ctx.Done():
			until.Stop()
			m.releaseAll()
			return
		case <-t.C:
		case <-until.C:
		case <-m.kick:
		}
		until.Stop()
	}
}

// nextDeadline is the time until the earliest held lease's local end (TTL when none).
func (m *Manager) nextDeadline() time.Duration {
	m.mu.Lock()
	defer m.mu.Unlock()
	next := m.o.TTL
	now := m.o.Now()
	for _, h := range m.held {
		next = min(next, max(h.deadline.Sub(now), 0))
	}
	return next
}

// Round is one pass: heartbeat, renew what is held, give up what is over the share, take
// what is free. Exported for tests, which drive rounds one by one.
func (m *Manager) Round(ctx context.Context) {
	live, err := m.o.Store.Heartbeat(ctx, m.o.Replica, m.o.TTL)
	if err != nil {
		if ctx.Err() == nil {
			m.o.Logger.Warn("state unreachable: leases not renewed; sources stop at their lease's end", "err", err)
		}
		m.expire()
		return
	}
	if !slices.Contains(live, m.o.Replica) {
		live = append(live, m.o.Replica)
	}
	m.mu.Lock()
	srcs := slices.Clone(m.sources)
	m.mu.Unlock()
	share := (len(srcs) + len(live) - 1) / max(len(live), 1)

	// Renew what is held; drop what is no longer configured.
	for _, s := range m.heldNames() {
		if !slices.Contains(srcs, s) {
			m.release(ctx, s, "source removed")
			continue
		}
		m.acquire(ctx, s)
	}
	// Over the share (a replica joined): give up the sources that rank lowest here.
	if mine := m.heldNames(); len(mine) > share {
		rankSources(mine, m.o.Replica)
		for _, s := range mine[share:] {
			m.release(ctx, s, "rebalancing to a replica that joined")
		}
	}
	// Under the share: take free sources, best ranked first. A source left without a live
	// owner for two rounds is taken over the share.
	leases, err := m.o.Store.Leases(ctx)
	if err != nil {
		if ctx.Err() == nil {
			m.o.Logger.Warn("leases not read: free sources wait for the next round", "err", err)
		}
		m.expire()
		return
	}
	owner := map[string]bool{}
	for _, l := range leases {
		if l.TTL > 0 && l.Owner != "" {
			owner[l.Source] = true
		}
	}
	rankSources(srcs, m.o.Replica)
	for _, s := range srcs {
		if m.Owns(s) {
			continue
		}
		m.mu.Lock()
		if owner[s] {
			delete(m.unowned, s)
		} else {
			m.unowned[s]++
		}
		starving := m.unowned[s] >= 2
		m.mu.Unlock()
		if owner[s] || len(m.heldNames()) >= share && !starving {
			continue
		}
		m.acquire(ctx, s)
	}
	m.expire()
}

// acquire takes or renews one lease.
func (m *Manager) acquire(ctx context.Context, source string) {
	began := m.o.Now()
	l, ok, err := m.o.Store.Acquire(ctx, source, m.o.Replica, m.o.TTL)
	if err != nil {
		if ctx.Err() == nil {
			m.o.Logger.Warn("lease not renewed", "source", source, "err", err)
		}
		return
	}
	m.mu.Lock()
	if !ok {
		delete(m.unowned, source)
		h := m.held[source]
		m.mu.Unlock()
		if h != nil {
			// Someone else holds it now: our lease ended without our noticing.
			m.drop(source, h, "lease taken by "+l.Owner)
		}
		return
	}
	delete(m.unowned, source)
	// The database set the expiry after began: the lease surely holds until began + TTL.
	deadline := began.Add(m.o.TTL)
	if h := m.held[source]; h != nil && h.lease.Generation == l.Generation {
		h.deadline = deadline
		m.mu.Unlock()
		return
	}
	old := m.held[source]
	m.held[source] = &held{lease: l, deadline: deadline, cancels: map[*context.CancelCauseFunc]struct{}{}}
	m.mu.Unlock()
	if old != nil {
		m.stop(old)
	}
	m.o.Logger.Info("source owned: this replica scans it", "source", source, "generation", l.Generation)
	m.o.OnChange(source, true)
}

// expire drops leases whose local deadline passed (the state was unreachable).
func (m *Manager) expire() {
	now := m.o.Now()
	m.mu.Lock()
	gone := map[string]*held{}
	for s, h := range m.held {
		if !now.Before(h.deadline) {
			gone[s] = h
		}
	}
	m.mu.Unlock()
	for s, h := range gone {
		m.drop(s, h, "lease expired before it could be renewed")
	}
}

// drop forgets a lease: its scans are cancelled (their writes would be refused anyway).
func (m *Manager) drop(source string, h *held, why string) {
	m.mu.Lock()
	if m.held[source] != h {
		m.mu.Unlock()
		return
	}
	delete(m.held, source)
	m.mu.Unlock()
	m.stop(h)
	m.o.Logger.Warn("source no longer owned: its scan stops", "source", source, "reason", why)
	m.o.OnChange(source, false)
}

// release stops the source's scans, waits for them, then gives the lease up so another
// replica can take it at once.
func (m *Manager) release(ctx context.Context, source, why string) {
	m.mu.Lock()
	h := m.held[source]
	delete(m.held, source)
	m.mu.Unlock()
	if h == nil {
		return
	}
	m.stop(h)
	h.scans.Wait()
	m.o.OnChange(source, false)
	if err := m.o.Store.Release(ctx, source, m.o.Replica, h.lease.Generation); err != nil && ctx.Err() == nil {
		m.o.Logger.Warn("lease not released: it expires by itself", "source", source, "err", err)
	}
	m.o.Logger.Info("source released", "source", source, "reason", why)
}

// releaseAll gives every lease up on a clean stop.
func (m *Manager) releaseAll() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for _, s := range m.heldNames() {
		m.release(ctx, s, "stopping")
	}
}

func (m *Manager) heldNames() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]string, 0, len(m.held))
	for s := range m.held {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

// Owns reports whether this replica holds the source's lease now.
func (m *Manager) Owns(source string) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	h := m.held[source]
	return h != nil && m.o.Now().Before(h.deadline)
}

// ErrNotOwned is returned by Gate for a source another replica scans.
var ErrNotOwned = errors.New("source owned by another replica")

// Gate starts a scan of source under its lease: the context carries the lease's fence
// (every write is refused once another replica took the source) and ends when the lease is
// lost. done must be called when the scan ends. Without the lease, Gate returns
// ErrNotOwned and the scan must not run.
func (m *Manager) Gate(ctx context.Context, source string) (context.Context, func(), error) {
	m.mu.Lock()
	h := m.held[source]
	if h == nil || !m.o.Now().Before(h.deadline) {
		m.mu.Unlock()
		return nil, nil, ErrNotOwned
	}
	sctx, cancel := context.WithCancelCause(state.WithFence(ctx, state.Fence{Source: source, Owner: m.o.Replica, Generation: h.lease.Generation}))
	h.cancels[&cancel] = struct{}{}
	h.scans.Add(1)
	m.mu.Unlock()
	return sctx, func() {
		m.mu.Lock()
		delete(h.cancels, &cancel)
		m.mu.Unlock()
		cancel(nil)
		h.scans.Done()
	}, nil
}

// rankSources orders sources by their rendezvous rank for replica, best first.
func rankSources(srcs []string, replica string) {
	score := func(s string) uint64 {
		h := fnv.New64a()
		h.Write([]byte(s))
		h.Write([]byte{0})
		h.Write([]byte(replica))
		return h.Sum64()
	}
	sort.SliceStable(srcs, func(i, j int) bool { return score(srcs[i]) > score(srcs[j]) })
}
