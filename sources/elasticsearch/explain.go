package elasticsearch

import (
	"encoding/json"
	"fmt"

	"github.com/leakwatch/leakwatch/sources"
)

// Explain returns the path and body of the first _search a scan of req sends, as `leakwatch
// explain` prints it. Without contacting the cluster it cannot know the point in time a scan
// opens first, so the body is the index search (the no-PIT form); with a point in time the
// same body goes to /_search with a "pit" and Elasticsearch's own tiebreaker.
func (s *Source) Explain(req sources.Request) (path string, body []byte, err error) {
	w := req.Window
	q, err := s.query(req.Filter, ceilMillis(w.Start), ceilMillis(w.End))
	if err != nil {
		return "", nil, err
	}
	sc := &scan{s: s, mode: modeNoPIT, query: q, window: w}
	b := searchBody{Size: s.cfg.PageSize, Query: q, Sort: sc.sort(), Source: sc.sourceFields()}
	body, err = json.MarshalIndent(b, "", "  ")
	if err != nil {
		return "", nil, fmt.Errorf("elasticsearch %s: explain: %w", s.cfg.Name, err)
	}
	return "/" + s.cfg.Index + "/_search", body, nil
}
