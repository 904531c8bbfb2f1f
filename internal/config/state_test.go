package config

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestStateErrorsNameTheField(t *testing.T) {
	base := "data_dir: /tmp/x\n"
	missing := filepath.Join(t.TempDir(), "nope")
	cases := []struct{ name, yaml, want string }{
		{"unknown driver", base + "state: {driver: mysql}\n", `state.driver: "mysql": must be sqlite or postgres`},
		{"postgres without dsn", base + "state: {driver: postgres}\n", "state.dsn: required with state.driver: postgres"},
		{"dsn and dsn_file", base + "state: {driver: postgres, dsn: 'postgres://u:hunter2@db/x', dsn_file: /etc/hostname}\n", "state.dsn_file: set either state.dsn or state.dsn_file"},
		{"dsn_file unreadable", base + "state: {driver: postgres, dsn_file: " + missing + "}\n", "state.dsn_file: open " + missing},
		{"dsn with sqlite", base + "state: {dsn: 'postgres://u:hunter2@db/x'}\n", "state.dsn: set only with state.driver: postgres"},
		{"bad lease", base + "state: {lease_duration: soon}\n", "state.lease_duration (line 2): not a duration"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse([]byte(tc.yaml), env(nil))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one containing %q", err, tc.want)
			}
			if strings.Contains(err.Error(), "hunter2") {
				t.Fatalf("error quotes the DSN's password: %q", err)
			}
		})
	}
}

func TestStateDefaultsAndDSN(t *testing.T) {
	c, err := Parse([]byte("data_dir: /tmp/x\n"), env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.State.Driver != DriverSQLite || c.State.Lease() != 15*time.Second {
		t.Fatalf("defaults: %+v", c.State)
	}
	r := c.State.Replica()
	host, _ := os.Hostname()
	if !strings.HasPrefix(r, host+"-") || len(r) != len(host)+9 || c.State.Replica() != r {
		t.Fatalf("default replica id %q: want %s-<8 hex>, the same every call", r, host)
	}

	f := filepath.Join(t.TempDir(), "dsn")
	if err := os.WriteFile(f, []byte("postgres://lw:hunter2@db/leakwatch\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err = Parse([]byte("data_dir: /tmp/x\nstate: {driver: postgres, dsn_file: "+f+", lease_duration: 30s, replica_id: pod-1}\n"), env(nil))
	if err != nil {
		t.Fatal(err)
	}
	dsn, err := c.State.ResolvedDSN()
	if err != nil || dsn != "postgres://lw:hunter2@db/leakwatch" {
		t.Fatalf("ResolvedDSN = %q, %v", dsn, err)
	}
	if c.State.Lease() != 30*time.Second || c.State.Replica() != "pod-1" {
		t.Fatalf("state: %+v", c.State)
	}
	if !slices.Contains(c.Files(), f) {
		t.Fatalf("Files() lacks the dsn_file: %v", c.Files())
	}
	// A rotated file is read again.
	if err := os.WriteFile(f, []byte("postgres://lw:new@db/leakwatch"), 0o600); err != nil {
		t.Fatal(err)
	}
	if dsn, _ := c.State.ResolvedDSN(); dsn != "postgres://lw:new@db/leakwatch" {
		t.Fatalf("after rotation: %q", dsn)
	}
	// The DSN is a Secret: printing the config does not show it.
	c, err = Parse([]byte("data_dir: /tmp/x\nstate: {driver: postgres, dsn: 'postgres://lw:hunter2@db/x'}\n"), env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if s := c.State.DSN.String(); strings.Contains(s, "hunter2") {
		t.Fatalf("DSN printed as %q", s)
	}
}

// The host in file sources' state keys is replica_id when set, else the host name: unlike
// the default replica id, it carries no random suffix, so a restart finds its checkpoints.
func TestStateHost(t *testing.T) {
	host, err := os.Hostname()
	if err != nil {
		t.Skip(err)
	}
	if got := (State{}).Host(); got != host {
		t.Errorf("Host() = %q, want the host name %q", got, host)
	}
	if got := (State{}).Host(); got == (State{}).Replica() {
		t.Errorf("Host() = Replica() = %q: the default replica id must differ per process", got)
	}
	if got := (State{ReplicaID: "leakwatch-0"}).Host(); got != "leakwatch-0" {
		t.Errorf("Host() with replica_id = %q, want leakwatch-0", got)
	}
}
