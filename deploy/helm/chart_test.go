// Package helm_test checks the leakwatch Helm chart with Helm's own Go packages: lint, render
// (as `helm template`) for the default values and each mode, and the rendered manifests
// against the Kubernetes API's schemas, offline. It is a module of its own so that Helm's and
// Kubernetes' dependencies stay out of leakwatch's go.mod; .ci/run runs it.
package helm_test

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"helm.sh/helm/v4/pkg/action"
	"helm.sh/helm/v4/pkg/chart/v2/loader"
	release "helm.sh/helm/v4/pkg/release/v1"
	"sigs.k8s.io/yaml"
)

const (
	chartDir  = "leakwatch"
	repoRoot  = "../.."
	namespace = "monitoring"
)

// render runs what `helm template leakwatch deploy/helm/leakwatch -n monitoring -f values`
// runs: the values checked against values.schema.json, the templates rendered, client-only.
func render(t *testing.T, vals map[string]any) (string, error) {
	t.Helper()
	ch, err := loader.Load(chartDir)
	if err != nil {
		t.Fatalf("load chart: %v", err)
	}
	inst := action.NewInstall(action.NewConfiguration(action.ConfigurationSetLogger(slog.NewTextHandler(io.Discard, nil))))
	inst.DryRunStrategy = action.DryRunClient
	inst.ReleaseName = "leakwatch"
	inst.Namespace = namespace
	inst.Replace = true
	rel, err := inst.Run(ch, copyValues(t, vals))
	if err != nil {
		return "", err
	}
	r, ok := rel.(*release.Release)
	if !ok {
		t.Fatalf("install returned %T", rel)
	}
	return r.Manifest, nil
}

// copyValues gives Helm its own copy (it coalesces into the map it is given).
func copyValues(t *testing.T, v map[string]any) map[string]any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out map[string]any
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// values parses a YAML snippet as a values file.
func values(t *testing.T, s string) map[string]any {
	t.Helper()
	var v map[string]any
	if err := yaml.Unmarshal([]byte(s), &v); err != nil {
		t.Fatalf("values: %v\n%s", err, s)
	}
	if v == nil {
		v = map[string]any{}
	}
	return v
}

// The modes a user picks from, each rendered, linted and validated.
var modes = []struct {
	name, values string
	// configFiles: the *_file paths the config names, with what the test writes there.
	configChecked bool
}{
	{name: "default", configChecked: true},
	{name: "sqlite-monitoring", configChecked: true, values: `
serviceMonitor: {enabled: true, labels: {release: kube-prometheus-stack}, tlsConfig: {insecureSkipVerify: true}}
prometheusRule: {enabled: true, labels: {release: kube-prometheus-stack}}
credentials: {existingSecret: leakwatch-credentials}
webConfig: {existingSecret: leakwatch-web, tls: true}
extraSecretMounts:
  - {name: loki-ca, secretName: loki-ca, mountPath: /etc/leakwatch-loki-ca}
persistence: {size: 5Gi, storageClass: fast}
config:
  sources:
    - name: loki
      type: loki
      interval: 5m
      loki:
        url: https://loki-gateway.loki.svc.cluster.local
        selectors: ['{namespace=~".+"}']
        basic_auth: {username: leakwatch, password_file: /run/secrets/leakwatch/loki-password}
        tls_config: {ca_file: /etc/leakwatch-loki-ca/ca.crt}
  rules:
    disable: []
    custom:
      - id: acme-internal-token
        description: ACME internal API token
        severity: high
        keywords: ["acme_"]
        regex: '\b(acme_[a-z0-9]{32})\b'
        samples:
          match: ["token=acme_4f9c2a7b1e6d8c3f5a0b9e2d7c4f1a8b"]
  alerting:
    slack: {token_file: /run/secrets/leakwatch/slack-token, channel: "#security-alerts"}
    webhooks:
      - name: incidents
        url_file: /run/secrets/leakwatch/webhook-url
        secret_file: /run/secrets/leakwatch/webhook-signing-key
        headers: {X-Team: security}
`},
	{name: "postgres", configChecked: true, values: `
mode: postgres
replicas: 3
postgres: {existingSecret: leakwatch-postgres}
credentials: {existingSecret: leakwatch-credentials}
serviceMonitor: {enabled: true}
prometheusRule: {enabled: true}
config:
  sources:
    - name: loki
      type: loki
      loki:
        url: http://loki-gateway.loki.svc.cluster.local
        authorization: {type: Bearer, credentials_file: /run/secrets/leakwatch/loki-token}
  alerting:
    slack: {token_file: /run/secrets/leakwatch/slack-token, channel: "#security-alerts"}
`},
	{name: "postgres-basic-auth-existing-configmap", values: `
mode: postgres
postgres: {existingSecret: leakwatch-postgres, secretKey: url}
existingConfigMap: my-leakwatch-config
existingConfigMapKey: leakwatch.yaml
webConfig:
  existingSecret: leakwatch-web
  tls: true
  basicAuth: {enabled: true, username: prometheus, passwordSecret: {name: leakwatch-scrape-password, key: password}}
serviceMonitor: {enabled: true}
dashboard: {namespace: grafana, annotations: {grafana_folder: Security}}
topologySpreadConstraints:
  - {maxSkew: 1, topologyKey: topology.kubernetes.io/zone, whenUnsatisfiable: DoNotSchedule}
`},
}

