// Package ignorefile reads and appends to a fingerprint ignore list (.leakwatchignore): one
// fingerprint a line (the 12-digit short form or longer), each with a comment saying why
// after '#'. Lines that are blank or only a comment are skipped.
//
//	# fake tokens in our test fixtures
//	3f9a0c21d4b7  # tests/fixtures/login.log, generated fake (alice, 2026-11-30)
package ignorefile

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"time"

	"github.com/leakwatch/leakwatch/detector"
)

// DefaultName is the ignore file scan looks for in the directory it runs in and in each
// directory it scans, and the daemon's default in its data dir.
const DefaultName = ".leakwatchignore"

// Load reads path. A missing file is an empty list when optional is set. Errors name the file
// and line; a line's content is never quoted (it might be a pasted secret).
func Load(path string, optional bool) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		if optional && errors.Is(err, fs.ErrNotExist) {
			return nil, nil
		}
		return nil, fmt.Errorf("ignore file: %w", err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line, _, _ := strings.Cut(sc.Text(), "#")
		fields := strings.Fields(line)
		switch len(fields) {
		case 0:
			continue
		case 1:
		default:
			return nil, fmt.Errorf("ignore file %s:%d: one fingerprint a line, a comment after '#'", path, n)
		}
		if _, err := detector.NewIgnoreSet(fields); err != nil {
			return nil, fmt.Errorf("ignore file %s:%d: fingerprint: want 12 to 64 hex digits, as leakwatch prints them", path, n)
		}
		out = append(out, fields[0])
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("ignore file %s: %w", path, err)
	}
	return out, nil
}

// Append adds fp with a comment to path, creating it (0644: it holds no secret) when needed.
// It returns false when fp is already listed.
func Append(path, fp, comment string, now time.Time) (added bool, err error) {
	have, err := Load(path, true)
	if err != nil {
		return false, err
	}
	set, _ := detector.NewIgnoreSet(have)
	if set.Has(fp) {
		return false, nil
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		return false, fmt.Errorf("ignore file: %w", err)
	}
	comment = strings.Join(strings.Fields(comment), " ")
	_, err = fmt.Fprintf(f, "%s  # %s (%s)\n", fp, comment, now.UTC().Format(time.RFC3339))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return false, fmt.Errorf("ignore file %s: write: %w", path, err)
	}
	return true, nil
}
