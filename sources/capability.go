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

// PathRedactor is a source that keeps or reports paths of its own (files: a checkpoint by
// path; file_permissions: an audit's notes and errors): it passes them through redact (the
// detector's) before it stores or reports them, since a secret in a file's path is log data
// as much as one in its lines. Set before the first scan.
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

// Purger is a source that can delete recorded lines from its store (`leakwatch incidents
// purge`): it plans the deletes, and the purge package shows them (dry run), refuses the
// ones the plan refuses, sends the others, records each on the incident and follows those
// the store carries out later. A source without it (files: leakwatch never edits what it
// reads) has its lines listed for a person to remove.
type Purger interface {
	// Purging says how this source deletes: the kind recorded with each request, and
	// whether requests are carried out later and followed.
	Purging() Purging
	// PlanPurge turns an incident's recorded lines into requests. Lines no request can
	// cover are in the plan's Skipped (also when err is set).
	PlanPurge(lines []PurgeLine, o PurgeOptions) (PurgePlan, error)
}

// PurgeKind names how lines were deleted, as recorded on the incident with each request
// ("loki", "elasticsearch"; "file" for lines listed for a person).
type PurgeKind string

// Purging is how a Purger deletes.
type Purging struct {
	Kind PurgeKind
	// Followed: the store accepts a request and carries it out later (Loki's delete
	// requests): its requests are PurgeFollowers, followed until the lines no longer come
	// back, and `--check` follows them again. Otherwise Send's answer is final.
	Followed bool
}

// PurgeLine is one recorded line of an incident.
type PurgeLine struct {
	LineID   string // as Scan set Line.ID
	Location string // as Scan set Line.Location ("" for lines recorded before locations were kept)
	Preview  string // the finding's redacted preview: the only trace of the secret a request may use
	// Time is the line's time (Line.Time): where a store searches for a line its location
	// no longer names (Elasticsearch: a document whose index or _id held a secret).
	Time time.Time
}

// PurgeOptions change what PlanPurge accepts.
type PurgeOptions struct {
	// WholeMillisecond accepts requests that cannot be limited to the leaked line (Loki:
	// no line filter, so every line of its stream in its millisecond). Without it they are
	// refused.
	WholeMillisecond bool
}

// PurgePlan is what a Purger would send for a set of lines.
type PurgePlan struct {
	Requests []PurgeRequest
	Skipped  []PurgeSkip // lines no request covers: counted as failed, not recorded
}

// PurgeSkip is a line no request can cover, with why.
type PurgeSkip struct {
	LineID string
	Why    string // follows "line <id> " in what the person is told
}

// PurgeRequest is one planned delete. Its String never holds a secret (it is printed,
// recorded, and the store may list it to anyone).
type PurgeRequest interface {
	// String is the exact request: shown, recorded, and how `--check` finds it again.
	String() string
	// Lines is how many recorded lines the request covers.
	Lines() int
	// Refused, when set, says why the request must not be sent; Where then says which
	// lines it is about ("at <time>").
	Refused() string
	Where() string
	// Notes say what the request may delete beyond the leaked lines.
	Notes() []string
	// Describe is what a dry run prints for the request (indented lines), with what the
	// store can tell about its reach.
	Describe(ctx context.Context) string
	// Send sends the request. Said is what the person is told, also with an error; an
	// error that is a *PurgeError says what it means for the rest.
	Send(ctx context.Context) (PurgeSent, error)
}

// PurgeSent is the store's answer to one request.
type PurgeSent struct {
	Said    string // follows "source <name> (<kind>): "; ends with a newline
	ID      string // the store's id of an accepted request (followed ones)
	Outcome string // recorded with the request
	// Deleted and Failed count the lines when the answer is final (not followed).
	Deleted, Failed int
}

// PurgeError is a failed Send, with what it means for the requests after it.
type PurgeError struct {
	Err error
	// Refused: the store refuses deletes (not enabled, not allowed): recorded as refused,
	// not failed.
	Refused bool
	// Stop: the rest would fail the same way, or the failure is the purge's answer:
	// nothing more is sent and the error is returned.
	Stop bool
}

func (e *PurgeError) Error() string { return e.Err.Error() }
func (e *PurgeError) Unwrap() error { return e.Err }

// PurgeFollower is a request the store carries out after accepting it: followed until
// processed, then until its lines no longer come back ("processed" does not mean gone).
type PurgeFollower interface {
	PurgeRequest
	// Processed reports whether the store has carried out the request it accepted as id.
	Processed(ctx context.Context, id string) (bool, error)
	// Gone reports whether the request's lines no longer come back from the store.
	Gone(ctx context.Context) (bool, error)
	// FollowWords are what the person is told, and what is recorded, at each step.
	FollowWords() FollowWords
}

// FollowWords are a PurgeFollower's words for the steps of following a request.
type FollowWords struct {
	Processed        string // said when the store has carried it out
	ProcessedOutcome string // recorded then
	Gone             string // said when the lines no longer come back
	GoneOutcome      string // recorded then
	NotProcessed     string // said and recorded when the wait ends before it is carried out
	StillThere       string // said and recorded when it ends carried out, the lines still there
}
