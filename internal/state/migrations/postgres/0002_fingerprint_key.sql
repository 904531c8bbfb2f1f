-- 2: the fingerprint key lives with the shared state, so every replica computes the
-- same fingerprints (with SQLite it is a file beside the database, see key.go).

CREATE TABLE fingerprint_key (
	id  INTEGER PRIMARY KEY CHECK (id = 1),
	key BYTEA   NOT NULL CHECK (length(key) = 32)
);
