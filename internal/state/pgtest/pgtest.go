// Package pgtest gives tests a PostgreSQL database: DSN returns a fresh, empty database of a
// throwaway cluster that the test binary starts on first use (initdb and pg_ctl from the
// machine's PostgreSQL, on a free loopback port, data and sockets in a temporary directory)
// and that is stopped and deleted when the test binary exits. With LEAKWATCH_TEST_PG_DSN
// set, the databases are made on that server instead.
//
// Without PostgreSQL the test is skipped, unless CI=1 or LEAKWATCH_REQUIRE_PG=1: then it
// fails, so CI can never pass by skipping.
package pgtest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver

	"github.com/leakwatch/leakwatch/internal/backoff"
)

// EnvDSN names an existing server to use instead of a throwaway cluster: a DSN of a role
// that may create databases.
const EnvDSN = "LEAKWATCH_TEST_PG_DSN"

// EnvRequire, when "1" (as CI=1 is), makes a missing PostgreSQL fail the test.
const EnvRequire = "LEAKWATCH_REQUIRE_PG"

var (
	once     sync.Once
	admin    *url.URL // a DSN of the server's postgres database
	startErr error
	external bool // the server is the user's (EnvDSN)
	seq      atomic.Int64
)

// Available reports whether a server is available (starting the cluster if needed), and
// why not.
func Available() error {
	once.Do(func() { admin, startErr = start() })
	return startErr
}

// DSN returns the DSN of a new, empty database on the test server, dropped when tb ends.
// Without a server it skips tb (or fails it under CI, see the package doc).
func DSN(tb testing.TB) string {
	tb.Helper()
	return create(tb, "template0")
}

// DSNFrom is DSN for a database that starts as a copy of a template: the first call with a
// key makes the template and runs init on its DSN (to apply a schema, say); later calls copy
// it, which is much faster than running init again. init must close its connections. On a
// server given by EnvDSN no template is made: init runs on every new database.
func DSNFrom(tb testing.TB, key string, init func(dsn string) error) string {
	tb.Helper()
	require(tb)
	if external {
		// No template left behind on a server of the user's: init each database instead.
		dsn := create(tb, "template0")
		if err := init(dsn); err != nil {
			tb.Fatalf("pgtest: init %s: %v", key, err)
		}
		return dsn
	}
	tmplMu.Lock()
	t, ok := templates[key]
	if !ok {
		t = &template{name: fmt.Sprintf("lwtmpl_%d_%d", os.Getpid(), seq.Add(1))}
		templates[key] = t
	}
	tmplMu.Unlock()
	t.once.Do(func() {
		if t.err = exec1(`CREATE DATABASE ` + t.name + ` TEMPLATE template0`); t.err != nil {
			return
		}
		u := *admin
		u.Path = "/" + t.name
		t.err = init(u.String())
	})
	if t.err != nil {
		tb.Fatalf("pgtest: template %s: %v", key, t.err)
	}
	return create(tb, t.name)
}

type template struct {
	name string
	once sync.Once
	err  error
}

var (
	tmplMu    sync.Mutex
	templates = map[string]*template{}
)

// require skips or fails tb when there is no server.
func require(tb testing.TB) {
	tb.Helper()
	if err := Available(); err != nil {
		if os.Getenv("CI") == "1" || os.Getenv(EnvRequire) == "1" {
			tb.Fatalf("PostgreSQL is required here (CI=1 or %s=1) but unavailable: %v", EnvRequire, err)
		}
		tb.Skipf("no PostgreSQL (install Debian's postgresql package or set %s): %v", EnvDSN, err)
	}
}

