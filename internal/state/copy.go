package state

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash"
	"strings"
	"time"
)

// copyTables are the tables Copy moves, parents before children, each with the key it is
// read in (so a digest of the rows does not depend on storage order). Leases and members
// are not copied: they describe running replicas, not history.
var copyTables = []struct{ name, order string }{
	{"incidents", "id"},
	{"incident_locations", "id"},
	{"sightings", "source, line_id, rule_id, fingerprint"},
	{"thread_refs", "incident_id, notifier"},
	{"outbox", "id"},
	{"sources", "name"},
	{"coverage", "source, from_ns"},
	{"scanned", "id"},
	{"backfill_runs", "id"},
	{"backfill_chunks", "run_id, from_ns"},
	{"volumes", "source, from_ns"},
	{"purges", "id"},
}

// identityTables have an id that new rows take from a sequence on PostgreSQL.
var identityTables = []string{"incidents", "incident_locations", "outbox", "scanned", "backfill_runs", "purges"}

// TableCount is the number of rows of one table.
type TableCount struct {
	Table string `json:"table"`
	Rows  int64  `json:"rows"`
}

// CopyResult says what Copy did.
type CopyResult struct {
	Tables []TableCount // rows per table, in copy order
	// Digest is the SHA-256 of the copied rows (hex): the same state gives the same digest.
	Digest string
	// AlreadyMigrated is true when the target already held a completed copy of this very
	// state: nothing was written.
	AlreadyMigrated bool
}

// Copy copies every table of from into to (incidents, sightings, the outbox with its sent
// rows, coverage, checkpoints and watermarks, scanned windows, backfill runs, volumes,
// purges), keeping ids, in one transaction of to; on PostgreSQL the id sequences then
// continue after the copied ids. The rows are read from one snapshot of from.
//
// It refuses a target that holds anything, naming what is there, except a target holding a
// completed copy of the same state (the same digest): then it succeeds without writing
// (AlreadyMigrated), so running a migration twice is safe.
func Copy(ctx context.Context, from, to *DB) (CopyResult, error) {
	var res CopyResult
	// The fingerprint key goes with the state: without it every known secret would get a
	// new fingerprint, and a new incident and alert, after the move.
	key, err := from.existingKey(ctx)
	if err != nil {
		return res, fmt.Errorf("state: copy: the source's fingerprint key: %w", err)
	}
	if err := to.acceptKey(ctx, key); err != nil {
		return res, fmt.Errorf("state: copy: %w", err)
	}
	src, err := from.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return res, fmt.Errorf("state: copy: read the source: %w", err)
	}
	defer src.Rollback()
	err = to.write(ctx, func(dst *sqlTx) error {
		res = CopyResult{}
		present, err := tableCounts(ctx, dst, true)
		if err != nil {
			return fmt.Errorf("count the target's rows: %w", err)
		}
		if len(present) > 0 {
			return alreadyCopied(ctx, src, dst, present, &res)
		}
		h := sha256.New()
		for _, t := range copyTables {
			n, err := copyTable(ctx, src, dst, t.name, t.order, h)
			if err != nil {
				return fmt.Errorf("copy %s: %w", t.name, err)
			}
			res.Tables = append(res.Tables, TableCount{Table: t.name, Rows: n})
		}
		res.Digest = hex.EncodeToString(h.Sum(nil))
		if dst.db.pg {
			for _, t := range identityTables {
				if _, err := dst.ExecContext(ctx, `SELECT setval(pg_get_serial_sequence('`+t+`', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM `+t); err != nil {
					return fmt.Errorf("continue the ids of %s: %w", t, err)
				}
			}
		}
		counts, _ := json.Marshal(res.Tables)
		if _, err := dst.ExecContext(ctx, `INSERT INTO state_copies (digest, counts, copied_ns) VALUES (?, ?, ?)`,
			res.Digest, string(counts), time.Now().UnixNano()); err != nil {
			return fmt.Errorf("record the copy: %w", err)
		}
		return nil
	})
	if err != nil {
		return CopyResult{}, fmt.Errorf("state: copy: %w", err)
	}
	return res, nil
}

