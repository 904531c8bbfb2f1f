-- 7: coordination (coord.go) and the outbox's claims, kept on SQLite too so one replica
-- behaves as several do on PostgreSQL; and the marker a completed state copy leaves
-- (copy.go). A claim says which replica delivers an item, until when.

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
