// Package sources defines what a log store must provide to be scanned, the capabilities a
// store may have besides (capability.go), and the registry of store types (registry.go).
// One package per store type implements it and registers itself: sources/file,
// sources/loki, sources/elasticsearch (elasticsearch and opensearch),
// sources/filepermissions; sources/all links them all into a build.
package sources

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/leakwatch/leakwatch/pushdown"
)

// DefaultTimeout bounds one request to a store unless a source sets its own: Loki's own
// http_server_write_timeout (30 s by default), past which Loki cuts a query anyway (a cut
// query is split, see sources/loki).
const DefaultTimeout = 30 * time.Second

// Window is the half-open time range [Start, End).
type Window struct {
	Start, End time.Time
}

func (w Window) String() string {
	return fmt.Sprintf("[%s, %s)", w.Start.UTC().Format(time.RFC3339Nano), w.End.UTC().Format(time.RFC3339Nano))
}

// Filter is the pushdown hint: the store-independent plan (pushdown.Build) that every
// line the detector may report satisfies. A nil Plan means "every line".
type Filter struct {
	Plan *pushdown.Plan
}

// Line is one log line (or one bounded piece of a very long one).
type Line struct {
	Time time.Time
	// Text is the line's bytes. For a piece of a longer line, the first Overlap bytes repeat
	// the end of the previous piece so a secret cut by the split is still seen whole.
	Text    []byte
	Overlap int
	Labels  map[string]string
	// ID identifies the line within its source for idempotent rescans: reading it again
	// yields the same ID.
	ID string
	// Link opens the line for a person (Grafana Explore, Kibana Discover, file:line).
	Link string
	// Location is a short human form of where the line is ("app.log:42", stream labels).
	Location string
	// Fields are the record's other values, scanned like Text: Loki's structured metadata.
	// A finding in one is located by FieldLocation.
	Fields []Field
	// StreamOnly marks a record that carries no log line, only a stream's Labels: how a
	// source that filters lines in the store (pushdown) still has every stream's labels
	// scanned. Its Text is empty and it counts as no line scanned.
	StreamOnly bool
}

// Field is one named value of a record besides its text.
type Field struct {
	Name, Value string
	// Kind is where in the record the value is: InMetadata when empty.
	Kind FieldKind
	// Shared marks a value many records carry (an index name): a finding in it is one
	// sighting of the value, recorded once per page, as a stream label's is.
	Shared bool
}

// FieldKind is where in a record, besides its text, a finding was: the first words of its
// FieldLocation.
type FieldKind string

// Kinds of FieldLocation.
const (
	InLabel    FieldKind = "label"               // a stream label (Loki) or a label field (Elasticsearch)
	InMetadata FieldKind = "structured metadata" // Loki's per-entry structured metadata
	InDocName  FieldKind = "document name"       // an Elasticsearch document's _index or _id
)

// FieldLocation is the location of a finding in field name of kind (InLabel, InMetadata, InDocName)
// of the record at loc: "label url of {job=\"api\", …} @ 2026-…".
func FieldLocation(kind FieldKind, name, loc string) string {
	return string(kind) + " " + name + " of " + loc
}

// SplitFieldLocation undoes FieldLocation: kind is "" for a finding in the record's text.
func SplitFieldLocation(loc string) (kind FieldKind, name, rest string) {
	for _, k := range []FieldKind{InLabel, InMetadata, InDocName} {
		if after, ok := strings.CutPrefix(loc, string(k)+" "); ok {
			if n, r, ok := strings.Cut(after, " of "); ok {
				return k, n, r
			}
		}
	}
	return "", "", loc
}

// Page is a batch of lines the engine records in one transaction.
type Page struct {
	Lines []Line
	// Checkpoint, when non-nil, is the source's opaque resume position after this page. The
	// engine stores it in the same transaction as the page's findings and hands it back in
	// the next Request: checkpoint-driven sources (files) resume from it; window-driven
	// sources (Loki, Elasticsearch) leave it nil.
	Checkpoint []byte
}

// Request asks for the lines of a window.
type Request struct {
	Window     Window
	Filter     Filter
	Checkpoint []byte
}

// Source is a log store.
type Source interface {
	Name() string
	// Scan streams the lines of req.Window page by page to emit, in order. It returns nil only
	// when every line of the window was read and emit accepted every page; any error, including
	// one from emit, means the window was not fully scanned.
	Scan(ctx context.Context, req Request, emit func(context.Context, Page) error) error
}

// Closer is implemented by sources holding resources (connections, open points in time).
type Closer interface {
	Close() error
}

// ErrorKind classifies a source failure for the source_errors_total{kind} metric.
type ErrorKind string

const (
	KindTransport ErrorKind = "transport" // connection refused, timeout, TLS
	KindThrottled ErrorKind = "throttled" // 429
	KindServer    ErrorKind = "server"    // 5xx
	KindProtocol  ErrorKind = "protocol"  // malformed/truncated body, partial shard results
	KindConfig    ErrorKind = "config"    // 400/401/403/404: retrying will not help
)

// Error is a classified source error. Messages never carry log lines or credentials.
type Error struct {
	Kind ErrorKind
	// Retryable: the same request may succeed later (throttling, 5xx, transport).
	Retryable bool
	// Cut: the server closed the connection mid-request or answered that the request timed
	// out. The same request would likely fail the same way; a smaller one may not.
	Cut bool
	Err error
}

func (e *Error) Error() string { return e.Err.Error() }
func (e *Error) Unwrap() error { return e.Err }
