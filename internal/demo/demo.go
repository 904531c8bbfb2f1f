// Package demo bundles a demo config and sample logs with one planted, generated secret, so
// `leakwatch run --demo` shows an incident with no server and no setup.
package demo

import (
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/leakwatch/leakwatch/internal/config"
	_ "github.com/leakwatch/leakwatch/sources/all" // the demo config's store types
)

//go:embed files
var files embed.FS

// PlantedRule is the rule the planted demo secret triggers.
const PlantedRule = "github-pat"

// Extract writes the sample logs into dir/logs and returns the demo config, whose data_dir is
// dir/data.
func Extract(dir string) (*config.Config, error) {
	err := fs.WalkDir(files, "files/logs", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := files.ReadFile(p)
		if err != nil {
			return err
		}
		dst := filepath.Join(dir, "logs", filepath.Base(p))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		return os.WriteFile(dst, b, 0o644)
	})
	if err != nil {
		return nil, fmt.Errorf("demo: extract sample logs: %w", err)
	}
	raw, err := files.ReadFile("files/config.yaml")
	if err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	return config.Parse(raw, func(k string) (string, bool) {
		if k == "LEAKWATCH_DEMO_DIR" {
			return abs, true
		}
		return os.LookupEnv(k)
	})
}
