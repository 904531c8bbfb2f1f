package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestBenchAccuracy runs the bench pipeline on a small corpus dense with secrets and decoys:
// recall and precision must meet the targets with the current catalogue.
func TestBenchAccuracy(t *testing.T) {
	var progress bytes.Buffer
	res, err := runBench(context.Background(), benchOptions{size: 6 << 20, baseline: 256 << 10, seed: 11, secretRate: 0.03, decoyRate: 0.03}, &progress)
	if err != nil {
		t.Fatal(err)
	}
	s := res.score
	if s.Planted < 500 || len(res.truth.Decoys) < 500 {
		t.Fatalf("only %d secrets and %d decoys planted", s.Planted, len(res.truth.Decoys))
	}
	if s.Recall() < targetRecall || s.Precision() < targetPrecision {
		var out bytes.Buffer
		printBench(&out, res, benchOptions{seed: 11})
		t.Errorf("recall %.4f precision %.4f, want >= %.3f:\n%s", s.Recall(), s.Precision(), targetRecall, out.String())
	}
	if res.scanned != res.truth.Bytes || res.baselineBytes != 256<<10 {
		t.Errorf("scanned %d of %d bytes, baseline %d", res.scanned, res.truth.Bytes, res.baselineBytes)
	}
}

func TestBenchCommand(t *testing.T) {
	var stdout, stderr bytes.Buffer
	c := cli{stdout: &stdout, stderr: &stderr, getenv: func(string) string { return "" }}
	out := t.TempDir() + "/corpus.log"
	code := cmdBench(context.Background(), []string{"--size", "512KB", "--baseline", "64KB", "--secret-rate", "0.02", "--out", out}, c)
	if code == 2 {
		t.Fatalf("exit 2: %s", stderr.String())
	}
	for _, want := range []string{"corpus: 512.", "with prefilter", "without", "recall", "precision", "peak RSS", "targets:", out} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, stdout.String())
		}
	}
	if code := cmdBench(context.Background(), []string{"--size", "lots"}, c); code != 2 || !strings.Contains(stderr.String(), "--size") {
		t.Errorf("bad size: exit %d, stderr %q", code, stderr.String())
	}
}

func TestParseSize(t *testing.T) {
	for in, want := range map[string]int64{"256MB": 256 << 20, "1GB": 1 << 30, "1.5k": 1536, "100": 100, "64 MiB": 64 << 20} {
		if got, err := parseSize(in); err != nil || got != want {
			t.Errorf("parseSize(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "-1MB", "MB", "x"} {
		if _, err := parseSize(in); err == nil {
			t.Errorf("parseSize(%q): no error", in)
		}
	}
}
