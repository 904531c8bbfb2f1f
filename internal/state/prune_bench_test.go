package state

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// BenchmarkPrune1M measures what retention is for: a database holding 1M sightings (1,000
// incidents, sightings spread evenly over 180 days, line ids and fingerprints of real
// length) is pruned at 90 days. Reported: the size with 1M sightings (MB), the size after
// the prune (MB) and the prune's time (s). Run with -benchtime 1x.
func BenchmarkPrune1M(b *testing.B) {
	ctx := context.Background()
	const n, incidents = 1_000_000, 1000
	span := 180 * 24 * time.Hour
	for b.Loop() {
		b.StopTimer()
		s := openT(b)
		tx, err := s.db.BeginTx(ctx, nil)
		if err != nil {
			b.Fatal(err)
		}
		for i := 0; i < incidents; i++ {
			if _, err := tx.Exec(`INSERT INTO incidents (id, rule_id, fingerprint, severity, description, preview, status, first_seen_ns, last_seen_ns, count, created_ns)
				VALUES (?, 'github-pat', ?, 'high', 'GitHub personal access token', 'ghp_…abcd', 'open', ?, ?, 1000, ?)`,
				i+1, fp(fmt.Sprint("secret-", i)), toNS(t0), toNS(t0.Add(span)), toNS(t0)); err != nil {
				b.Fatal(err)
			}
		}
		stmt, err := tx.Prepare(`INSERT INTO sightings (source, line_id, rule_id, fingerprint, incident_id, event_ns, recorded_ns) VALUES ('loki-prod', ?, 'github-pat', ?, ?, ?, ?)`)
		if err != nil {
			b.Fatal(err)
		}
		for i := 0; i < n; i++ {
			at := toNS(t0.Add(time.Duration(int64(span) / n * int64(i))))
			inc := i%incidents + 1
			// Loki line ids are 32 hex digits.
			if _, err := stmt.Exec(fmt.Sprintf("%032x", uint64(i)*2654435761), fp(fmt.Sprint("secret-", inc-1)), inc, at, at); err != nil {
				b.Fatal(err)
			}
		}
		stmt.Close()
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
		if _, err := s.db.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		began := time.Now()
		r, err := s.Prune(ctx, t0.Add(span/2))
		if err != nil {
			b.Fatal(err)
		}
		elapsed := time.Since(began)
		b.StopTimer()
		if r.Sightings != n/2 {
			b.Fatalf("pruned %d sightings, want %d", r.Sightings, n/2)
		}
		b.ReportMetric(float64(r.SizeBefore)/1e6, "MB-1M-sightings")
		b.ReportMetric(float64(r.SizeAfter)/1e6, "MB-after-prune")
		b.ReportMetric(elapsed.Seconds(), "s-prune-500k")
		s.Close()
		b.StartTimer()
	}
}
