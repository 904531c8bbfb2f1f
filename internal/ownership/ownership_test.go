package ownership

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/leakwatch/leakwatch/internal/state"
)

// memStore keeps leases and members as the PostgreSQL state does, on a clock the test moves.
type memStore struct {
	mu      sync.Mutex
	now     time.Time
	leases  map[string]*memLease
	members map[string]time.Time
	down    map[string]bool // replicas whose calls fail (network cut)
}

type memLease struct {
	owner   string
	gen     int64
	expires time.Time
}

func newMemStore() *memStore {
	return &memStore{now: time.Unix(1_700_000_000, 0), leases: map[string]*memLease{}, members: map[string]time.Time{}, down: map[string]bool{}}
}

func (s *memStore) clock() time.Time { s.mu.Lock(); defer s.mu.Unlock(); return s.now }
func (s *memStore) advance(d time.Duration) {
	s.mu.Lock()
	s.now = s.now.Add(d)
	s.mu.Unlock()
}

var errCut = errors.New("connection refused")

func (s *memStore) Heartbeat(_ context.Context, replica string, ttl time.Duration) ([]string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.down[replica] {
		return nil, errCut
	}
	s.members[replica] = s.now
	var live []string
	for r, seen := range s.members {
		if s.now.Sub(seen) < ttl {
			live = append(live, r)
		}
	}
	sort.Strings(live)
	return live, nil
}

func (s *memStore) Acquire(_ context.Context, source, replica string, ttl time.Duration) (state.Lease, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.down[replica] {
		return state.Lease{}, false, errCut
	}
	l := s.leases[source]
	switch {
	case l == nil:
		l = &memLease{owner: replica, gen: 1}
		s.leases[source] = l
	case l.owner == replica && s.now.Before(l.expires):
	case !s.now.Before(l.expires):
		l.owner, l.gen = replica, l.gen+1
	default:
		return state.Lease{Source: source, Owner: l.owner, Generation: l.gen, TTL: l.expires.Sub(s.now)}, false, nil
	}
	l.expires = s.now.Add(ttl)
	return state.Lease{Source: source, Owner: replica, Generation: l.gen, TTL: ttl}, true, nil
}

func (s *memStore) Release(_ context.Context, source, replica string, gen int64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if l := s.leases[source]; l != nil && l.owner == replica && l.gen == gen {
		l.expires = s.now
	}
	return nil
}

func (s *memStore) Leases(_ context.Context) ([]state.Lease, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []state.Lease
	for src, l := range s.leases {
		out = append(out, state.Lease{Source: src, Owner: l.owner, Generation: l.gen, TTL: l.expires.Sub(s.now)})
	}
	return out, nil
}

// cluster is N managers over one memStore, driven round by round.
type cluster struct {
	st      *memStore
	ms      map[string]*Manager
	changes []string
	mu      sync.Mutex
}

const ttl = 15 * time.Second

func newCluster(t *testing.T, sources []string, replicas ...string) *cluster {
	c := &cluster{st: newMemStore(), ms: map[string]*Manager{}}
	for _, r := range replicas {
		c.add(sources, r)
	}
	return c
}

func (c *cluster) add(sources []string, r string) {
	m := New(Options{Store: c.st, Replica: r, TTL: ttl, Now: c.st.clock,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		OnChange: func(s string, owned bool) {
			c.mu.Lock()
			c.changes = append(c.changes, fmt.Sprintf("%s %s %v", r, s, owned))
			c.mu.Unlock()
		}})
	m.SetSources(sources)
	c.ms[r] = m
}

// rounds runs n rounds of every live manager, the clock moving TTL/3 after each.
func (c *cluster) rounds(n int, dead ...string) {
	for range n {
		names := make([]string, 0, len(c.ms))
		for r := range c.ms {
			names = append(names, r)
		}
		sort.Strings(names)
		for _, r := range names {
			if !slices.Contains(dead, r) {
				c.ms[r].Round(context.Background())
			}
		}
		c.st.advance(ttl / 3)
	}
}

// owners maps each source to the replicas that believe they own it.
func (c *cluster) owners(sources []string) map[string][]string {
	out := map[string][]string{}
	for _, s := range sources {
		for r, m := range c.ms {
			if m.Owns(s) {
				out[s] = append(out[s], r)
			}
		}
		sort.Strings(out[s])
	}
	return out
}

func TestOneOwnerPerSourceSpread(t *testing.T) {
	srcs := []string{"a", "b", "c", "d"}
	c := newCluster(t, srcs, "r1", "r2")
	c.rounds(3)
	perReplica := map[string]int{}
	for s, o := range c.owners(srcs) {
		if len(o) != 1 {
			t.Fatalf("source %s owned by %v, want exactly one owner", s, o)
		}
		perReplica[o[0]]++
	}
	if perReplica["r1"] != 2 || perReplica["r2"] != 2 {
		t.Fatalf("sources per replica %v, want 2 and 2", perReplica)
	}
}

