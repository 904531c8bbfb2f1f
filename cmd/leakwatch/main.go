// Command leakwatch finds leaked secrets in logs: as a daemon (run), over files, stdin or a
// source's history (scan, backfill), and as a CI gate.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// cli is what a subcommand may touch: its streams and environment lookup. Subcommands
// return the process exit code: 0 clean, 1 findings, 2 error.
type cli struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
}

type command struct {
	name, usage string
	run         func(ctx context.Context, args []string, c cli) int
}

func commands() []command {
	return []command{
		{"run", "run the daemon (--demo: on bundled sample logs)", cmdRun},
		{"scan", "scan files, directories, globs or stdin for secrets (CI gate)", cmdScan},
		{"rules", "rules list | rules test STRING|-: show or try the rules", cmdRules},
		{"config", "config check FILE: validate a config file", cmdConfig},
		{"explain", "print (and --measure) the exact query each source sends for its next window", cmdExplain},
		{"backfill", "scan a source's history (resumable; --fill-gaps closes coverage gaps)", cmdBackfill},
		{"report", "coverage and incidents over a period (md, json, html evidence)", cmdReport},
		{"incidents", "list, show or resolve incidents", cmdIncidents},
		{"state", "state migrate --from sqlite:PATH --to postgres:DSN: copy the state; state leases: who scans what", cmdState},
		{"audit", "check that .env files are not readable by others (CI gate)", cmdAudit},
		{"bench", "measure detector speed, recall, precision and memory on a generated corpus", cmdBench},
		{"healthcheck", "exit 0 when the daemon's /healthz answers", cmdHealthcheck},
		{"version", "print the version", cmdVersion},
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	stderr := newRedactingWriter(os.Stderr)
	code := run(ctx, os.Args[1:], cli{stdin: os.Stdin, stdout: os.Stdout, stderr: stderr, getenv: os.Getenv})
	_ = stderr.Flush()
	stop()
	os.Exit(code)
}

func run(ctx context.Context, args []string, c cli) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(c.stderr)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	for _, cmd := range commands() {
		if cmd.name == args[0] {
			return cmd.run(ctx, args[1:], c)
		}
	}
	fmt.Fprintf(c.stderr, "leakwatch: unknown command %q (see leakwatch help)\n", args[0])
	return 2
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: leakwatch <command> [flags]\n\ncommands:")
	for _, cmd := range commands() {
		fmt.Fprintf(w, "  %-10s %s\n", cmd.name, cmd.usage)
	}
}
