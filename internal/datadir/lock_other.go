//go:build !unix

package datadir

import (
	"errors"
	"os"
)

var errLocked = errors.New("locked by another process")

// Without flock the data dir is not locked: leakwatch ships for Linux (and other Unix
// systems), where it is.
func flockExclusive(*os.File) error { return nil }

func funlock(*os.File) error { return nil }
