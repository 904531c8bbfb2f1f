package sources

import (
	"context"
	"time"
)

// QueryKind says why a request was sent to a store: the label of the store-cost metrics
// (leakwatch_store_queries_total and its siblings), so an operator sees what each part of
// leakwatch costs the store.
type QueryKind string

const (
	QueryScan     QueryKind = "scan"     // reading a window with the pushdown filter
	QueryCount    QueryKind = "count"    // counting the lines in scope of a window before its scan
	QueryReverify QueryKind = "reverify" // re-verification of covered time: index volumes, counts, rescans
	QueryPurge    QueryKind = "purge"    // deleting leaked lines and checking they are gone
)

// QueryKinds lists every kind, for initialising metric series.
var QueryKinds = []QueryKind{QueryScan, QueryCount, QueryReverify, QueryPurge}

type queryKindKey struct{}

// WithQueryKind marks the requests made under ctx as kind. It is request-scoped data: the
// engine knows why it reads, the source that sends the request does not.
func WithQueryKind(ctx context.Context, kind QueryKind) context.Context {
	return context.WithValue(ctx, queryKindKey{}, kind)
}

// QueryKindOf is the kind ctx was marked with; unmarked requests are scans.
func QueryKindOf(ctx context.Context) QueryKind {
	if k, ok := ctx.Value(queryKindKey{}).(QueryKind); ok {
		return k
	}
	return QueryScan
}

// Cost is what one request cost the store, as the store itself reports it: Loki's
// stats.summary (bytes processed, execution time), Elasticsearch's took. A store that
// reports no execution time for a request is charged the request's duration.
type Cost struct {
	Kind           QueryKind
	ProcessedBytes int64
	Time           time.Duration
}
