package main

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/leakwatch/leakwatch/detector"
	"github.com/leakwatch/leakwatch/internal/config"
	"github.com/leakwatch/leakwatch/internal/ignorefile"
	"github.com/leakwatch/leakwatch/internal/linereader"
	"github.com/leakwatch/leakwatch/internal/ruleset"
	"github.com/leakwatch/leakwatch/internal/state"
	"github.com/leakwatch/leakwatch/queries"
	"github.com/leakwatch/leakwatch/sources/file"
)

const scanUsage = `usage: leakwatch scan [flags] [PATH|GLOB|DIR|-]...

Scans files, globs ("logs/*.log", quoted so leakwatch expands them), directories
(recursively) and stdin ("-", or no argument when stdin is not a terminal) for leaked
secrets. Gzip input is recognised by its magic bytes, whatever its name. Input is streamed
with bounded memory: lines longer than --max-line-bytes are scanned in overlapping pieces,
and in text and json formats a finding is printed as soon as its line is read. SARIF is a
single JSON document, so it is written once all input has been read.

Output (--format):
  text   PATH:LINE:COLUMN RULE SEVERITY PREVIEW FINGERPRINT, one finding a line, and a
         summary on stderr (files, lines, bytes, findings, suppressed candidates)
  json   one JSON object a line per finding: rule, severity, description, file, line,
         column, preview, fingerprint
  sarif  one SARIF 2.1.0 document (for code-scanning uploads) at the end
Lines are 1-based; columns are 1-based byte offsets in text and json, Unicode code points
in SARIF. Stdin is named "<stdin>". The secret itself is never printed: only a redacted
preview and a 12-hex-digit fingerprint.

Fingerprints are stable: the same secret found by the same rule has the same fingerprint on
every run and every machine, so baselines, ignore files and code-scanning services can
track it. They are keyless and slow to invert for guessable secrets (docs/fingerprints.md
tells how and what it protects); --key-file with a team key kept as a CI secret, or the
daemon's <data_dir>/` + state.KeyFile + ` (fingerprints then equal the daemon's incident
fingerprints), makes them keyed HMAC-SHA256 instead.

Directories are walked recursively, less .git directories (--gitignore also leaves out what
git ignores: .gitignore, .git/info/exclude). The git modes are gates on a repository:
--git-staged scans the lines the staged changes add (a pre-commit hook), --git-range
BASE..HEAD the lines each commit of a range adds (CI on a push or pull request). Only added
lines are scanned (removing a token passes), each reported at its file, relative to the
repository's top level, and its line number in the new file; json and SARIF also name the
commit of a --git-range finding, and SARIF's SRCROOT is then the repository's top level.

--baseline REPORT (a previous json or sarif report) leaves out the findings it lists, by
fingerprint, so only new ones are reported and fail the gate. Fingerprints listed in
.leakwatchignore (in the directory scan runs in and in each directory it scans), in
--ignore-file or in the config's rules.ignore_file are never reported (one fingerprint a
line, a comment after '#').

--config uses only the config's rules section (disable, allow, custom), redaction and
max_line_bytes; the rest (sources, alerting) is ignored but the file must still be valid
(see leakwatch config check).

Exit status: 0 no finding at or above --fail-on, 1 findings, 2 error (bad usage or config,
an unreadable input, an argument that selects no file). An input that cannot be read is
reported on stderr and the other inputs are still scanned, but the exit status is 2 even
when there were findings: an error wins, so a CI gate never passes a partial scan.

flags:
`

// scanOpts are the flags shared by scan and rules test.
type scanOpts struct {
	format, redact, configPath, keyFile, failOn string
	baseline, ignoreFile                        string
	// ignoreDirs are the directories whose .leakwatchignore applies (scan's arguments).
	ignoreDirs []string
	// noIgnore: rules list/test show what the rules find, whatever the working directory's
	// .leakwatchignore says.
	noIgnore     bool
	maxLineBytes int
	exclude      multiFlag
	// gitStaged, gitRange and gitignore select the git modes (gitscan.go).
	gitStaged, gitignore bool
	gitRange             string
}

type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

// detectorFlags registers the flags that shape the detector.
func (o *scanOpts) detectorFlags(fs *flag.FlagSet) {
	fs.StringVar(&o.configPath, "config", "", "config file whose rules section (disable, allow, custom) and redaction apply")
	fs.StringVar(&o.redact, "redact", "", "partial or full (default: the config's redaction, else partial)")
	fs.StringVar(&o.keyFile, "key-file", "", "fingerprint key file, such as the daemon's <data_dir>/"+state.KeyFile+
		" or a team key (default: stable keyless fingerprints, see docs/fingerprints.md)")
}