type rendered struct {
	manifest string
	objs     []map[string]any
}

var (
	renderOnce sync.Once
	renders    map[string]rendered
	renderErr  error
)

// renderModes renders every mode once for all the tests that read them.
func renderModes(t *testing.T) map[string]rendered {
	t.Helper()
	renderOnce.Do(func() {
		renders = map[string]rendered{}
		for _, m := range modes {
			man, err := render(t, values(t, m.values))
			if err != nil {
				renderErr = fmt.Errorf("mode %s: %w", m.name, err)
				return
			}
			objs, err := splitManifest(man)
			if err != nil {
				renderErr = fmt.Errorf("mode %s: %w", m.name, err)
				return
			}
			renders[m.name] = rendered{manifest: man, objs: objs}
		}
	})
	if renderErr != nil {
		t.Fatal(renderErr)
	}
	return renders
}

func splitManifest(man string) ([]map[string]any, error) {
	var out []map[string]any
	for i, doc := range regexp.MustCompile(`(?m)^---\s*$`).Split(man, -1) {
		if strings.TrimSpace(doc) == "" {
			continue
		}
		var o map[string]any
		if err := yaml.Unmarshal([]byte(doc), &o); err != nil {
			return nil, fmt.Errorf("document %d: %w\n%s", i, err, doc)
		}
		if o != nil {
			out = append(out, o)
		}
	}
	return out, nil
}

// byKind indexes objects by kind/name.
func byKind(objs []map[string]any) map[string]map[string]any {
	m := map[string]map[string]any{}
	for _, o := range objs {
		m[str(o, "kind")+"/"+str(o, "metadata", "name")] = o
	}
	return m
}

func kinds(objs []map[string]any) []string {
	var ks []string
	for _, o := range objs {
		ks = append(ks, str(o, "kind")+"/"+str(o, "metadata", "name"))
	}
	sort.Strings(ks)
	return ks
}

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

func str(v any, path ...any) string { s, _ := dig(v, path...).(string); return s }
func list(v any, path ...any) []any { l, _ := dig(v, path...).([]any); return l }

func TestLint(t *testing.T) {
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			l := action.NewLint()
			l.Strict = true
			l.Namespace = namespace
			res := l.Run([]string{chartDir}, values(t, m.values))
			for _, msg := range res.Messages {
				t.Logf("lint: %s", msg)
			}
			if res.TotalChartsLinted != 1 || len(res.Errors) > 0 {
				t.Errorf("helm lint --strict: %d charts linted, errors %v", res.TotalChartsLinted, res.Errors)
			}
		})
	}
	// Lint is not a rubber stamp: values the schema refuses fail it.
	res := action.NewLint().Run([]string{chartDir}, map[string]any{"mode": "cluster"})
	if len(res.Errors) == 0 {
		t.Error("helm lint accepted mode: cluster")
	}
}

