package engine

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/leakwatch/leakwatch/internal/fakesecret"
	"github.com/leakwatch/leakwatch/sources"
)

// TestKeyPairIsOneIncident: an AWS key id and its secret on one line are one incident and
// one alert naming both previews; the key id seen alone later is the same incident, and a
// rescan of the window adds nothing.
func TestKeyPairIsOneIncident(t *testing.T) {
	e, st, _ := newEngine(t, 0)
	ctx := context.Background()
	rnd := fakesecret.Fresh()
	id := fakesecret.AWSKeyID(rnd)
	secret := fakesecret.Mixed(rnd, 38) + "/+"
	t0 := time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC)
	src := &scriptedSource{failAt: -1, pages: [][]sources.Line{{
		line("a", "export AWS_ACCESS_KEY_ID="+id+" AWS_SECRET_ACCESS_KEY="+secret, t0),
		line("b", "assumed role with "+id, t0.Add(time.Minute)),
	}}}
	w := sources.Window{Start: t0, End: t0.Add(time.Hour)}
	for range 2 { // the second scan is a rescan (overlap, restart)
		if err := e.ScanWindow(ctx, Job{Source: src}, w); err != nil {
			t.Fatal(err)
		}
	}
	incs, err := st.Incidents(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(incs) != 1 || incs[0].RuleID != "aws-access-key-id" || incs[0].Count != 2 {
		t.Fatalf("incidents %+v, want one aws-access-key-id incident seen on 2 lines", incs)
	}
	wantPreview := id[:4] + "…" + id[len(id)-4:] + " + …" + secret[len(secret)-4:]
	if incs[0].Preview != wantPreview {
		t.Fatalf("incident preview %q, want %q (both halves)", incs[0].Preview, wantPreview)
	}
	due, err := st.DueAlerts(ctx, time.Now(), 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(due) != 1 || due[0].Sighting.Preview != wantPreview {
		t.Fatalf("alerts %+v, want one naming both previews", due)
	}
	if strings.Contains(incs[0].Preview+incs[0].Description, secret) {
		t.Fatal("the incident carries the secret")
	}
}