// parseInterleaved parses flags given before or after positional arguments; "--" ends flags.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for len(args) > 0 {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if consumed := len(args) - len(rest); consumed > 0 && args[consumed-1] == "--" {
			return append(pos, rest...), nil
		}
		if len(rest) > 0 {
			pos = append(pos, rest[0])
			rest = rest[1:]
		}
		args = rest
	}
	return pos, nil
}

// scanSetup is what the detector flags resolve to.
type scanSetup struct {
	det          *detector.Detector
	maxLineBytes int
	suppressed   *int
}

// buildScanDetector loads the config (when given), applies --redact and the key, and builds
// the detector the daemon would build.
func buildScanDetector(o *scanOpts) (*scanSetup, error) {
	var cfg *config.Config
	var err error
	if o.configPath != "" {
		cfg, err = config.Load(o.configPath)
	} else {
		cfg, err = config.Parse([]byte("{}"), func(string) (string, bool) { return "", false })
	}
	if err != nil {
		return nil, err
	}
	if o.redact != "" {
		if o.redact != string(detector.RedactPartial) && o.redact != string(detector.RedactFull) {
			return nil, fmt.Errorf("--redact %q: want partial or full", o.redact)
		}
		cfg.Redaction = o.redact
	}
	maxLine := cfg.MaxLineBytes
	if o.maxLineBytes != 0 {
		// The same floor as max_line_bytes: smaller pieces would cut long keys.
		if o.maxLineBytes < 4096 {
			return nil, fmt.Errorf("--max-line-bytes %d: must be at least 4096", o.maxLineBytes)
		}
		maxLine = o.maxLineBytes
	}
	key, err := scanKey(o.keyFile)
	if err != nil {
		return nil, err
	}
	ignore, err := scanIgnore(o)
	if err != nil {
		return nil, err
	}
	n := 0
	det, err := ruleset.BuildWith(cfg, ruleset.Setup{
		Key: key, Stable: key == nil, Ignore: ignore, OnSuppressed: func(string, string) { n++ },
	})
	if err != nil {
		if o.configPath != "" {
			return nil, fmt.Errorf("config %s: %w", o.configPath, err)
		}
		return nil, err
	}
	return &scanSetup{det: det, maxLineBytes: maxLine, suppressed: &n}, nil
}

// scanIgnore gathers the fingerprints scan leaves out: --ignore-file (which must exist) or
// the .leakwatchignore files of the working directory and the scanned directories, and the
// --baseline report's.
func scanIgnore(o *scanOpts) ([]string, error) {
	var out []string
	if o.noIgnore {
		return nil, nil
	}
	if o.ignoreFile != "" {
		fps, err := ignorefile.Load(o.ignoreFile, false)
		if err != nil {
			return nil, fmt.Errorf("--ignore-file: %w", err)
		}
		out = fps
	} else {
		seen := map[string]bool{}
		for _, dir := range append([]string{"."}, o.ignoreDirs...) {
			p := filepath.Join(dir, ignorefile.DefaultName)
			if seen[p] {
				continue
			}
			seen[p] = true
			fps, err := ignorefile.Load(p, true)
			if err != nil {
				return nil, err
			}
			out = append(out, fps...)
		}
	}
	if o.baseline != "" {
		fps, err := readBaseline(o.baseline)
		if err != nil {
			return nil, err
		}
		out = append(out, fps...)
	}
	return out, nil
}

// readBaseline reads the fingerprints of a previous report: json (one finding a line) or
// SARIF (partialFingerprints).
func readBaseline(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("--baseline: %w", err)
	}
	defer f.Close()
	var out []string
	dec := json.NewDecoder(f)
	for n := 1; ; n++ {
		var doc struct {
			Fingerprint string `json:"fingerprint"`
			Runs        []struct {
				Results []struct {
					PartialFingerprints map[string]string `json:"partialFingerprints"`
				} `json:"results"`
			} `json:"runs"`
		}
		if err := dec.Decode(&doc); err == io.EOF {
			break
		} else if err != nil {
			return nil, fmt.Errorf("--baseline %s: document %d: %v (want a leakwatch scan report in json or sarif format)", path, n, err)
		}
		if doc.Fingerprint != "" {
			out = append(out, doc.Fingerprint)
		}
		for _, run := range doc.Runs {
			for _, res := range run.Results {
				if fp := res.PartialFingerprints[sarifFingerprintKey]; fp != "" {
					out = append(out, fp)
				}
			}
		}
	}
	if _, err := detector.NewIgnoreSet(out); err != nil {
		return nil, fmt.Errorf("--baseline %s: fingerprint %w", path, err)
	}
	return out, nil
}

