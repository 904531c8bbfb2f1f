package filepermissions

import (
	"fmt"
	"io/fs"
	"slices"
	"strconv"
)

// SourceConfig is the `file_permissions:` block of a source of type file_permissions in
// leakwatch's config, decoded and validated here (errors start with the key at fault). The
// block may be left out: every key has a default.
type SourceConfig struct {
	// Paths are globs where "**" matches any directories (default DefaultPatterns under /).
	Paths []string `yaml:"paths,omitempty"`
	// MaxMode is the permission bits a secret file may have, in octal (default 0600).
	MaxMode string `yaml:"max_mode,omitempty"`
	// Owner, when set, is the user name or uid every file must belong to.
	Owner string `yaml:"owner,omitempty"`
}

// DefaultSourceConfig holds the block's defaults: an audit's (DefaultPatterns, DefaultMaxMode).
func DefaultSourceConfig() SourceConfig {
	return SourceConfig{Paths: slices.Clone(DefaultPatterns), MaxMode: fmt.Sprintf("%#o", DefaultMaxMode)}
}

// UnmarshalYAML applies the defaults, decodes and validates.
func (c *SourceConfig) UnmarshalYAML(unmarshal func(any) error) error {
	*c = DefaultSourceConfig()
	type plain SourceConfig
	if err := unmarshal((*plain)(c)); err != nil {
		return err
	}
	return c.Validate()
}

// Validate checks the block; an error starts with the key at fault.
func (c *SourceConfig) Validate() error {
	if err := checkGlobs(c.Paths); err != nil {
		return err
	}
	if _, err := c.mode(); err != nil {
		return err
	}
	return nil
}

func (c *SourceConfig) mode() (fs.FileMode, error) {
	m, err := strconv.ParseUint(c.MaxMode, 8, 32)
	if err != nil || m == 0 || m > 0o777 {
		return 0, fmt.Errorf("max_mode: %q: want octal permission bits such as 0600", c.MaxMode)
	}
	return fs.FileMode(m), nil
}

// NewSourceFromConfig builds the audit source the block describes.
func NewSourceFromConfig(name string, c SourceConfig) (*Source, error) {
	mode, err := c.mode()
	if err != nil {
		return nil, err
	}
	return NewSource(name, c.Paths, Options{MaxMode: mode, Owner: c.Owner})
}
