package filepermissions

import (
	"context"
	"path/filepath"
	"strings"

	"github.com/leakwatch/leakwatch/sources"
)

// Source is the daemon's file_permissions job: each run audits the files its globs select.
// It has no log lines; the engine calls Audit instead of Scan (sources.Auditor).
type Source struct {
	name  string
	roots []string
	opts  []Options // opts[i] holds the pattern for roots[i]
	// redact is applied to the notes and errors of an audit (nil: none).
	redact func(string) string
}

var _ sources.PathRedactor = (*Source)(nil)

// RedactPaths makes an audit's notes and errors, which name paths and are logged or kept as
// the window's error, pass through redact (the detector's): a secret in a path is log data
// as much as one in a line. Findings' locations are redacted by the engine.
func (s *Source) RedactPaths(redact func(string) string) { s.redact = redact }

// NewSource splits each glob into the directory before its first wildcard (the root walked)
// and the rest (the pattern); a relative glob is relative to the working directory.
func NewSource(name string, globs []string, o Options) (*Source, error) {
	s := &Source{name: name}
	for _, g := range globs {
		root, pat := SplitGlob(g)
		oi := o
		oi.Patterns = []string{pat}
		if err := oi.Validate(); err != nil {
			return nil, err
		}
		s.roots, s.opts = append(s.roots, root), append(s.opts, oi)
	}
	return s, nil
}

// SplitGlob returns the leading directories of g that hold no wildcard, and the rest.
func SplitGlob(g string) (root, pattern string) {
	segs := strings.Split(filepath.ToSlash(g), "/")
	i := 0
	for i < len(segs)-1 && !strings.ContainsAny(segs[i], "*?[") {
		i++
	}
	root = strings.Join(segs[:i], "/")
	switch {
	case root == "" && strings.HasPrefix(g, "/"):
		root = "/"
	case root == "":
		root = "."
	}
	return filepath.FromSlash(root), strings.Join(segs[i:], "/")
}

func (s *Source) Name() string { return s.name }

// Scan has no lines to give: the engine audits this source through Audit.
func (s *Source) Scan(context.Context, sources.Request, func(context.Context, sources.Page) error) error {
	return nil
}

// Check runs one audit over every glob. A root that does not exist is no error here (the
// files may come later); a directory that cannot be read is.
func (s *Source) Check(ctx context.Context) (Result, error) {
	var all Result
	seen := map[string]bool{}
	for i, root := range s.roots {
		if err := ctx.Err(); err != nil {
			return all, err
		}
		if !exists(root) {
			continue
		}
		r, err := Audit([]string{root}, s.opts[i])
		if err != nil {
			return all, err
		}
		all.Checked += r.Checked
		for _, v := range r.Violations {
			if !seen[v.Path] {
				seen[v.Path] = true
				all.Violations = append(all.Violations, v)
			}
		}
		all.Notes = append(all.Notes, r.Notes...)
		all.Errors = append(all.Errors, r.Errors...)
	}
	return all, nil
}
