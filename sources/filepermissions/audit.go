// Package filepermissions is the file_permissions store type: it checks that secret files on
// a host (.env and friends) are not readable by others (also `leakwatch audit`): every file matching the patterns under the given roots must have no permission bit
// outside MaxMode and, when Owner is set, belong to that user. It looks at metadata only and
// never opens a file, so no content can reach its output.
//
// Symbolic links are followed with care: a matching link is checked through its target and
// reported with both paths (a 0600 link to a 0644 file is a violation); a dangling or looping
// link is reported as such; a linked directory is walked once, and a directory already
// visited (by device and inode) is never entered again, so a link cycle cannot loop. A link
// to a directory outside its root is not followed (a note says so): an audit of /srv never
// wanders into / through a link. A directory leakwatch cannot read is a note as well: the
// audit reports what it could not see instead of failing as a whole.
package filepermissions

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

// Defaults of a file_permissions audit.
var DefaultPatterns = []string{"**/.env", "**/.env.*"}

const DefaultMaxMode fs.FileMode = 0o600

// Options configure an audit.
type Options struct {
	// Patterns are slash-separated globs relative to each root; "**" matches any number of
	// directories (default DefaultPatterns).
	Patterns []string
	// MaxMode holds every permission bit a file may have (default 0600).
	MaxMode fs.FileMode
	// Owner, when set, is the user name or numeric uid every file must belong to.
	Owner string
}

// Violation is one file that breaks the policy.
type Violation struct {
	// Path is the file as reached under its root; Target is where a symbolic link at Path
	// (or in its directory chain) resolves to, empty when Path is no link.
	Path   string `json:"path"`
	Target string `json:"target,omitempty"`
	// Mode is the file's permission bits, as octal text ("0644").
	Mode  string `json:"mode"`
	Owner string `json:"owner"`
	// Problems say what is wrong, one fixed sentence each.
	Problems []string `json:"problems"`
}

// Note is a path that could not be checked but does not make the audit fail: a dangling or
// looping link, a link to a directory outside the root, a directory it cannot read.
type Note struct {
	Path   string `json:"path"`
	Reason string `json:"reason"`
}

// Result of an audit. Errors make it incomplete (an unreadable directory, a missing root).
type Result struct {
	Checked    int         `json:"checked"`
	Violations []Violation `json:"violations"`
	Notes      []Note      `json:"notes,omitempty"`
	Errors     []string    `json:"errors,omitempty"`
}

// Clean reports a complete audit without violations.
func (r Result) Clean() bool { return len(r.Violations) == 0 && len(r.Errors) == 0 }

// checkGlobs is the one check of the globs ("**" matches any directories), a block's paths
// and an audit's patterns; errors start with the key at fault.
func checkGlobs(globs []string) error {
	for i, g := range globs {
		if _, err := path.Match(strings.ReplaceAll(filepath.ToSlash(g), "**", "*"), ""); err != nil || g == "" {
			return fmt.Errorf("paths[%d]: bad glob %q", i, g)
		}
	}
	return nil
}

// Validate checks opts and fills what it leaves zero with the defaults (DefaultPatterns,
// DefaultMaxMode; a config's block starts from the same).
func (o *Options) Validate() error {
	if len(o.Patterns) == 0 {
		o.Patterns = DefaultPatterns
	}
	if err := checkGlobs(o.Patterns); err != nil {
		return err
	}
	if o.MaxMode == 0 {
		o.MaxMode = DefaultMaxMode
	}
	if o.MaxMode&^fs.ModePerm != 0 {
		return fmt.Errorf("max_mode %#o: want permission bits only (such as 0600)", o.MaxMode)
	}
	return nil
}

// Audit checks every matching file under roots. A root that is a file is checked whatever
// its name.
func Audit(roots []string, o Options) (Result, error) {
	if err := o.Validate(); err != nil {
		return Result{}, err
	}
	a := &auditor{o: o, visited: map[fileID]bool{}, seen: map[string]string{}}
	for _, root := range roots {
		fi, err := os.Lstat(root)
		if err != nil {
			a.res.Errors = append(a.res.Errors, fmt.Sprintf("%s: %v", root, unwrapPath(err)))
			continue
		}
		if fi.IsDir() || fi.Mode()&fs.ModeSymlink != 0 && isDir(root) {
			real, err := filepath.EvalSymlinks(root)
			if err != nil {
				a.res.Errors = append(a.res.Errors, fmt.Sprintf("%s: %v", root, unwrapPath(err)))
				continue
			}
			a.root = real
			a.walk(root, root, "")
			continue
		}
		a.check(root, "")
	}
	sort.Slice(a.res.Violations, func(i, j int) bool { return a.res.Violations[i].Path < a.res.Violations[j].Path })
	if a.res.Violations == nil {
		a.res.Violations = []Violation{}
	}
	return a.res, nil
}

type auditor struct {
	o       Options
	root    string // the root being walked, links resolved
	res     Result
	visited map[fileID]bool   // directories entered, by device and inode
	seen    map[string]string // files checked, by resolved path, with the path first checked (two links to one file: once)
}

func isDir(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}