// exec1 runs one statement on the server's postgres database.
func exec1(stmt string) error {
	db, err := sql.Open("pgx", admin.String())
	if err != nil {
		return err
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	_, err = db.ExecContext(ctx, stmt)
	return err
}

func create(tb testing.TB, from string) string {
	tb.Helper()
	require(tb)
	name := fmt.Sprintf("lwtest_%d_%d", os.Getpid(), seq.Add(1))
	if err := exec1(`CREATE DATABASE ` + name + ` TEMPLATE ` + from + ` STRATEGY FILE_COPY`); err != nil {
		tb.Fatalf("pgtest: create database: %v", err)
	}
	if external {
		// A throwaway cluster is deleted whole at exit; a server of the user's is left clean.
		tb.Cleanup(func() {
			// Runs after the test's own cleanups (registered later, run first) closed its stores.
			_ = exec1(`DROP DATABASE IF EXISTS ` + name + ` WITH (FORCE)`)
		})
	}
	u := *admin
	u.Path = "/" + name
	return u.String()
}

// start finds or starts the server and returns the DSN of its postgres database.
func start() (*url.URL, error) {
	if dsn := os.Getenv(EnvDSN); dsn != "" {
		external = true
		u, err := url.Parse(dsn)
		if err != nil || u.Scheme == "" {
			return nil, fmt.Errorf("%s: want a postgres:// URL", EnvDSN)
		}
		return u, nil
	}
	bin, err := findBin()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "leakwatch-pgtest-")
	if err != nil {
		return nil, err
	}
	// initdb refuses to run as root: run the server as the postgres user then.
	var asUser []string
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			os.RemoveAll(dir)
			return nil, fmt.Errorf("running as root and there is no postgres user to run the server as: %w", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			os.RemoveAll(dir)
			return nil, err
		}
		runuser, err := exec.LookPath("runuser")
		if err != nil {
			os.RemoveAll(dir)
			return nil, fmt.Errorf("running as root and runuser is missing: %w", err)
		}
		asUser = []string{runuser, "-u", "postgres", "--"}
	}
	run := func(name string, args ...string) error {
		argv := append(append(append([]string(nil), asUser...), filepath.Join(bin, name)), args...)
		cmd := exec.Command(argv[0], argv[1:]...)
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		if err != nil {
			return fmt.Errorf("%s: %w: %s", name, err, strings.TrimSpace(string(out)))
		}
		return nil
	}
	data := filepath.Join(dir, "data")
	if err := run("initdb", "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	// A port can be taken between choosing and binding it: try a few, at once.
	var u *url.URL
	err = backoff.Retry(context.Background(), backoff.Policy{Attempts: 3}, func(int) (bool, time.Duration, error) {
		port, err := freePort()
		if err != nil {
			return false, 0, err
		}
		opts := fmt.Sprintf("-c listen_addresses=127.0.0.1 -p %d -k %s -c fsync=off -c synchronous_commit=off "+
			"-c full_page_writes=off -c shared_buffers=32MB -c max_connections=100", port, dir)
		if err := run("pg_ctl", "-D", data, "-o", opts, "-l", filepath.Join(dir, "log"), "-w", "-t", "60", "start"); err != nil {
			return true, 0, err
		}
		u = &url.URL{Scheme: "postgres", User: url.User("postgres"), Host: net.JoinHostPort("127.0.0.1", strconv.Itoa(port)),
			Path: "/postgres", RawQuery: "sslmode=disable"}
		return false, 0, nil
	})
	var gaveUp *backoff.Exhausted
	switch {
	case errors.As(err, &gaveUp):
		log, _ := os.ReadFile(filepath.Join(dir, "log"))
		os.RemoveAll(dir)
		return nil, fmt.Errorf("%w\n%s", gaveUp.Err, log)
	case err != nil:
		os.RemoveAll(dir)
		return nil, err
	}
	watch(bin, data, dir, asUser)
	return u, nil
}

// watch stops the cluster and deletes its directory once this process has exited, however
// it exits (a test binary has no hook after its last test, and may crash).
func watch(bin, data, dir string, asUser []string) {
	stop := strings.Join(append(append([]string(nil), asUser...), filepath.Join(bin, "pg_ctl")), " ")
	script := fmt.Sprintf(`while kill -0 %d 2>/dev/null; do sleep 0.5; done; %s -D %s -m immediate stop >/dev/null 2>&1; rm -rf %s`,
		os.Getpid(), stop, data, dir)
	cmd := exec.Command("sh", "-c", script)
	cmd.SysProcAttr = detached()
	if err := cmd.Start(); err == nil {
		go func() { _ = cmd.Wait() }()
	}
}

// findBin finds the directory of initdb and pg_ctl: on $PATH, else Debian's
// /usr/lib/postgresql/<version>/bin (newest version first).
func findBin() (string, error) {
	if p, err := exec.LookPath("initdb"); err == nil {
		if _, err := exec.LookPath("pg_ctl"); err == nil {
			if r, err := filepath.EvalSymlinks(p); err == nil {
				p = r
			}
			return filepath.Dir(p), nil
		}
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return version(dirs[i]) > version(dirs[j]) })
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "initdb")); err == nil {
			return d, nil
		}
	}
	return "", errors.New("initdb and pg_ctl not found on PATH nor in /usr/lib/postgresql/*/bin")
}

func version(binDir string) int {
	v, _ := strconv.Atoi(filepath.Base(filepath.Dir(binDir)))
	return v
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
