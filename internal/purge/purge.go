// Package purge asks log stores to delete exactly the lines an incident was sighted in
// (`leakwatch incidents purge ID`), records each request and its outcome on the incident,
// and says plainly what is still there.
//
//   - Loki: one delete request per stream and millisecond (sources/loki: exact stream
//     selector, the line's own millisecond, line filters on the preview's public parts,
//     never the secret: Loki lists every delete request's query to anyone). Loki's answer
//     is a request id; its status is polled ("received", then "processed"), and then the
//     lines are queried: "processed" does not mean gone, since queriers cache delete
//     requests for minutes.
//   - Elasticsearch/OpenSearch: one _bulk delete of the recorded document ids, with a
//     result per document.
//   - Files: nothing is deleted: leakwatch never edits the files it reads. Their path:line
//     is printed, with why.
package purge

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/leakwatch/leakwatch/internal/state"
	"github.com/leakwatch/leakwatch/sources"
	"github.com/leakwatch/leakwatch/sources/elasticsearch"
	"github.com/leakwatch/leakwatch/sources/loki"
)

// Store is the part of the state a purge reads and writes.
type Store interface {
	Incident(ctx context.Context, id int64) (state.Incident, error)
	SightingLines(ctx context.Context, incident int64) ([]state.SightingLine, error)
	AddPurge(ctx context.Context, p state.Purge) (int64, error)
	UpdatePurge(ctx context.Context, id int64, requestID string, status state.PurgeStatus, outcome string, at time.Time) error
}

// Loki is what a purge needs of a Loki source (*loki.Source).
type Loki interface {
	PlanDelete(targets []loki.DeleteTarget, o loki.DeleteOptions) ([]loki.DeleteRequest, error)
	Delete(ctx context.Context, r loki.DeleteRequest) (string, error)
	DeleteStatuses(ctx context.Context, tenant string) ([]loki.DeleteStatus, error)
	StillThere(ctx context.Context, r loki.DeleteRequest) ([]loki.DeleteTarget, error)
}

// streamCounter is a Loki source that can tell how many streams a delete's selector
// matches (*loki.Source): the dry run warns when it is more than the leaked line's.
type streamCounter interface {
	MatchingStreams(ctx context.Context, r loki.DeleteRequest) (int, error)
}

// Elasticsearch is what a purge needs of an Elasticsearch/OpenSearch source.
type Elasticsearch interface {
	DeleteDocs(ctx context.Context, docs []elasticsearch.DeleteDoc) ([]elasticsearch.DeleteResult, error)
}

// Source is one configured source: its type and what it can delete (Loki, Elasticsearch);
// neither set, its lines are listed for a person to remove.
type Source struct {
	Type sources.TypeName
	Loki Loki
	ES   Elasticsearch
}

// Options of a purge.
type Options struct {
	Store   Store
	Sources map[string]Source // by configured name
	DryRun  bool              // print the exact requests, send and record nothing
	// WholeStreamMillisecond accepts Loki delete requests that cannot be limited to the
	// leaked line by a line filter: they delete every line of its stream in its millisecond.
	// Without it such lines are refused.
	WholeStreamMillisecond bool
	// Check follows the Loki delete requests an earlier purge left unconfirmed (status,
	// then whether the lines still come back) without sending anything new.
	Check bool
	Out   io.Writer
	// Wait bounds how long Loki delete requests are followed (status, then the lines gone;
	// 0 checks once); Poll is the pause between two checks (default 10s). The CLI waits 6m:
	// Loki processes a request after its cancel period plus a minute, and queriers keep
	// returning the line until their 5-minute cache of delete requests refreshes.
	Wait, Poll time.Duration
	// Sleep pauses between checks (tests make it drive a fake); default a timer.
	Sleep func(ctx context.Context, d time.Duration) error
	Now   func() time.Time
}

// Summary counts the outcomes of one purge run, per status.
type Summary map[state.PurgeStatus]int

// Clean reports whether every line is confirmed deleted (nothing refused, failed, pending,
// still present or impossible).
func (s Summary) Clean() bool {
	for st, n := range s {
		if n > 0 && st != state.PurgeDeleted {
			return false
		}
	}
	return true
}

