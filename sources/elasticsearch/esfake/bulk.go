package esfake

import (
	"bufio"
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
)

// bulk runs the delete actions of a _bulk body (NDJSON) as Elasticsearch and OpenSearch
// do: one item per action, in order, each with its own status ("deleted" 200, "not_found"
// 404, or an error for a missing index); errors is true when any item failed. Other
// actions (index, create, update) are answered with an error item: the fake only deletes.
// A malformed line fails the whole request with 400, as the servers do.
func (s *Server) bulk(defaultIndex string, body []byte) (int, any) {
	if len(bytes.TrimSpace(body)) == 0 {
		return badRequest("request body is required")
	}
	if body[len(body)-1] != '\n' {
		return badRequest("The bulk request must be terminated by a newline [\\n]")
	}
	var items []any
	failed := false
	sc := bufio.NewScanner(bytes.NewReader(body))
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	s.mu.Lock()
	defer s.mu.Unlock()
	for sc.Scan() {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		var action map[string]struct {
			Index string `json:"_index"`
			ID    string `json:"_id"`
		}
		if err := json.Unmarshal(line, &action); err != nil || len(action) != 1 {
			return badRequest("Malformed action/metadata line: expected a single action object")
		}
		for op, meta := range action {
			index := meta.Index
			if index == "" {
				index = defaultIndex
			}
			if op != "delete" {
				failed = true
				items = append(items, map[string]any{op: map[string]any{"_index": index, "_id": meta.ID, "status": 400,
					"error": map[string]any{"type": "illegal_argument_exception", "reason": "the fake only supports delete"}}})
				// index/create/update carry a source line: skip it.
				sc.Scan()
				continue
			}
			docs, ok := s.indices[index]
			if !ok {
				failed = true
				items = append(items, map[string]any{"delete": map[string]any{"_index": index, "_id": meta.ID, "status": 404,
					"error": map[string]any{"type": "index_not_found_exception", "reason": "no such index [" + index + "]"}}})
				continue
			}
			result, status := "not_found", http.StatusNotFound
			for i, d := range docs {
				if d.ID == meta.ID {
					s.indices[index] = append(docs[:i:i], docs[i+1:]...)
					s.version++
					result, status = "deleted", http.StatusOK
					break
				}
			}
			items = append(items, map[string]any{"delete": map[string]any{"_index": index, "_id": meta.ID,
				"result": result, "status": status, "_version": 2}})
		}
	}
	return http.StatusOK, map[string]any{"took": 1, "errors": failed, "items": items}
}

func bulkPath(p string) (index string, ok bool) {
	if p == "/_bulk" {
		return "", true
	}
	if strings.HasSuffix(p, "/_bulk") && strings.Count(p, "/") == 2 {
		return strings.Split(p, "/")[1], true
	}
	return "", false
}

func isBulk(p string) bool {
	_, ok := bulkPath(p)
	return ok
}
