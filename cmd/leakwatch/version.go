package main

import (
	"context"
	"fmt"
	"runtime"

	"github.com/leakwatch/leakwatch/internal/metrics"
)

func cmdVersion(_ context.Context, _ []string, c cli) int {
	fmt.Fprintf(c.stdout, "leakwatch %s (%s, %s)\n", metrics.Version, metrics.Revision, runtime.Version())
	return 0
}