func TestModes(t *testing.T) {
	r := renderModes(t)
	want := map[string][]string{
		"default": {"ConfigMap/leakwatch", "ConfigMap/leakwatch-dashboard", "Deployment/leakwatch",
			"PersistentVolumeClaim/leakwatch-data", "Service/leakwatch", "ServiceAccount/leakwatch"},
		"sqlite-monitoring": {"ConfigMap/leakwatch", "ConfigMap/leakwatch-dashboard", "Deployment/leakwatch",
			"PersistentVolumeClaim/leakwatch-data", "PrometheusRule/leakwatch", "Service/leakwatch",
			"ServiceAccount/leakwatch", "ServiceMonitor/leakwatch"},
		"postgres": {"ConfigMap/leakwatch", "ConfigMap/leakwatch-dashboard", "Deployment/leakwatch",
			"PodDisruptionBudget/leakwatch", "PrometheusRule/leakwatch", "Service/leakwatch",
			"ServiceAccount/leakwatch", "ServiceMonitor/leakwatch"},
		"postgres-basic-auth-existing-configmap": {"ConfigMap/leakwatch-dashboard", "Deployment/leakwatch",
			"PodDisruptionBudget/leakwatch", "Secret/leakwatch-scrape", "Service/leakwatch",
			"ServiceAccount/leakwatch", "ServiceMonitor/leakwatch"},
	}
	for name, ks := range want {
		if got := kinds(r[name].objs); !reflect.DeepEqual(got, ks) {
			t.Errorf("mode %s renders %v, want %v", name, got, ks)
		}
	}

	for name, rd := range r {
		objs := byKind(rd.objs)
		dep := objs["Deployment/leakwatch"]
		pod := dig(dep, "spec", "template", "spec")
		podLabels, _ := dig(dep, "spec", "template", "metadata", "labels").(map[string]any)
		if !subset(dig(dep, "spec", "selector", "matchLabels"), podLabels) {
			t.Errorf("%s: Deployment selector does not match its pod labels", name)
		}
		if !subset(dig(objs["Service/leakwatch"], "spec", "selector"), podLabels) {
			t.Errorf("%s: Service selector does not match the pod labels", name)
		}
		if sm := objs["ServiceMonitor/leakwatch"]; sm != nil {
			if !subset(dig(sm, "spec", "selector", "matchLabels"), dig(objs["Service/leakwatch"], "metadata", "labels")) {
				t.Errorf("%s: ServiceMonitor selector does not match the Service", name)
			}
			// LeakwatchDown expects job="leakwatch": the job comes from this Service label.
			if jl := str(sm, "spec", "jobLabel"); str(objs["Service/leakwatch"], "metadata", "labels", jl) != "leakwatch" {
				t.Errorf("%s: ServiceMonitor jobLabel %q does not give job=leakwatch", name, jl)
			}
		}
		c := dig(pod, "containers", 0)
		vols := map[string]any{}
		for _, v := range list(pod, "volumes") {
			vols[str(v, "name")] = v
		}
		mounts := map[string]any{}
		for _, m := range list(c, "volumeMounts") {
			mounts[str(m, "mountPath")] = vols[str(m, "name")]
		}
		data := mounts["/var/lib/leakwatch"]
		postgres := strings.HasPrefix(name, "postgres")
		replicas := dig(dep, "spec", "replicas")
		if postgres {
			if replicas != float64(map[bool]int{true: 3, false: 2}[name == "postgres"]) {
				t.Errorf("%s: replicas %v", name, replicas)
			}
			if s := str(dep, "spec", "strategy", "type"); s != "RollingUpdate" {
				t.Errorf("%s: strategy %s, want RollingUpdate", name, s)
			}
			if dig(data, "emptyDir") == nil {
				t.Errorf("%s: data_dir is %v, want an emptyDir (the state is in PostgreSQL)", name, data)
			}
			pg := mounts["/run/secrets/leakwatch-postgres"]
			if str(pg, "secret", "secretName") != "leakwatch-postgres" {
				t.Errorf("%s: the DSN Secret is not mounted at /run/secrets/leakwatch-postgres: %v", name, pg)
			}
			pdb := objs["PodDisruptionBudget/leakwatch"]
			if !subset(dig(pdb, "spec", "selector", "matchLabels"), podLabels) || dig(pdb, "spec", "minAvailable") != float64(1) {
				t.Errorf("%s: PDB %v does not keep one leakwatch pod", name, dig(pdb, "spec"))
			}
			tsc := list(pod, "topologySpreadConstraints")
			if len(tsc) != 1 || !subset(dig(tsc[0], "labelSelector", "matchLabels"), podLabels) {
				t.Errorf("%s: topologySpreadConstraints %v do not select the leakwatch pods", name, tsc)
			}
		} else {
			if replicas != float64(1) || str(dep, "spec", "strategy", "type") != "Recreate" {
				t.Errorf("%s: replicas %v strategy %s, want 1 and Recreate (one writer of the SQLite file)", name, replicas, str(dep, "spec", "strategy", "type"))
			}
			if got := str(data, "persistentVolumeClaim", "claimName"); got != "leakwatch-data" || objs["PersistentVolumeClaim/leakwatch-data"] == nil {
				t.Errorf("%s: data_dir volume %v, want the chart's PVC", name, data)
			}
		}
		if cm := mounts["/etc/leakwatch"]; str(cm, "configMap", "items", 0, "path") != "config.yaml" {
			t.Errorf("%s: config volume %v does not put the config at /etc/leakwatch/config.yaml", name, cm)
		}
	}
	// The existing ConfigMap is used with its own key.
	cm := byKind(r["postgres-basic-auth-existing-configmap"].objs)["Deployment/leakwatch"]
	for _, v := range list(cm, "spec", "template", "spec", "volumes") {
		if str(v, "name") == "config" && (str(v, "configMap", "name") != "my-leakwatch-config" || str(v, "configMap", "items", 0, "key") != "leakwatch.yaml") {
			t.Errorf("existingConfigMap: config volume %v", v)
		}
	}
}

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