// alreadyCopied decides about a non-empty target: a no-op when it holds a completed copy of
// src's state, else an error naming what it holds.
func alreadyCopied(ctx context.Context, src, dst *sqlTx, present []TableCount, res *CopyResult) error {
	h := sha256.New()
	var tables []TableCount
	for _, t := range copyTables {
		n, err := copyTable(ctx, src, nil, t.name, t.order, h)
		if err != nil {
			return fmt.Errorf("read %s: %w", t.name, err)
		}
		tables = append(tables, TableCount{Table: t.name, Rows: n})
	}
	digest := hex.EncodeToString(h.Sum(nil))
	var n int
	if err := dst.QueryRowContext(ctx, `SELECT COUNT(*) FROM state_copies WHERE digest = ?`, digest).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		*res = CopyResult{Tables: tables, Digest: digest, AlreadyMigrated: true}
		return nil
	}
	var what []string
	for _, c := range present {
		what = append(what, fmt.Sprintf("%s: %d rows", c.Table, c.Rows))
	}
	hint := "copy into an empty database"
	for _, c := range present {
		if c.Table == "state_copies" {
			hint = "it holds a copy of a different state (the source changed since: stop the daemon on the source, then copy into a new, empty database)"
		}
	}
	return fmt.Errorf("the target is not empty (%s): %s", strings.Join(what, ", "), hint)
}

// tableCounts counts the rows of the copied tables (and, with marker, of state_copies) and
// returns the non-empty ones.
func tableCounts(ctx context.Context, tx *sqlTx, marker bool) ([]TableCount, error) {
	names := make([]string, 0, len(copyTables)+1)
	for _, t := range copyTables {
		names = append(names, t.name)
	}
	if marker {
		names = append(names, "state_copies")
	}
	var out []TableCount
	for _, name := range names {
		var n int64
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+name).Scan(&n); err != nil {
			return nil, err
		}
		if n > 0 {
			out = append(out, TableCount{Table: name, Rows: n})
		}
	}
	return out, nil
}

// copyTable reads table from src in key order, adds every row to h and, when dst is not
// nil, inserts it there (by column name: the engines' column orders differ).
func copyTable(ctx context.Context, src, dst *sqlTx, table, order string, h hash.Hash) (int64, error) {
	rows, err := src.QueryContext(ctx, `SELECT * FROM `+table+` ORDER BY `+order)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return 0, err
	}
	var ins *sql.Stmt
	if dst != nil {
		ph := "?" + strings.Repeat(", ?", len(cols)-1)
		if ins, err = dst.PrepareContext(ctx, `INSERT INTO `+table+` (`+strings.Join(cols, ", ")+`) VALUES (`+ph+`)`); err != nil {
			return 0, err
		}
		defer ins.Close()
	}
	writeField(h, "table:"+table)
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	var n int64
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return n, err
		}
		for i, v := range vals {
			writeField(h, cols[i])
			if err := hashValue(h, v); err != nil {
				return n, fmt.Errorf("column %s: %w", cols[i], err)
			}
		}
		if ins != nil {
			if _, err := ins.ExecContext(ctx, vals...); err != nil {
				return n, fmt.Errorf("row %d: %w", n+1, err)
			}
		}
		n++
	}
	return n, rows.Err()
}

// hashValue adds a column value to h, tagged by kind so that engines agree: SQLite and
// PostgreSQL return integers as int64, text as string, blobs and bytea as []byte.
func hashValue(h hash.Hash, v any) error {
	switch x := v.(type) {
	case nil:
		writeField(h, "n")
	case int64:
		var b [8]byte
		binary.BigEndian.PutUint64(b[:], uint64(x))
		writeField(h, "i"+string(b[:]))
	case string:
		writeField(h, "s"+x)
	case []byte:
		writeField(h, "b"+string(x))
	case float64:
		writeField(h, fmt.Sprintf("f%v", x))
	case bool:
		writeField(h, fmt.Sprintf("t%v", x))
	default:
		return fmt.Errorf("unexpected value type %T", v)
	}
	return nil
}

// writeField writes s length-prefixed, so field boundaries are part of the digest.
func writeField(h hash.Hash, s string) {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], uint64(len(s)))
	h.Write(b[:])
	h.Write([]byte(s))
}
