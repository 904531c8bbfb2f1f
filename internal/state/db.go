package state

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"sync"
	"time"
)

// The store's SQL is written once for both engines, in SQLite's spelling with two
// conventions: placeholders are ? or ?N, and the scalar two-argument minimum and maximum are
// LEAST and GREATEST (PostgreSQL's names; SQLite's scalar MIN and MAX are the same
// functions). sqlDB and sqlTx rewrite each statement for the engine they talk to, once, and
// cache the result.

// sqlDB is a database handle that speaks one engine's dialect.
type sqlDB struct {
	*sql.DB
	pg    bool
	cache sync.Map // query -> rewritten query
}

// sqlTx is a transaction of an sqlDB; its statements are rewritten the same way.
type sqlTx struct {
	*sql.Tx
	db *sqlDB
}

// q rewrites query for the handle's engine.
func (d *sqlDB) q(query string) string {
	if v, ok := d.cache.Load(query); ok {
		return v.(string)
	}
	out := rewrite(query, d.pg)
	d.cache.Store(query, out)
	return out
}

func (d *sqlDB) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return d.DB.ExecContext(ctx, d.q(query), args...)
}

func (d *sqlDB) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return d.DB.QueryContext(ctx, d.q(query), args...)
}

func (d *sqlDB) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	return d.DB.QueryRowContext(ctx, d.q(query), args...)
}

func (d *sqlDB) Exec(query string, args ...any) (sql.Result, error) {
	return d.ExecContext(context.Background(), query, args...)
}

func (d *sqlDB) Query(query string, args ...any) (*sql.Rows, error) {
	return d.QueryContext(context.Background(), query, args...)
}

func (d *sqlDB) QueryRow(query string, args ...any) *sql.Row {
	return d.QueryRowContext(context.Background(), query, args...)
}

func (d *sqlDB) BeginTx(ctx context.Context, opts *sql.TxOptions) (*sqlTx, error) {
	tx, err := d.DB.BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	return &sqlTx{Tx: tx, db: d}, nil
}

func (t *sqlTx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return t.Tx.ExecContext(ctx, t.db.q(query), args...)
}

func (t *sqlTx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return t.Tx.QueryContext(ctx, t.db.q(query), args...)
}

func (t *sqlTx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	return t.Tx.QueryRowContext(ctx, t.db.q(query), args...)
}

func (t *sqlTx) PrepareContext(ctx context.Context, query string) (*sql.Stmt, error) {
	return t.Tx.PrepareContext(ctx, t.db.q(query))
}

func (t *sqlTx) Exec(query string, args ...any) (sql.Result, error) {
	return t.ExecContext(context.Background(), query, args...)
}

func (t *sqlTx) Query(query string, args ...any) (*sql.Rows, error) {
	return t.QueryContext(context.Background(), query, args...)
}

func (t *sqlTx) QueryRow(query string, args ...any) *sql.Row {
	return t.QueryRowContext(context.Background(), query, args...)
}

func (t *sqlTx) Prepare(query string) (*sql.Stmt, error) {
	return t.PrepareContext(context.Background(), query)
}

// nowNS is the store's clock in Unix nanoseconds: PostgreSQL's (clock_timestamp, so every
// replica measures leases and claims against one clock), or this process's for SQLite,
// whose only writers share this machine's clock.
func (t *sqlTx) nowNS(ctx context.Context) (int64, error) {
	if !t.db.pg {
		return time.Now().UnixNano(), nil
	}
	var ns int64
	if err := t.QueryRowContext(ctx, `SELECT CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000000000 AS BIGINT)`).Scan(&ns); err != nil {
		return 0, fmt.Errorf("read the database clock: %w", err)
	}
	return ns, nil
}

// rewrite turns the shared spelling into pg's ($N placeholders) or SQLite's (MIN and MAX
// for LEAST and GREATEST). Quoted strings, quoted names and comments are copied as they are.
func rewrite(query string, pg bool) string {
	var b strings.Builder
	b.Grow(len(query) + 16)
	next := 1 // the number a bare ? takes
	for i := 0; i < len(query); {
		c := query[i]
		switch {
		case c == '\'' || c == '"':
			j := i + 1
			for j < len(query) {
				if query[j] == c {
					if j+1 < len(query) && query[j+1] == c { // doubled quote
						j += 2
						continue
					}
					break
				}
				j++
			}
			j = min(j+1, len(query))
			b.WriteString(query[i:j])
			i = j
		case c == '-' && i+1 < len(query) && query[i+1] == '-':
			j := strings.IndexByte(query[i:], '\n')
			if j < 0 {
				j = len(query) - i
			}
			b.WriteString(query[i : i+j])
			i += j
		case c == '?' && pg:
			j := i + 1
			for j < len(query) && query[j] >= '0' && query[j] <= '9' {
				j++
			}
			if j > i+1 {
				b.WriteString("$" + query[i+1:j])
			} else {
				fmt.Fprintf(&b, "$%d", next)
				next++
			}
			i = j
		case !pg && isWordStart(query, i) && strings.HasPrefix(query[i:], "LEAST("):
			b.WriteString("MIN(")
			i += len("LEAST(")
		case !pg && isWordStart(query, i) && strings.HasPrefix(query[i:], "GREATEST("):
			b.WriteString("MAX(")
			i += len("GREATEST(")
		default:
			b.WriteByte(c)
			i++
		}
	}
	return b.String()
}

func isWordStart(s string, i int) bool {
	if i == 0 {
		return true
	}
	c := s[i-1]
	return !(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9')
}
