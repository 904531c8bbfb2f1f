package lokifake

import (
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"sort"
	"time"

	"github.com/leakwatch/leakwatch/sources/loki/lokifake/pipeline"
)

// The delete API (/loki/api/v1/delete) as measured on Loki 3.7:
//   - compactor retention off: the endpoint is not routed, 404 "404 page not found";
//   - retention on, limits_config.deletion_mode "disabled": 403 "deletion is not available
//     for this tenant";
//   - otherwise POST ?query&start&end answers 204 with X-Delete-Request-Id; start and end
//     have millisecond granularity and must not fall in the same millisecond; GET lists
//     requests with status "received", later "processed".
//
// Processing is driven by the test: ProcessDeletes marks received requests processed and
// removes the lines they match (stream selector, [start, end] at ms granularity, line
// filters), unless HoldDeletedLines simulates the queriers' cache, which keeps returning
// deleted lines for minutes after "processed".

// DeletionMode is limits_config.deletion_mode.
type DeletionMode string

const (
	DeletionDisabled        DeletionMode = "disabled"
	DeletionFilterAndDelete DeletionMode = "filter-and-delete"
)

// DeleteRequest is one recorded delete request.
type DeleteRequest struct {
	ID         string
	Tenant     string
	Query      string
	Start, End time.Time // millisecond precision
	Status     string    // received, processed
}

type deletes struct {
	retention bool
	mode      DeletionMode
	hold      bool // processed requests leave lines visible (the querier's cache)
	reqs      []*DeleteRequest
}

// EnableDeletion turns the compactor's retention on (routing the delete API) with mode.
func (f *Fake) EnableDeletion(mode DeletionMode) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.del.retention, f.del.mode = true, mode
}

// HoldDeletedLines makes processed deletes leave the lines visible until ReleaseDeletedLines,
// as Loki's queriers do for up to 5 minutes after "processed".
func (f *Fake) HoldDeletedLines(hold bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.del.hold = hold
}

// DeleteRequests returns the requests received so far.
func (f *Fake) DeleteRequests() []DeleteRequest {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make([]DeleteRequest, len(f.del.reqs))
	for i, r := range f.del.reqs {
		out[i] = *r
	}
	return out
}

// ProcessDeletes marks every received request processed and removes the lines it matches
// (unless lines are held). It returns how many lines were removed.
func (f *Fake) ProcessDeletes() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, r := range f.del.reqs {
		if r.Status != "received" {
			continue
		}
		r.Status = "processed"
		if !f.del.hold {
			n += f.applyDelete(r)
		}
	}
	return n
}

// ReleaseDeletedLines removes the lines of processed requests that were held.
func (f *Fake) ReleaseDeletedLines() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.del.hold = false
	n := 0
	for _, r := range f.del.reqs {
		if r.Status == "processed" {
			n += f.applyDelete(r)
		}
	}
	return n
}

func (f *Fake) applyDelete(r *DeleteRequest) int {
	q, err := pipeline.ParseQuery(r.Query)
	if err != nil {
		return 0
	}
	lo, hi := r.Start.UnixNano(), r.End.Add(time.Millisecond).UnixNano() // end inclusive, ms granularity
	n := 0
	for _, s := range f.tenants[r.Tenant] {
		if !pipeline.Selects(q.Selector, indexLabels(s, r.Tenant, false)) {
			continue
		}
		kept := s.entries[:0]
		for _, e := range s.entries {
			if e.ts >= lo && e.ts < hi && q.Keep(e.line) {
				n++
				continue
			}
			kept = append(kept, e)
		}
		s.entries = kept
	}
	return n
}

func (f *Fake) handleDelete(w http.ResponseWriter, r *http.Request, tenants []string) {
	f.mu.Lock()
	retention, mode := f.del.retention, f.del.mode
	f.mu.Unlock()
	if !retention {
		httpError(w, http.StatusNotFound, "404 page not found")
		return
	}
	if mode == DeletionDisabled || mode == "" {
		httpError(w, http.StatusForbidden, "deletion is not available for this tenant")
		return
	}
	tenant := tenants[0]
	switch r.Method {
	case http.MethodPost, http.MethodPut:
		query := r.Form.Get("query")
		q, err := pipeline.ParseQuery(query)
		if err != nil {
			httpError(w, http.StatusBadRequest, err.Error())
			return
		}
		if err := q.Selector.Validate(); err != nil {
			httpError(w, http.StatusBadRequest, err.Error())
			return
		}
		start, err := ParseTime(r.Form.Get("start"))
		if err != nil {
			httpError(w, http.StatusBadRequest, "invalid start time: "+err.Error())
			return
		}
		end := f.opts.Now()
		if e := r.Form.Get("end"); e != "" {
			if end, err = ParseTime(e); err != nil {
				httpError(w, http.StatusBadRequest, "invalid end time: "+err.Error())
				return
			}
		}
		start, end = start.Truncate(time.Millisecond), end.Truncate(time.Millisecond)
		if !end.After(start) {
			httpError(w, http.StatusBadRequest, "start time can't be greater than or equal to end time")
			return
		}
		var b [8]byte
		_, _ = rand.Read(b[:])
		id := hex.EncodeToString(b[:])
		f.mu.Lock()
		f.del.reqs = append(f.del.reqs, &DeleteRequest{ID: id, Tenant: tenant, Query: query, Start: start, End: end, Status: "received"})
		f.mu.Unlock()
		w.Header().Set("X-Delete-Request-Id", id)
		w.WriteHeader(http.StatusNoContent)
	case http.MethodGet:
		type entry struct {
			RequestID string  `json:"request_id"`
			StartTime float64 `json:"start_time"`
			EndTime   float64 `json:"end_time"`
			Query     string  `json:"query"`
			Status    string  `json:"status"`
			UserID    string  `json:"user_id"`
		}
		out := []entry{}
		f.mu.Lock()
		for _, d := range f.del.reqs {
			if d.Tenant == tenant {
				out = append(out, entry{d.ID, float64(d.Start.UnixMilli()) / 1000, float64(d.End.UnixMilli()) / 1000, d.Query, d.Status, tenant})
			}
		}
		f.mu.Unlock()
		sort.SliceStable(out, func(i, j int) bool { return out[i].StartTime < out[j].StartTime })
		writeJSON(w, out)
	default:
		httpError(w, http.StatusMethodNotAllowed, "method not allowed")
	}
}
