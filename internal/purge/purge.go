// Package purge asks log stores to delete exactly the lines an incident was sighted in
// (`leakwatch incidents purge ID`), records each request and its outcome on the incident,
// and says plainly what is still there.
//
// What a store can delete is its sources.Purger capability, found through wrappers: the
// store plans the requests (and refuses, with why, the ones it cannot limit to the leaked
// lines); this package shows them (--dry-run), records and sends them, and follows the
// ones the store carries out later until the lines no longer come back. It imports no
// store package.
//
//   - Loki (sources/loki): one delete request per stream and millisecond (exact stream
//     selector, the line's own millisecond, line filters on the preview's public parts,
//     never the secret: Loki lists every delete request's query to anyone). Loki's answer
//     is a request id; its status is polled ("received", then "processed"), and then the
//     lines are queried: "processed" does not mean gone, since queriers cache delete
//     requests for minutes.
//   - Elasticsearch/OpenSearch (sources/elasticsearch): one _bulk delete of the recorded
//     document ids, with a result per document.
//   - Files, and any source without the capability: nothing is deleted: leakwatch never
//     edits the files it reads. Their path:line is printed, with why.
package purge

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/leakwatch/leakwatch/internal/backoff"
	"github.com/leakwatch/leakwatch/internal/state"
	"github.com/leakwatch/leakwatch/sources"
)

// Store is the part of the state a purge reads and writes.
type Store interface {
	Incident(ctx context.Context, id int64) (state.Incident, error)
	SightingLines(ctx context.Context, incident int64) ([]state.SightingLine, error)
	AddPurge(ctx context.Context, p state.Purge) (int64, error)
	UpdatePurge(ctx context.Context, id int64, requestID string, status state.PurgeStatus, outcome string, at time.Time) error
}

// Source is one configured source: its type and, when it can delete lines, its purge
// capability; without one (files), its lines are listed for a person to remove.
type Source struct {
	Type   sources.TypeName
	Purger sources.Purger
}

// SourceOf is the purge's view of a built source: its purge capability, looked up through
// wrappers. src may be nil (a source not built: this host's files).
func SourceOf(t sources.TypeName, src sources.Source) Source {
	p, _ := sources.As[sources.Purger](src)
	return Source{Type: t, Purger: p}
}

// KindListed is recorded for lines a purge lists for a person instead of deleting (files).
const KindListed sources.PurgeKind = "file"

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
		o.Sleep = backoff.Sleep
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
		case src.Purger != nil:
			err = r.purge(ctx, name, src.Purger, bySource[name])
		case o.Check:
			continue
		default:
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
	_, err := r.record(ctx, state.Purge{Source: name, Kind: string(KindListed), Request: strings.Join(locs, "\n"), Status: state.PurgeNotPossible,
		Outcome: "files are not edited by leakwatch: remove the lines listed in the request by hand"})
	return err
}

// purge plans the deletes of lines, prints the refused ones, and shows (dry run) or sends
// the others.
func (r *run) purge(ctx context.Context, name string, p sources.Purger, lines []state.SightingLine) error {
	how := p.Purging()
	if r.o.Check && !how.Followed {
		return nil // the store's answer was final: nothing to check
	}
	targets := make([]sources.PurgeLine, 0, len(lines))
	for _, l := range lines {
		targets = append(targets, sources.PurgeLine{LineID: l.LineID, Location: l.Location, Preview: r.in.Preview, Time: l.EventTime})
	}
	plan, err := p.PlanPurge(targets, sources.PurgeOptions{WholeMillisecond: r.o.WholeStreamMillisecond})
	for _, sk := range plan.Skipped {
		r.printf("source %s (%s): line %s %s\n", name, how.Kind, sk.LineID, sk.Why)
		r.sum[state.PurgeFailed]++
	}
	if err != nil {
		return fmt.Errorf("source %s: %w", name, err)
	}
	var reqs []sources.PurgeRequest
	var refused error
	for _, q := range plan.Requests {
		why := q.Refused()
		if why == "" {
			reqs = append(reqs, q)
			continue
		}
		r.printf("source %s (%s): %d line(s) %s: REFUSED: %s\n", name, how.Kind, q.Lines(), q.Where(), why)
		if r.o.Check {
			continue
		}
		r.sum[state.PurgeRefused] += q.Lines()
		refused = fmt.Errorf("source %s: %d line(s) not purged: %s", name, q.Lines(), why)
		if _, err := r.record(ctx, state.Purge{Source: name, Kind: string(how.Kind), Request: "(none sent)", Status: state.PurgeRefused, Outcome: why}); err != nil {
			return err
		}
	}
	if r.o.DryRun {
		r.printf("source %s (%s):\n", name, how.Kind)
		for _, q := range reqs {
			r.printf("%s", q.Describe(ctx))
		}
		return refused
	}
	var open []pending
	if r.o.Check {
		open = r.unconfirmed(name, how.Kind, reqs)
	} else {
		open, err = r.send(ctx, name, how.Kind, reqs)
		if err != nil {
			return errors.Join(refused, err)
		}
	}
	return errors.Join(refused, r.follow(ctx, open))
}

// pending is a request the store accepted and has not been confirmed done.
type pending struct {
	req   sources.PurgeFollower
	pid   int64
	reqID string
}

