//go:build unix

package pgtest

import "syscall"

// detached puts the watcher in its own session, so a signal to the test's process group
// (Ctrl-C) does not kill it before it has stopped the cluster.
func detached() *syscall.SysProcAttr { return &syscall.SysProcAttr{Setsid: true} }
