package state

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"
)

var t0 = time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)

func openT(t testing.TB) *SQLite {
	t.Helper()
	return openDir(t, t.TempDir())
}

func openDir(t testing.TB, dir string) *SQLite {
	t.Helper()
	s, err := OpenSQLite(context.Background(), dir)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// fp is a fingerprint-shaped value (hex SHA-256) for a test secret's name.
func fp(name string) string {
	h := sha256.Sum256([]byte(name))
	return hex.EncodeToString(h[:])
}

// sight is a sighting of secret name on line of source at event time ev.
func sight(source, line, name string, ev time.Time) Sighting {
	return Sighting{
		Source: source, LineID: line, RuleID: "github-pat", Severity: "high",
		Description: "GitHub personal access token", Fingerprint: fp(name),
		Preview: "ghp_…" + name, EventTime: ev,
		Location: source + ":" + line, Link: "https://grafana.example/explore?line=" + line,
	}
}

func record(t testing.TB, s *SQLite, source string, sg []Sighting, opts RecordOptions) PageResult {
	t.Helper()
	res, err := s.RecordPage(context.Background(), source, sg, nil, opts)
	if err != nil {
		t.Fatalf("RecordPage: %v", err)
	}
	return res
}

func count(t testing.TB, s *SQLite, query string, args ...any) int {
	t.Helper()
	var n int
	if err := s.db.QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

func kinds(items []OutboxItem) []string {
	var out []string
	for _, it := range items {
		out = append(out, fmt.Sprintf("%s/%s/%d", it.Notifier, it.Kind, it.IncidentID))
	}
	return out
}

func hmacHex(key []byte, secret string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(secret))
	return hex.EncodeToString(m.Sum(nil))
}

func readFileIfExists(dir, name string) ([]byte, error) {
	b, err := os.ReadFile(filepath.Join(dir, name))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	return b, err
}
