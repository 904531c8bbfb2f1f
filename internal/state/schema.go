package state

import (
	"context"
	"database/sql"
	"fmt"
	"github.com/leakwatch/leakwatch/internal/backoff"
	"time"
)

// migrations are applied in order, each once, each in its own transaction; migration i
// brings the schema to version i+1. Never edit a released migration: append a new one.
var migrations = []string{
	// 1: initial schema. Times are Unix nanoseconds. No column holds a secret: rule ids,
	// redacted previews, HMAC fingerprints and locations only.
	`
CREATE TABLE sources (
	name         TEXT PRIMARY KEY,
	watermark_ns INTEGER,          -- max covered end; NULL until the first Cover
	checkpoint   BLOB              -- opaque resume position; NULL when none
) STRICT;

-- Merged, non-overlapping, non-adjacent covered intervals [from_ns, to_ns).
CREATE TABLE coverage (
	source  TEXT    NOT NULL,
	from_ns INTEGER NOT NULL,
	to_ns   INTEGER NOT NULL,
	PRIMARY KEY (source, from_ns),
	CHECK (from_ns < to_ns)
) STRICT, WITHOUT ROWID;

CREATE TABLE incidents (
	id             INTEGER PRIMARY KEY,
	rule_id        TEXT    NOT NULL,
	fingerprint    TEXT    NOT NULL,
	severity       TEXT    NOT NULL,
	description    TEXT    NOT NULL,
	preview        TEXT    NOT NULL,
	status         TEXT    NOT NULL CHECK (status IN ('open', 'resolved')),
	first_seen_ns  INTEGER NOT NULL,  -- earliest event time of a sighting
	last_seen_ns   INTEGER NOT NULL,  -- latest event time of a sighting
	count          INTEGER NOT NULL,  -- distinct sightings
	created_ns     INTEGER NOT NULL,  -- when leakwatch opened it
	resolved_at_ns INTEGER,
	resolved_by    TEXT,
	UNIQUE (rule_id, fingerprint)
) STRICT;
CREATE INDEX incidents_status ON incidents (status, severity);

CREATE TABLE incident_locations (
	id          INTEGER PRIMARY KEY,
	incident_id INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
	source      TEXT    NOT NULL,
	location    TEXT    NOT NULL,
	link        TEXT    NOT NULL,
	event_ns    INTEGER NOT NULL
) STRICT;
CREATE INDEX incident_locations_incident ON incident_locations (incident_id, id);

-- One row per (line, finding): reading a line again is a no-op.
CREATE TABLE sightings (
	source      TEXT    NOT NULL,
	line_id     TEXT    NOT NULL,
	rule_id     TEXT    NOT NULL,
	fingerprint TEXT    NOT NULL,
	incident_id INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
	event_ns    INTEGER NOT NULL,
	recorded_ns INTEGER NOT NULL,
	PRIMARY KEY (source, line_id, rule_id, fingerprint)
) STRICT, WITHOUT ROWID;
CREATE INDEX sightings_incident ON sightings (incident_id, source);

-- Per incident and notifier: the receiver's thread reference and when the last alert of
-- the thread was enqueued (rate limit of sighting replies).
CREATE TABLE thread_refs (
	incident_id   INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
	notifier      TEXT    NOT NULL,
	ref           TEXT    NOT NULL DEFAULT '',
	last_reply_ns INTEGER NOT NULL,
	PRIMARY KEY (incident_id, notifier)
) STRICT, WITHOUT ROWID;

CREATE TABLE outbox (
	id          INTEGER PRIMARY KEY,
	notifier    TEXT    NOT NULL,
	kind        TEXT    NOT NULL CHECK (kind IN ('new', 'reopened', 'sighting')),
	incident_id INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
	source      TEXT    NOT NULL,
	line_id     TEXT    NOT NULL,
	rule_id     TEXT    NOT NULL,
	severity    TEXT    NOT NULL,
	description TEXT    NOT NULL,
	fingerprint TEXT    NOT NULL,
	preview     TEXT    NOT NULL,
	event_ns    INTEGER NOT NULL,
	location    TEXT    NOT NULL,
	link        TEXT    NOT NULL,
	attempts    INTEGER NOT NULL DEFAULT 0,
	next_try_ns INTEGER NOT NULL,
	last_error  TEXT    NOT NULL DEFAULT '',
	created_ns  INTEGER NOT NULL,
	sent_ns     INTEGER,
	gave_up_ns  INTEGER
) STRICT;
CREATE INDEX outbox_pending ON outbox (next_try_ns, id) WHERE sent_ns IS NULL AND gave_up_ns IS NULL;
CREATE INDEX outbox_thread ON outbox (incident_id, notifier, id) WHERE sent_ns IS NULL AND gave_up_ns IS NULL;
`,
	// 2: backfill runs with per-chunk progress (resumable), and the lines/bytes read per
	// scanned window (evidence for reports). See backfill.go.
	`
CREATE TABLE backfill_runs (
	id         INTEGER PRIMARY KEY,
	source     TEXT    NOT NULL,
	kind       TEXT    NOT NULL CHECK (kind IN ('range', 'gaps')),
	from_ns    INTEGER NOT NULL,
	to_ns      INTEGER NOT NULL,
	chunk_ns   INTEGER NOT NULL CHECK (chunk_ns > 0),
	created_ns INTEGER NOT NULL,
	done_ns    INTEGER            -- set when every chunk is done
) STRICT;
CREATE INDEX backfill_runs_source ON backfill_runs (source, id);

CREATE TABLE backfill_chunks (
	run_id     INTEGER NOT NULL REFERENCES backfill_runs (id) ON DELETE CASCADE,
	from_ns    INTEGER NOT NULL,
	to_ns      INTEGER NOT NULL,
	status     TEXT    NOT NULL CHECK (status IN ('pending', 'done', 'failed')),
	attempts   INTEGER NOT NULL DEFAULT 0,
	lines      INTEGER NOT NULL DEFAULT 0,
	bytes      INTEGER NOT NULL DEFAULT 0,
	hits       INTEGER NOT NULL DEFAULT 0,
	last_error TEXT    NOT NULL DEFAULT '',
	updated_ns INTEGER NOT NULL,
	PRIMARY KEY (run_id, from_ns),
	CHECK (from_ns < to_ns)
) STRICT, WITHOUT ROWID;

-- One row per scanned window (daemon or backfill): lines and bytes read in [from_ns, to_ns).
CREATE TABLE scanned (
	id          INTEGER PRIMARY KEY,
	source      TEXT    NOT NULL,
	from_ns     INTEGER NOT NULL,
	to_ns       INTEGER NOT NULL,
	lines       INTEGER NOT NULL CHECK (lines >= 0),
	bytes       INTEGER NOT NULL CHECK (bytes >= 0),
	recorded_ns INTEGER NOT NULL
) STRICT;
CREATE INDEX scanned_source ON scanned (source, from_ns);
`,
	// 3: when the current delivery attempt of an outbox item started. Set (committed) before
	// the notifier is called, cleared when the attempt's outcome is recorded; still set after
	// a restart means the process died mid-attempt, so the receiver is asked whether the
	// alert arrived before it is sent again.
	`
ALTER TABLE outbox ADD COLUMN inflight_ns INTEGER;
`,
	// 4: the lines in scope of each recheck bucket of a source (see volume.go): what the
	// store held, counted before the scans that covered the bucket, and what re-verification
	// found later.
	`
CREATE TABLE volumes (
	source       TEXT    NOT NULL,
	from_ns      INTEGER NOT NULL,            -- the bucket is [from_ns, to_ns)
	to_ns        INTEGER NOT NULL,
	counted_from INTEGER NOT NULL,            -- the baseline counts [counted_from, counted_to)
	counted_to   INTEGER NOT NULL,
	baseline     INTEGER NOT NULL CHECK (baseline >= 0),
	late         INTEGER NOT NULL DEFAULT 0,  -- late lines found by re-verification
	complete_ns  INTEGER,                     -- when the baseline came to count the whole bucket
	verified_ns  INTEGER,                     -- the last re-verification
	rescanned_ns INTEGER,                     -- the last rescan for late lines
	PRIMARY KEY (source, from_ns),
	CHECK (from_ns < to_ns)
) STRICT, WITHOUT ROWID;
`,
	// 5: retention (see prune.go) deletes sightings and delivered alerts by age.
	`
CREATE INDEX sightings_recorded ON sightings (recorded_ns);
CREATE INDEX outbox_sent ON outbox (sent_ns) WHERE sent_ns IS NOT NULL;
`,
	// 6: incident response. The outbox accepts "resolved" rows (a resolution is a
	// state change delivered like the others; SQLite cannot alter a CHECK, so the table is
	// rebuilt). Sightings keep their location (a Loki stream selector and timestamp, an
	// Elasticsearch index/_id, file:line) so a purge can name every line. Purges record
	// what was asked of a store and what came of it. Incidents keep the verdict of the
	// opt-in live verification.
	`
CREATE TABLE outbox_v4 (
	id          INTEGER PRIMARY KEY,
	notifier    TEXT    NOT NULL,
	kind        TEXT    NOT NULL CHECK (kind IN ('new', 'reopened', 'sighting', 'resolved')),
	incident_id INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
	source      TEXT    NOT NULL,
	line_id     TEXT    NOT NULL,
	rule_id     TEXT    NOT NULL,
	severity    TEXT    NOT NULL,
	description TEXT    NOT NULL,
	fingerprint TEXT    NOT NULL,
	preview     TEXT    NOT NULL,
	event_ns    INTEGER NOT NULL,
	location    TEXT    NOT NULL,
	link        TEXT    NOT NULL,
	attempts    INTEGER NOT NULL DEFAULT 0,
	next_try_ns INTEGER NOT NULL,
	last_error  TEXT    NOT NULL DEFAULT '',
	created_ns  INTEGER NOT NULL,
	sent_ns     INTEGER,
	gave_up_ns  INTEGER,
	inflight_ns INTEGER
) STRICT;
INSERT INTO outbox_v4 SELECT id, notifier, kind, incident_id, source, line_id, rule_id, severity, description,
	fingerprint, preview, event_ns, location, link, attempts, next_try_ns, last_error, created_ns, sent_ns, gave_up_ns,
	inflight_ns FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_v4 RENAME TO outbox;
CREATE INDEX outbox_pending ON outbox (next_try_ns, id) WHERE sent_ns IS NULL AND gave_up_ns IS NULL;
CREATE INDEX outbox_thread ON outbox (incident_id, notifier, id) WHERE sent_ns IS NULL AND gave_up_ns IS NULL;
-- Retention's index (5) went with the old table.
CREATE INDEX outbox_sent ON outbox (sent_ns) WHERE sent_ns IS NOT NULL;

ALTER TABLE sightings ADD COLUMN location TEXT NOT NULL DEFAULT '';

CREATE TABLE purges (
	id           INTEGER PRIMARY KEY,
	incident_id  INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
	source       TEXT    NOT NULL,
	kind         TEXT    NOT NULL,      -- loki, elasticsearch, file
	request      TEXT    NOT NULL,      -- what was asked (never a secret: selectors, ids, previews)
	request_id   TEXT    NOT NULL DEFAULT '',
	status       TEXT    NOT NULL,      -- requested, processed, deleted, still_present, refused, failed, not_possible
	outcome      TEXT    NOT NULL DEFAULT '',
	requested_ns INTEGER NOT NULL,
	updated_ns   INTEGER NOT NULL
) STRICT;
CREATE INDEX purges_incident ON purges (incident_id, id);

ALTER TABLE incidents ADD COLUMN verified TEXT NOT NULL DEFAULT '';      -- '', live, revoked, unknown
ALTER TABLE incidents ADD COLUMN verify_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE incidents ADD COLUMN verified_ns INTEGER;
`,
	// 7: coordination (coord.go) and the outbox's claims, kept on SQLite too so one replica
	// behaves as several do on PostgreSQL; and the marker a completed state copy leaves
	// (copy.go). A claim says which replica delivers an item, until when.
	`
ALTER TABLE outbox ADD COLUMN claimed_by TEXT;
ALTER TABLE outbox ADD COLUMN claim_until_ns INTEGER;

CREATE TABLE leases (
	source     TEXT    PRIMARY KEY,
	owner      TEXT    NOT NULL,
	generation INTEGER NOT NULL,
	expires_ns INTEGER NOT NULL
) STRICT;

CREATE TABLE members (
	replica TEXT    PRIMARY KEY,
	seen_ns INTEGER NOT NULL
) STRICT;

CREATE TABLE state_copies (
	digest    TEXT    PRIMARY KEY,  -- SHA-256 of the copied rows
	counts    TEXT    NOT NULL,     -- rows per table, as JSON
	copied_ns INTEGER NOT NULL
) STRICT;
`,
	// 8: the store's index signal of a bucket at its last re-verification (Loki's index
	// volume), taken before its count: while it stays the same the bucket is not counted
	// again (see volume.go).
	`
ALTER TABLE volumes ADD COLUMN signal TEXT NOT NULL DEFAULT '';
`,
}

