package state

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"time"
)

// Coordination of replicas sharing one store. Each source is scanned by the replica that
// holds its lease; a lease has an expiry (by the database's clock) that its owner renews,
// and a generation that grows with every takeover. A write made for a source carries a
// Fence (the lease it was made under, see WithFence); the write's transaction checks that
// lease under the store's write lock, which a takeover needs too, so once a new owner holds
// the lease no write of the old one can commit.
//
// On SQLite there is one replica (the data dir's lock sees to that), but leases are stored
// and checked the same way, so the daemon behaves the same on both engines.

// Lease is a replica's ownership of one source.
type Lease struct {
	Source, Owner string
	Generation    int64
	// TTL is the time left, by the database's clock, when the lease was read (0: expired).
	TTL time.Duration
}

// Fence identifies the lease a write is made under.
type Fence struct {
	Source, Owner string
	Generation    int64
}

// ErrFenced is wrapped by a fenced write whose lease is no longer held: it committed nothing.
var ErrFenced = errors.New("lease lost: another replica owns this source now")

type fenceKey struct{}

// WithFence returns ctx carrying f: the store's writes for f.Source made with it commit only
// while f's lease is held (see ErrFenced). A write without a fence is not checked (commands,
// backfill, a single replica).
func WithFence(ctx context.Context, f Fence) context.Context {
	return context.WithValue(ctx, fenceKey{}, f)
}

// FenceFrom returns the fence ctx carries.
func FenceFrom(ctx context.Context) (Fence, bool) {
	f, ok := ctx.Value(fenceKey{}).(Fence)
	return f, ok
}

// checkFence fails with ErrFenced when ctx carries a fence whose lease is not held any more.
// It runs inside a write transaction, after the write lock (see DB.write): a takeover
// (Acquire) takes the same lock, so it cannot commit between this check and the commit.
func checkFence(ctx context.Context, tx *sqlTx, source string) error {
	f, ok := FenceFrom(ctx)
	if !ok {
		return nil
	}
	if f.Source != source {
		return fmt.Errorf("a write for source %s carries the fence of source %s (a bug: report it)", source, f.Source)
	}
	now, err := tx.nowNS(ctx)
	if err != nil {
		return err
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM leases WHERE source = ? AND owner = ? AND generation = ? AND expires_ns > ?`,
		f.Source, f.Owner, f.Generation, now).Scan(&n); err != nil {
		return fmt.Errorf("check lease of %s: %w", source, err)
	}
	if n == 0 {
		return fmt.Errorf("%w (source %s, replica %s, generation %d)", ErrFenced, f.Source, f.Owner, f.Generation)
	}
	return nil
}

// memberGrace is how many ttls a silent member's row is kept before Heartbeat deletes it.
const memberGrace = 10

// Heartbeat records replica as alive now and returns the replicas seen within ttl, sorted
// (replica among them). Members silent for more than 10*ttl are forgotten.
func (s *DB) Heartbeat(ctx context.Context, replica string, ttl time.Duration) ([]string, error) {
	if replica == "" || ttl <= 0 {
		return nil, errors.New("state: heartbeat: empty replica id or non-positive ttl")
	}
	var live []string
	err := s.write(ctx, func(tx *sqlTx) error {
		live = nil
		now, err := tx.nowNS(ctx)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO members (replica, seen_ns) VALUES (?1, ?2)
			ON CONFLICT (replica) DO UPDATE SET seen_ns = excluded.seen_ns`, replica, now); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM members WHERE seen_ns < ?`, now-memberGrace*int64(ttl)); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT replica FROM members WHERE seen_ns >= ? ORDER BY replica`, now-int64(ttl))
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var r string
			if err := rows.Scan(&r); err != nil {
				return err
			}
			live = append(live, r)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("state: heartbeat of %s: %w", replica, err)
	}
	sort.Strings(live) // byte order, whatever the database's collation
	return live, nil
}

// Acquire takes source's lease for replica for ttl when it is free, expired, or already
// replica's (a renewal: same generation, expiry now+ttl). Taking it from another owner
// whose lease expired increments the generation, so that owner's fenced writes fail. When
// another owner holds it, ok is false and the Lease describes that owner.
func (s *DB) Acquire(ctx context.Context, source, replica string, ttl time.Duration) (Lease, bool, error) {
	if source == "" || replica == "" || ttl <= 0 {
		return Lease{}, false, errors.New("state: acquire: empty source or replica, or non-positive ttl")
	}
	var (
		l  Lease
		ok bool
	)
	err := s.write(ctx, func(tx *sqlTx) error {
		now, err := tx.nowNS(ctx)
		if err != nil {
			return err
		}
		var owner string
		var gen, exp int64
		err = tx.QueryRowContext(ctx, `SELECT owner, generation, expires_ns FROM leases WHERE source = ?`, source).Scan(&owner, &gen, &exp)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			gen = 1
		case err != nil:
			return err
		case owner == replica:
			// A renewal, also after expiry: nobody took it meanwhile, so no write of another
			// owner can sit between our old and new writes.
		case exp > now:
			l, ok = Lease{Source: source, Owner: owner, Generation: gen, TTL: time.Duration(exp - now)}, false
			return nil
		default:
			gen++ // a takeover
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO leases (source, owner, generation, expires_ns) VALUES (?1, ?2, ?3, ?4)
			ON CONFLICT (source) DO UPDATE SET owner = excluded.owner, generation = excluded.generation, expires_ns = excluded.expires_ns`,
			source, replica, gen, now+int64(ttl)); err != nil {
			return err
		}
		l, ok = Lease{Source: source, Owner: replica, Generation: gen, TTL: ttl}, true
		return nil
	})
	if err != nil {
		return Lease{}, false, fmt.Errorf("state: acquire lease of %s for %s: %w", source, replica, err)
	}
	return l, ok, nil
}

// Release gives up source's lease when replica still holds it with generation: it expires
// now, so another replica can take it at once. Releasing a lease no longer held is a no-op.
func (s *DB) Release(ctx context.Context, source, replica string, generation int64) error {
	err := s.write(ctx, func(tx *sqlTx) error {
		now, err := tx.nowNS(ctx)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE leases SET expires_ns = ?4
			WHERE source = ?1 AND owner = ?2 AND generation = ?3 AND expires_ns > ?4`, source, replica, generation, now)
		return err
	})
	if err != nil {
		return fmt.Errorf("state: release lease of %s: %w", source, err)
	}
	return nil
}

// Leases lists every source's lease, by source; TTL is 0 for an expired one.
func (s *DB) Leases(ctx context.Context) ([]Lease, error) {
	var out []Lease
	err := s.read(ctx, func(tx *sqlTx) error {
		now, err := tx.nowNS(ctx)
		if err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT source, owner, generation, expires_ns FROM leases ORDER BY source`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var l Lease
			var exp int64
			if err := rows.Scan(&l.Source, &l.Owner, &l.Generation, &exp); err != nil {
				return err
			}
			l.TTL = time.Duration(max(exp-now, 0))
			out = append(out, l)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("state: leases: %w", err)
	}
	return out, nil
}

// read runs fn in one read-only transaction (one snapshot).
func (s *DB) read(ctx context.Context, fn func(tx *sqlTx) error) error {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return err
	}
	defer tx.Rollback()
	return fn(tx)
}