// scanKey reads the fingerprint key; none (nil) means stable keyless fingerprints.
func scanKey(path string) ([]byte, error) {
	if path == "" {
		return nil, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("--key-file: %w", err)
	}
	defer f.Close()
	// One byte more than a key tells a wrong file from a key without reading it all.
	key, err := io.ReadAll(io.LimitReader(f, state.KeySize+1))
	if err != nil {
		return nil, fmt.Errorf("--key-file: read %s: %w", path, err)
	}
	if len(key) != state.KeySize {
		return nil, fmt.Errorf("--key-file %s: not a fingerprint key (want exactly %d bytes, as the daemon's %s in its data dir)",
			path, state.KeySize, state.KeyFile)
	}
	return key, nil
}

var severityRank = map[queries.Severity]int{queries.Low: 1, queries.Medium: 2, queries.High: 3, queries.Critical: 4}

func cmdScan(ctx context.Context, args []string, c cli) int {
	var o scanOpts
	fs := flag.NewFlagSet("scan", flag.ContinueOnError)
	fs.SetOutput(c.stderr)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), scanUsage)
		fs.PrintDefaults()
	}
	o.scanFlags(fs)
	pos, err := parseInterleaved(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		return 2
	}
	if err := o.checkModes(pos); err != nil {
		fmt.Fprintf(c.stderr, "leakwatch: scan: %v\n", err)
		return 2
	}
	failOn, err := queries.ParseSeverity(o.failOn)
	if err != nil {
		fmt.Fprintf(c.stderr, "leakwatch: --fail-on: %v\n", err)
		return 2
	}
	top, pos, err := o.inputs(ctx, c, pos)
	if err != nil {
		fmt.Fprintf(c.stderr, "leakwatch: scan: %v\n", err)
		return 2
	}
	setup, err := buildScanDetector(&o)
	if err != nil {
		fmt.Fprintf(c.stderr, "leakwatch: %v\n", err)
		return 2
	}
	gitMode := o.gitStaged || o.gitRange != ""
	out, err := newFindingWriter(o.format, c, setup.det, gitMode)
	if err != nil {
		fmt.Fprintf(c.stderr, "leakwatch: %v\n", err)
		return 2
	}
	s := &streamScanner{det: setup.det, maxLine: setup.maxLineBytes, out: out, failOn: failOn}
	var failed []string
	fail := func(err error) {
		msg := err.Error()
		failed = append(failed, msg)
		fmt.Fprintf(c.stderr, "leakwatch: scan: %s\n", msg)
	}
	if err := s.scanAll(ctx, c.stdin, o, top, pos, fail); err != nil {
		fmt.Fprintf(c.stderr, "leakwatch: scan: %v\n", err)
		return 2
	}
	st := s.stats
	st.suppressed = *setup.suppressed
	st.errors = failed
	if err := out.close(st); err != nil {
		fmt.Fprintf(c.stderr, "leakwatch: scan: %v\n", err)
		return 2
	}
	switch {
	case len(failed) > 0:
		return 2
	case s.failing > 0:
		return 1
	}
	return 0
}

// scanFlags registers scan's flags.
func (o *scanOpts) scanFlags(fs *flag.FlagSet) {
	fs.StringVar(&o.format, "format", "text", "text, json or sarif")
	o.detectorFlags(fs)
	fs.IntVar(&o.maxLineBytes, "max-line-bytes", 0, "longest piece of a line scanned at once, at least 4096 (default: the config's max_line_bytes, else 1 MiB)")
	fs.StringVar(&o.failOn, "fail-on", "low", "lowest severity that makes the exit status 1: critical, high, medium or low")
	fs.StringVar(&o.baseline, "baseline", "", "previous json or sarif `REPORT`: its findings are left out, only new ones are reported")
	fs.StringVar(&o.ignoreFile, "ignore-file", "", "`FILE` of fingerprints never reported (default: "+ignorefile.DefaultName+" in the working directory and in each scanned directory, when present)")
	fs.Var(&o.exclude, "exclude", "glob of files or directories to skip under a DIR or GLOB argument (repeatable; a pattern without / matches base names)")
	fs.BoolVar(&o.gitStaged, "git-staged", false, "scan only the lines the staged changes add (a pre-commit gate); takes no PATH")
	fs.StringVar(&o.gitRange, "git-range", "", "scan only the lines each commit of a git `RANGE` (BASE..HEAD) adds (a CI gate on a push or pull request); takes no PATH")
	fs.BoolVar(&o.gitignore, "gitignore", false, "in a DIR argument, skip the files git ignores (.gitignore, .git/info/exclude): the DIR must be in a git work tree")
}