// Every mode runs non-root on a read-only root filesystem without privilege escalation, with
// probes on /healthz and /readyz (or the healthcheck command where basic auth is on).
func TestSecurityAndProbes(t *testing.T) {
	for name, rd := range renderModes(t) {
		dep := byKind(rd.objs)["Deployment/leakwatch"]
		pod := dig(dep, "spec", "template", "spec")
		c := dig(pod, "containers", 0)
		if dig(pod, "securityContext", "runAsNonRoot") != true || str(pod, "securityContext", "seccompProfile", "type") != "RuntimeDefault" {
			t.Errorf("%s: pod securityContext %v", name, dig(pod, "securityContext"))
		}
		sc := dig(c, "securityContext")
		if dig(sc, "runAsNonRoot") != true || dig(sc, "readOnlyRootFilesystem") != true || dig(sc, "allowPrivilegeEscalation") != false ||
			fmt.Sprint(list(sc, "capabilities", "drop")) != "[ALL]" {
			t.Errorf("%s: container securityContext %v", name, sc)
		}
		if dig(pod, "automountServiceAccountToken") != false {
			t.Errorf("%s: a service account token is mounted", name)
		}
		if str(c, "image") != "ghcr.io/leakwatch/leakwatch:"+chartAppVersion(t) {
			t.Errorf("%s: image %s, want the chart's appVersion", name, str(c, "image"))
		}
		if str(c, "resources", "limits", "memory") == "" || str(c, "resources", "requests", "cpu") == "" {
			t.Errorf("%s: resources %v", name, dig(c, "resources"))
		}
		basic := strings.Contains(name, "basic-auth")
		for probe, path := range map[string]string{"livenessProbe": "/healthz", "readinessProbe": "/readyz"} {
			p := dig(c, probe)
			if basic {
				cmd := fmt.Sprint(list(p, "exec", "command"))
				if !strings.HasPrefix(cmd, "[/leakwatch healthcheck --config /etc/leakwatch/config.yaml --username prometheus --password-file /run/secrets/leakwatch-probe/password") {
					t.Errorf("%s: %s %v, want leakwatch healthcheck with the probe user's password file", name, probe, p)
				}
				continue
			}
			scheme := map[bool]string{true: "HTTPS", false: "HTTP"}[strings.Contains(rd.manifest, "web_config_file")]
			if str(p, "httpGet", "path") != path || str(p, "httpGet", "port") != "metrics" || str(p, "httpGet", "scheme") != scheme {
				t.Errorf("%s: %s %v, want %s GET %s on port metrics", name, probe, p, scheme, path)
			}
		}
	}
}

