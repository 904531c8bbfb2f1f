package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/leakwatch/leakwatch/internal/linereader"
	"github.com/leakwatch/leakwatch/sources/file"
)

// The git modes scan what a commit or a push adds, as a pre-commit or CI gate: only the
// added lines of a diff, reported at the file's path (relative to the repository's top
// level) and the line's number in the new file. Removed lines are never scanned, so a
// commit that deletes a leaked token passes. A rename without changes adds no line.
//
// The diff is read as one stream with bounded memory (file.ReadPieces), so a huge added line
// is scanned in pieces like any other input.

// gitArgs are the diff options both modes share: no context lines (only + and - lines),
// rename detection, every file as text (a binary file can hold a key too), no external diff
// or textconv driver, fixed a/ and b/ prefixes and paths from the top level whatever the
// user's diff configuration says.
var gitArgs = []string{"-U0", "--no-color", "--no-ext-diff", "--no-textconv", "--text", "-M",
	"--src-prefix=a/", "--dst-prefix=b/", "--no-relative", "--ignore-submodules=all"}

// gitCommand runs git in dir with the options that keep its output parseable.
func gitCommand(ctx context.Context, dir string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, "git", append([]string{"-c", "core.quotePath=false", "-C", dir}, args...)...)
	cmd.Env = append(os.Environ(), "GIT_PAGER=cat", "LC_ALL=C")
	return cmd
}

// gitTopLevel is the top-level directory of the repository the working directory is in.
func gitTopLevel(ctx context.Context) (string, error) {
	var errb bytes.Buffer
	cmd := gitCommand(ctx, ".", "rev-parse", "--show-toplevel")
	cmd.Stderr = &errb
	out, err := cmd.Output()
	if err != nil {
		return "", gitError("git rev-parse --show-toplevel", err, errb.String())
	}
	return strings.TrimRight(string(out), "\n"), nil
}

func gitError(what string, err error, stderr string) error {
	if errors.Is(err, exec.ErrNotFound) {
		return fmt.Errorf("%s: git is not installed or not in PATH (the git modes run git)", what)
	}
	if msg := strings.TrimSpace(stderr); msg != "" {
		if i := strings.IndexByte(msg, '\n'); i > 0 {
			msg = msg[:i]
		}
		return fmt.Errorf("%s: %s", what, msg)
	}
	return fmt.Errorf("%s: %w", what, err)
}

// scanGit scans the staged changes (rng empty) or every commit of a revision range, as
// `git log` takes it (BASE..HEAD), commit by commit: a token added in one commit of a push
// and removed in a later one is still in the pushed history, and is reported at the commit
// that added it.
func (s *streamScanner) scanGit(ctx context.Context, top, rng string) error {
	var args []string
	what := "git diff --cached"
	if rng == "" {
		args = append([]string{"diff", "--cached"}, gitArgs...)
	} else {
		what = "git log -p " + rng
		// Merge commits are not diffed: their changes are the commits they merge, scanned
		// as those commits.
		args = append([]string{"log", "--reverse", "--format=commit %H", "-p", "--diff-merges=off"}, gitArgs...)
		args = append(args, rng, "--")
	}
	var errb bytes.Buffer
	cmd := gitCommand(ctx, top, args...)
	cmd.Stderr = &errb
	out, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return gitError(what, err, "")
	}
	perr := s.scanDiff(ctx, out, what)
	if perr != nil {
		// Stop git rather than wait for it to write a diff nobody reads.
		io.Copy(io.Discard, out)
	}
	werr := cmd.Wait()
	if perr != nil {
		return perr
	}
	if werr != nil {
		return gitError(what, werr, errb.String())
	}
	return nil
}

// diffState follows a unified diff with no context lines.
type diffState struct {
	commit  string
	path    string // the new file's path; "" for a deleted file
	newLine int    // number in the new file of the next + line
	// oldLeft and newLeft count the hunk's lines still to come.
	oldLeft, newLeft int
	// kind is the current line's: '+' (scanned), '-' or ' ' (skipped), 'h' (a header).
	kind  byte
	lineN int // the current + line's number in the new file
	lp    linePieces
	// files counts the files with added lines; last is the last one counted.
	last string
}

// scanDiff scans the added lines of a diff (git diff or git log -p output).
func (s *streamScanner) scanDiff(ctx context.Context, r io.Reader, what string) error {
	var d diffState
	s.stats.added = true
	return file.ReadPieces(ctx, r, what, s.maxLine, func(p linereader.Piece) error {
		if p.First {
			if err := d.line(p.Text); err != nil {
				return fmt.Errorf("%s: line %d: %w", what, p.LineNo, err)
			}
			if d.kind == '+' {
				s.stats.lines++
				if key := d.commit + "\x00" + d.path; key != d.last {
					d.last = key
					s.stats.files++
				}
			}
		}
		if d.kind != '+' {
			return nil
		}
		return s.scanPiece(&d.lp, p, 1, d.path, d.lineN, d.commit)
	})
}