// checkModes refuses the git modes together, or with what they do not take.
func (o *scanOpts) checkModes(pos []string) error {
	gitMode := o.gitStaged || o.gitRange != ""
	switch {
	case o.gitStaged && o.gitRange != "":
		return errors.New("--git-staged and --git-range: choose one")
	case gitMode && len(pos) > 0:
		return fmt.Errorf("--git-staged and --git-range scan the repository's changes and take no PATH (got %q)", pos[0])
	case gitMode && o.gitignore:
		return errors.New("--gitignore applies to DIR arguments, not to --git-staged or --git-range")
	}
	return nil
}

// inputs resolves what to scan: in a git mode the work tree's top (whose .leakwatchignore
// applies wherever scan runs in it), else the arguments, or stdin when none is given and
// stdin is not a terminal. The directories among them add their .leakwatchignore.
func (o *scanOpts) inputs(ctx context.Context, c cli, pos []string) (top string, _ []string, err error) {
	if o.gitStaged || o.gitRange != "" {
		if top, err = gitTopLevel(ctx); err != nil {
			return "", nil, fmt.Errorf("%v (run it inside a git work tree)", err)
		}
		o.ignoreDirs = append(o.ignoreDirs, top)
	} else if len(pos) == 0 {
		if isTerminal(c.stdin) {
			return "", nil, errors.New("no input: name files, directories or globs, or pipe logs to stdin (see leakwatch scan --help)")
		}
		pos = []string{"-"}
	}
	for _, p := range pos {
		if fi, err := os.Stat(p); err == nil && fi.IsDir() {
			o.ignoreDirs = append(o.ignoreDirs, p)
		}
	}
	return top, pos, nil
}

// scanAll scans the git changes (in a git mode) or every input the arguments name, each
// once. An input that fails goes to fail and the others are still scanned; only a failed
// write of the output (errOutput) stops it, and is returned.
func (s *streamScanner) scanAll(ctx context.Context, stdin io.Reader, o scanOpts, top string, pos []string, fail func(error)) error {
	if o.gitStaged || o.gitRange != "" {
		if err := s.scanGit(ctx, top, o.gitRange); err != nil {
			if errors.Is(err, errOutput) {
				return err
			}
			if ctx.Err() != nil {
				err = fmt.Errorf("interrupted: %w", ctx.Err())
			}
			fail(err)
		}
	}
	seen := map[string]bool{}
	for _, arg := range pos {
		paths, err := scanPaths(ctx, arg, o.exclude, o.gitignore)
		if err != nil {
			fail(err)
			continue
		}
		for _, p := range paths {
			if key := filepath.Clean(p); seen[key] {
				continue
			} else {
				seen[key] = true
			}
			if err := s.scanPath(ctx, p, stdin); err != nil {
				if ctx.Err() != nil {
					fail(fmt.Errorf("interrupted: %w", ctx.Err()))
					break
				}
				if errors.Is(err, errOutput) {
					return err
				}
				fail(err)
			}
		}
		if ctx.Err() != nil {
			break
		}
	}
	return nil
}