// unwrapPath drops the path a *PathError repeats.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// walk lists dir (reached as shown, relative name rel under its root), checking matching
// files and entering subdirectories, through links too, each directory once.
func (a *auditor) walk(root, dir, rel string) {
	fi, err := os.Stat(dir)
	if err != nil {
		a.res.Errors = append(a.res.Errors, fmt.Sprintf("%s: %v", dir, unwrapPath(err)))
		return
	}
	if id, ok := idOf(fi); ok {
		if a.visited[id] {
			return // a link back to a directory already walked: no loop, no double report
		}
		a.visited[id] = true
	}
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrPermission) {
		a.res.Notes = append(a.res.Notes, Note{Path: dir, Reason: "directory leakwatch cannot read: the files in it were not checked"})
		return
	}
	if err != nil {
		a.res.Errors = append(a.res.Errors, fmt.Sprintf("%s: %v (the audit cannot see inside it)", dir, unwrapPath(err)))
		return
	}
	for _, e := range entries {
		p, r := filepath.Join(dir, e.Name()), path.Join(rel, e.Name())
		switch {
		case e.IsDir():
			a.walk(root, p, r)
		case e.Type()&fs.ModeSymlink != 0:
			st, err := os.Stat(p)
			if err == nil && st.IsDir() {
				if real, err := filepath.EvalSymlinks(p); err != nil || !within(real, a.root) {
					a.res.Notes = append(a.res.Notes, Note{Path: p, Reason: "symbolic link to a directory outside the audited root: not followed"})
					continue
				}
				a.walk(root, p, r)
				continue
			}
			if a.matches(r) {
				a.check(p, r)
			}
		case e.Type().IsRegular():
			if a.matches(r) {
				a.check(p, r)
			}
		}
	}
}

// within reports whether p is root or under it (both resolved).
func within(p, root string) bool {
	rel, err := filepath.Rel(root, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

func (a *auditor) matches(rel string) bool {
	for _, p := range a.o.Patterns {
		if globMatch(p, rel) {
			return true
		}
	}
	return false
}

// check audits one file through any link, by metadata only.
func (a *auditor) check(p, rel string) {
	target := ""
	resolved, err := filepath.EvalSymlinks(p)
	if err != nil {
		reason := "dangling symbolic link, not checked"
		if !errors.Is(err, fs.ErrNotExist) {
			reason = "symbolic link that cannot be resolved (a loop, or a directory leakwatch cannot read), not checked"
		}
		a.res.Notes = append(a.res.Notes, Note{Path: p, Reason: reason})
		return
	}
	ra, err1 := filepath.Abs(resolved)
	pa, err2 := filepath.Abs(p)
	if err1 == nil && err2 == nil && ra != pa {
		target = ra
	}
	fi, err := os.Stat(resolved)
	if err != nil {
		a.res.Errors = append(a.res.Errors, fmt.Sprintf("%s: %v", p, unwrapPath(err)))
		return
	}
	if !fi.Mode().IsRegular() {
		return
	}
	if first, ok := a.seen[resolved]; ok {
		if target != "" {
			// A second link to a checked file: not silent, so every matching path is
			// accounted for. (The file itself after a link to it was reported with its
			// target: nothing to add.)
			a.res.Notes = append(a.res.Notes, Note{Path: p, Reason: "symbolic link to " + resolved + ", checked once, as " + first})
		}
		return
	}
	a.seen[resolved] = p
	a.res.Checked++
	perm := fi.Mode().Perm()
	uid, owner := ownerOf(fi)
	var problems []string
	if extra := perm &^ a.o.MaxMode; extra != 0 {
		problems = append(problems, fmt.Sprintf("mode %#04o allows %s beyond %#04o", perm, describeBits(extra), a.o.MaxMode))
	}
	if a.o.Owner != "" && a.o.Owner != owner && a.o.Owner != uid {
		problems = append(problems, fmt.Sprintf("owned by %s, want %s", owner, a.o.Owner))
	}
	if len(problems) == 0 {
		return
	}
	a.res.Violations = append(a.res.Violations, Violation{
		Path: p, Target: target, Mode: fmt.Sprintf("%#04o", perm), Owner: owner, Problems: problems,
	})
}

// describeBits names permission bits by who gets what ("group read, other read").
func describeBits(m fs.FileMode) string {
	var out []string
	for _, x := range []struct {
		bit  fs.FileMode
		name string
	}{{0o400, "owner read"}, {0o200, "owner write"}, {0o100, "owner execute"},
		{0o040, "group read"}, {0o020, "group write"}, {0o010, "group execute"},
		{0o004, "other read"}, {0o002, "other write"}, {0o001, "other execute"}} {
		if m&x.bit != 0 {
			out = append(out, x.name)
		}
	}
	return strings.Join(out, ", ")
}

// globMatch matches a slash-separated relative path against a pattern whose "**" segments
// match any number of directories.
func globMatch(pattern, name string) bool {
	return matchSegs(strings.Split(pattern, "/"), strings.Split(name, "/"))
}

func matchSegs(pat, segs []string) bool {
	for len(pat) > 0 {
		if pat[0] == "**" {
			for i := 0; i <= len(segs); i++ {
				if matchSegs(pat[1:], segs[i:]) {
					return true
				}
			}
			return false
		}
		if len(segs) == 0 {
			return false
		}
		if ok, _ := path.Match(pat[0], segs[0]); !ok {
			return false
		}
		pat, segs = pat[1:], segs[1:]
	}
	return len(segs) == 0
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
