package config

import (
	"testing"
	"time"

	"gopkg.in/yaml.v3"
)

// TestDecodedOverDefaults: a key left out or set to null keeps its default, a key set
// overrides it, and the defaults that follow other keys follow what the file set.
func TestDecodedOverDefaults(t *testing.T) {
	c, err := Parse([]byte(`
data_dir: /srv/lw
log: {level: debug}
retention: {period: 10d, gap_horizon: ~}
alerting: {webhooks: [{url: 'http://hook'}]}
sources:
  - {name: l, type: loki, loki: {url: 'http://l:3100'}, interval: ~, recheck: 0s, chunk: 2h}
  - &f {name: f, type: file, file: {paths: [/x]}, interval: 2m}
  - {name: p, type: file_permissions, interval: 1h, initial_lookback: 0s}
`), env(nil))
	if err != nil {
		t.Fatal(err)
	}
	d := DefaultConfig()
	if c.DataDir != "/srv/lw" || c.Listen != d.Listen || c.Log.Level != "debug" || c.Log.Format != d.Log.Format ||
		c.MaxLineBytes != d.MaxLineBytes || c.Redaction != d.Redaction {
		t.Errorf("top level: %+v, want the file's data_dir and log.level over DefaultConfig's", c)
	}
	if c.Retention.Period.D() != 10*24*time.Hour || c.Retention.GapHorizon.D() != 10*24*time.Hour {
		t.Errorf("retention %+v: want period 10d and gap_horizon following it (null is no value)", c.Retention)
	}
	if *c.Alerting.Log {
		t.Error("alerting.log: on with a webhook set, want off (it follows the receivers)")
	}
	l, f, p := c.Sources[0], c.Sources[1], c.Sources[2]
	if l.Interval.D() != 5*time.Minute || l.Chunk.D() != 2*time.Hour || l.Overlap.D() != 5*time.Minute ||
		l.IngestDelay.D() != 2*time.Minute || l.InitialLookback.D() != time.Hour {
		t.Errorf("loki source: %+v", l)
	}
	if f.Interval.D() != 2*time.Minute || f.InitialLookback.D() != 2*time.Minute || f.Chunk != 0 || f.IngestDelay != 0 {
		t.Errorf("file source: %+v, want initial_lookback following its interval and no chunk or ingest delay", f)
	}
	if p.Interval.D() != time.Hour || p.InitialLookback != 0 {
		t.Errorf("file_permissions source: %+v, want interval 1h and the explicit initial_lookback 0s", p)
	}
}

// TestDefaultsOfAnEmptyFile: an empty file is DefaultConfig with the derived defaults.
func TestDefaultsOfAnEmptyFile(t *testing.T) {
	for _, raw := range []string{"", "{}\n", "retention: ~\n"} {
		c, err := Parse([]byte(raw), env(nil))
		if err != nil {
			t.Fatalf("%q: %v", raw, err)
		}
		d := DefaultConfig()
		if c.DataDir != d.DataDir || c.Listen != d.Listen || c.Log != d.Log || c.Redaction != d.Redaction ||
			c.MaxLineBytes != d.MaxLineBytes || c.Retention.Period != d.Retention.Period ||
			c.Retention.GapHorizon.D() != MaxDefaultGapHorizon || c.Alerting.Log == nil || !*c.Alerting.Log {
			t.Errorf("%q: %+v, want DefaultConfig with gap_horizon %s and the log receiver on", raw, c, MaxDefaultGapHorizon)
		}
	}
}

// TestIsSet: whether the file sets a key is read from its mapping, through aliases; null is
// no value.
func TestIsSet(t *testing.T) {
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte("z: &z 0s\nm: &m {overlap: *z, chunk: ~, interval: 1m}\nn: *m\n"), &doc); err != nil {
		t.Fatal(err)
	}
	root := doc.Content[0]
	for _, tc := range []struct {
		node, key string
		want      bool
	}{{"m", "overlap", true}, {"m", "chunk", false}, {"m", "interval", true}, {"m", "recheck", false},
		{"n", "overlap", true}, {"n", "chunk", false}, {"missing", "overlap", false}} {
		if got := isSet(mapValue(root, tc.node), tc.key); got != tc.want {
			t.Errorf("isSet(%s, %s) = %v, want %v", tc.node, tc.key, got, tc.want)
		}
	}
}

// TestExplicitEmptyOverrides: a key set to an empty value overrides its default like any
// other; where empty is no setting the load fails naming the key (before, it meant the
// default), and lease_duration: 0s still means the default lease.
func TestExplicitEmptyOverrides(t *testing.T) {
	for raw, want := range map[string]string{
		"data_dir: ''\n":           "data_dir: empty: leave the key out for the default /var/lib/leakwatch",
		"listen: ''\n":             "listen: empty: leave the key out for the default :9847",
		"log: {level: ''}\n":       `log.level: "": want debug, info, warn or error`,
		"max_line_bytes: 0\n":      "max_line_bytes: 0: must be at least 32768",
		"state: {driver: ''}\n":    `state.driver: "": must be sqlite or postgres`,
		"retention: {period: 0}\n": "retention.period: 0s: must be at least 1d (re-verification and reports need recent sightings)",
	} {
		if _, err := Parse([]byte(raw), env(nil)); err == nil || err.Error() != want {
			t.Errorf("%q: %v, want %q", raw, err, want)
		}
	}
	c, err := Parse([]byte("state: {lease_duration: 0s}\n"), env(nil))
	if err != nil || c.State.Lease() != DefaultLeaseDuration {
		t.Fatalf("lease_duration: 0s: %v, %v; want the default lease", c, err)
	}
}