// unconfirmed finds the requests of reqs an earlier purge sent and left unconfirmed.
func (r *run) unconfirmed(name string, kind sources.PurgeKind, reqs []sources.PurgeRequest) []pending {
	earlier := map[string]state.Purge{}
	for _, p := range r.in.Purges {
		switch p.Status {
		case state.PurgeRequested, state.PurgeProcessed, state.PurgeStillPresent:
			if p.Source == name && p.RequestID != "" {
				earlier[p.Request] = p
			}
		}
	}
	var open []pending
	for _, q := range reqs {
		f, ok := q.(sources.PurgeFollower)
		if p, found := earlier[q.String()]; found && ok {
			open = append(open, pending{f, p.ID, p.RequestID})
		}
	}
	if len(open) == 0 {
		r.printf("source %s (%s): no unconfirmed delete request to check\n", name, kind)
	}
	return open
}

// send records and sends reqs; it returns the accepted ones the store carries out later.
func (r *run) send(ctx context.Context, name string, kind sources.PurgeKind, reqs []sources.PurgeRequest) ([]pending, error) {
	var open []pending
	for _, q := range reqs {
		for _, n := range q.Notes() {
			r.printf("source %s (%s): %s\n  WARNING: %s\n", name, kind, q, n)
		}
		pid, err := r.record(ctx, state.Purge{Source: name, Kind: string(kind), Request: q.String(), Status: state.PurgeRequested})
		if err != nil {
			return nil, err
		}
		sent, err := q.Send(ctx)
		r.printf("source %s (%s): %s", name, kind, sent.Said)
		if err != nil {
			status := state.PurgeFailed
			var pe *sources.PurgeError
			stop := errors.As(err, &pe) && pe.Stop
			if pe != nil && pe.Refused {
				status = state.PurgeRefused
			}
			r.sum[status] += q.Lines()
			if uerr := r.update(ctx, pid, "", status, err.Error()); uerr != nil {
				return nil, errors.Join(err, uerr)
			}
			if stop {
				return nil, err // every further request would fail the same way
			}
			continue
		}
		if f, ok := q.(sources.PurgeFollower); ok {
			if err := r.update(ctx, pid, sent.ID, state.PurgeRequested, sent.Outcome); err != nil {
				return nil, err
			}
			open = append(open, pending{f, pid, sent.ID})
			continue
		}
		status := state.PurgeDeleted
		if sent.Failed > 0 {
			status = state.PurgeFailed
		}
		r.sum[state.PurgeDeleted] += sent.Deleted
		r.sum[state.PurgeFailed] += sent.Failed
		if err := r.update(ctx, pid, "", status, sent.Outcome); err != nil {
			return nil, err
		}
	}
	return open, nil
}

// follow checks the open requests until each is processed and its lines no longer come
// back, or Wait is over.
func (r *run) follow(ctx context.Context, open []pending) error {
	deadline := r.o.Now().Add(r.o.Wait)
	processed := map[string]bool{}
	for len(open) > 0 {
		var still []pending
		for _, p := range open {
			done, err := r.step(ctx, p, processed)
			if err != nil {
				return err
			}
			if !done {
				still = append(still, p)
			}
		}
		open = still
		if len(open) == 0 || !r.o.Now().Before(deadline) {
			break
		}
		if err := r.o.Sleep(ctx, r.o.Poll); err != nil {
			return err
		}
	}
	for _, p := range open {
		words := p.req.FollowWords()
		status, outcome := state.PurgeRequested, words.NotProcessed
		if processed[p.reqID] {
			status, outcome = state.PurgeStillPresent, words.StillThere
		}
		r.sum[status] += p.req.Lines()
		r.printf("  delete request %s: %s after %s. Check again later with: leakwatch incidents purge %d --check\n", p.reqID, outcome, r.o.Wait, r.in.ID)
		if err := r.update(ctx, p.pid, "", status, outcome); err != nil {
			return err
		}
	}
	return nil
}

// step checks one open request once: processed yet, then its lines gone. done: confirmed.
// An error is only the state's: the store's are said, and the request stays open.
func (r *run) step(ctx context.Context, p pending, processed map[string]bool) (done bool, err error) {
	words := p.req.FollowWords()
	if !processed[p.reqID] {
		ok, err := p.req.Processed(ctx, p.reqID)
		if err != nil {
			r.printf("  delete request %s: status not read: %v\n", p.reqID, err)
			return false, nil
		}
		if !ok {
			return false, nil
		}
		processed[p.reqID] = true
		r.printf("  delete request %s: %s\n", p.reqID, words.Processed)
		if err := r.update(ctx, p.pid, "", state.PurgeProcessed, words.ProcessedOutcome); err != nil {
			return false, err
		}
	}
	gone, err := p.req.Gone(ctx)
	if err != nil {
		r.printf("  delete request %s: cannot check the lines: %v\n", p.reqID, err)
		return false, nil
	}
	if !gone {
		return false, nil
	}
	r.sum[state.PurgeDeleted] += p.req.Lines()
	r.printf("  delete request %s: %s\n", p.reqID, words.Gone)
	return true, r.update(ctx, p.pid, "", state.PurgeDeleted, words.GoneOutcome)
}
