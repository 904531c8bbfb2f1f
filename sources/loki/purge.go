package loki

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/leakwatch/leakwatch/sources"
)

// The purge capability (sources.Purger) over Loki's delete API: one delete request per
// stream and millisecond (PlanDelete), accepted by Loki with an id, carried out by the
// compactor later (its status goes "received", then "processed"), and followed until a
// query no longer returns the lines: queriers cache delete requests for minutes.

// PurgeKind is recorded with every delete request a purge sends to Loki.
const PurgeKind sources.PurgeKind = "loki"

// Purging is a Loki source's way of deleting: requests carried out later, followed.
func (s *Source) Purging() sources.Purging {
	return sources.Purging{Kind: PurgeKind, Followed: true}
}

// notLocated is why a line recorded without a location cannot be purged.
const notLocated = "was recorded before leakwatch kept line locations: it cannot be purged by leakwatch"

// PlanPurge plans the delete requests of lines (PlanDelete); lines recorded without a
// location are skipped.
func (s *Source) PlanPurge(lines []sources.PurgeLine, o sources.PurgeOptions) (sources.PurgePlan, error) {
	var plan sources.PurgePlan
	var targets []DeleteTarget
	for _, l := range lines {
		if l.Location == "" {
			plan.Skipped = append(plan.Skipped, sources.PurgeSkip{LineID: l.LineID, Why: notLocated})
			continue
		}
		targets = append(targets, l)
	}
	reqs, err := s.PlanDelete(targets, o)
	if err != nil {
		return plan, err
	}
	for _, r := range reqs {
		plan.Requests = append(plan.Requests, purgeRequest{s: s, r: r})
	}
	return plan, nil
}

// purgeRequest is a DeleteRequest as a sources.PurgeFollower.
type purgeRequest struct {
	s *Source
	r DeleteRequest
}

func (q purgeRequest) String() string  { return q.r.String() }
func (q purgeRequest) Lines() int      { return len(q.r.Lines) }
func (q purgeRequest) Refused() string { return q.r.Refused }
func (q purgeRequest) Notes() []string { return q.r.Notes }
func (q purgeRequest) Where() string   { return "at " + q.r.Start.UTC().Format(time.RFC3339Nano) }

// Describe shows the request, its query and range, and what it may delete besides the
// leaked line: its notes, and how many streams its selector matches.
func (q purgeRequest) Describe(ctx context.Context) string {
	var b strings.Builder
	form := q.r.Form()
	fmt.Fprintf(&b, "  %s\n    query %s, start %s, end %s\n", q.r, q.r.Query, form.Get("start"), form.Get("end"))
	for _, n := range q.r.Notes {
		fmt.Fprintf(&b, "    WARNING: %s\n", n)
	}
	n, err := q.s.MatchingStreams(ctx, q.r)
	switch {
	case err != nil:
		fmt.Fprintf(&b, "    could not check which streams the selector matches: %v\n", err)
	case n > 1:
		fmt.Fprintf(&b, "    WARNING: the selector matches %d streams in this millisecond (streams with more labels, or ones differing only in a label left out): only the line filter keeps the delete to the leaked line\n", n)
	}
	return b.String()
}

// Send posts the request. Loki refusing deletes (not enabled, not allowed) stops the
// purge: every further request would be refused the same way.
func (q purgeRequest) Send(ctx context.Context) (sources.PurgeSent, error) {
	id, err := q.s.Delete(ctx, q.r)
	if err != nil {
		var de *DeleteError
		refused := errors.As(err, &de) && de.Refused
		word := "FAILED"
		if refused {
			word = "REFUSED"
		}
		return sources.PurgeSent{Said: fmt.Sprintf("%s\n  %s: %v\n", q.r, word, err)},
			&sources.PurgeError{Err: err, Refused: refused, Stop: refused}
	}
	return sources.PurgeSent{Said: fmt.Sprintf("%s\n  accepted: delete request id %s\n", q.r, id), ID: id, Outcome: "accepted by Loki"}, nil
}

// Processed reads the tenant's delete requests: id is processed when every shard of it is.
func (q purgeRequest) Processed(ctx context.Context, id string) (bool, error) {
	list, err := q.s.DeleteStatuses(ctx, q.r.Tenant)
	if err != nil {
		return false, err
	}
	return Processed(list, id), nil
}

// Gone queries the request's millisecond: none of its lines comes back.
func (q purgeRequest) Gone(ctx context.Context) (bool, error) {
	left, err := q.s.StillThere(ctx, q.r)
	return len(left) == 0 && err == nil, err
}

func (purgeRequest) FollowWords() sources.FollowWords {
	return sources.FollowWords{
		Processed:        "processed by Loki; checking the line is gone",
		ProcessedOutcome: "processed by Loki; not yet confirmed gone",
		Gone:             "confirmed: the line no longer comes back from Loki",
		GoneOutcome:      "confirmed: a query over the line's millisecond no longer returns it",
		NotProcessed:     "not processed by Loki yet",
		StillThere:       "processed by Loki, but the line STILL comes back from queries (queriers cache delete requests for up to 5 minutes; a line still in an ingester is filtered at query time)",
	}
}

var _ sources.Purger = (*Source)(nil)
var _ sources.PurgeFollower = purgeRequest{}