// SchemaVersion is the schema version this binary writes.
var SchemaVersion = len(migrations)

// migrate applies the pending steps of list. Each step runs in its own write transaction
// (BEGIN IMMEDIATE) that re-reads the version, so two processes opening a new database at
// once apply each step exactly once.
func migrate(ctx context.Context, db *sql.DB, list []string) error {
	return runMigrations(ctx, &sqlDB{DB: db}, list)
}

// runMigrations is migrate on either engine. On PostgreSQL each step's transaction first
// takes an advisory lock, so replicas starting together apply each step once: the others
// wait, then read the new version.
func runMigrations(ctx context.Context, db *sqlDB, list []string) error {
	retry := backoff.Policy{Base: 10 * time.Millisecond, Max: time.Second, Jitter: 0.5}
	began := time.Now()
	for attempt := 1; ; attempt++ {
		done, err := migrateStep(ctx, db, list)
		// Two processes opening a new SQLite file at once: while one switches it to WAL, the
		// other's BEGIN fails with SQLITE_BUSY at once, without waiting in the busy handler.
		// Waiting a moment is all it needs.
		if err != nil && !db.pg && isBusy(err) && time.Since(began) < BusyTimeout {
			select {
			case <-ctx.Done():
				return err
			case <-time.After(retry.Delay(attempt)):
			}
			continue
		}
		if err != nil || done {
			return err
		}
	}
}