// The chart's Chart.yaml, as Helm reads it.
func chartAppVersion(t *testing.T) string {
	t.Helper()
	ch, err := loader.Load(chartDir)
	if err != nil {
		t.Fatal(err)
	}
	return ch.Metadata.AppVersion
}

// The image tag follows the release: VERSION, the chart's appVersion and the kustomize
// manifests name one version.
func TestVersionsAgree(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(repoRoot, "VERSION"))
	if err != nil {
		t.Fatal(err)
	}
	v := strings.TrimSpace(string(raw))
	ch, err := loader.Load(chartDir)
	if err != nil {
		t.Fatal(err)
	}
	if ch.Metadata.AppVersion != v || ch.Metadata.Version != v {
		t.Errorf("Chart.yaml version %s appVersion %s, VERSION %s: release them together", ch.Metadata.Version, ch.Metadata.AppVersion, v)
	}
	man, err := render(t, values(t, `image: {tag: "9.9.9"}`))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(man, "image: ghcr.io/leakwatch/leakwatch:9.9.9") {
		t.Error("image.tag does not override the appVersion")
	}
	man, err = render(t, values(t, `image: {digest: "sha256:`+strings.Repeat("ab", 32)+`"}`))
	if err != nil || !strings.Contains(man, "image: ghcr.io/leakwatch/leakwatch@sha256:"+strings.Repeat("ab", 32)) {
		t.Errorf("image.digest does not pin the image: %v", err)
	}
}

