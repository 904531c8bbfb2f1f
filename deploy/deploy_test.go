// Package deploy_test checks the deployment files in deploy/ (Prometheus rules, Grafana
// dashboard, Kubernetes manifests, compose demo, systemd unit) and the root Dockerfile
// against each other and against the metrics the daemon really exports.
package deploy_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"gopkg.in/yaml.v3"

	"github.com/leakwatch/leakwatch/detector"
	"github.com/leakwatch/leakwatch/internal/config"
	"github.com/leakwatch/leakwatch/internal/fakesecret"
	"github.com/leakwatch/leakwatch/internal/metrics"
	"github.com/leakwatch/leakwatch/queries"
	"github.com/leakwatch/leakwatch/sources/loki"
)

// root is the repository root; go test runs in the package directory (deploy/).
const root = ".."

func repoPath(parts ...string) string { return filepath.Join(append([]string{root}, parts...)...) }

func readFile(t *testing.T, parts ...string) []byte {
	t.Helper()
	b, err := os.ReadFile(repoPath(parts...))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// yamlDocs decodes every document of a YAML file into generic maps.
func yamlDocs(t *testing.T, parts ...string) []map[string]any {
	t.Helper()
	dec := yaml.NewDecoder(bytes.NewReader(readFile(t, parts...)))
	var docs []map[string]any
	for {
		var d map[string]any
		err := dec.Decode(&d)
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("%s: %v", filepath.Join(parts...), err)
		}
		if d != nil {
			docs = append(docs, d)
		}
	}
	return docs
}

func yamlDoc(t *testing.T, parts ...string) map[string]any {
	t.Helper()
	docs := yamlDocs(t, parts...)
	if len(docs) != 1 {
		t.Fatalf("%s: want 1 YAML document, got %d", filepath.Join(parts...), len(docs))
	}
	return docs[0]
}

// dig walks maps and lists: dig(v, "spec", "ports", 0, "name").
func dig(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, ok := v.(map[string]any)
			if !ok {
				return nil
			}
			v = m[k]
		case int:
			l, ok := v.([]any)
			if !ok || k >= len(l) {
				return nil
			}
			v = l[k]
		}
	}
	return v
}

func str(v any, path ...any) string {
	s, _ := dig(v, path...).(string)
	return s
}

func list(v any, path ...any) []any {
	l, _ := dig(v, path...).([]any)
	return l
}

// ---------------------------------------------------------------------------------------
// promtool

// promtool returns promtool's path. Locally it skips when promtool is missing; in CI
// (CI=true) a missing promtool fails, so the rule tests cannot silently stop running.
func promtool(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("promtool")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("promtool missing: .ci/run must install Debian's prometheus package")
		}
		t.Skip("promtool not on PATH (Debian: apt-get install prometheus)")
	}
	return p
}

