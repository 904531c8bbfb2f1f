// Package elasticsearch scans Elasticsearch (7.12+, 8) and OpenSearch (2.x) indices for the
// lines of a time window.
//
// # Client
//
// Plain net/http with typed request and response structs, no client module:
// go-elasticsearch v8 refuses to talk to OpenSearch (its product check fails), and
// opensearch-go has neither Elasticsearch's point-in-time paths nor pit_id in its typed
// search response. The few endpoints needed (GET /, open/close point in time, _search) are
// small and documented; owning them lets us check every response for partial results. The
// flavour and version come from GET / (version.distribution "opensearch", version.number).
//
// # Paging a window exactly
//
// The window [start, end) becomes the range [ceil_ms(start), ceil_ms(end)) in
// epoch_millis: date fields hold milliseconds, and adjacent windows share the boundary, so
// every document falls in exactly one window. Pages are read with search_after over a
// point in time (a frozen view), from 0, size ≤ 10000 (so "Result window is too large"
// cannot happen with the default index.max_result_window), track_total_hits false, sorted by
// timestamp (numeric_type date: epoch-ms sort values) and a unique tiebreaker:
//   - Elasticsearch: POST /<index>/_pit, searches on /_search with the pit; Elasticsearch
//     appends _shard_doc itself. The whole sort array of the last hit is sent back verbatim.
//   - OpenSearch 2: POST /<index>/_search/point_in_time; there is no _shard_doc before 3.3
//     and sorting on _id is not portable, so TiebreakerField (a unique keyword) is required.
//   - Without a point in time (older versions, DisablePIT, or a 403 when opening one):
//     search_after on /<index>/_search with the tiebreaker. Weaker — documents indexed or
//     deleted while the window is read can shift pages — so it is logged once as a warning.
//
// The newest pit_id of every answer is used. The point in time is always closed, also on
// error or cancellation (with a fresh short context). An expired point in time (404
// search_context_missing_exception) is reopened; on Elasticsearch, whose _shard_doc values
// belong to the old one, the scan resumes at the last timestamp and skips the documents it
// already read there (their IDs are kept), so nothing is lost or doubled.
//
// # Failures
//
// 429 (also rejected executions wrapped in search_phase_execution_exception, or 200s whose
// only shard failures are rejections), 502/503/504 and transport errors are retried with
// exponential backoff and jitter on the next node, then returned as a retryable
// sources.Error. A 200 with _shards.failed > 0 or timed_out true fails the page: partial
// results never count. Errors quote the cluster's type and reason, never documents or
// credentials.
//
// # Pushdown
//
// The plan's keywords become a query (pushdown.go) built per field type (text, keyword,
// wildcard) so that it never drops a document holding a keyword; pushdown "none" reads every
// document in the window and "query" takes the user's own query DSL.
package elasticsearch