// The PrometheusRule holds the groups promtool tests, and the dashboard ConfigMap the
// dashboard of deploy/grafana, labelled for Grafana's sidecar.
func TestRulesAndDashboardAreTheTestedFiles(t *testing.T) {
	rulesFile, err := os.ReadFile(filepath.Join(repoRoot, "deploy", "prometheus", "leakwatch-rules.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var rules map[string]any
	if err := yaml.Unmarshal(rulesFile, &rules); err != nil {
		t.Fatal(err)
	}
	dash, err := os.ReadFile(filepath.Join(repoRoot, "deploy", "grafana", "leakwatch.json"))
	if err != nil {
		t.Fatal(err)
	}
	objs := byKind(renderModes(t)["sqlite-monitoring"].objs)
	pr := objs["PrometheusRule/leakwatch"]
	if !reflect.DeepEqual(dig(pr, "spec", "groups"), rules["groups"]) || len(list(pr, "spec", "groups")) == 0 {
		t.Error("the PrometheusRule's groups differ from deploy/prometheus/leakwatch-rules.yaml (copy it to deploy/helm/leakwatch/files/)")
	}
	cm := objs["ConfigMap/leakwatch-dashboard"]
	if got := str(cm, "data", "leakwatch.json"); got != strings.TrimRight(string(dash), "\n") {
		t.Error("the dashboard ConfigMap differs from deploy/grafana/leakwatch.json (copy it to deploy/helm/leakwatch/files/)")
	}
	if str(cm, "metadata", "labels", "grafana_dashboard") != "1" {
		t.Errorf("dashboard ConfigMap labels %v: Grafana's sidecar looks for grafana_dashboard", dig(cm, "metadata", "labels"))
	}
	other := byKind(renderModes(t)["postgres-basic-auth-existing-configmap"].objs)["ConfigMap/leakwatch-dashboard"]
	if str(other, "metadata", "namespace") != "grafana" || str(other, "metadata", "annotations", "grafana_folder") != "Security" {
		t.Errorf("dashboard.namespace and annotations not applied: %v", dig(other, "metadata"))
	}
}

// The config the chart writes loads with leakwatch's own `config check`, with every *_file
// the config names present where the Deployment mounts its Secrets.
func TestRenderedConfigLoads(t *testing.T) {
	bin := leakwatchBinary(t)
	r := renderModes(t)
	for _, m := range modes {
		if !m.configChecked {
			continue
		}
		t.Run(m.name, func(t *testing.T) {
			objs := byKind(r[m.name].objs)
			raw := str(objs["ConfigMap/leakwatch"], "data", "config.yaml")
			if raw == "" {
				t.Fatal("no config.yaml rendered")
			}
			mountDirs := map[string]bool{}
			dep := objs["Deployment/leakwatch"]
			for _, mt := range list(dep, "spec", "template", "spec", "containers", 0, "volumeMounts") {
				mountDirs[str(mt, "mountPath")] = true
			}
			// Every file the config names is in a mounted volume; the test writes each one
			// under its own directory.
			tmp := t.TempDir()
			var cfg map[string]any
			if err := yaml.Unmarshal([]byte(raw), &cfg); err != nil {
				t.Fatal(err)
			}
			if cfg["data_dir"] != "/var/lib/leakwatch" || cfg["listen"] != ":9847" {
				t.Errorf("data_dir %v listen %v: must match the data volume and the container port", cfg["data_dir"], cfg["listen"])
			}
			files := regexp.MustCompile(`(?m)(?:_file|ca_file|cert_file|key_file):\s*(/\S+)`).FindAllStringSubmatch(raw, -1)
			for _, f := range files {
				p := f[1]
				if !mountedUnder(p, mountDirs) {
					t.Errorf("config names %s, which no volume of the Deployment holds", p)
				}
				content := "placeholder-not-a-credential\n"
				if strings.HasSuffix(p, "/dsn") {
					content = "postgres://leakwatch@postgres.databases.svc:5432/leakwatch?sslmode=disable\n"
				}
				if strings.HasSuffix(p, "web-config.yml") {
					content = "{}\n"
				}
				if strings.HasSuffix(p, ".crt") {
					content = selfSignedPEM(t)
				}
				if strings.HasSuffix(p, "-url") {
					content = "https://hooks.example.com/placeholder\n"
				}
				writeFile(t, filepath.Join(tmp, p), content)
				raw = strings.ReplaceAll(raw, p, filepath.Join(tmp, p))
			}
			if strings.HasPrefix(m.name, "postgres") && !strings.Contains(raw, filepath.Join(tmp, "/run/secrets/leakwatch-postgres/dsn")) {
				t.Error("postgres mode: state.dsn_file is not the mounted DSN Secret")
			}
			raw = strings.ReplaceAll(raw, "/var/lib/leakwatch", filepath.Join(tmp, "data"))
			cfgPath := filepath.Join(tmp, "config.yaml")
			writeFile(t, cfgPath, raw)
			out, err := exec.Command(bin, "config", "check", cfgPath).CombinedOutput()
			if err != nil || !strings.Contains(string(out), ": ok (") {
				t.Errorf("leakwatch config check: %v\n%s\n--- config\n%s", err, out, raw)
			}
		})
	}
}

// selfSignedPEM is a throwaway CA certificate for the ca_file fields.
func selfSignedPEM(t *testing.T) string {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "test CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), IsCA: true,
		BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))
}

