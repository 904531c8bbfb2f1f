-- 6: incident response. The outbox accepts "resolved" rows (a resolution is a
-- state change delivered like the others; SQLite cannot alter a CHECK, so the table is
-- rebuilt). Sightings keep their location (a Loki stream selector and timestamp, an
-- Elasticsearch index/_id, file:line) so a purge can name every line. Purges record
-- what was asked of a store and what came of it. Incidents keep the verdict of the
-- opt-in live verification.

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
