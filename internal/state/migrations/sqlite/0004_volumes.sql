-- 4: the lines in scope of each recheck bucket of a source (see volume.go): what the
-- store held, counted before the scans that covered the bucket, and what re-verification
-- found later.

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
