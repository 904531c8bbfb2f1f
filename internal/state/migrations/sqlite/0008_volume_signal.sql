-- 8: the store's index signal of a bucket at its last re-verification (Loki's index
-- volume), taken before its count: while it stays the same the bucket is not counted
-- again (see volume.go).

ALTER TABLE volumes ADD COLUMN signal TEXT NOT NULL DEFAULT '';
