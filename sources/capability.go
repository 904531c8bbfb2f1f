package sources

import (
	"context"
	"errors"
	"time"
)

// The capabilities a source may have besides Scan, declared once here. A consumer asks for
// one with As, which looks through wrappers, and treats a missing one as an answer it acts
// on (re-verification off and said so, a purge listing the lines for a person), never as a
// silent type-assertion miss.

// Volumer counts the lines a source holds in scope: n consecutive buckets of length step
// from from, without the pushdown filter (re-verification's counts).
type Volumer interface {
	Volumes(ctx context.Context, from time.Time, step time.Duration, n int) ([]int64, error)
}

// Signaler tells, without reading a line, whether what a source holds in a range may have
// changed: Loki's index volume (the bytes of the chunks overlapping the range). The signal
// is opaque; equal signals mean nothing was added; "" means no signal (count). A chunk that
// spans the range's bounds counts in full, so a changed signal is confirmed by a count.
type Signaler interface {
	Signal(ctx context.Context, from, to time.Time) (string, error)
}

// MappingChecker checks that the store maps the fields the source searches as it needs
// (Elasticsearch's _field_caps): at start and on every reload.
type MappingChecker interface {
	CheckMapping(ctx context.Context) error
}

// MappingMismatch is an error of CheckMapping that is the config's fault, not the store's
// (a field mapped otherwise than the block says): its message starts with the block's key
// at fault. Any other error of CheckMapping means the store could not be asked.
type MappingMismatch interface {
	error
	MappingMismatch()
}

// IsMappingMismatch tells a mapping that contradicts the config from a store that could
// not be asked.
func IsMappingMismatch(err error) bool {
	var m MappingMismatch
	return errors.As(err, &m)
}

// PathRedactor is a source that keeps paths of its own (files: a checkpoint by path): it
// passes them through redact (the detector's) before it stores them, since a secret in a
// file's path is log data as much as one in its lines. Set before the first scan.
type PathRedactor interface {
	RedactPaths(redact func(string) string)
}

// Wrapper is a source that wraps another (metrics, tracing, a test's decorator): As looks
// through it, so a wrapped source keeps its capabilities.
type Wrapper interface {
	Unwrap() Source
}

// As finds the first source in s's chain of wrappers (s, s.Unwrap(), …) that has
// capability T. ok is false when none has: the caller's explicit answer to a missing
// capability.
func As[T any](s Source) (T, bool) {
	for s != nil {
		if c, ok := s.(T); ok {
			return c, true
		}
		w, ok := s.(Wrapper)
		if !ok {
			break
		}
		s = w.Unwrap()
	}
	var zero T
	return zero, false
}

// Auditor is a source that checks facts itself instead of returning log lines (file
// permissions): the engine runs one audit per window and records its findings through the
// same path as the detector's. Its findings are metadata, built by the source (rule,
// fingerprint, line id); the engine redacts their locations as it does a line's.
type Auditor interface {
	Audit(ctx context.Context) (AuditResult, error)
}

// AuditResult is what one audit checked and found.
type AuditResult struct {
	Checked  int64 // items checked, counted as lines scanned
	Findings []AuditFinding
	// Incomplete lists what could not be checked: the window fails, so coverage never
	// claims what nobody looked at.
	Incomplete []string
	// Notes are what was left out on purpose, with why: logged, the window still covered.
	Notes []string
}

// AuditFinding is one violation an audit found: one incident per (Rule, Fingerprint).
type AuditFinding struct {
	Rule, Severity, Description string
	Fingerprint                 string // the same violation of the same item: the same incident
	Preview                     string // what a person is shown: metadata only
	LineID                      string // stable while the item's state is: a re-audit records nothing new
	Location                    string // where (a path): redacted by the engine before it is kept
}
