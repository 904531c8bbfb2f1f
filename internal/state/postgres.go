package state

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"strings"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver
)

// OpenPostgres connects to the PostgreSQL database dsn (a URL or key=value pairs, as libpq
// takes them) and applies pending migrations (see pgMigrations). Errors never quote the DSN:
// it may hold a password.
func OpenPostgres(ctx context.Context, dsn string) (*DB, error) {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("state: postgres: parse the dsn: %w (check state.dsn)", redactErr(err, dsn))
	}
	// A replica's writers queue on the store's write lock anyway; a few connections serve
	// the reads (reports, metrics) beside them.
	db.SetMaxOpenConns(8)
	db.SetMaxIdleConns(4)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("state: postgres %s: %w (check state.dsn and that the server is up)", RedactDSN(dsn), redactErr(err, dsn))
	}
	d := &sqlDB{DB: db, pg: true}
	if err := runMigrations(ctx, d, pgMigrations); err != nil {
		db.Close()
		return nil, fmt.Errorf("state: postgres %s: %w", RedactDSN(dsn), err)
	}
	return &DB{db: d, wmu: make(chan struct{}, 1)}, nil
}

// dsnHidden stands for a DSN RedactDSN cannot take apart: it fails closed, printing none of it.
const dsnHidden = "(a dsn that could not be parsed; not shown)"

// RedactDSN returns dsn with its passwords replaced by "xxxxx", for messages. A DSN it
// cannot parse with certainty is not shown at all: a mistyped one is the likeliest to hold
// a password where no rule expects it.
func RedactDSN(dsn string) string {
	if strings.Contains(dsn, "://") {
		u, err := url.Parse(dsn)
		if err != nil || u.Scheme == "" {
			return dsnHidden
		}
		if _, ok := u.User.Password(); ok {
			u.User = url.UserPassword(u.User.Username(), "xxxxx")
		}
		q, err := url.ParseQuery(u.RawQuery)
		if err != nil {
			return dsnHidden
		}
		masked := false
		for k := range q {
			if strings.Contains(strings.ToLower(k), "password") {
				q.Set(k, "xxxxx")
				masked = true
			}
		}
		if masked {
			u.RawQuery = q.Encode()
		}
		return u.String()
	}
	// key=value form: quoted values may hold spaces, which a split on spaces would cut.
	if strings.ContainsAny(dsn, `'"\`) {
		return dsnHidden
	}
	fields := strings.Fields(dsn)
	for i, f := range fields {
		k, _, ok := strings.Cut(f, "=")
		if !ok {
			return dsnHidden
		}
		if strings.Contains(strings.ToLower(k), "password") {
			fields[i] = k + "=xxxxx"
		}
	}
	return strings.Join(fields, " ")
}

// redactErr keeps a driver error from carrying the DSN's password.
func redactErr(err error, dsn string) error {
	pw := dsnPassword(dsn)
	if pw == "" || !strings.Contains(err.Error(), pw) {
		return err
	}
	return fmt.Errorf("%s", strings.ReplaceAll(err.Error(), pw, "xxxxx"))
}

func dsnPassword(dsn string) string {
	if u, err := url.Parse(dsn); err == nil && u.Scheme != "" {
		if p, ok := u.User.Password(); ok {
			return p
		}
		return u.Query().Get("password")
	}
	for _, f := range strings.Fields(dsn) {
		if k, v, ok := strings.Cut(f, "="); ok && strings.EqualFold(k, "password") {
			return strings.Trim(v, "'")
		}
	}
	return ""
}
