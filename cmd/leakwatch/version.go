package main

import (
	"context"
	"fmt"

	"github.com/prometheus/common/version"
)

// The build sets prometheus/common/version's variables with -ldflags -X (see the Dockerfile);
// a plain `go build` leaves Version empty, which reads as a development build.
func init() {
	if version.Version == "" {
		version.Version = "dev"
	}
}

func cmdVersion(_ context.Context, _ []string, c cli) int {
	fmt.Fprintln(c.stdout, version.Print("leakwatch"))
	return 0
}