// migrateLockKey is the PostgreSQL advisory lock held while a migration step runs.
const migrateLockKey = 0x6c6b7774_00000002 // "lkwt", 2

func migrateStep(ctx context.Context, db *sqlDB, list []string) (done bool, err error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("migrate: begin: %w%s", err, busyHint(err))
	}
	defer func() {
		if err != nil {
			_ = tx.Rollback()
		}
	}()
	ddl := `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER PRIMARY KEY,
		applied_ns INTEGER NOT NULL
	) STRICT`
	if db.pg {
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(?)`, int64(migrateLockKey)); err != nil {
			return false, fmt.Errorf("migrate: take the migration lock: %w", err)
		}
		ddl = `CREATE TABLE IF NOT EXISTS schema_migrations (
			version    INTEGER PRIMARY KEY,
			applied_ns BIGINT  NOT NULL
		)`
	}
	if _, err := tx.ExecContext(ctx, ddl); err != nil {
		return false, fmt.Errorf("migrate: %w", err)
	}
	var cur int
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&cur); err != nil {
		return false, fmt.Errorf("migrate: read schema version: %w", err)
	}
	if cur > len(list) {
		return false, fmt.Errorf("database schema version %d is newer than this leakwatch supports (%d): "+
			"it was written by a newer leakwatch; run that version or restore a backup", cur, len(list))
	}
	if cur == len(list) {
		return true, tx.Commit()
	}
	if _, err := tx.ExecContext(ctx, list[cur]); err != nil {
		return false, fmt.Errorf("migrate to schema version %d: %w", cur+1, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, applied_ns) VALUES (?, ?)`,
		cur+1, time.Now().UnixNano()); err != nil {
		return false, fmt.Errorf("migrate to schema version %d: %w", cur+1, err)
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("migrate to schema version %d: commit: %w", cur+1, err)
	}
	return false, nil
}
