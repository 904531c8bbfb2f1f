package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"strconv"

	"github.com/leakwatch/leakwatch/sources/filepermissions"
)

const auditUsage = `usage: leakwatch audit [flags] PATH...

Checks that secret files are not readable by others: every file under each PATH (a
directory, walked recursively, or a file, checked whatever its name) matching --path (default
**/.env and **/.env.*) must have no permission bit beyond --max-mode and, with --owner,
belong to that user. Only metadata is read: no file is opened, so no content can reach the
output. A symbolic link is checked through its target and reported with both; a dangling or
looping link is noted, not followed; a linked directory is walked once and a cycle never
loops.

Exit status: 0 every file complies, 1 violations, 2 error (bad usage, a PATH that does not
exist, a directory that cannot be read: the audit is incomplete, which a gate must not pass).

flags:
`

func cmdAudit(_ context.Context, args []string, c cli) int {
	fl := flag.NewFlagSet("audit", flag.ContinueOnError)
	fl.SetOutput(c.stderr)
	fl.Usage = func() {
		fmt.Fprint(fl.Output(), auditUsage)
		fl.PrintDefaults()
	}
	format := fl.String("format", "text", "text or json")
	maxMode := fl.String("max-mode", "0600", "every permission bit a file may have, in octal")
	owner := fl.String("owner", "", "user name or uid every file must belong to (default: any)")
	var patterns multiFlag
	fl.Var(&patterns, "path", "glob relative to each PATH, ** for any directories (repeatable; default **/.env and **/.env.*)")
	pos, err := parseInterleaved(fl, args)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		return 2
	}
	if *format != "text" && *format != "json" {
		fmt.Fprintf(c.stderr, "leakwatch: audit: --format %q: want text or json\n", *format)
		return 2
	}
	mode, err := strconv.ParseUint(*maxMode, 8, 32)
	if err != nil || mode == 0 {
		fmt.Fprintf(c.stderr, "leakwatch: audit: --max-mode %q: want an octal mode such as 0600\n", *maxMode)
		return 2
	}
	if len(pos) == 0 {
		fmt.Fprintln(c.stderr, "leakwatch: audit: name the directories or files to check (see leakwatch audit --help)")
		return 2
	}
	res, err := filepermissions.Audit(pos, filepermissions.Options{Patterns: patterns, MaxMode: fs.FileMode(mode), Owner: *owner})
	if err != nil {
		fmt.Fprintf(c.stderr, "leakwatch: audit: %v\n", err)
		return 2
	}
	if *format == "json" {
		enc := json.NewEncoder(c.stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(res); err != nil {
			return 2
		}
	} else {
		printAudit(c, res)
	}
	switch {
	case len(res.Errors) > 0:
		return 2
	case len(res.Violations) > 0:
		return 1
	}
	return 0
}

// printAudit writes the violations to stdout, one line per problem, and the notes, errors and
// totals to stderr.
func printAudit(c cli, res filepermissions.Result) {
	for _, v := range res.Violations {
		where := v.Path
		if v.Target != "" {
			where += " -> " + v.Target
		}
		for _, p := range v.Problems {
			fmt.Fprintf(c.stdout, "%s: %s (mode %s, owner %s)\n", where, p, v.Mode, v.Owner)
		}
	}
	for _, n := range res.Notes {
		fmt.Fprintf(c.stderr, "leakwatch: audit: %s: %s\n", n.Path, n.Reason)
	}
	for _, e := range res.Errors {
		fmt.Fprintf(c.stderr, "leakwatch: audit: %s\n", e)
	}
	fmt.Fprintf(c.stderr, "leakwatch: audited %s: %s, %s, %s\n",
		countOf(int64(res.Checked), "file", "files"), countOf(int64(len(res.Violations)), "violation", "violations"),
		countOf(int64(len(res.Notes)), "note", "notes"), countOf(int64(len(res.Errors)), "error", "errors"))
}