func mountedUnder(p string, dirs map[string]bool) bool {
	for d := range dirs {
		if strings.HasPrefix(p, d+"/") {
			return true
		}
	}
	return false
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

// leakwatchBinary is $LEAKWATCH_BIN (CI passes the release snapshot's linux/amd64 build)
// or a build of ./cmd/leakwatch.
func leakwatchBinary(t *testing.T) string {
	t.Helper()
	if b := os.Getenv("LEAKWATCH_BIN"); b != "" {
		return b
	}
	bin := filepath.Join(t.TempDir(), "leakwatch")
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/leakwatch")
	cmd.Dir = repoRoot
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("go build ./cmd/leakwatch: %v\n%s", err, stderr.String())
	}
	return bin
}

// No credential can be written inline through the values: each attempt fails the render
// with an error naming the field; the same settings through *_file render.
func TestNoInlineCredentials(t *testing.T) {
	const fake = "placeholder-inline-value"
	cases := []struct{ name, values, field string }{
		{"slack token", `config: {alerting: {slack: {token: ` + fake + `, channel: "#a"}}}`, "/config/alerting/slack/token"},
		{"slack webhook url", `config: {alerting: {slack: {webhook_url: "https://hooks.slack.com/services/` + fake + `"}}}`, "/config/alerting/slack/webhook_url"},
		{"webhook url", `config: {alerting: {webhooks: [{name: w, url: "https://example.com/` + fake + `", secret_file: /run/secrets/leakwatch/k}]}}`, "/config/alerting/webhooks/0/url"},
		{"webhook secret", `config: {alerting: {webhooks: [{name: w, url_file: /run/secrets/leakwatch/u, secret: ` + fake + `}]}}`, "/config/alerting/webhooks/0/secret"},
		{"webhook auth header", `config: {alerting: {webhooks: [{name: w, url_file: /run/secrets/leakwatch/u, headers: {Authorization: "Bearer ` + fake + `"}}]}}`, "/config/alerting/webhooks/0/headers"},
		{"loki basic auth", `config: {sources: [{name: l, type: loki, loki: {url: "http://loki", basic_auth: {username: u, password: ` + fake + `}}}]}`, "/config/sources/0/loki/basic_auth/password"},
		{"loki bearer", `config: {sources: [{name: l, type: loki, loki: {url: "http://loki", authorization: {credentials: ` + fake + `}}}]}`, "/config/sources/0/loki/authorization/credentials"},
		{"oauth2 client secret", `config: {sources: [{name: e, type: elasticsearch, elasticsearch: {urls: ["https://es"], oauth2: {client_id: c, client_secret: ` + fake + `, token_url: "https://idp"}}}]}`, "/config/sources/0/elasticsearch/oauth2/client_secret"},
		{"sigv4 secret key", `config: {sources: [{name: o, type: opensearch, opensearch: {urls: ["https://os"], sigv4: {region: eu-west-1, secret_key: ` + fake + `}}}]}`, "/config/sources/0/opensearch/sigv4/secret_key"},
		{"tls key inline", `config: {sources: [{name: l, type: loki, loki: {url: "https://loki", tls_config: {key: ` + fake + `}}}]}`, "/config/sources/0/loki/tls_config/key"},
		{"secret header", `config: {sources: [{name: l, type: loki, loki: {url: "http://loki", http_headers: {X-Token: {secrets: [` + fake + `]}}}}]}`, "/config/sources/0/loki/http_headers/X-Token/secrets"},
		{"alertmanager password", `config: {alerting: {alertmanager: {urls: ["http://am:9093"], basic_auth: {username: u, password: ` + fake + `}}}}`, "/config/alerting/alertmanager/basic_auth/password"},
		{"password in a URL", `config: {sources: [{name: l, type: loki, loki: {url: "https://leakwatch:` + fake + `@loki.example.com"}}]}`, "/config/sources/0/loki/url"},
		{"inline DSN in config", `config: {state: {driver: postgres, dsn: "postgres://u:` + fake + `@db/leakwatch"}}`, "/config/state"},
		{"DSN beside the Secret", `{mode: postgres, postgres: {existingSecret: pg, dsn: "postgres://u:` + fake + `@db/leakwatch"}}`, "/postgres"},
		{"credential env var", `extraEnv: [{name: SLACK_TOKEN, value: ` + fake + `}]`, "/extraEnv/0/value"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := render(t, values(t, c.values))
			if err == nil {
				t.Fatalf("values rendered with an inline credential:\n%s", c.values)
			}
			if !strings.Contains(err.Error(), c.field) {
				t.Errorf("error does not name %s:\n%v", c.field, err)
			}
			if strings.Contains(err.Error(), fake) {
				t.Errorf("the error repeats the inline value:\n%v", err)
			}
		})
	}

	// Every key the schema refuses anywhere in config, tried where a source's HTTP settings go.
	schema := readSchema(t)
	refused := dig(schema, "$defs", "noInlineCredentials", "properties").(map[string]any)
	if len(refused) < 10 {
		t.Fatalf("the schema refuses only %d credential keys", len(refused))
	}
	for key := range refused {
		v := values(t, `config: {sources: [{name: l, type: loki, loki: {url: "http://loki"}}]}`)
		dig(v, "config", "sources", 0, "loki").(map[string]any)[key] = fake
		if _, err := render(t, v); err == nil || !strings.Contains(err.Error(), "/config/sources/0/loki/"+key) {
			t.Errorf("key %s set inline: %v", key, err)
		}
	}

	// The same settings as files render: the schema refuses values, not the features.
	ok := `
credentials: {existingSecret: leakwatch-credentials}
extraEnv: [{name: SLACK_TOKEN, valueFrom: {secretKeyRef: {name: leakwatch-credentials, key: slack-token}}}, {name: TZ, value: UTC}]
config:
  sources:
    - {name: l, type: loki, loki: {url: "https://loki", basic_auth: {username: u, password_file: /run/secrets/leakwatch/p}, tls_config: {key_file: /run/secrets/leakwatch/tls.key, cert_file: /run/secrets/leakwatch/tls.crt}, http_headers: {X-Token: {files: [/run/secrets/leakwatch/x]}}}}
    - {name: o, type: opensearch, opensearch: {urls: ["https://os"], sigv4: {region: eu-west-1, access_key: AKIAIOSFODNN7EXAMPLE, secret_key_file: /run/secrets/leakwatch/aws}}}
  alerting:
    slack: {token_file: /run/secrets/leakwatch/slack-token, channel: "#a"}
    webhooks: [{name: w, url_file: /run/secrets/leakwatch/u, secret_file: /run/secrets/leakwatch/k, headers: {X-Team: security}}]
    alertmanager: {urls: ["http://am:9093"], basic_auth: {username: u, password_file: /run/secrets/leakwatch/am}}
`
	if _, err := render(t, values(t, ok)); err != nil {
		t.Errorf("credentials as files refused: %v", err)
	}
}

