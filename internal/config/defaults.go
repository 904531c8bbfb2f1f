package config

import (
	"fmt"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/leakwatch/leakwatch/sources"
)

// Defaults have one mechanism, blackbox_exporter's: a value starts from its defaults and is
// decoded over them, so a key the file sets, to 0s or "" too, simply overrides its default,
// and a key the file leaves out (or sets to null) keeps it:
//
//   - DefaultConfig is the top level's defaults, the value parse decodes the file into;
//   - sourceDefaults is a source's shared keys', the value decodeSource decodes a source
//     into once it has read the source's type (an interval depends on it);
//   - each store type's block starts from its own defaults in its UnmarshalYAML
//     (loki.DefaultSourceConfig, …);
//   - deriveDefaults, after decoding, is the one place for the defaults that depend on other
//     keys (gap_horizon on period, overlap on interval and recheck, a checkpointed source's
//     initial_lookback on its interval, alerting.log on the receivers).
//
// The settings read through an accessor (Alerting.ReplyPeriod, Source.RecheckHorizon,
// State.Lease and State.Replica) keep a pointer or zero for "unset" and say their default
// there.

// Defaults.
const (
	DefaultDataDir = "/var/lib/leakwatch"
	DefaultListen  = ":9847"
	// DefaultRetentionPeriod is retention.period's default.
	DefaultRetentionPeriod = 90 * 24 * time.Hour
	// MaxDefaultGapHorizon is retention.gap_horizon's default, capped by retention.period.
	MaxDefaultGapHorizon = 30 * 24 * time.Hour
)

// DefaultConfig is the configuration of an empty file, before the defaults that depend on
// other keys (deriveDefaults).
func DefaultConfig() Config {
	return Config{
		DataDir:      DefaultDataDir,
		Listen:       DefaultListen,
		Log:          Log{Format: "text", Level: "info"},
		Redaction:    "partial",
		MaxLineBytes: 1 << 20,
		Retention:    Retention{Period: Duration(DefaultRetentionPeriod)},
		State:        State{Driver: DriverSQLite, LeaseDuration: Duration(DefaultLeaseDuration)},
	}
}

// sourceDefaults is a source's shared keys before its mapping is decoded over them. A
// checkpointed source (files, the permission audit) has no ingest delay, overlap or chunk:
// it reads from its checkpoint.
func sourceDefaults(tr sources.Traits) Source {
	s := Source{Interval: Duration(5 * time.Minute)}
	if tr.DefaultInterval != 0 {
		s.Interval = Duration(tr.DefaultInterval)
	}
	if !tr.Checkpointed {
		s.IngestDelay = Duration(2 * time.Minute)
		s.Chunk = Duration(time.Hour)
		s.InitialLookback = Duration(time.Hour)
	}
	return s
}

// deriveDefaults fills the defaults that depend on other keys, for the keys the file leaves
// out. Whether the file sets a key is read from the decoded document itself (doc, nil for an
// empty file): no record of explicit zeros is kept, and no field needs a pointer for it.
func (c *Config) deriveDefaults(doc *yaml.Node) {
	if !isSet(mapValue(doc, "retention"), "gap_horizon") {
		c.Retention.GapHorizon = Duration(min(MaxDefaultGapHorizon, c.Retention.Period.D()))
	}
	if c.Alerting.Log == nil {
		on := c.Alerting.Slack == nil && len(c.Alerting.Webhooks) == 0 && c.Alerting.Alertmanager == nil
		c.Alerting.Log = &on
	}
	var nodes []*yaml.Node
	if n := resolveAlias(mapValue(doc, "sources")); n != nil && n.Kind == yaml.SequenceNode {
		nodes = n.Content
	}
	for i := range c.Sources {
		var n *yaml.Node
		if i < len(nodes) {
			n = nodes[i]
		}
		c.Sources[i].deriveDefaults(n)
	}
}

// deriveDefaults fills a source's defaults that depend on its other keys; n is its mapping.
func (s *Source) deriveDefaults(n *yaml.Node) {
	if s.Traits().Checkpointed {
		// A checkpointed source reads from its checkpoint once a run: the first coverage
		// interval it records is one interval long.
		if !isSet(n, "initial_lookback") {
			s.InitialLookback = s.Interval
		}
		return
	}
	// Each window rescans the overlap with the full plan: a line is read
	// (interval+overlap)/interval times. Re-verification finds lines that arrive after their
	// window was scanned, so with it on the overlap is 0 and every line is read once; without
	// it the overlap is the only second look, one interval (at most 5m): each line is read
	// twice at any interval.
	if !isSet(n, "overlap") && s.RecheckHorizon() == 0 {
		s.Overlap = Duration(min(s.Interval.D(), 5*time.Minute))
	}
}

// isSet reports whether mapping n gives key a value (null is no value: the default stays).
func isSet(n *yaml.Node, key string) bool {
	v := resolveAlias(mapValue(resolveAlias(n), key))
	return v != nil && v.ShortTag() != "!!null"
}

func resolveAlias(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

// checkEmptied refuses the keys whose empty value is no setting when a file sets them empty:
// decoded over the defaults, `data_dir: ""` would be an empty path, not the default (log,
// redaction, max_line_bytes and state.driver say so in Validate's own checks).
func (c *Config) checkEmptied() error {
	switch {
	case c.DataDir == "":
		return fmt.Errorf("data_dir: empty: leave the key out for the default %s", DefaultDataDir)
	case c.Listen == "":
		return fmt.Errorf("listen: empty: leave the key out for the default %s", DefaultListen)
	}
	return nil
}