// Run purges the lines of incident id.
func Run(ctx context.Context, o Options, id int64) (Summary, error) {
	if o.Poll <= 0 {
		o.Poll = 10 * time.Second
	}
	if o.Sleep == nil {
		o.Sleep = sources.Sleep
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	in, err := o.Store.Incident(ctx, id)
	if err != nil {
		return nil, err
	}
	lines, err := o.Store.SightingLines(ctx, id)
	if err != nil {
		return nil, err
	}
	if len(lines) == 0 {
		return nil, fmt.Errorf("incident %d has no recorded lines to purge", id)
	}
	bySource := map[string][]state.SightingLine{}
	var names []string
	for _, l := range lines {
		if _, ok := bySource[l.Source]; !ok {
			names = append(names, l.Source)
		}
		bySource[l.Source] = append(bySource[l.Source], l)
	}
	sort.Strings(names)
	r := &run{o: o, in: in, sum: Summary{}}
	if o.DryRun {
		fmt.Fprintf(o.Out, "dry run: the requests a purge of incident %d (%s %s) would send; nothing is sent or recorded\n", id, in.RuleID, in.Preview)
	}
	var errs []error
	for _, name := range names {
		src, ok := o.Sources[name]
		if !ok {
			r.sum[state.PurgeFailed]++
			errs = append(errs, fmt.Errorf("source %s: not in the config any more: add it back to purge its %d line(s)", name, len(bySource[name])))
			continue
		}
		var err error
		// What the source can delete decides, not its type's name; a source that can delete
		// nothing (files) has its lines listed for a person.
		switch {
		case src.Loki != nil:
			err = r.loki(ctx, name, src.Loki, bySource[name])
		case src.ES != nil:
			if o.Check {
				continue // a bulk delete's outcome is known at once
			}
			err = r.es(ctx, name, src.ES, bySource[name])
		default:
			if o.Check {
				continue
			}
			err = r.files(ctx, name, bySource[name])
		}
		if err != nil {
			errs = append(errs, err)
		}
	}
	return r.sum, errors.Join(errs...)
}

type run struct {
	o   Options
	in  state.Incident
	sum Summary
}

func (r *run) printf(format string, a ...any) { fmt.Fprintf(r.o.Out, format, a...) }

func (r *run) record(ctx context.Context, p state.Purge) (int64, error) {
	if r.o.DryRun {
		return 0, nil
	}
	p.IncidentID, p.RequestedAt = r.in.ID, r.o.Now()
	return r.o.Store.AddPurge(ctx, p)
}

func (r *run) update(ctx context.Context, id int64, reqID string, status state.PurgeStatus, outcome string) error {
	if r.o.DryRun {
		return nil
	}
	return r.o.Store.UpdatePurge(ctx, id, reqID, status, outcome, r.o.Now())
}

// files: leakwatch reads log files, it never edits them.
func (r *run) files(ctx context.Context, name string, lines []state.SightingLine) error {
	r.printf("source %s (files): not purged: leakwatch never edits the files it reads (a rewrite races the writer and log shippers may have copied the line already). Remove these lines yourself, e.g. with sed -i 'Nd' FILE once the file is no longer written, or delete the rotated file:\n", name)
	var locs []string
	for _, l := range lines {
		r.printf("  %s\n", l.Location)
		locs = append(locs, l.Location)
	}
	r.sum[state.PurgeNotPossible] += len(lines)
	_, err := r.record(ctx, state.Purge{Source: name, Kind: "file", Request: strings.Join(locs, "\n"), Status: state.PurgeNotPossible,
		Outcome: "files are not edited by leakwatch: remove the lines listed in the request by hand"})
	return err
}

// es deletes the recorded documents with one _bulk request.
func (r *run) es(ctx context.Context, name string, src Elasticsearch, lines []state.SightingLine) error {
	var docs []elasticsearch.DeleteDoc
	for _, l := range lines {
		loc := l.Location
		if loc == "" {
			loc = l.LineID // index/_id either way
		}
		d, err := elasticsearch.ParseDocLocation(loc)
		if err != nil {
			return fmt.Errorf("source %s: line %s: %w", name, l.LineID, err)
		}
		docs = append(docs, d)
	}
	req := fmt.Sprintf("POST %s?%s\n%s", elasticsearch.BulkPath, elasticsearch.BulkDeleteQuery().Encode(), elasticsearch.BulkDeleteBody(docs))
	if r.o.DryRun {
		r.printf("source %s (elasticsearch):\n%s", name, req)
		return nil
	}
	pid, err := r.record(ctx, state.Purge{Source: name, Kind: "elasticsearch", Request: req, Status: state.PurgeRequested})
	if err != nil {
		return err
	}
	res, derr := src.DeleteDocs(ctx, docs)
	if derr != nil {
		r.sum[state.PurgeFailed] += len(docs)
		r.printf("source %s (elasticsearch): bulk delete failed: %v\n", name, derr)
		return errors.Join(derr, r.update(ctx, pid, "", state.PurgeFailed, derr.Error()))
	}
	var outcome []string
	failed := 0
	r.printf("source %s (elasticsearch): bulk delete of %d document(s):\n", name, len(docs))
	for _, d := range res {
		what := d.Result
		if d.Error != "" {
			what = d.Error
		}
		if !d.OK() {
			failed++
		}
		r.printf("  %s/%s: %d %s\n", d.Index, d.ID, d.Status, what)
		outcome = append(outcome, fmt.Sprintf("%s/%s %d %s", d.Index, d.ID, d.Status, what))
	}
	status := state.PurgeDeleted
	if failed > 0 {
		status = state.PurgeFailed
		r.printf("  %d document(s) NOT deleted: see the errors above\n", failed)
	}
	r.sum[state.PurgeDeleted] += len(docs) - failed
	r.sum[state.PurgeFailed] += failed
	return r.update(ctx, pid, "", status, strings.Join(outcome, "; "))
}

// loki sends one delete request per stream and millisecond, follows them and checks the
// lines are gone.
func (r *run) loki(ctx context.Context, name string, src Loki, lines []state.SightingLine) error {
	var targets []loki.DeleteTarget
	for _, l := range lines {
		if l.Location == "" {
			r.printf("source %s (loki): line %s was recorded before leakwatch kept line locations: it cannot be purged by leakwatch\n", name, l.LineID)
			r.sum[state.PurgeFailed]++
			continue
		}
		targets = append(targets, loki.DeleteTarget{LineID: l.LineID, Location: l.Location, Preview: r.in.Preview})
	}
	all, err := src.PlanDelete(targets, loki.DeleteOptions{WholeMillisecond: r.o.WholeStreamMillisecond})
	if err != nil {
		return fmt.Errorf("source %s: %w", name, err)
	}
	var reqs []loki.DeleteRequest
	var refused error
	for _, q := range all {
		if q.Refused == "" {
			reqs = append(reqs, q)
			continue
		}
		r.printf("source %s (loki): %d line(s) at %s: REFUSED: %s\n", name, len(q.Lines), q.Start.UTC().Format(time.RFC3339Nano), q.Refused)
		if r.o.Check {
			continue
		}
		r.sum[state.PurgeRefused] += len(q.Lines)
		refused = fmt.Errorf("source %s: %d line(s) not purged: %s", name, len(q.Lines), q.Refused)
		if _, err := r.record(ctx, state.Purge{Source: name, Kind: "loki", Request: "(none sent)", Status: state.PurgeRefused, Outcome: q.Refused}); err != nil {
			return err
		}
	}
	if r.o.DryRun {
		r.printf("source %s (loki):\n", name)
		for _, q := range reqs {
			r.printf("  %s\n    query %s, start %s, end %s\n", q, q.Query, q.Form().Get("start"), q.Form().Get("end"))
			r.notes(ctx, src, q)
		}
		return refused
	}
	err = r.lokiSend(ctx, name, src, reqs)
	return errors.Join(refused, err)
}

// notes says what a delete request may remove besides the leaked line.
func (r *run) notes(ctx context.Context, src Loki, q loki.DeleteRequest) {
	for _, n := range q.Notes {
		r.printf("    WARNING: %s\n", n)
	}
	sc, ok := src.(streamCounter)
	if !ok {
		return
	}
	n, err := sc.MatchingStreams(ctx, q)
	switch {
	case err != nil:
		r.printf("    could not check which streams the selector matches: %v\n", err)
	case n > 1:
		r.printf("    WARNING: the selector matches %d streams in this millisecond (streams with more labels, or ones differing only in a label left out): only the line filter keeps the delete to the leaked line\n", n)
	}
}

// lokiSend sends reqs, follows them and checks the lines are gone.
func (r *run) lokiSend(ctx context.Context, name string, src Loki, reqs []loki.DeleteRequest) error {
	type pending struct {
		req   loki.DeleteRequest
		pid   int64
		reqID string
	}
	var open []pending
	if r.o.Check {
		earlier := map[string]state.Purge{}
		for _, p := range r.in.Purges {
			switch p.Status {
			case state.PurgeRequested, state.PurgeProcessed, state.PurgeStillPresent:
				if p.Source == name && p.RequestID != "" {
					earlier[p.Request] = p
				}
			}
		}
		for _, q := range reqs {
			if p, ok := earlier[q.String()]; ok {
				open = append(open, pending{q, p.ID, p.RequestID})
			}
		}
		if len(open) == 0 {
			r.printf("source %s (loki): no unconfirmed delete request to check\n", name)
		}
		reqs = nil
	}
	for _, q := range reqs {
		for _, n := range q.Notes {
			r.printf("source %s (loki): %s\n  WARNING: %s\n", name, q, n)
		}
		pid, err := r.record(ctx, state.Purge{Source: name, Kind: "loki", Request: q.String(), Status: state.PurgeRequested})
		if err != nil {
			return err
		}
		id, err := src.Delete(ctx, q)
		if err != nil {
			status := state.PurgeFailed
			var de *loki.DeleteError
			if errors.As(err, &de) && de.Refused {
				status = state.PurgeRefused
			}
			r.sum[status] += len(q.Lines)
			r.printf("source %s (loki): %s\n  %s: %v\n", name, q, strings.ToUpper(string(status)), err)
			if uerr := r.update(ctx, pid, "", status, err.Error()); uerr != nil {
				return uerr
			}
			if status == state.PurgeRefused {
				return err // every further request would be refused the same way
			}
			continue
		}
		r.printf("source %s (loki): %s\n  accepted: delete request id %s\n", name, q, id)
		if err := r.update(ctx, pid, id, state.PurgeRequested, "accepted by Loki"); err != nil {
			return err
		}
		open = append(open, pending{q, pid, id})
	}
	deadline := r.o.Now().Add(r.o.Wait)
	processed := map[string]bool{}
	for len(open) > 0 {
		var still []pending
		for _, p := range open {
			if !processed[p.reqID] {
				list, err := src.DeleteStatuses(ctx, p.req.Tenant)
				if err != nil {
					r.printf("  delete request %s: status not read: %v\n", p.reqID, err)
					still = append(still, p)
					continue
				}
				if !loki.Processed(list, p.reqID) {
					still = append(still, p)
					continue
				}
				processed[p.reqID] = true
				r.printf("  delete request %s: processed by Loki; checking the line is gone\n", p.reqID)
				if err := r.update(ctx, p.pid, "", state.PurgeProcessed, "processed by Loki; not yet confirmed gone"); err != nil {
					return err
				}
			}
			left, err := src.StillThere(ctx, p.req)
			if err != nil {
				r.printf("  delete request %s: cannot check the lines: %v\n", p.reqID, err)
				still = append(still, p)
				continue
			}
			if len(left) > 0 {
				still = append(still, p)
				continue
			}
			r.sum[state.PurgeDeleted] += len(p.req.Lines)
			r.printf("  delete request %s: confirmed: the line no longer comes back from Loki\n", p.reqID)
			if err := r.update(ctx, p.pid, "", state.PurgeDeleted, "confirmed: a query over the line's millisecond no longer returns it"); err != nil {
				return err
			}
		}
		open = still
		if len(open) == 0 {
			break
		}
		if !r.o.Now().Before(deadline) {
			break
		}
		if err := r.o.Sleep(ctx, r.o.Poll); err != nil {
			return err
		}
	}
	for _, p := range open {
		status, outcome := state.PurgeRequested, "not processed by Loki yet"
		if processed[p.reqID] {
			status = state.PurgeStillPresent
			outcome = "processed by Loki, but the line STILL comes back from queries (queriers cache delete requests for up to 5 minutes; a line still in an ingester is filtered at query time)"
		}
		r.sum[status] += len(p.req.Lines)
		r.printf("  delete request %s: %s after %s. Check again later with: leakwatch incidents purge %d --check\n", p.reqID, outcome, r.o.Wait, r.in.ID)
		if err := r.update(ctx, p.pid, "", status, outcome); err != nil {
			return err
		}
	}
	return nil
}
