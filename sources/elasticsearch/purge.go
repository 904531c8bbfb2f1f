package elasticsearch

import (
	"context"
	"fmt"
	"strings"

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
// index or _id held a secret, which leakwatch does not keep): that line is skipped and said,
// rather than a document of the redacted name deleted, or reported gone, in its place. A line
// recorded before ids were hashed has index/_id as its id, used when it has no location.
func (s *Source) PlanPurge(lines []sources.PurgeLine, _ sources.PurgeOptions) (sources.PurgePlan, error) {
	var plan sources.PurgePlan
	var docs []DeleteDoc
	for _, l := range lines {
		hashed := strings.HasPrefix(l.LineID, docIDPrefix)
		loc := l.Location
		if loc == "" && !hashed {
			loc = l.LineID
		}
		d, err := ParseDocLocation(loc)
		if err != nil {
			return sources.PurgePlan{}, fmt.Errorf("line %s: %w", l.LineID, err)
		}
		if hashed && DocLineID(d.Index, d.ID) != l.LineID {
			plan.Skipped = append(plan.Skipped, sources.PurgeSkip{LineID: l.LineID, Why: redactedDoc})
			continue
		}
		docs = append(docs, d)
	}
	if len(docs) > 0 {
		plan.Requests = []sources.PurgeRequest{bulkPurge{s: s, docs: docs}}
	}
	return plan, nil
}

// redactedDoc is why a line whose recorded location was redacted is not purged.
const redactedDoc = "not deleted: its document's index or _id holds a secret, so leakwatch kept only a redacted name; " +
	"find the document by the incident's time and delete it by hand, then rotate the secret"

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