// line classifies a diff line from its first piece.
func (d *diffState) line(text []byte) error {
	if d.oldLeft > 0 || d.newLeft > 0 {
		if len(text) == 0 {
			return errors.New("empty line inside a hunk (not a git diff?)")
		}
		d.kind = text[0]
		switch d.kind {
		case '+':
			d.lineN = d.newLine
			d.newLine++
			d.newLeft--
		case '-':
			d.oldLeft--
		case ' ':
			d.newLine++
			d.oldLeft--
			d.newLeft--
		case '\\': // "\ No newline at end of file"
		default:
			return fmt.Errorf("unexpected %q inside a hunk (not a git diff?)", d.kind)
		}
		if d.oldLeft < 0 || d.newLeft < 0 {
			return errors.New("hunk longer than its header says")
		}
		return nil
	}
	d.kind = 'h'
	switch {
	case bytes.HasPrefix(text, []byte("commit ")):
		d.commit = string(bytes.TrimSpace(text[len("commit "):]))
		d.path = ""
	case bytes.HasPrefix(text, []byte("diff --git ")):
		d.path = ""
	case bytes.HasPrefix(text, []byte("+++ ")):
		name := string(text[len("+++ "):])
		if name == "/dev/null" {
			d.path = ""
			return nil
		}
		p, err := gitPath(name)
		if err != nil {
			return err
		}
		p, ok := strings.CutPrefix(p, "b/")
		if !ok {
			return fmt.Errorf("new file name %q without the b/ prefix", p)
		}
		d.path = p
	case bytes.HasPrefix(text, []byte("@@ ")):
		oldN, newStart, newN, err := parseHunk(string(text))
		if err != nil {
			return err
		}
		if d.path == "" && newN > 0 {
			return errors.New("hunk adding lines before its file's +++ line")
		}
		d.oldLeft, d.newLeft, d.newLine = oldN, newN, newStart
	}
	return nil
}

// gitPath undoes git's quoting of a file name: "b/a\tb" in C style when it holds special
// bytes, and a tab after a name with a space.
func gitPath(name string) (string, error) {
	name = strings.TrimSuffix(name, "\t")
	if !strings.HasPrefix(name, `"`) {
		return name, nil
	}
	// git escapes \a \b \t \n \v \f \r \" \\ and other bytes as three octal digits, all of
	// which strconv.Unquote reads as bytes.
	p, err := strconv.Unquote(name)
	if err != nil {
		return "", fmt.Errorf("file name %s: %v", name, err)
	}
	return p, nil
}

// parseHunk reads "@@ -a[,b] +c[,d] @@ ...": the old line count and the new range.
func parseHunk(h string) (oldN, newStart, newN int, err error) {
	f := strings.Fields(h)
	if len(f) < 4 || f[3] != "@@" || !strings.HasPrefix(f[1], "-") || !strings.HasPrefix(f[2], "+") {
		return 0, 0, 0, fmt.Errorf("malformed hunk header %q", h)
	}
	_, oldN, err = parseRange(f[1][1:])
	if err != nil {
		return 0, 0, 0, fmt.Errorf("hunk header %q: %v", h, err)
	}
	newStart, newN, err = parseRange(f[2][1:])
	if err != nil {
		return 0, 0, 0, fmt.Errorf("hunk header %q: %v", h, err)
	}
	return oldN, newStart, newN, nil
}

func parseRange(r string) (start, n int, err error) {
	a, b, comma := strings.Cut(r, ",")
	if start, err = strconv.Atoi(a); err != nil || start < 0 {
		return 0, 0, fmt.Errorf("bad range %q", r)
	}
	n = 1
	if comma {
		if n, err = strconv.Atoi(b); err != nil || n < 0 {
			return 0, 0, fmt.Errorf("bad range %q", r)
		}
	}
	return start, n, nil
}

// gitListFiles lists the files of a directory that git does not ignore: tracked files and
// untracked ones .gitignore (and .git/info/exclude, the global excludes) leave in.
func gitListFiles(ctx context.Context, dir string) ([]string, error) {
	var errb bytes.Buffer
	cmd := gitCommand(ctx, dir, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
	cmd.Stderr = &errb
	out, err := cmd.Output()
	if err != nil {
		return nil, gitError("--gitignore: git ls-files in "+dir, err, errb.String())
	}
	var paths []string
	seen := map[string]bool{}
	for _, rel := range strings.Split(string(out), "\x00") {
		if rel == "" || seen[rel] {
			continue
		}
		seen[rel] = true // a file in conflict is listed once per stage
		p := filepath.Join(dir, filepath.FromSlash(rel))
		// Tracked files deleted from the work tree, and submodules, are not files to read.
		if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() {
			paths = append(paths, p)
		}
	}
	return paths, nil
}

// excludedUnder is --exclude for a file listed under root: a pattern matching the file or any
// directory between root and it (full path, or base name for a pattern without a separator)
// leaves the file out, as it does in a directory walk.
func excludedUnder(exclude []string, root, path string) bool {
	root = filepath.Clean(root)
	for p := filepath.Clean(path); p != root && p != "." && p != string(filepath.Separator); p = filepath.Dir(p) {
		for _, x := range exclude {
			if ok, _ := filepath.Match(x, p); ok {
				return true
			}
			if !strings.ContainsRune(x, filepath.Separator) {
				if ok, _ := filepath.Match(x, filepath.Base(p)); ok {
					return true
				}
			}
		}
	}
	return false
}
