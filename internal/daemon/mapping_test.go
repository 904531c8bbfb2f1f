package daemon

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/leakwatch/leakwatch/internal/config"
	"github.com/leakwatch/leakwatch/sources/elasticsearch/esfake"
)

// TestStartChecksESMapping: at start (and on every reload, which builds the same way) an
// Elasticsearch source's field_type and search_fields are compared with the index mapping;
// a wrong guess refuses the config naming the field and its mapped type, and a right one
// runs.
func TestStartChecksESMapping(t *testing.T) {
	fake := esfake.New(esfake.Options{})
	fake.CreateIndex("logs-2026.11.30")
	srv := httptest.NewServer(fake)
	t.Cleanup(srv.Close)
	tests := []struct {
		name, fields string
		wantErr      string
	}{
		{"text field searched as text", "field_type: text", ""},
		{"keyword subfield searched as keyword", "field_type: keyword\n      search_fields: [message.keyword]", ""},
		{"text field guessed keyword", "field_type: keyword", "sources[0] (es-prod).elasticsearch.field_type: field message is mapped as text, not keyword"},
		{"unmapped search field", "search_fields: [log]", "sources[0] (es-prod).elasticsearch.search_fields: field log is not mapped"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "config.yaml")
			cfg := fmt.Sprintf("data_dir: %s\nsources:\n  - name: es-prod\n    type: elasticsearch\n    elasticsearch:\n      urls: [%s]\n      index: \"logs-*\"\n      tiebreaker_field: event.id\n      %s\n",
				filepath.Join(dir, "data"), srv.URL, tc.fields)
			if err := os.WriteFile(path, []byte(cfg), 0o600); err != nil {
				t.Fatal(err)
			}
			if _, err := config.Load(path); err != nil {
				t.Fatalf("config: %v", err)
			}
			err := Run(context.Background(), Options{ConfigPath: path, Once: true})
			switch {
			case tc.wantErr == "" && err != nil:
				t.Fatalf("run: %v, want a clean pass", err)
			case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
				t.Fatalf("run: %v, want %q", err, tc.wantErr)
			}
		})
	}
}