func TestTakeoverAfterOwnerDies(t *testing.T) {
	srcs := []string{"a", "b"}
	for _, replicas := range [][]string{{"r1", "r2"}, {"r1", "r2", "r3"}} {
		t.Run(fmt.Sprint(len(replicas)), func(t *testing.T) {
			c := newCluster(t, srcs, replicas...)
			c.rounds(3)
			victim := c.owners(srcs)["a"][0]
			gen := c.ms[victim].held["a"].lease.Generation
			// The victim stops (kill -9): no more rounds, no release. Its lease runs out after
			// TTL, then a survivor takes it within a few rounds.
			rounds := 0
			for ; rounds < 12; rounds++ {
				c.rounds(1, victim)
				o := c.owners(srcs)["a"]
				if len(o) == 1 && o[0] != victim {
					break
				}
				if len(o) == 2 {
					t.Fatalf("two owners of a at once: %v", o)
				}
			}
			took := time.Duration(rounds+1) * ttl / 3
			if took > 2*ttl {
				t.Fatalf("takeover took %v, want within 2 lease durations (%v)", took, 2*ttl)
			}
			newOwner := c.owners(srcs)["a"][0]
			if g := c.ms[newOwner].held["a"].lease.Generation; g != gen+1 {
				t.Fatalf("generation after takeover %d, want %d (fencing needs a new one)", g, gen+1)
			}
		})
	}
}

func TestStateCutDropsLeaseBeforeTakeover(t *testing.T) {
	srcs := []string{"a"}
	c := newCluster(t, srcs, "r1", "r2")
	c.rounds(2)
	owner := c.owners(srcs)["a"][0]
	ctx, done, err := c.ms[owner].Gate(context.Background(), "a")
	if err != nil {
		t.Fatal(err)
	}
	defer done()
	c.st.mu.Lock()
	c.st.down[owner] = true
	c.st.mu.Unlock()
	// The owner cannot renew; it must give the source up (cancel the scan) no later than
	// the lease's end, i.e. before anyone else may take it.
	for i := 0; ; i++ {
		c.rounds(1)
		o := c.owners(srcs)["a"]
		if slices.Contains(o, owner) {
			if len(o) > 1 {
				t.Fatalf("both %v own a: the cut owner kept scanning after its lease ended", o)
			}
			continue
		}
		// Run wakes the manager at the lease's local deadline; that round ends the scan.
		c.ms[owner].Round(context.Background())
		if ctx.Err() == nil {
			t.Fatalf("the cut owner's scan context is still live after it lost the lease (round %d, owners %v, changes %v)", i, o, c.changes)
		}
		break
	}
	if _, _, err := c.ms[owner].Gate(context.Background(), "a"); !errors.Is(err, ErrNotOwned) {
		t.Fatalf("Gate after losing the lease: %v, want ErrNotOwned", err)
	}
}

func TestJoinRebalancesAndGateFences(t *testing.T) {
	srcs := []string{"a", "b"}
	c := newCluster(t, srcs, "r1")
	c.rounds(2)
	if o := c.owners(srcs); len(o["a"]) != 1 || len(o["b"]) != 1 || o["a"][0] != "r1" {
		t.Fatalf("single replica owns %v, want both", o)
	}
	gctx, done, err := c.ms["r1"].Gate(context.Background(), "b")
	if err != nil {
		t.Fatal(err)
	}
	f, ok := state.FenceFrom(gctx)
	if !ok || f.Source != "b" || f.Owner != "r1" || f.Generation != 1 {
		t.Fatalf("scan context fence %+v %v, want b/r1/1", f, ok)
	}
	done()
	c.add(srcs, "r2")
	c.rounds(4)
	per := map[string]int{}
	for s, o := range c.owners(srcs) {
		if len(o) != 1 {
			t.Fatalf("source %s owned by %v after a join", s, o)
		}
		per[o[0]]++
	}
	if per["r1"] != 1 || per["r2"] != 1 {
		t.Fatalf("after r2 joined: %v, want one source each", per)
	}
}

func TestRemovedSourceReleased(t *testing.T) {
	c := newCluster(t, []string{"a", "b"}, "r1")
	c.rounds(2)
	c.ms["r1"].SetSources([]string{"a"})
	c.rounds(1)
	if c.ms["r1"].Owns("b") {
		t.Fatal("a source removed from the config is still owned")
	}
	ls, _ := c.st.Leases(context.Background())
	for _, l := range ls {
		if l.Source == "b" && l.TTL > 0 {
			t.Fatalf("lease of removed source b not released: %+v", l)
		}
	}
}
