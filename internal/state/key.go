package state

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
)

// KeyFile is the fingerprint key's file name inside the data dir.
const KeyFile = "fingerprint.key"

// KeySize is the fingerprint key's length in bytes.
const KeySize = 32

// LoadOrCreateKey returns the installation's fingerprint HMAC key, creating it (32 random
// bytes, mode 0600) on first use. dataDir is created with mode 0700 when missing.
//
// The key is written to a temporary file (created with O_EXCL) and then hard-linked to its
// name, which fails when the name exists: two processes starting at once agree on one key,
// and neither can read a half-written one.
func LoadOrCreateKey(dataDir string) ([]byte, error) {
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return nil, fmt.Errorf("fingerprint key: create data dir %s: %w", dataDir, err)
	}
	path := filepath.Join(dataDir, KeyFile)
	key, err := readKey(path)
	if !errors.Is(err, fs.ErrNotExist) {
		return key, err
	}
	if err := createKey(dataDir, path); err != nil {
		return nil, err
	}
	return readKey(path)
}

func createKey(dataDir, path string) error {
	key := make([]byte, KeySize)
	if _, err := rand.Read(key); err != nil {
		return fmt.Errorf("fingerprint key: random bytes: %w", err)
	}
	return writeKey(dataDir, path, key)
}

// writeKey writes key to path unless a key is there already (see LoadOrCreateKey).
func writeKey(dataDir, path string, key []byte) error {
	tmp, err := os.CreateTemp(dataDir, KeyFile+".tmp-*") // O_EXCL, mode 0600
	if err != nil {
		return fmt.Errorf("fingerprint key: create in %s: %w", dataDir, err)
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.Write(key)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("fingerprint key: write %s: %w", tmp.Name(), err)
	}
	if err := os.Link(tmp.Name(), path); err != nil && !errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("fingerprint key: create %s: %w", path, err)
	}
	// On ErrExist another process won the race: its key is the key.
	return nil
}

func readKey(path string) ([]byte, error) {
	fi, err := os.Lstat(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		return nil, fmt.Errorf("fingerprint key %s: %w", path, err)
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("fingerprint key %s is not a regular file (%s): replace it with the original key file", path, fi.Mode().Type())
	}
	// Windows has no Unix permission bits; the data dir's ACL protects the key there.
	if runtime.GOOS != "windows" && fi.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("fingerprint key %s is readable or writable by group or others (mode %04o): run chmod 600 %s",
			path, fi.Mode().Perm(), path)
	}
	key, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("fingerprint key %s: %w", path, err)
	}
	if len(key) != KeySize {
		return nil, fmt.Errorf("fingerprint key %s has %d bytes, want %d: restore it from a backup "+
			"(deleting it makes every fingerprint new, so known leaks would alert again)", path, len(key), KeySize)
	}
	return key, nil
}

// FingerprintKey returns the installation's fingerprint HMAC key. With SQLite it is the file
// in dataDir (LoadOrCreateKey). With PostgreSQL it is kept in the database, created by the
// first replica to start, so every replica computes the same fingerprints: replicas with
// keys of their own would open one incident per replica for the same secret.
func (s *DB) FingerprintKey(ctx context.Context, dataDir string) ([]byte, error) {
	if !s.db.pg {
		return LoadOrCreateKey(dataDir)
	}
	fresh := make([]byte, KeySize)
	if _, err := rand.Read(fresh); err != nil {
		return nil, fmt.Errorf("fingerprint key: random bytes: %w", err)
	}
	// Two replicas starting at once: the first insert wins and both read its key.
	if err := s.storeKey(ctx, fresh); err != nil {
		return nil, err
	}
	return s.storedKey(ctx)
}

// storeKey makes key the PostgreSQL state's fingerprint key unless it has one already.
func (s *DB) storeKey(ctx context.Context, key []byte) error {
	if _, err := s.db.ExecContext(ctx, `INSERT INTO fingerprint_key (id, key) VALUES (1, ?) ON CONFLICT (id) DO NOTHING`, key); err != nil {
		return fmt.Errorf("fingerprint key: store: %w", err)
	}
	return nil
}

// storedKey reads the PostgreSQL state's fingerprint key (ErrNotFound when none).
func (s *DB) storedKey(ctx context.Context) ([]byte, error) {
	var key []byte
	err := s.db.QueryRowContext(ctx, `SELECT key FROM fingerprint_key WHERE id = 1`).Scan(&key)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("fingerprint key: read: %w", err)
	}
	if len(key) != KeySize {
		return nil, fmt.Errorf("fingerprint key in the database has %d bytes, want %d: restore it from a backup", len(key), KeySize)
	}
	return key, nil
}

// existingKey is the store's fingerprint key, nil when it has none yet (never creating one).
func (s *DB) existingKey(ctx context.Context) ([]byte, error) {
	if s.db.pg {
		k, err := s.storedKey(ctx)
		if errors.Is(err, ErrNotFound) {
			return nil, nil
		}
		return k, err
	}
	k, err := readKey(filepath.Join(filepath.Dir(s.path), KeyFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	return k, err
}

// acceptKey makes key the store's fingerprint key (a copy's target): stored when the store
// has none, accepted when it has the same, refused when it has another.
func (s *DB) acceptKey(ctx context.Context, key []byte) error {
	if key == nil {
		return nil
	}
	have, err := s.existingKey(ctx)
	if err != nil {
		return fmt.Errorf("the target's fingerprint key: %w", err)
	}
	switch {
	case have != nil && !bytes.Equal(have, key):
		return errors.New("the target already has another fingerprint key (a leakwatch started on it before the migration made one): migrate into a new, empty database")
	case have != nil:
		return nil
	case s.db.pg:
		return s.storeKey(ctx, key)
	}
	dir := filepath.Dir(s.path)
	return writeKey(dir, filepath.Join(dir, KeyFile), key)
}
