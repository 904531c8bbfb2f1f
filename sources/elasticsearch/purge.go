package elasticsearch

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/leakwatch/leakwatch/sources"
)

// The purge capability (sources.Purger): one _bulk delete of the recorded documents, whose
// answer is final (a result per document; refresh=wait_for, so a search right after no
// longer finds them).

// PurgeKind is recorded with every bulk delete a purge sends (Elasticsearch and OpenSearch).
const PurgeKind sources.PurgeKind = "elasticsearch"

// Purging is an Elasticsearch source's way of deleting: one bulk request, answered at once.
func (s *Source) Purging() sources.Purging { return sources.Purging{Kind: PurgeKind} }

// PlanPurge plans one bulk delete of the lines' documents, found by their location
// (index/_id). A location that no longer hashes to its line id was redacted when recorded (the
// index or _id held a secret, which leakwatch does not keep): that document is found again by
// its time and its hash (findPurge), never by the redacted name, which would delete nothing
// and report the document gone. A line recorded before ids were hashed has index/_id as its
// id, used when it has no location.
func (s *Source) PlanPurge(lines []sources.PurgeLine, _ sources.PurgeOptions) (sources.PurgePlan, error) {
	var plan sources.PurgePlan
	var docs []DeleteDoc
	for _, l := range lines {
		kind, field, loc := sources.SplitFieldLocation(l.Location)
		if why := sharedValue(kind, field); why != "" {
			plan.Skipped = append(plan.Skipped, sources.PurgeSkip{LineID: l.LineID, Why: why})
			continue
		}
		hashed := strings.HasPrefix(l.LineID, docIDPrefix)
		if loc == "" && !hashed {
			loc = l.LineID
		}
		d, err := ParseDocLocation(loc)
		if hashed && (err != nil || DocLineID(d.Index, d.ID) != l.LineID) {
			if l.Time.IsZero() {
				plan.Skipped = append(plan.Skipped, sources.PurgeSkip{LineID: l.LineID, Why: redactedDoc})
				continue
			}
			plan.Requests = append(plan.Requests, findPurge{s: s, lineID: l.LineID, ms: l.Time.UnixMilli()})
			continue
		}
		if err != nil {
			return sources.PurgePlan{}, fmt.Errorf("line %s: %w", l.LineID, err)
		}
		docs = append(docs, d)
	}
	if len(docs) > 0 {
		plan.Requests = append([]sources.PurgeRequest{bulkPurge{s: s, docs: docs}}, plan.Requests...)
	}
	return plan, nil
}

// sharedValue is why a finding in field of kind is not purged by deleting its document ("" when
// it is): a label field's value or an index name is recorded once for every document holding it.
func sharedValue(kind sources.FieldKind, field string) string {
	switch {
	case kind == sources.InLabel:
		return "not deleted: the secret is in the label field " + field + ", recorded once for every document holding that value; " +
			"delete those documents yourself (a _delete_by_query on that field), then rotate the secret"
	case kind == sources.InDocName && field == "_index":
		return "not deleted: the secret is in the index's name, which deleting documents does not remove; " +
			"reindex the documents you keep into an index with another name, delete this index, then rotate the secret"
	}
	return ""
}

// redactedDoc is why a line whose recorded location was redacted, and whose time is not
// known, is not purged.
const redactedDoc = "not deleted: its document's index or _id holds a secret, so leakwatch kept only a redacted name; " +
	"find the document by the incident's time and delete it by hand, then rotate the secret"

// findPurge deletes the document of a line whose recorded location was redacted: it lists the
// ids of the documents at the line's millisecond, picks the one whose index/_id hashes to the
// line id, and deletes that one. What it prints and records names the document by its line
// id only: its real names are what held the secret.
type findPurge struct {
	s      *Source
	lineID string
	ms     int64
}

// findLimit bounds the documents listed at one millisecond (Elasticsearch's default
// index.max_result_window).
const findLimit = 10000

func (f findPurge) body() map[string]any {
	return map[string]any{
		"size": findLimit, "_source": false, "track_total_hits": false,
		"query": map[string]any{"range": map[string]any{f.s.cfg.TimestampField: map[string]any{
			"gte": f.ms, "lte": f.ms, "format": "epoch_millis"}}},
	}
}

func (f findPurge) String() string {
	b, _ := json.Marshal(f.body())
	return fmt.Sprintf("POST /%s/_search\n%s\nthen POST %s?%s deleting the document found whose index/_id hashes to %s",
		f.s.cfg.Index, b, BulkPath, BulkDeleteQuery().Encode(), f.lineID)
}
func (findPurge) Lines() int                        { return 1 }
func (findPurge) Refused() string                   { return "" }
func (findPurge) Where() string                     { return "" }
func (findPurge) Notes() []string                   { return nil }
func (f findPurge) Describe(context.Context) string { return f.String() }

