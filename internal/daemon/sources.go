package daemon

import (
	"fmt"
	"log/slog"

	"github.com/leakwatch/leakwatch/internal/config"
	"github.com/leakwatch/leakwatch/sources"
	"github.com/leakwatch/leakwatch/sources/file"
)

// BuildSource makes the source a config entry describes. It makes no network call, so
// `config check` can run it to validate type-specific settings.
func BuildSource(sc config.Source, cfg *config.Config, logger *slog.Logger) (sources.Source, error) {
	logger = logger.With("source", sc.Name)
	switch sc.Type {
	case "file":
		return file.New(file.Config{Name: sc.Name, Paths: sc.Paths, Exclude: sc.Exclude, MaxLineBytes: cfg.MaxLineBytes, Logger: logger})
	}
	return nil, fmt.Errorf("type %q: not supported by this build", sc.Type)
}