func readSchema(t *testing.T) map[string]any {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(chartDir, "values.schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	var s map[string]any
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatal(err)
	}
	return s
}

// Mistakes the schema and the templates turn into clear errors before anything is applied.
func TestRefusedValues(t *testing.T) {
	cases := []struct{ name, values, want string }{
		{"postgres without its Secret", `mode: postgres`, "postgres.existingSecret"},
		{"unknown mode", `mode: etcd`, "/mode"},
		{"chart-owned data_dir", `config: {data_dir: /data}`, "/config/data_dir"},
		{"chart-owned listen", `config: {listen: ":80"}`, "/config/listen"},
		{"root allowed", `securityContext: {runAsNonRoot: false, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false}`, "/securityContext/runAsNonRoot"},
		{"writable root", `securityContext: {runAsNonRoot: true, readOnlyRootFilesystem: false, allowPrivilegeEscalation: false}`, "/securityContext/readOnlyRootFilesystem"},
		{"privilege escalation", `securityContext: {runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: true}`, "/securityContext/allowPrivilegeEscalation"},
		{"basic auth without web config", `webConfig: {basicAuth: {enabled: true, username: p, passwordSecret: {name: s}}}`, "webConfig.existingSecret"},
		{"typo at the top", `replicaCount: 3`, "replicaCount"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := render(t, values(t, c.values))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("render: %v, want an error naming %s", err, c.want)
			}
		})
	}
}
