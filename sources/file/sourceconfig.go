package file

import (
	"errors"
	"slices"
)

// SourceConfig is the `file:` block of a source of type file in leakwatch's config,
// decoded and validated here (errors start with the key at fault: `paths[0]: …`).
type SourceConfig struct {
	// Paths are globs or literal paths; a directory means every regular file under it.
	Paths []string `yaml:"paths"`
	// Exclude globs drop files and directories by full path, or by base name.
	Exclude []string `yaml:"exclude,omitempty"`
}

// UnmarshalYAML decodes and validates.
func (c *SourceConfig) UnmarshalYAML(unmarshal func(any) error) error {
	*c = SourceConfig{}
	type plain SourceConfig
	if err := unmarshal((*plain)(c)); err != nil {
		return err
	}
	return c.Validate()
}

// Validate checks the block; an error starts with the key at fault.
func (c *SourceConfig) Validate() error {
	if len(c.Paths) == 0 {
		return errors.New("paths: at least one path or glob is required")
	}
	if err := checkPatterns("paths", c.Paths); err != nil {
		return err
	}
	return checkPatterns("exclude", c.Exclude)
}

// Config is the source's runtime configuration.
func (c *SourceConfig) Config(name string, maxLineBytes int) Config {
	return Config{Name: name, Paths: slices.Clone(c.Paths), Exclude: slices.Clone(c.Exclude), MaxLineBytes: maxLineBytes}
}
