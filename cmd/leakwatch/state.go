package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/leakwatch/leakwatch/internal/state"
)

// envStateDSN is where `state migrate` reads a PostgreSQL DSN given as "postgres:" alone,
// so the password stays out of the command line (and the process list).
const envStateDSN = "LEAKWATCH_STATE_DSN"

const stateUsage = `usage: leakwatch state migrate --from STORE --to STORE
       leakwatch state leases [--config FILE | --data-dir DIR]

leases lists which replica owns each source, with the lease's generation and time left.

migrate:

Copies every incident, sighting, alert (sent ones too), coverage interval, checkpoint,
watermark, backfill run, volume and purge from one store into an empty one, keeping ids, in
one transaction. Running it again after a completed copy of the same state does nothing; a
target holding anything else is refused. Stop the daemon on the source first.

STORE is one of:
  sqlite:PATH        a data dir, or the leakwatch.db file in it
  postgres:DSN       a PostgreSQL URL or key=value DSN
  postgres:@FILE     the DSN is the content of FILE
  postgres:          the DSN is $` + envStateDSN + `
`

func cmdState(ctx context.Context, args []string, c cli) int {
	if len(args) > 0 && args[0] == "leases" {
		return cmdStateLeases(ctx, args[1:], c)
	}
	if len(args) == 0 || args[0] != "migrate" {
		fmt.Fprint(c.stderr, stateUsage)
		return 2
	}
	fset := flag.NewFlagSet("state migrate", flag.ContinueOnError)
	fset.SetOutput(c.stderr)
	from := fset.String("from", "", "the store to copy (sqlite:PATH or postgres:…)")
	to := fset.String("to", "", "the empty store to copy into (postgres:DSN, postgres:@FILE, postgres: for $"+envStateDSN+", or sqlite:PATH)")
	if err := fset.Parse(args[1:]); err != nil {
		return 2
	}
	if *from == "" || *to == "" || fset.NArg() > 0 {
		fmt.Fprint(c.stderr, stateUsage)
		return 2
	}
	src, srcName, err := openStore(ctx, *from, c, true)
	if err != nil {
		fmt.Fprintf(c.stderr, "leakwatch: --from: %v\n", err)
		return 2
	}
	defer src.Close()
	dst, dstName, err := openStore(ctx, *to, c, false)
	if err != nil {
		fmt.Fprintf(c.stderr, "leakwatch: --to: %v\n", err)
		return 2
	}
	defer dst.Close()
	res, err := state.Copy(ctx, src, dst)
	if err != nil {
		fmt.Fprintf(c.stderr, "leakwatch: migrate %s to %s: %v\n", srcName, dstName, err)
		return 2
	}
	if res.AlreadyMigrated {
		fmt.Fprintf(c.stdout, "already migrated: %s holds a completed copy of %s (digest %.12s); nothing written\n", dstName, srcName, res.Digest)
	} else {
		fmt.Fprintf(c.stdout, "migrated %s to %s (digest %.12s)\n", srcName, dstName, res.Digest)
	}
	tw := tabwriter.NewWriter(c.stdout, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "table\trows\t")
	for _, t := range res.Tables {
		fmt.Fprintf(tw, "%s\t%d\t\n", t.Table, t.Rows)
	}
	_ = tw.Flush()
	return 0
}

// openStore opens the store spec names, and says what it opened without a password.
// source stores must exist: migrating from a path that holds no state is a typo.
func openStore(ctx context.Context, spec string, c cli, source bool) (*state.DB, string, error) {
	driver, rest, ok := strings.Cut(spec, ":")
	switch {
	case !ok:
		return nil, "", fmt.Errorf("%q: want sqlite:PATH or postgres:DSN", spec)
	case driver == "sqlite":
		if rest == "" {
			return nil, "", errors.New("sqlite: needs a data dir or its " + state.DBFile + " file")
		}
		dir := rest
		if fi, err := os.Stat(rest); err == nil && !fi.IsDir() {
			if filepath.Base(rest) != state.DBFile {
				return nil, "", fmt.Errorf("sqlite:%s: want a data dir or its %s file", rest, state.DBFile)
			}
			dir = filepath.Dir(rest)
		}
		if source {
			if _, err := os.Stat(filepath.Join(dir, state.DBFile)); errors.Is(err, fs.ErrNotExist) {
				return nil, "", fmt.Errorf("sqlite:%s: no %s there (give the daemon's data_dir)", rest, state.DBFile)
			}
		}
		s, err := state.OpenSQLite(ctx, dir)
		return s, "sqlite:" + filepath.Join(dir, state.DBFile), err
	case driver == "postgres":
		dsn := rest
		switch {
		case strings.HasPrefix(rest, "@"):
			b, err := os.ReadFile(rest[1:])
			if err != nil {
				return nil, "", fmt.Errorf("postgres:@FILE: %w", err)
			}
			dsn = strings.TrimSpace(string(b))
		case rest == "":
			dsn = c.getenv(envStateDSN)
			if dsn == "" {
				return nil, "", errors.New("postgres: with no DSN reads $" + envStateDSN + ", which is empty")
			}
		}
		s, err := state.OpenPostgres(ctx, dsn)
		return s, "postgres:" + state.RedactDSN(dsn), err
	}
	return nil, "", fmt.Errorf("%q: unknown store %q: want sqlite or postgres", spec, driver)
}

// cmdStateLeases prints the sources' leases: which replica scans what, and for how long yet.
func cmdStateLeases(ctx context.Context, args []string, c cli) int {
	fset := flag.NewFlagSet("state leases", flag.ContinueOnError)
	fset.SetOutput(c.stderr)
	sf := addStateFlags(fset, "config file (its state block, or data_dir)")
	if err := fset.Parse(args); err != nil {
		return 2
	}
	proc, err := sf.openExistingState(ctx)
	if err != nil {
		fmt.Fprintf(c.stderr, "leakwatch: %v\n", err)
		return 2
	}
	defer proc.Close()
	leases, err := proc.State.Leases(ctx)
	if err != nil {
		fmt.Fprintf(c.stderr, "leakwatch: %v\n", err)
		return 2
	}
	tw := tabwriter.NewWriter(c.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "SOURCE\tOWNER\tGENERATION\tTIME LEFT")
	for _, l := range leases {
		left := "expired"
		if l.TTL > 0 {
			left = l.TTL.Round(time.Second).String()
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\n", l.Source, l.Owner, l.Generation, left)
	}
	_ = tw.Flush()
	return 0
}
