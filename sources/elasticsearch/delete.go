package elasticsearch

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/leakwatch/leakwatch/sources"
)

// Deleting the documents of an incident (`leakwatch incidents purge`): one _bulk request
// with a delete action per recorded document (index/_id, as Scan sets Line.ID), and
// refresh=wait_for so a search right after no longer finds them. Deleting by id needs no
// query at all, so nothing about the secret is sent.

// BulkPath is the bulk API.
const BulkPath = "/_bulk"

// DeleteDoc is one document to delete.
type DeleteDoc struct {
	Index, ID string
}

// ParseDocLocation splits "index/_id" (index names cannot contain "/"; ids can).
func ParseDocLocation(loc string) (DeleteDoc, error) {
	i := strings.IndexByte(loc, '/')
	if i <= 0 || i == len(loc)-1 {
		return DeleteDoc{}, errors.New("location is not \"<index>/<_id>\"")
	}
	return DeleteDoc{Index: loc[:i], ID: loc[i+1:]}, nil
}

// BulkDeleteBody is the NDJSON body deleting docs.
func BulkDeleteBody(docs []DeleteDoc) []byte {
	var b bytes.Buffer
	for _, d := range docs {
		line, _ := json.Marshal(map[string]any{"delete": map[string]string{"_index": d.Index, "_id": d.ID}})
		b.Write(line)
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// BulkDeleteQuery is the bulk request's query string.
func BulkDeleteQuery() url.Values { return url.Values{"refresh": {"wait_for"}} }

// DeleteResult is the outcome for one document.
type DeleteResult struct {
	DeleteDoc
	Status int
	Result string // deleted, not_found
	Error  string // the server's error type and reason, when the item failed
}

// OK reports whether the document is gone (deleted now, or already absent).
func (r DeleteResult) OK() bool { return r.Result == "deleted" || r.Result == "not_found" }

type bulkResponse struct {
	Errors bool                         `json:"errors"`
	Items  []map[string]json.RawMessage `json:"items"`
}

type bulkItem struct {
	Index  string          `json:"_index"`
	ID     string          `json:"_id"`
	Status int             `json:"status"`
	Result string          `json:"result"`
	Error  json.RawMessage `json:"error"`
}

// DeleteDocs deletes docs with one _bulk request and returns one result per document, in
// order. An error means the request itself failed (nothing may have been deleted).
func (s *Source) DeleteDocs(ctx context.Context, docs []DeleteDoc) ([]DeleteResult, error) {
	if len(docs) == 0 {
		return nil, nil
	}
	ctx = sources.WithQueryKind(ctx, sources.QueryPurge)
	var resp bulkResponse
	// Deleting by id is idempotent: a retry after a lost answer reports not_found. Any
	// failure but a status that retrying cannot cure is retried.
	err := s.retry(ctx, 0, func(err error) bool {
		var ee *esError
		return !errors.As(err, &ee) || transient(ee)
	}, func(node *url.URL) error {
		return s.once(ctx, node, "POST", BulkPath, BulkDeleteQuery(), BulkDeleteBody(docs), &resp)
	})
	if err != nil {
		return nil, s.classify(fmt.Sprintf("elasticsearch %s: bulk delete", s.cfg.Name), err)
	}
	out := make([]DeleteResult, 0, len(docs))
	for i, it := range resp.Items {
		raw, ok := it["delete"]
		if !ok {
			return nil, fmt.Errorf("elasticsearch %s: bulk delete: item %d is not a delete", s.cfg.Name, i)
		}
		var bi bulkItem
		if err := json.Unmarshal(raw, &bi); err != nil {
			return nil, fmt.Errorf("elasticsearch %s: bulk delete: item %d: %w", s.cfg.Name, i, err)
		}
		r := DeleteResult{DeleteDoc: DeleteDoc{Index: bi.Index, ID: bi.ID}, Status: bi.Status, Result: bi.Result}
		if len(bi.Error) > 0 && string(bi.Error) != "null" {
			var e struct{ Type, Reason string }
			_ = json.Unmarshal(bi.Error, &e)
			r.Error = clip(e.Type+": "+e.Reason, 200)
		}
		out = append(out, r)
	}
	if len(out) != len(docs) {
		return out, fmt.Errorf("elasticsearch %s: bulk delete: %d results for %d documents", s.cfg.Name, len(out), len(docs))
	}
	return out, nil
}