// scanPaths expands one argument into the inputs it names, in order. Every argument must
// name at least one input: a CI gate whose glob matches nothing must not pass silently.
// Under a directory, .git directories are skipped (a repository's objects are compressed
// history, not logs or source; the git modes scan what history adds); with gitignore the
// files git ignores are skipped too.
func scanPaths(ctx context.Context, arg string, exclude []string, gitignore bool) ([]string, error) {
	if arg == "-" {
		return []string{"-"}, nil
	}
	if !strings.ContainsAny(arg, `*?[\`) {
		fi, err := os.Stat(arg)
		if err != nil {
			return nil, err // *PathError names the path
		}
		if !fi.IsDir() {
			// A literal path is read whatever it is: a named pipe or /dev/fd/N from a process
			// substitution is a stream like stdin.
			return []string{arg}, nil
		}
	}
	var paths []string
	var err error
	if fi, serr := os.Stat(arg); serr == nil && fi.IsDir() && gitignore {
		paths, err = gitListFiles(ctx, arg)
		paths = slices.DeleteFunc(paths, func(p string) bool { return excludedUnder(exclude, arg, p) })
	} else {
		// The .git pattern has no separator, so it matches .git under the argument, not
		// an argument that names a .git directory itself.
		x := exclude
		if filepath.Base(filepath.Clean(arg)) != ".git" {
			x = append(slices.Clip(exclude), ".git")
		}
		paths, err = file.Match([]string{arg}, x)
	}
	if err != nil {
		return nil, err
	}
	if len(paths) == 0 {
		return nil, fmt.Errorf("%s: matches no regular file", arg)
	}
	return paths, nil
}

// isTerminal reports whether a stream (stdin, stderr, or a writer wrapping one) is an
// interactive terminal (a character device).
func isTerminal(stream any) bool {
	f, ok := stream.(interface{ Stat() (os.FileInfo, error) })
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// scanStats are the summary's figures.
type scanStats struct {
	files, lines, bytes, findings int64
	added                         bool // lines are a diff's added lines
	suppressed                    int
	errors                        []string
}

// scanResult is one finding with its place. Column counts bytes, CharColumn and
// EndCharColumn (exclusive) Unicode code points, all 1-based.
type scanResult struct {
	File                      string
	Commit                    string // the commit that added the line (--git-range)
	Line, Column              int
	CharColumn, EndCharColumn int
	F                         detector.Finding
}

// findingWriter prints findings as they come and finishes the output at the end.
type findingWriter interface {
	finding(r scanResult) error
	close(st scanStats) error
}

// errOutput marks a failed write to stdout: scanning on is pointless.
var errOutput = errors.New("write output")

type streamScanner struct {
	det     *detector.Detector
	maxLine int
	out     findingWriter
	failOn  queries.Severity
	stats   scanStats
	// failing counts findings at or above failOn.
	failing int
	batch   []scanResult
}

const stdinName = "<stdin>"

func (s *streamScanner) scanPath(ctx context.Context, path string, stdin io.Reader) error {
	if path == "-" {
		if stdin == nil {
			return fmt.Errorf("read %s: no stdin", stdinName)
		}
		s.stats.files++
		r, done := interruptible(ctx, stdin)
		defer done()
		return s.scanStream(ctx, r, stdinName)
	}
	f, err := os.Open(path)
	if err != nil {
		return err // *PathError: "open PATH: reason"
	}
	defer f.Close()
	s.stats.files++
	return s.scanStream(ctx, f, path)
}

// interruptible lets a cancelled context end a read blocked on stdin (an idle pipe or a
// terminal): the blocked read stays in its goroutine until the process exits. done ends the
// copy once the scan stops reading.
func interruptible(ctx context.Context, r io.Reader) (_ io.Reader, done func()) {
	pr, pw := io.Pipe()
	go func() {
		_, err := io.Copy(pw, r)
		pw.CloseWithError(err)
	}()
	stop := context.AfterFunc(ctx, func() { pr.CloseWithError(ctx.Err()) })
	return pr, func() {
		stop()
		pr.Close()
	}
}

// scanStream reads r line by line (pieces for long lines) and prints each line's findings
// before reading the next, so findings stream (file.ReadPieces yields each piece as soon as
// it is read).
func (s *streamScanner) scanStream(ctx context.Context, r io.Reader, name string) error {
	var lp linePieces
	return file.ReadPieces(ctx, r, name, s.maxLine, func(p linereader.Piece) error {
		if p.First {
			s.stats.lines++
		}
		return s.scanPiece(&lp, p, 0, name, p.LineNo, "")
	})
}

// linePieces carries what the pieces of one line share: where its text starts in the stream
// and the code points before the current piece.
type linePieces struct {
	textStart int64  // stream offset of the line's first scanned byte
	runeBase  int    // code points of the line before the current piece
	prev      []byte // the previous piece's scanned text
}

// scanPiece scans one piece of a line and prints its findings, reported at file:lineNo.
// prefix is how many leading bytes of the line's first piece are not the line's text (the
// "+" of an added line in a diff): they are neither scanned nor counted in columns.
func (s *streamScanner) scanPiece(lp *linePieces, p linereader.Piece, prefix int, file string, lineNo int, commit string) error {
	text, overlap := p.Text, p.Overlap
	if p.First {
		text = text[min(prefix, len(text)):]
		lp.textStart, lp.runeBase = p.Offset+int64(len(p.Text)-len(text)), 0
	} else {
		// The piece's first Overlap bytes repeat the end of the previous piece.
		lp.runeBase += utf8.RuneCount(lp.prev[:len(lp.prev)-overlap])
	}
	s.stats.bytes += int64(len(text) - overlap)
	base := int(p.Offset + int64(len(p.Text)-len(text)) - lp.textStart)
	s.batch = s.batch[:0]
	s.det.Scan(text, overlap, func(f detector.Finding) {
		f.Line = lineNo
		cc := lp.runeBase + utf8.RuneCount(text[:f.Start]) + 1
		s.batch = append(s.batch, scanResult{
			// A path is log data too: a token in a directory name is masked like one in a line.
			File: s.det.Redact(file), Line: lineNo, Column: base + f.Start + 1, Commit: commit,
			CharColumn: cc, EndCharColumn: cc + utf8.RuneCount(text[f.Start:f.End]), F: f,
		})
	})
	// The detector reports rule by rule; people read a line left to right.
	slices.SortStableFunc(s.batch, func(a, b scanResult) int { return cmp.Compare(a.Column, b.Column) })
	for _, res := range s.batch {
		s.stats.findings++
		if severityRank[res.F.Severity] >= severityRank[s.failOn] {
			s.failing++
		}
		if err := s.out.finding(res); err != nil {
			return fmt.Errorf("%w: %v", errOutput, err)
		}
	}
	if !p.Last {
		// p.Text is only valid until the next call: keep what the next piece needs.
		lp.prev = append(lp.prev[:0], text...)
	}
	return nil
}

// newFindingWriter makes the writer for --format. inRepo: paths are relative to the
// repository's top level (the git modes), which SARIF's SRCROOT then stands for.
func newFindingWriter(format string, c cli, det *detector.Detector, inRepo bool) (findingWriter, error) {
	switch format {
	case "text":
		return &textWriter{w: c.stdout, summary: c.stderr}, nil
	case "json":
		enc := json.NewEncoder(c.stdout)
		enc.SetEscapeHTML(false)
		return &jsonWriter{enc: enc}, nil
	case "sarif":
		return newSARIFWriter(c.stdout, det.Rules(), inRepo), nil
	}
	return nil, fmt.Errorf("--format %q: want text, json or sarif", format)
}

type textWriter struct {
	w, summary io.Writer // summary is nil when none is wanted (rules test)
}

func (t *textWriter) finding(r scanResult) error {
	_, err := fmt.Fprintf(t.w, "%s:%d:%d %s %s %s %s\n", r.File, r.Line, r.Column,
		r.F.RuleID, r.F.Severity, r.F.Preview, r.F.ShortFingerprint())
	return err
}

func (t *textWriter) close(st scanStats) error {
	if t.summary == nil {
		return nil
	}
	errs := ""
	if len(st.errors) > 0 {
		errs = ", " + countOf(int64(len(st.errors)), "error", "errors")
	}
	lines := countOf(st.lines, "line", "lines")
	if st.added {
		lines = countOf(st.lines, "added line", "added lines")
	}
	_, err := fmt.Fprintf(t.summary, "leakwatch: scanned %s, %s, %s: %s, %d suppressed%s\n",
		countOf(st.files, "file", "files"), lines, countOf(st.bytes, "byte", "bytes"),
		countOf(st.findings, "finding", "findings"), st.suppressed, errs)
	return err
}

// findingJSON is the stable JSON form of a finding: redacted data only.
type findingJSON struct {
	Rule        string `json:"rule"`
	Severity    string `json:"severity"`
	Description string `json:"description"`
	File        string `json:"file"`
	Line        int    `json:"line"`
	Column      int    `json:"column"`
	Preview     string `json:"preview"`
	Fingerprint string `json:"fingerprint"`
	// Commit is the commit that added the line (--git-range only).
	Commit string `json:"commit,omitempty"`
}

type jsonWriter struct{ enc *json.Encoder }

func (j *jsonWriter) finding(r scanResult) error {
	return j.enc.Encode(findingJSON{
		Rule: r.F.RuleID, Severity: string(r.F.Severity), Description: r.F.Description,
		File: r.File, Line: r.Line, Column: r.Column, Preview: r.F.Preview, Fingerprint: r.F.ShortFingerprint(),
		Commit: r.Commit,
	})
}

func (j *jsonWriter) close(scanStats) error { return nil }

// countOf is "1 file", "2 files".
func countOf(n int64, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
