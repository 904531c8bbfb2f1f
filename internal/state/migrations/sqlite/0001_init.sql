-- 1: initial schema. Times are Unix nanoseconds. No column holds a secret: rule ids,
-- redacted previews, HMAC fingerprints and locations only.

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
