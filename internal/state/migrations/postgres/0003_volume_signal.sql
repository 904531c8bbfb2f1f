-- 3: SQLite's version 8 (a bucket's index signal at its last re-verification).

ALTER TABLE volumes ADD COLUMN signal TEXT NOT NULL DEFAULT '';