// Send finds the document and deletes it.
func (f findPurge) Send(ctx context.Context) (sources.PurgeSent, error) {
	failed := func(why string) (sources.PurgeSent, error) {
		return sources.PurgeSent{Said: fmt.Sprintf("document of line %s: %s\n", f.lineID, why), Outcome: f.lineID + " " + why, Failed: 1}, nil
	}
	var resp searchResponse
	err := f.s.do(sources.WithQueryKind(ctx, sources.QueryPurge), http.MethodPost, "/"+f.s.cfg.Index+"/_search", nil, f.body(), &resp)
	if err != nil {
		err = f.s.classify(fmt.Sprintf("elasticsearch %s: finding the document of line %s", f.s.cfg.Name, f.lineID), err)
		return sources.PurgeSent{Said: fmt.Sprintf("search failed: %v\n", err)}, &sources.PurgeError{Err: err, Stop: true}
	}
	var doc *DeleteDoc
	if resp.Hits != nil {
		for _, h := range resp.Hits.Hits {
			if DocLineID(h.Index, h.ID) == f.lineID {
				doc = &DeleteDoc{Index: h.Index, ID: h.ID}
				break
			}
		}
	}
	if doc == nil {
		return failed(fmt.Sprintf("NOT deleted: no document at %s hashes to it (already deleted, or more than %d documents share that millisecond)",
			time.UnixMilli(f.ms).UTC().Format(time.RFC3339Nano), findLimit))
	}
	res, err := f.s.DeleteDocs(ctx, []DeleteDoc{*doc})
	if err != nil {
		// The error may quote the document's names: say only that it failed.
		err = fmt.Errorf("elasticsearch %s: bulk delete of the document of line %s failed", f.s.cfg.Name, f.lineID)
		return sources.PurgeSent{Said: err.Error() + "\n"}, &sources.PurgeError{Err: err, Stop: true}
	}
	if len(res) != 1 || !res[0].OK() {
		status := 0
		if len(res) == 1 {
			status = res[0].Status
		}
		return failed(fmt.Sprintf("%d NOT deleted (the server's error is not shown: it names the document)", status))
	}
	what := fmt.Sprintf("%d %s", res[0].Status, res[0].Result)
	return sources.PurgeSent{Said: fmt.Sprintf("document of line %s: %s\n", f.lineID, what), Outcome: f.lineID + " " + what, Deleted: 1}, nil
}

// bulkPurge is one _bulk delete as a sources.PurgeRequest.
type bulkPurge struct {
	s    *Source
	docs []DeleteDoc
}

func (b bulkPurge) String() string {
	return fmt.Sprintf("POST %s?%s\n%s", BulkPath, BulkDeleteQuery().Encode(), BulkDeleteBody(b.docs))
}
func (b bulkPurge) Lines() int                      { return len(b.docs) }
func (bulkPurge) Refused() string                   { return "" }
func (bulkPurge) Where() string                     { return "" }
func (bulkPurge) Notes() []string                   { return nil }
func (b bulkPurge) Describe(context.Context) string { return b.String() }

// Send deletes the documents. A failed request is the purge's answer (nothing may have
// been deleted); a failed document is counted and named.
func (b bulkPurge) Send(ctx context.Context) (sources.PurgeSent, error) {
	res, err := b.s.DeleteDocs(ctx, b.docs)
	if err != nil {
		return sources.PurgeSent{Said: fmt.Sprintf("bulk delete failed: %v\n", err)}, &sources.PurgeError{Err: err, Stop: true}
	}
	var said strings.Builder
	var outcome []string
	failed := 0
	fmt.Fprintf(&said, "bulk delete of %d document(s):\n", len(b.docs))
	for _, d := range res {
		what := d.Result
		if d.Error != "" {
			what = d.Error
		}
		if !d.OK() {
			failed++
		}
		fmt.Fprintf(&said, "  %s/%s: %d %s\n", d.Index, d.ID, d.Status, what)
		outcome = append(outcome, fmt.Sprintf("%s/%s %d %s", d.Index, d.ID, d.Status, what))
	}
	if failed > 0 {
		fmt.Fprintf(&said, "  %d document(s) NOT deleted: see the errors above\n", failed)
	}
	return sources.PurgeSent{Said: said.String(), Outcome: strings.Join(outcome, "; "), Deleted: len(b.docs) - failed, Failed: failed}, nil
}

var _ sources.Purger = (*Source)(nil)
