package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"

	"github.com/leakwatch/leakwatch/internal/app"
	"github.com/leakwatch/leakwatch/internal/config"
	"github.com/leakwatch/leakwatch/internal/ruleset"
)

func cmdConfig(_ context.Context, args []string, c cli) int {
	if len(args) != 2 || args[0] != "check" {
		fmt.Fprintln(c.stderr, "usage: leakwatch config check FILE")
		return 2
	}
	cfg, err := config.Load(args[1])
	var moved *config.MovedError
	if errors.As(err, &moved) {
		// One key a line, then the sources as they would be written now.
		fmt.Fprintf(c.stderr, "leakwatch: config %s is in the shape before leakwatch %s: each source's type-specific keys go in a block named after its type\n", args[1], config.MovedVersion)
		for _, m := range moved.Moves {
			fmt.Fprintf(c.stderr, "  %s\n", m)
		}
		fmt.Fprintln(c.stdout, "Suggested rewrite of the sources concerned (secrets masked; put them back or use *_file):")
		for _, r := range moved.Rewrites {
			fmt.Fprint(c.stdout, r)
		}
		return 2
	}
	if err != nil {
		fmt.Fprintf(c.stderr, "leakwatch: %v\n", err)
		return 2
	}
	// Build what the daemon would build (no network call) to check rules and source settings.
	if _, err := ruleset.Build(cfg, []byte("config-check"), nil); err != nil {
		fmt.Fprintf(c.stderr, "leakwatch: config %s: %v\n", args[1], err)
		return 2
	}
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	for i, sc := range cfg.Sources {
		if _, err := app.BuildSource(sc, cfg, quiet, nil); err != nil {
			fmt.Fprintf(c.stderr, "leakwatch: config %s: sources[%d] (%s): %v\n", args[1], i, sc.Name, err)
			return 2
		}
	}
	if _, err := app.BuildNotifiers(cfg, quiet); err != nil {
		fmt.Fprintf(c.stderr, "leakwatch: config %s: %v\n", args[1], err)
		return 2
	}
	fmt.Fprintf(c.stdout, "%s: ok (%s)\n", args[1], countOf(int64(len(cfg.Sources)), "source", "sources"))
	return 0
}
