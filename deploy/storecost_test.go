package deploy_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// The "store bytes read per byte of logs" query, evaluated by promtool: a source whose
// counts read 100 bytes a minute (the logs in scope) and whose scans read 100 and
// re-verification 25 reads 2.25 bytes per byte of logs.
func TestStoreCostPerByteQuery(t *testing.T) {
	pt := promtool(t)
	var expr string
	for _, p := range allPanels(loadDashboard(t).Panels) {
		if strings.EqualFold(p.Title, "store bytes read per byte of logs") && len(p.Targets) == 1 {
			expr = grafanaVars.Replace(p.Targets[0].Expr)
		}
	}
	if expr == "" {
		t.Fatal("panel \"Store bytes read per byte of logs\" with one query not found")
	}
	series := func(kind, values string) map[string]string {
		return map[string]string{"series": `leakwatch_store_processed_bytes_total{source="loki",kind="` + kind + `"}`, "values": values}
	}
	test := map[string]any{
		"rule_files":          []string{},
		"evaluation_interval": "1m",
		"tests": []any{map[string]any{
			"interval": "1m",
			"input_series": []any{
				series("scan", "0+100x120"), series("count", "0+100x120"), series("reverify", "0+25x120"), series("purge", "0x120"),
			},
			"promql_expr_test": []any{map[string]any{
				"expr": expr, "eval_time": "90m",
				"exp_samples": []any{map[string]any{"labels": `{source="loki"}`, "value": 2.25}},
			}},
		}},
	}
	b, err := yaml.Marshal(test)
	if err != nil {
		t.Fatal(err)
	}
	f := filepath.Join(t.TempDir(), "storecost.test.yaml")
	if err := os.WriteFile(f, b, 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(pt, "test", "rules", f).CombinedOutput(); err != nil {
		t.Fatalf("store cost query: %v\n%s", err, out)
	}
}