func runPromtool(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command(promtool(t), args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("promtool %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

func TestPromtoolCheckRules(t *testing.T) {
	runPromtool(t, repoPath("deploy", "prometheus"), "check", "rules", "leakwatch-rules.yaml")
}

func TestPromtoolTestRules(t *testing.T) {
	runPromtool(t, repoPath("deploy", "prometheus"), "test", "rules", "leakwatch-rules.test.yaml")
}

// Every alert needs a firing and a quiet case in the promtool tests.
func TestRuleTestsCoverEveryAlert(t *testing.T) {
	tests := yamlDoc(t, "deploy", "prometheus", "leakwatch-rules.test.yaml")
	firing, quiet := map[string]bool{}, map[string]bool{}
	for _, tc := range list(tests, "tests") {
		for _, a := range list(tc, "alert_rule_test") {
			name := str(a, "alertname")
			if len(list(a, "exp_alerts")) > 0 {
				firing[name] = true
			} else {
				quiet[name] = true
			}
		}
	}
	for _, r := range alertRules(t) {
		name := str(r, "alert")
		if !firing[name] {
			t.Errorf("%s: no promtool test where it fires", name)
		}
		if !quiet[name] {
			t.Errorf("%s: no promtool test where it stays quiet", name)
		}
	}
}

// The dashboard's queries are valid PromQL: promtool parses them as recording rules after
// Grafana's variables are replaced by values Grafana would use.
func TestDashboardQueriesParse(t *testing.T) {
	pt := promtool(t)
	var rules []map[string]string
	for i, e := range dashboardExprs(t) {
		rules = append(rules, map[string]string{"record": fmt.Sprintf("dashboard:query_%d", i), "expr": grafanaVars.Replace(e)})
	}
	b, err := yaml.Marshal(map[string]any{"groups": []any{map[string]any{"name": "dashboard", "rules": rules}}})
	if err != nil {
		t.Fatal(err)
	}
	f := filepath.Join(t.TempDir(), "dashboard-rules.yaml")
	if err := os.WriteFile(f, b, 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(pt, "check", "rules", f).CombinedOutput(); err != nil {
		t.Fatalf("dashboard queries do not parse: %v\n%s", err, out)
	}
}

var grafanaVars = strings.NewReplacer("$__rate_interval", "2m", "$__range", "1h", "$__interval", "1m", "$source", ".*")

// ---------------------------------------------------------------------------------------
// Prometheus rules

func ruleGroups(t *testing.T) []any {
	t.Helper()
	g := list(yamlDoc(t, "deploy", "prometheus", "leakwatch-rules.yaml"), "groups")
	if len(g) == 0 {
		t.Fatal("leakwatch-rules.yaml: no groups")
	}
	return g
}

func alertRules(t *testing.T) []any {
	t.Helper()
	var out []any
	for _, g := range ruleGroups(t) {
		for _, r := range list(g, "rules") {
			if str(r, "alert") != "" {
				out = append(out, r)
			}
		}
	}
	return out
}

func TestAlertsPresentAndAnnotated(t *testing.T) {
	want := []string{
		"LeakwatchSecretLeaked", "LeakwatchCoverageStale", "LeakwatchScansFailing",
		"LeakwatchCoverageGap", "LeakwatchAlertDeliveryFailing", "LeakwatchOutboxGrowing",
		"LeakwatchConfigReloadFailed", "LeakwatchDown",
	}
	anchors := markdownAnchors(string(readFile(t, "docs", "operations.md")))
	got := map[string]bool{}
	for _, r := range alertRules(t) {
		name := str(r, "alert")
		got[name] = true
		if sev := str(r, "labels", "severity"); sev != "critical" && sev != "warning" {
			t.Errorf("%s: severity %q, want critical or warning", name, sev)
		}
		for _, a := range []string{"summary", "description", "runbook_url"} {
			if str(r, "annotations", a) == "" {
				t.Errorf("%s: annotation %s missing", name, a)
			}
		}
		u := str(r, "annotations", "runbook_url")
		const prefix = "https://github.com/leakwatch/leakwatch/blob/main/docs/operations.md#"
		if !strings.HasPrefix(u, prefix) {
			t.Errorf("%s: runbook_url %q does not point into docs/operations.md", name, u)
			continue
		}
		if a := strings.TrimPrefix(u, prefix); !anchors[a] || a != strings.ToLower(name) {
			t.Errorf("%s: runbook anchor #%s: want a heading %q in docs/operations.md", name, a, name)
		}
	}
	for _, w := range want {
		if !got[w] {
			t.Errorf("alert %s missing from leakwatch-rules.yaml", w)
		}
	}
	if t.Failed() {
		return
	}
	// The page-worthy alert must not depend on a per-rule severity that hits_total lacks.
	if s := ruleByName(t, "LeakwatchSecretLeaked"); str(s, "labels", "severity") != "critical" {
		t.Error("LeakwatchSecretLeaked must page (severity critical)")
	}
}

func ruleByName(t *testing.T, name string) any {
	for _, r := range alertRules(t) {
		if str(r, "alert") == name {
			return r
		}
	}
	t.Fatalf("no alert %s", name)
	return nil
}

// markdownAnchors returns GitHub's anchors for the headings of a Markdown document.
func markdownAnchors(md string) map[string]bool {
	out := map[string]bool{}
	inCode := false
	for _, line := range strings.Split(md, "\n") {
		if strings.HasPrefix(line, "```") {
			inCode = !inCode
		}
		if inCode || !strings.HasPrefix(line, "#") {
			continue
		}
		h := strings.ToLower(strings.TrimSpace(strings.TrimLeft(line, "#")))
		var b strings.Builder
		for _, r := range h {
			switch {
			case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '-', r == '_':
				b.WriteRune(r)
			case r == ' ':
				b.WriteByte('-')
			}
		}
		out[b.String()] = true
	}
	return out
}

func TestPrometheusRuleCRDMatchesRuleFile(t *testing.T) {
	crd := yamlDoc(t, "deploy", "kubernetes", "prometheusrule.yaml")
	if str(crd, "apiVersion") != "monitoring.coreos.com/v1" || str(crd, "kind") != "PrometheusRule" {
		t.Fatalf("prometheusrule.yaml: apiVersion/kind = %s/%s", str(crd, "apiVersion"), str(crd, "kind"))
	}
	if got, want := list(crd, "spec", "groups"), ruleGroups(t); !reflect.DeepEqual(got, want) {
		gb, _ := yaml.Marshal(got)
		wb, _ := yaml.Marshal(want)
		t.Errorf("spec.groups of deploy/kubernetes/prometheusrule.yaml differ from deploy/prometheus/leakwatch-rules.yaml:\n--- crd\n%s\n--- rules\n%s", gb, wb)
	}
}

// ---------------------------------------------------------------------------------------
// Metric names

// MetricNamesFromScrape returns the metric names in a Prometheus text exposition: sample
// names (histograms appear as _bucket, _sum and _count) and the family names of # TYPE lines.
func MetricNamesFromScrape(body string) map[string]bool {
	names := map[string]bool{}
	sc := bufio.NewScanner(strings.NewReader(body))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if rest, ok := strings.CutPrefix(line, "# TYPE "); ok {
			if f := strings.Fields(rest); len(f) > 0 {
				names[f[0]] = true
			}
			continue
		}
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if i := strings.IndexAny(line, "{ "); i > 0 {
			names[line[:i]] = true
		}
	}
	return names
}

// populate gives every labelled metric of m one child: a vector without children is not
// exposed at all, and the scrape must show every name the daemon can export.
func populate(t *testing.T, m *metrics.Metrics) {
	t.Helper()
	v := reflect.ValueOf(m).Elem()
	for i := 0; i < v.NumField(); i++ {
		f := v.Field(i).Interface()
		var get func(...string) error
		switch c := f.(type) {
		case *prometheus.CounterVec:
			get = func(l ...string) error { _, err := c.GetMetricWithLabelValues(l...); return err }
		case *prometheus.GaugeVec:
			get = func(l ...string) error { _, err := c.GetMetricWithLabelValues(l...); return err }
		case *prometheus.HistogramVec:
			get = func(l ...string) error { _, err := c.GetMetricWithLabelValues(l...); return err }
		case *prometheus.SummaryVec:
			get = func(l ...string) error { _, err := c.GetMetricWithLabelValues(l...); return err }
		default:
			continue
		}
		ok := false
		for n := 0; n <= 8 && !ok; n++ {
			labels := make([]string, n)
			for j := range labels {
				labels[j] = "x"
			}
			ok = get(labels...) == nil
		}
		if !ok {
			t.Fatalf("metrics.%s: could not create a child", v.Type().Field(i).Name)
		}
	}
}

// scrapedNames serves metrics.New()'s registry over HTTP, scrapes it and returns the names.
func scrapedNames(t *testing.T) map[string]bool {
	t.Helper()
	m := metrics.New()
	populate(t, m)
	srv := httptest.NewServer(promhttp.HandlerFor(m.Registry, promhttp.HandlerOpts{}))
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("scrape: %d %v", resp.StatusCode, err)
	}
	return MetricNamesFromScrape(string(body))
}

func TestMetricNamesFromScrape(t *testing.T) {
	body := `# HELP a_total A.
# TYPE a_total counter
a_total{source="x"} 1
# TYPE h_seconds histogram
h_seconds_bucket{le="+Inf"} 1
h_seconds_sum 0.5
h_seconds_count 1
plain 3 1700000000000
`
	got := MetricNamesFromScrape(body)
	for _, n := range []string{"a_total", "h_seconds", "h_seconds_bucket", "h_seconds_sum", "h_seconds_count", "plain"} {
		if !got[n] {
			t.Errorf("%s not found", n)
		}
	}
	if got["HELP"] || got["le"] || len(got) != 6 {
		t.Errorf("unexpected names: %v", got)
	}
}

var leakwatchMetricRe = regexp.MustCompile(`\bleakwatch_[a-zA-Z0-9_]+`)

func referencedMetrics(exprs []string) map[string]bool {
	out := map[string]bool{}
	for _, e := range exprs {
		for _, n := range leakwatchMetricRe.FindAllString(e, -1) {
			out[n] = true
		}
	}
	return out
}

func ruleExprs(t *testing.T) []string {
	var out []string
	for _, g := range ruleGroups(t) {
		for _, r := range list(g, "rules") {
			out = append(out, str(r, "expr"))
		}
	}
	return out
}

func TestReferencedMetricsExist(t *testing.T) {
	have := scrapedNames(t)
	// Sanity: the scrape shows labelled families and histogram series.
	for _, n := range []string{"leakwatch_hits_total", "leakwatch_scan_duration_seconds_bucket", "leakwatch_build_info"} {
		if !have[n] {
			t.Fatalf("scrape of metrics.New() lacks %s", n)
		}
	}
	for what, exprs := range map[string][]string{
		"deploy/prometheus/leakwatch-rules.yaml": ruleExprs(t),
		"deploy/grafana/leakwatch.json":          dashboardExprs(t),
	} {
		refs := referencedMetrics(exprs)
		if len(refs) < 5 {
			t.Errorf("%s: only %d leakwatch metrics referenced", what, len(refs))
		}
		for n := range refs {
			if !have[n] {
				t.Errorf("%s references %s, which metrics.New() does not export", what, n)
			}
		}
	}
}

// ---------------------------------------------------------------------------------------
// Grafana

type dashboard struct {
	UID        string `json:"uid"`
	Title      string `json:"title"`
	Templating struct {
		List []struct {
			Name       string          `json:"name"`
			Type       string          `json:"type"`
			Query      json.RawMessage `json:"query"`
			Datasource *datasourceRef  `json:"datasource"`
		} `json:"list"`
	} `json:"templating"`
	Panels []panel `json:"panels"`
}

type datasourceRef struct {
	Type string `json:"type"`
	UID  string `json:"uid"`
}

type panel struct {
	ID         int            `json:"id"`
	Type       string         `json:"type"`
	Title      string         `json:"title"`
	Datasource *datasourceRef `json:"datasource"`
	Targets    []struct {
		Expr       string         `json:"expr"`
		RefID      string         `json:"refId"`
		Datasource *datasourceRef `json:"datasource"`
	} `json:"targets"`
	Panels []panel `json:"panels"` // collapsed rows
}

func loadDashboard(t *testing.T) dashboard {
	t.Helper()
	var d dashboard
	dec := json.NewDecoder(bytes.NewReader(readFile(t, "deploy", "grafana", "leakwatch.json")))
	if err := dec.Decode(&d); err != nil {
		t.Fatalf("leakwatch.json: %v", err)
	}
	return d
}

func allPanels(ps []panel) []panel {
	var out []panel
	for _, p := range ps {
		out = append(out, p)
		out = append(out, allPanels(p.Panels)...)
	}
	return out
}

func dashboardExprs(t *testing.T) []string {
	var out []string
	for _, p := range allPanels(loadDashboard(t).Panels) {
		for _, tg := range p.Targets {
			out = append(out, tg.Expr)
		}
	}
	return out
}

func TestGrafanaDashboard(t *testing.T) {
	d := loadDashboard(t)
	if d.UID == "" || d.Title == "" {
		t.Error("dashboard needs a uid and a title (provisioning and links use them)")
	}
	vars := map[string]string{}
	for _, v := range d.Templating.List {
		vars[v.Name] = v.Type
		switch v.Name {
		case "datasource":
			if v.Type != "datasource" || string(v.Query) != `"prometheus"` {
				t.Errorf("variable datasource: type %s query %s, want a prometheus datasource variable", v.Type, v.Query)
			}
		case "source":
			if v.Datasource == nil || v.Datasource.UID != "${datasource}" {
				t.Errorf("variable source must query the ${datasource} variable")
			}
			if !strings.Contains(string(v.Query), "leakwatch_") {
				t.Errorf("variable source: query %s does not read leakwatch metrics", v.Query)
			}
		}
	}
	for _, n := range []string{"datasource", "source"} {
		if _, ok := vars[n]; !ok {
			t.Errorf("variable %s missing", n)
		}
	}

	ids := map[int]bool{}
	titles := map[string]bool{}
	for _, p := range allPanels(d.Panels) {
		if ids[p.ID] {
			t.Errorf("panel id %d used twice", p.ID)
		}
		ids[p.ID] = true
		titles[strings.ToLower(p.Title)] = true
		if p.Type == "row" {
			continue
		}
		if len(p.Targets) == 0 {
			t.Errorf("panel %q has no query", p.Title)
		}
		if p.Datasource == nil || p.Datasource.UID != "${datasource}" || p.Datasource.Type != "prometheus" {
			t.Errorf("panel %q: datasource %+v, want the ${datasource} variable", p.Title, p.Datasource)
		}
		refs := map[string]bool{}
		for _, tg := range p.Targets {
			if tg.Datasource == nil || tg.Datasource.UID != "${datasource}" {
				t.Errorf("panel %q query %s: datasource %+v, want the ${datasource} variable", p.Title, tg.RefID, tg.Datasource)
			}
			if strings.TrimSpace(tg.Expr) == "" {
				t.Errorf("panel %q query %s: empty expr", p.Title, tg.RefID)
			}
			if refs[tg.RefID] {
				t.Errorf("panel %q: refId %s used twice", p.Title, tg.RefID)
			}
			refs[tg.RefID] = true
			// Per-source panels must follow the source variable.
			if strings.Contains(tg.Expr, "{source") && !strings.Contains(tg.Expr, `source=~"$source"`) {
				t.Errorf("panel %q: %s filters source without the $source variable", p.Title, tg.Expr)
			}
		}
	}
	for _, want := range []string{
		"covered until (time since watermark)", "days since last incident", "hits by rule",
		"scan duration", "source errors by kind", "outbox depth", "notifications",
	} {
		if !titles[want] {
			t.Errorf("panel %q missing", want)
		}
	}
}

// The "days since last incident" query, evaluated by promtool on a counter that grew once.
func TestDaysSinceLastIncidentQuery(t *testing.T) {
	pt := promtool(t)
	var expr string
	for _, p := range allPanels(loadDashboard(t).Panels) {
		if strings.EqualFold(p.Title, "days since last incident") && len(p.Targets) == 1 {
			expr = grafanaVars.Replace(p.Targets[0].Expr)
		}
	}
	if expr == "" {
		t.Fatal("panel \"Days since last incident\" with one query not found")
	}
	// The last sighting was at 30m (1800 s); at 200m the answer is 170 minutes.
	test := map[string]any{
		"rule_files":          []string{},
		"evaluation_interval": "1m",
		"tests": []any{map[string]any{
			"interval": "1m",
			"input_series": []any{map[string]string{
				"series": `leakwatch_last_sighting_timestamp_seconds`, "values": "1800x200",
			}},
			"promql_expr_test": []any{map[string]any{
				"expr": expr, "eval_time": "200m",
				"exp_samples": []any{map[string]any{"labels": "{}", "value": 170.0 / 1440}},
			}},
		}},
	}
	b, err := yaml.Marshal(test)
	if err != nil {
		t.Fatal(err)
	}
	f := filepath.Join(t.TempDir(), "days.test.yaml")
	if err := os.WriteFile(f, b, 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(pt, "test", "rules", f).CombinedOutput(); err != nil {
		t.Fatalf("days-since query: %v\n%s", err, out)
	}
}

// ---------------------------------------------------------------------------------------
// Kubernetes

func k8sFiles(t *testing.T) []string {
	t.Helper()
	m, err := filepath.Glob(repoPath("deploy", "kubernetes", "*.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range m {
		if b := filepath.Base(f); b != "kustomization.yaml" {
			out = append(out, b)
		}
	}
	sort.Strings(out)
	return out
}

// k8sObjects returns every manifest by kind (one object per kind in this directory).
func k8sObjects(t *testing.T) map[string]map[string]any {
	t.Helper()
	objs := map[string]map[string]any{}
	for _, f := range k8sFiles(t) {
		for _, d := range yamlDocs(t, "deploy", "kubernetes", f) {
			kind := str(d, "kind")
			if str(d, "apiVersion") == "" || kind == "" || str(d, "metadata", "name") == "" {
				t.Errorf("%s: apiVersion, kind and metadata.name are required", f)
			}
			if dig(d, "metadata", "namespace") != nil {
				t.Errorf("%s: namespace set; the manifests are namespace-less (kustomize sets it)", f)
			}
			if objs[kind] != nil {
				t.Errorf("%s: second %s", f, kind)
			}
			objs[kind] = d
		}
	}
	return objs
}

func TestKustomizationListsEveryManifest(t *testing.T) {
	k := yamlDoc(t, "deploy", "kubernetes", "kustomization.yaml")
	if str(k, "kind") != "Kustomization" {
		t.Fatalf("kustomization.yaml: kind %q", str(k, "kind"))
	}
	var listed []string
	for _, r := range list(k, "resources") {
		listed = append(listed, r.(string))
	}
	sort.Strings(listed)
	if files := k8sFiles(t); !reflect.DeepEqual(listed, files) {
		t.Errorf("kustomization resources %v, files %v", listed, files)
	}
}

var pinnedImage = regexp.MustCompile(`^ghcr\.io/leakwatch/leakwatch(:\d+\.\d+\.\d+|@sha256:[0-9a-f]{64})$`)

// quantityBytes reads a Kubernetes memory quantity in binary units (64Mi, 1Gi; 640MiB with
// the B removed).
func quantityBytes(t *testing.T, q string) int64 {
	t.Helper()
	for suffix, mult := range map[string]int64{"Ki": 1 << 10, "Mi": 1 << 20, "Gi": 1 << 30} {
		if n, ok := strings.CutSuffix(q, suffix); ok {
			v, err := strconv.ParseInt(n, 10, 64)
			if err != nil {
				t.Fatalf("quantity %q: %v", q, err)
			}
			return v * mult
		}
	}
	t.Fatalf("quantity %q: want Ki, Mi or Gi", q)
	return 0
}

func TestKubernetesManifests(t *testing.T) {
	objs := k8sObjects(t)
	want := map[string]string{
		"Deployment": "apps/v1", "Service": "v1", "ConfigMap": "v1", "Secret": "v1",
		"PersistentVolumeClaim": "v1", "ServiceMonitor": "monitoring.coreos.com/v1",
		"PrometheusRule": "monitoring.coreos.com/v1",
	}
	for kind, api := range want {
		if objs[kind] == nil {
			t.Errorf("no %s manifest", kind)
		} else if got := str(objs[kind], "apiVersion"); got != api {
			t.Errorf("%s: apiVersion %s, want %s", kind, got, api)
		}
	}
	if t.Failed() {
		return
	}
	dep, svc, sm := objs["Deployment"], objs["Service"], objs["ServiceMonitor"]

	// Deployment: one writer of the state file.
	if n, _ := dig(dep, "spec", "replicas").(int); n != 1 {
		t.Errorf("Deployment replicas %v, want 1", dig(dep, "spec", "replicas"))
	}
	if s := str(dep, "spec", "strategy", "type"); s != "Recreate" {
		t.Errorf("Deployment strategy %q, want Recreate", s)
	}
	podLabels, _ := dig(dep, "spec", "template", "metadata", "labels").(map[string]any)
	if !subset(dig(dep, "spec", "selector", "matchLabels"), podLabels) {
		t.Error("Deployment selector does not match its pod labels")
	}
	if !subset(dig(svc, "spec", "selector"), podLabels) {
		t.Error("Service selector does not match the pod labels")
	}
	if !subset(dig(sm, "spec", "selector", "matchLabels"), dig(svc, "metadata", "labels")) {
		t.Error("ServiceMonitor selector does not match the Service labels")
	}

	pod := dig(dep, "spec", "template", "spec")
	checkTrue := func(where string, v any, keys ...string) {
		for _, k := range keys {
			if b, _ := dig(v, k).(bool); !b {
				t.Errorf("%s.%s must be true", where, k)
			}
		}
	}
	checkTrue("pod securityContext", dig(pod, "securityContext"), "runAsNonRoot")
	if str(pod, "securityContext", "seccompProfile", "type") != "RuntimeDefault" {
		t.Error("pod seccompProfile must be RuntimeDefault")
	}
	ctrs := list(pod, "containers")
	if len(ctrs) != 1 {
		t.Fatalf("%d containers, want 1", len(ctrs))
	}
	c := ctrs[0]
	sc := dig(c, "securityContext")
	checkTrue("container securityContext", sc, "runAsNonRoot", "readOnlyRootFilesystem")
	if b, ok := dig(sc, "allowPrivilegeEscalation").(bool); !ok || b {
		t.Error("allowPrivilegeEscalation must be false")
	}
	if u, _ := dig(sc, "runAsUser").(int); u != 65532 {
		t.Errorf("runAsUser %v, want 65532", dig(sc, "runAsUser"))
	}
	if d := list(sc, "capabilities", "drop"); len(d) != 1 || d[0] != "ALL" {
		t.Errorf("capabilities.drop %v, want [ALL]", d)
	}
	if str(sc, "seccompProfile", "type") != "RuntimeDefault" {
		t.Error("container seccompProfile must be RuntimeDefault")
	}
	if img := str(c, "image"); !pinnedImage.MatchString(img) {
		t.Errorf("image %q: want ghcr.io/leakwatch/leakwatch pinned to a release (X.Y.Z) or a digest, not :latest", img)
	}
	args := fmt.Sprint(list(c, "args"))
	if args != "[run --config /etc/leakwatch/config.yaml]" {
		t.Errorf("args %s", args)
	}
	// The limit must hold one page at the Loki response cap: about 2.5 times the page at
	// peak (BenchmarkResponsePeakRSS), plus the daemon itself. At the cap it is killed before
	// the cap can fire.
	limit := quantityBytes(t, str(c, "resources", "limits", "memory"))
	if need := int64(loki.DefaultMaxResponseBytes)*5/2 + 64<<20; limit < need {
		t.Errorf("memory limit %d MiB: want at least %d MiB (2.5 x the %d MiB response cap + 64 MiB)", limit>>20, need>>20, loki.DefaultMaxResponseBytes>>20)
	}
	var gomemlimit int64
	for _, e := range list(c, "env") {
		if str(e, "name") == "GOMEMLIMIT" {
			gomemlimit = quantityBytes(t, strings.TrimSuffix(str(e, "value"), "B"))
		}
	}
	if gomemlimit == 0 || gomemlimit >= limit || gomemlimit < limit*3/4 {
		t.Errorf("GOMEMLIMIT %d MiB: want it set a little under the memory limit (%d MiB)", gomemlimit>>20, limit>>20)
	}
	raw, err := os.ReadFile(repoPath("deploy", "kubernetes", "deployment.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(raw), "BenchmarkResponsePeakRSS") {
		t.Error("deployment.yaml does not explain the memory limit by the measured figures (BenchmarkResponsePeakRSS)")
	}
	if !strings.Contains(string(raw), "leakwatch bench") || !strings.Contains(string(raw), "CPU-second") {
		t.Error("deployment.yaml does not explain the CPU request and limit by measured figures (leakwatch bench, CPU-seconds)")
	}
	for _, k := range []string{"cpu", "memory"} {
		if str(c, "resources", "requests", k) == "" {
			t.Errorf("resources.requests.%s missing", k)
		}
	}

	// Ports and probes: all on 9847, named like the Service's port.
	ports := list(c, "ports")
	if len(ports) != 1 || dig(ports[0], "containerPort") != 9847 || str(ports[0], "name") != "metrics" {
		t.Fatalf("container ports %v, want one port 9847 named metrics", ports)
	}
	for probe, path := range map[string]string{"livenessProbe": "/healthz", "readinessProbe": "/readyz"} {
		if p := str(c, probe, "httpGet", "path"); p != path {
			t.Errorf("%s path %q, want %s", probe, p, path)
		}
		if p := dig(c, probe, "httpGet", "port"); p != "metrics" && p != 9847 {
			t.Errorf("%s port %v, want metrics", probe, p)
		}
	}
	sp := list(svc, "spec", "ports")
	if len(sp) != 1 || dig(sp[0], "port") != 9847 || str(sp[0], "name") != "metrics" ||
		(dig(sp[0], "targetPort") != "metrics" && dig(sp[0], "targetPort") != 9847) {
		t.Errorf("Service ports %v, want 9847 named metrics targeting the container port", sp)
	}
	eps := list(sm, "spec", "endpoints")
	if len(eps) != 1 || str(eps[0], "port") != "metrics" || str(eps[0], "path") != "/metrics" {
		t.Errorf("ServiceMonitor endpoints %v, want port metrics path /metrics", eps)
	}

	// Volumes: names resolve, mounts are where the daemon looks.
	vols := map[string]any{}
	for _, v := range list(pod, "volumes") {
		vols[str(v, "name")] = v
	}
	mounts := map[string]string{}
	for _, m := range list(c, "volumeMounts") {
		if vols[str(m, "name")] == nil {
			t.Errorf("volumeMount %s has no volume", str(m, "name"))
		}
		mounts[str(m, "mountPath")] = str(m, "name")
	}
	check := func(path, field, wantName string) {
		v := vols[mounts[path]]
		if v == nil {
			t.Errorf("nothing mounted at %s", path)
			return
		}
		if got := str(v, strings.Split(field, ".")[0], strings.Split(field, ".")[1]); got != wantName {
			t.Errorf("volume at %s: %s = %q, want %q", path, field, got, wantName)
		}
	}
	check("/etc/leakwatch", "configMap.name", str(objs["ConfigMap"], "metadata", "name"))
	check("/run/secrets/leakwatch", "secret.secretName", str(objs["Secret"], "metadata", "name"))
	check("/var/lib/leakwatch", "persistentVolumeClaim.claimName", str(objs["PersistentVolumeClaim"], "metadata", "name"))
	if mounts["/tmp"] == "" {
		t.Error("no writable /tmp with a read-only root filesystem")
	}
}

// subset reports whether every key of sub has the same value in super (and sub is not empty).
func subset(sub, super any) bool {
	a, _ := sub.(map[string]any)
	b, _ := super.(map[string]any)
	if len(a) == 0 {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// The ConfigMap's config.yaml loads with the real config loader, with the Secret's keys
// mounted as files where the Deployment mounts them.
func TestKubernetesConfigLoads(t *testing.T) {
	objs := k8sObjects(t)
	raw := str(objs["ConfigMap"], "data", "config.yaml")
	if raw == "" {
		t.Fatal("ConfigMap has no config.yaml")
	}
	secrets, _ := dig(objs["Secret"], "stringData").(map[string]any)
	if len(secrets) == 0 {
		t.Fatal("Secret has no stringData")
	}
	dir := t.TempDir()
	for k, v := range secrets {
		s, _ := v.(string)
		if !strings.HasPrefix(s, "REPLACE_WITH_") {
			t.Errorf("Secret key %s: value must be an obvious placeholder (REPLACE_WITH_…)", k)
		}
		if err := os.WriteFile(filepath.Join(dir, k), []byte(s+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	const mount = "/run/secrets/leakwatch/"
	if !strings.Contains(raw, mount) {
		t.Fatalf("config.yaml does not read credentials from %s", mount)
	}
	// Every *_file in the config names a key of the Secret.
	for _, m := range regexp.MustCompile(`_file:\s*(\S+)`).FindAllStringSubmatch(raw, -1) {
		p := m[1]
		if !strings.HasPrefix(p, mount) || secrets[strings.TrimPrefix(p, mount)] == nil {
			t.Errorf("config.yaml: %s is not a key of the Secret mounted at %s", p, mount)
		}
	}
	cfg, err := config.Parse([]byte(strings.ReplaceAll(raw, mount, dir+"/")), noEnv)
	if err != nil {
		t.Fatalf("ConfigMap config.yaml: %v", err)
	}
	if cfg.DataDir != "/var/lib/leakwatch" || !strings.HasSuffix(cfg.Listen, ":9847") {
		t.Errorf("data_dir %q listen %q: must match the PVC mount and the container port", cfg.DataDir, cfg.Listen)
	}
	if cfg.Alerting.Slack == nil || cfg.Alerting.Slack.Token.Reveal() != secrets["slack-token"] {
		t.Error("the Slack token is not read from the mounted Secret")
	}
}

func noEnv(string) (string, bool) { return "", false }

// ---------------------------------------------------------------------------------------
// Compose demo

func TestComposeStack(t *testing.T) {
	dir := repoPath("deploy", "compose")
	c := yamlDoc(t, "deploy", "compose", "docker-compose.yaml")
	services, _ := dig(c, "services").(map[string]any)
	for _, s := range []string{"loki", "loggen", "leakwatch", "prometheus", "grafana"} {
		if services[s] == nil {
			t.Errorf("service %s missing", s)
		}
	}
	if t.Failed() {
		return
	}
	if img := str(services, "loki", "image"); !strings.HasPrefix(img, "grafana/loki:3.7.") {
		t.Errorf("loki image %q, want grafana/loki:3.7.x", img)
	}
	named, _ := dig(c, "volumes").(map[string]any)
	for name, s := range services {
		img := str(s, "image")
		if dig(s, "build") == nil {
			if i := strings.LastIndex(img, ":"); i < 0 || img[i+1:] == "latest" {
				t.Errorf("service %s: image %q must carry a pinned tag", name, img)
			}
		}
		for _, v := range list(s, "volumes") {
			spec, _ := v.(string)
			parts := strings.Split(spec, ":")
			if len(parts) < 2 {
				t.Errorf("service %s: volume %q", name, spec)
				continue
			}
			src := parts[0]
			if strings.HasPrefix(src, ".") {
				if _, err := os.Stat(filepath.Join(dir, src)); err != nil {
					t.Errorf("service %s mounts %s: %v", name, src, err)
				}
			} else if _, ok := named[src]; !ok {
				t.Errorf("service %s: volume %s is not declared", name, src)
			}
		}
		for _, p := range list(s, "ports") {
			if ps, _ := p.(string); !regexp.MustCompile(`^\d+:\d+$`).MatchString(ps) {
				t.Errorf("service %s: port %v, want \"host:container\"", name, p)
			}
		}
		for _, d := range list(s, "depends_on") {
			if services[d.(string)] == nil {
				t.Errorf("service %s depends on unknown %v", name, d)
			}
		}
	}
	lw := services["leakwatch"]
	if ctx := str(lw, "build", "context"); filepath.Clean(filepath.Join(dir, ctx)) != filepath.Clean(root) || str(lw, "build", "dockerfile") != "Dockerfile" {
		t.Errorf("leakwatch must be built from the root Dockerfile (context %q)", ctx)
	}
	if !hasPort(lw, "9847:9847") {
		t.Error("leakwatch: port 9847 not published")
	}
	if !mounts(lw, "./leakwatch/config.yaml", "/etc/leakwatch/config.yaml") {
		t.Error("leakwatch: config not mounted at /etc/leakwatch/config.yaml")
	}
	if !mounts(services["prometheus"], "../prometheus/leakwatch-rules.yaml", "") {
		t.Error("prometheus: the alert rules are not mounted")
	}
	if !mounts(services["grafana"], "../grafana/leakwatch.json", "") {
		t.Error("grafana: the dashboard is not mounted")
	}
	if !mounts(services["loggen"], "./loggen/loggen.sh", "") {
		t.Error("loggen: the generator script is not mounted")
	}

	// leakwatch's config loads and scans the Loki service the generator pushes to.
	cfg, err := config.Parse(readFile(t, "deploy", "compose", "leakwatch", "config.yaml"), noEnv)
	if err != nil {
		t.Fatalf("compose leakwatch config: %v", err)
	}
	if len(cfg.Sources) != 1 || cfg.Sources[0].Type != "loki" || cfg.Sources[0].Block.(*loki.SourceConfig).URL != "http://loki:3100" {
		t.Errorf("compose config sources %+v: want one loki source at http://loki:3100", cfg.Sources)
	}
	if !strings.Contains(strings.Join(cfg.Sources[0].Block.(*loki.SourceConfig).Selectors, " "), `job="demo-app"`) || !strings.Contains(string(readFile(t, "deploy", "compose", "loggen", "loggen.sh")), `\"job\":\"demo-app\"`) {
		t.Error("the leakwatch selector and the generator's stream labels disagree")
	}

	// Prometheus scrapes job="leakwatch" (LeakwatchDown relies on it) and loads the mounted rules.
	pc := yamlDoc(t, "deploy", "compose", "prometheus", "prometheus.yml")
	rulePath := mountTarget(services["prometheus"], "../prometheus/leakwatch-rules.yaml")
	if rf := list(pc, "rule_files"); len(rf) != 1 || rf[0] != rulePath {
		t.Errorf("prometheus.yml rule_files %v, want [%s]", rf, rulePath)
	}
	sc := list(pc, "scrape_configs")
	if len(sc) != 1 || str(sc[0], "job_name") != "leakwatch" || fmt.Sprint(list(sc[0], "static_configs", 0, "targets")) != "[leakwatch:9847]" {
		t.Errorf("prometheus.yml scrape_configs %v, want job leakwatch on leakwatch:9847", sc)
	}

	// Grafana: a Prometheus data source, and the dashboard where the provider reads.
	ds := yamlDoc(t, "deploy", "compose", "grafana", "provisioning", "datasources", "datasources.yaml")
	types := map[string]string{}
	for _, d := range list(ds, "datasources") {
		types[str(d, "type")] = str(d, "url")
	}
	if types["prometheus"] != "http://prometheus:9090" || types["loki"] != "http://loki:3100" {
		t.Errorf("grafana data sources %v", types)
	}
	dp := yamlDoc(t, "deploy", "compose", "grafana", "provisioning", "dashboards", "dashboards.yaml")
	if p := str(dp, "providers", 0, "options", "path"); filepath.Dir(mountTarget(services["grafana"], "../grafana/leakwatch.json")) != p {
		t.Errorf("dashboard provider path %q does not hold the mounted dashboard", p)
	}
}

func hasPort(s any, p string) bool {
	for _, v := range list(s, "ports") {
		if v == p {
			return true
		}
	}
	return false
}

func mountTarget(s any, src string) string {
	for _, v := range list(s, "volumes") {
		parts := strings.Split(v.(string), ":")
		if len(parts) >= 2 && parts[0] == src {
			return parts[1]
		}
	}
	return ""
}

func mounts(s any, src, target string) bool {
	got := mountTarget(s, src)
	return got != "" && (target == "" || got == target)
}

// demoGitHubToken builds the compose demo's fake GitHub token: "ghp_" + a 30-character
// payload that says what it is + the base62 CRC32 of the payload, so validators accept it.
func demoGitHubToken() string {
	return fakesecret.WithChecksum("ghp_", "LeakwatchDemoFakeTokenNotReal1")
}

// detect runs the catalogue's github-pat rule (the one the demo is about) over text and
// returns the rule IDs found.
func detect(t *testing.T, text string) []string {
	t.Helper()
	r := githubPAT(t)
	d, err := detector.New([]*queries.Rule{r}, detector.Options{Key: []byte("deploy-test-key")})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	d.Scan([]byte(text), 0, func(f detector.Finding) { ids = append(ids, f.RuleID) })
	return ids
}

func TestDemoTokenIsDetected(t *testing.T) {
	tok := demoGitHubToken()
	if len(tok) != 40 {
		t.Fatalf("demo token length %d, want 40", len(tok))
	}
	script := string(readFile(t, "deploy", "compose", "loggen", "loggen.sh"))
	if !strings.Contains(script, `DEMO_TOKEN="`+tok+`"`) {
		t.Fatal("loggen.sh does not carry the demo token built by demoGitHubToken")
	}
	if ids := detect(t, "authorization: token "+tok); fmt.Sprint(ids) != "[github-pat]" {
		t.Errorf("the catalogue finds %v in the demo line, want [github-pat]", ids)
	}
	// A broken checksum must matter, or the demo proves nothing about validation.
	broken := tok[:len(tok)-1] + string(rune('a'+(tok[len(tok)-1]-'a'+1)%26))
	if tok[len(tok)-1] < 'a' {
		broken = tok[:len(tok)-1] + "z"
	}
	if ids := detect(t, "authorization: token "+broken); len(ids) != 0 && len(githubPAT(t).Validators) > 0 {
		t.Errorf("a demo token with a wrong checksum is still found: %v", ids)
	}
}

func githubPAT(t *testing.T) *queries.Rule {
	t.Helper()
	for _, r := range queries.Catalog() {
		if r.ID == "github-pat" {
			return r
		}
	}
	t.Fatal("the catalogue has no github-pat rule")
	return nil
}

// The generator script pushes well-formed Loki push requests (as documented for Loki 3.7)
// and every 20th line carries the demo token. Runs the real script with sh and curl.
func TestLoggenPushesToLoki(t *testing.T) {
	for _, tool := range []string{"sh", "curl"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s not on PATH", tool)
		}
	}
	type push struct {
		Streams []struct {
			Stream map[string]string `json:"stream"`
			Values [][]string        `json:"values"`
		} `json:"streams"`
	}
	var mu sync.Mutex
	var lines []string
	var labels []map[string]string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.URL.Path != "/loki/api/v1/push" {
			http.Error(w, "404 page not found", http.StatusNotFound)
			return
		}
		if r.Header.Get("Content-Type") != "application/json" {
			http.Error(w, "snappy: corrupt input", http.StatusBadRequest)
			return
		}
		var p push
		if err := json.NewDecoder(r.Body).Decode(&p); err != nil || len(p.Streams) == 0 {
			http.Error(w, "bad push", http.StatusBadRequest)
			return
		}
		mu.Lock()
		defer mu.Unlock()
		for _, s := range p.Streams {
			for _, v := range s.Values {
				if len(v) != 2 || !regexp.MustCompile(`^\d{19}$`).MatchString(v[0]) {
					http.Error(w, "bad entry", http.StatusBadRequest)
					return
				}
				lines = append(lines, v[1])
				labels = append(labels, s.Stream)
			}
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	defer srv.Close()

	cmd := exec.Command("sh", repoPath("deploy", "compose", "loggen", "loggen.sh"))
	cmd.Env = append(os.Environ(), "LOKI_URL="+srv.URL, "LOGGEN_COUNT=20", "LOGGEN_SLEEP=0")
	out, err := cmd.CombinedOutput()
	if err != nil || len(out) != 0 {
		t.Fatalf("loggen.sh: %v\n%s", err, out)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(lines) != 20 {
		t.Fatalf("%d lines pushed, want 20", len(lines))
	}
	tok := demoGitHubToken()
	for i, l := range lines {
		var v map[string]any
		if err := json.Unmarshal([]byte(l), &v); err != nil {
			t.Errorf("line %d is not JSON: %v", i+1, err)
		}
		if labels[i]["job"] != "demo-app" {
			t.Errorf("line %d: stream %v, want job=demo-app", i+1, labels[i])
		}
		hasTok := strings.Contains(l, tok)
		if want := (i+1)%20 == 0; hasTok != want {
			t.Errorf("line %d: carries the demo token = %v, want %v", i+1, hasTok, want)
		}
		if hasTok {
			if ids := detect(t, l); fmt.Sprint(ids) != "[github-pat]" {
				t.Errorf("line %d: catalogue finds %v, want [github-pat]", i+1, ids)
			}
		}
	}
}

// ---------------------------------------------------------------------------------------
// systemd

// unitFile parses a systemd unit into section -> key -> values (keys may repeat).
func unitFile(t *testing.T) map[string]map[string][]string {
	t.Helper()
	out := map[string]map[string][]string{}
	sec := ""
	for i, line := range strings.Split(string(readFile(t, "deploy", "systemd", "leakwatch.service")), "\n") {
		line = strings.TrimSpace(line)
		switch {
		case line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, ";"):
		case strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]"):
			sec = line[1 : len(line)-1]
			out[sec] = map[string][]string{}
		default:
			k, v, ok := strings.Cut(line, "=")
			if !ok || sec == "" {
				t.Fatalf("leakwatch.service:%d: not key=value in a section: %q", i+1, line)
			}
			out[sec][k] = append(out[sec][k], v)
		}
	}
	return out
}

func TestSystemdUnit(t *testing.T) {
	u := unitFile(t)
	svc := u["Service"]
	if svc == nil || u["Unit"] == nil || u["Install"] == nil {
		t.Fatalf("sections: %v", u)
	}
	want := map[string]string{
		"ExecReload":              "/bin/kill -HUP $MAINPID",
		"Restart":                 "on-failure",
		"StateDirectory":          "leakwatch",
		"StateDirectoryMode":      "0700",
		"ConfigurationDirectory":  "leakwatch",
		"DynamicUser":             "yes",
		"ProtectSystem":           "strict",
		"ProtectHome":             "yes",
		"NoNewPrivileges":         "yes",
		"PrivateTmp":              "yes",
		"PrivateDevices":          "yes",
		"CapabilityBoundingSet":   "",
		"RestrictAddressFamilies": "AF_INET AF_INET6 AF_UNIX",
		"LoadCredential":          "slack-token:/etc/leakwatch/slack-token",
	}
	for k, v := range want {
		got, ok := svc[k]
		if !ok || got[0] != v {
			t.Errorf("[Service] %s = %q, want %q", k, got, v)
		}
	}
	if f := svc["SystemCallFilter"]; len(f) == 0 || f[0] != "@system-service" {
		t.Errorf("SystemCallFilter %q, want @system-service first", f)
	}
	if e := svc["ExecStart"]; len(e) != 1 || e[0] != "/usr/local/bin/leakwatch run --config /etc/leakwatch/config.yaml" {
		t.Errorf("ExecStart %q", e)
	}
	if w := u["Install"]["WantedBy"]; len(w) != 1 || w[0] != "multi-user.target" {
		t.Errorf("WantedBy %q", w)
	}
	readme := string(readFile(t, "deploy", "systemd", "README.md"))
	for _, s := range []string{"${CREDENTIALS_DIRECTORY}/slack-token", "systemctl reload leakwatch", "LoadCredential"} {
		if !strings.Contains(readme, s) {
			t.Errorf("deploy/systemd/README.md does not mention %s", s)
		}
	}
}

// The README's config snippet loads with the real loader, with CREDENTIALS_DIRECTORY set as
// systemd sets it.
func TestSystemdConfigSnippetLoads(t *testing.T) {
	readme := string(readFile(t, "deploy", "systemd", "README.md"))
	m := regexp.MustCompile("(?s)```yaml\n(.*?)```").FindStringSubmatch(readme)
	if m == nil {
		t.Fatal("deploy/systemd/README.md: no yaml snippet")
	}
	creds := t.TempDir()
	if err := os.WriteFile(filepath.Join(creds, "slack-token"), []byte("placeholder-token\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	env := func(k string) (string, bool) {
		if k == "CREDENTIALS_DIRECTORY" {
			return creds, true
		}
		return "", false
	}
	cfg, err := config.Parse([]byte(m[1]), env)
	if err != nil {
		t.Fatalf("README snippet: %v", err)
	}
	if cfg.Alerting.Slack == nil || cfg.Alerting.Slack.Token.Reveal() != "placeholder-token" {
		t.Error("the Slack token is not read from $CREDENTIALS_DIRECTORY")
	}
}

// systemd-analyze verify checks keys and values against the real systemd. The binary does
// not exist here, so ExecStart points at a stand-in; everything else is the shipped unit.
func TestSystemdAnalyzeVerify(t *testing.T) {
	sa, err := exec.LookPath("systemd-analyze")
	if err != nil {
		t.Skip("systemd-analyze not on PATH")
	}
	unit := strings.ReplaceAll(string(readFile(t, "deploy", "systemd", "leakwatch.service")), "/usr/local/bin/leakwatch", "/bin/true")
	f := filepath.Join(t.TempDir(), "leakwatch.service")
	if err := os.WriteFile(f, []byte(unit), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(sa, "verify", "--man=no", f).CombinedOutput()
	// verify exits 0 on unknown keys and bad values: any message about the unit is a failure.
	var complaints []string
	for _, l := range strings.Split(string(out), "\n") {
		if strings.Contains(l, "leakwatch.service") {
			complaints = append(complaints, l)
		}
	}
	if err != nil || len(complaints) > 0 {
		t.Errorf("systemd-analyze verify: %v\n%s", err, out)
	}
}

// ---------------------------------------------------------------------------------------
// Dockerfile

type dockerInstr struct{ cmd, args string }

func dockerfile(t *testing.T) []dockerInstr {
	t.Helper()
	text := strings.ReplaceAll(string(readFile(t, "Dockerfile")), "\\\n", " ")
	var out []dockerInstr
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cmd, args, _ := strings.Cut(line, " ")
		out = append(out, dockerInstr{strings.ToUpper(cmd), strings.Join(strings.Fields(args), " ")})
	}
	return out
}

func TestDockerfile(t *testing.T) {
	ins := dockerfile(t)
	var froms []string
	last := map[string]string{} // last value of each instruction in the final stage
	var runs string
	for _, in := range ins {
		if in.cmd == "FROM" {
			froms = append(froms, in.args)
			last = map[string]string{}
		}
		if in.cmd == "RUN" {
			runs += in.args + "\n"
		}
		last[in.cmd] = in.args
	}
	if len(froms) != 2 || !strings.HasPrefix(froms[0], "golang:1.26 AS ") {
		t.Errorf("stages %q: want a golang:1.26 builder and a final stage", froms)
	}
	if len(froms) > 0 {
		final := froms[len(froms)-1]
		if !strings.HasPrefix(final, "gcr.io/distroless/static") && final != "scratch" {
			t.Errorf("final stage %q: want distroless static or scratch", final)
		}
	}
	for _, s := range []string{"CGO_ENABLED=0", "-trimpath", "-s -w", "./cmd/leakwatch",
		"-X github.com/prometheus/common/version.Version=${VERSION}", "-X github.com/prometheus/common/version.Revision=${REVISION}",
		"-X github.com/prometheus/common/version.Branch=${BRANCH}", "-X github.com/prometheus/common/version.BuildDate=${BUILD_DATE}"} {
		if !strings.Contains(runs, s) {
			t.Errorf("build step lacks %s", s)
		}
	}
	if u := last["USER"]; u == "" || strings.HasPrefix(u, "0") || strings.HasPrefix(u, "root") {
		t.Errorf("final USER %q: want a non-root user", u)
	} else if !strings.HasPrefix(u, "65532") {
		t.Errorf("final USER %q: want 65532 (the Kubernetes manifests run as it)", u)
	}
	checks := map[string]string{
		"EXPOSE":      "9847",
		"VOLUME":      "/var/lib/leakwatch",
		"HEALTHCHECK": `CMD ["/leakwatch", "healthcheck"]`,
		"ENTRYPOINT":  `["/leakwatch"]`,
		"CMD":         `["run", "--config", "/etc/leakwatch/config.yaml"]`,
	}
	for k, v := range checks {
		if !strings.Contains(last[k], v) {
			t.Errorf("final stage %s %q, want %s", k, last[k], v)
		}
	}
	// The data dir holds the fingerprint key and the incidents: 0700 from the start.
	dataDir := false
	for _, in := range ins {
		if in.cmd == "COPY" && strings.HasSuffix(in.args, " /var/lib/leakwatch") {
			dataDir = strings.Contains(in.args, "--chmod=0700")
		}
	}
	if !dataDir {
		t.Error("the image must create /var/lib/leakwatch with COPY --chmod=0700")
	}
}

// .dockerignore must not drop what the build needs: go.mod, go.sum, non-test Go files and
// whatever they embed.
func TestDockerignoreKeepsBuildInputs(t *testing.T) {
	var patterns []string
	for _, l := range strings.Split(string(readFile(t, ".dockerignore")), "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			patterns = append(patterns, strings.TrimPrefix(l, "/"))
		}
	}
	// Docker's rules: a pattern is anchored at the context root, "**/" matches any depth,
	// and excluding a directory excludes everything below it.
	ignored := func(rel string) bool {
		rel = filepath.ToSlash(rel)
		for _, p := range patterns {
			anyDepth := strings.HasPrefix(p, "**/")
			p = strings.TrimPrefix(p, "**/")
			for dir := rel; dir != "." && dir != "/"; dir = filepath.Dir(dir) {
				cand := dir
				if anyDepth {
					cand = filepath.Base(dir)
				}
				if ok, _ := filepath.Match(p, cand); ok {
					return true
				}
			}
		}
		return false
	}
	for _, f := range []string{"go.mod", "go.sum", "cmd/leakwatch/main.go"} {
		if ignored(f) {
			t.Errorf(".dockerignore excludes %s", f)
		}
	}
	for _, f := range []string{".git", "deploy/deploy_test.go", "leakwatch"} {
		if !ignored(f) {
			t.Errorf(".dockerignore keeps %s", f)
		}
	}
	embedRe := regexp.MustCompile(`(?m)^//go:embed\s+(.+)$`)
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		if d.IsDir() && (rel == ".git" || rel == "deploy") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		if ignored(rel) {
			t.Errorf(".dockerignore excludes source file %s", rel)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, m := range embedRe.FindAllStringSubmatch(string(b), -1) {
			for _, pat := range strings.Fields(m[1]) {
				if ignored(filepath.Join(filepath.Dir(rel), strings.TrimPrefix(pat, "all:"))) {
					t.Errorf("%s embeds %s, which .dockerignore excludes", rel, pat)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// ---------------------------------------------------------------------------------------
// docs/operations.md

func TestOperationsDoc(t *testing.T) {
	doc := string(readFile(t, "docs", "operations.md"))
	anchors := markdownAnchors(doc)
	for _, a := range []string{"install", "container", "kubernetes", "systemd", "binary", "upgrade", "backup", "credential-rotation", "alerts"} {
		if !anchors[a] {
			t.Errorf("docs/operations.md: no section #%s", a)
		}
	}
	for _, s := range []string{".backup", "-wal", "fingerprint.key", "SIGHUP", "kill -HUP"} {
		if !strings.Contains(doc, s) {
			t.Errorf("docs/operations.md does not mention %s", s)
		}
	}
}
