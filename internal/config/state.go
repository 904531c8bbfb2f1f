package config

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"strings"
	"sync"
	"time"
)

// State says where leakwatch keeps its state: SQLite in data_dir (the default, one replica)
// or a PostgreSQL database shared by several replicas.
type State struct {
	Driver Driver `yaml:"driver"` // "sqlite" (default) or "postgres"
	// DSN is the PostgreSQL connection string (a URL or key=value pairs); it may hold a
	// password, so it is a Secret and never logged.
	DSN Secret `yaml:"dsn"`
	// DSNFile holds the DSN instead (read when the store opens, so a rotated file takes
	// effect on reload); one of dsn and dsn_file.
	DSNFile string `yaml:"dsn_file"`
	// LeaseDuration is how long a replica owns a source without renewing: a dead replica's
	// sources are taken over after it (default 15s).
	LeaseDuration Duration `yaml:"lease_duration"`
	// ReplicaID names this replica in leases and outbox claims (default: the host name and a
	// random suffix chosen at start, see Replica).
	ReplicaID string `yaml:"replica_id"`
}

// Driver names the engine that holds the state, as the config spells it.
type Driver string

// State drivers.
const (
	DriverSQLite   Driver = "sqlite"
	DriverPostgres Driver = "postgres"
)

// DefaultLeaseDuration is state.lease_duration's default.
const DefaultLeaseDuration = 15 * time.Second

// validate checks the state block (its defaults are DefaultConfig's).
func (s *State) validate() error {
	switch s.Driver {
	case DriverSQLite:
		if s.DSN != "" || s.DSNFile != "" {
			return fmt.Errorf("state.dsn: set only with state.driver: postgres (the sqlite store lives in data_dir)")
		}
	case DriverPostgres:
		switch {
		case s.DSN == "" && s.DSNFile == "":
			return fmt.Errorf("state.dsn: required with state.driver: postgres (or state.dsn_file)")
		case s.DSN != "" && s.DSNFile != "":
			return fmt.Errorf("state.dsn_file: set either state.dsn or state.dsn_file, not both")
		}
		if s.DSNFile != "" {
			if _, err := s.ResolvedDSN(); err != nil {
				return err
			}
		}
	default:
		return fmt.Errorf("state.driver: %q: must be sqlite or postgres", s.Driver)
	}
	// lease_duration: 0s has always meant the default (Lease), so it is not refused.
	if s.LeaseDuration.D() < 0 {
		return fmt.Errorf("state.lease_duration: %s: must be positive", s.LeaseDuration)
	}
	if strings.TrimSpace(s.ReplicaID) != s.ReplicaID {
		return fmt.Errorf("state.replica_id: %q: must not start or end with spaces", s.ReplicaID)
	}
	return nil
}

// ResolvedDSN is the PostgreSQL DSN: dsn, or the content of dsn_file (trailing newline
// trimmed), read now so a rotated file is picked up when the store is opened again.
func (s State) ResolvedDSN() (string, error) {
	if s.DSNFile == "" {
		if s.DSN == "" {
			return "", fmt.Errorf("state.dsn: required with state.driver: postgres (or state.dsn_file)")
		}
		return s.DSN.Reveal(), nil
	}
	b, err := os.ReadFile(s.DSNFile)
	if err != nil {
		return "", fmt.Errorf("state.dsn_file: %w", err)
	}
	v := strings.TrimRight(string(b), "\r\n")
	if v == "" {
		return "", fmt.Errorf("state.dsn_file: file %s is empty", s.DSNFile)
	}
	return v, nil
}

// Lease is lease_duration, or its default for a State built in code without one or a file
// that sets it to 0s.
func (s State) Lease() time.Duration {
	if s.LeaseDuration <= 0 {
		return DefaultLeaseDuration
	}
	return s.LeaseDuration.D()
}

// Replica is replica_id, or else this process's default: the host name, "-" and a random
// suffix, chosen once per process so a reload keeps the replica's identity.
func (s State) Replica() string {
	if s.ReplicaID != "" {
		return s.ReplicaID
	}
	defaultReplicaOnce.Do(func() {
		b := make([]byte, 4)
		_, _ = rand.Read(b) // crypto/rand.Read does not fail on supported systems
		defaultReplica = hostname() + "-" + hex.EncodeToString(b)
	})
	return defaultReplica
}

// Host names this host in the state keys of the sources that read its own files:
// replica_id when set (a stable name survives a restart under a new host name), else the
// host name.
func (s State) Host() string {
	if s.ReplicaID != "" {
		return s.ReplicaID
	}
	return hostname()
}

func hostname() string {
	host, err := os.Hostname()
	if err != nil || host == "" {
		return "leakwatch"
	}
	return host
}

var (
	defaultReplicaOnce sync.Once
	defaultReplica     string
)
