-- 2: backfill runs with per-chunk progress (resumable), and the lines/bytes read per
-- scanned window (evidence for reports). See backfill.go.

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
