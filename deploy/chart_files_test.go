package deploy_test

import (
	"bytes"
	"encoding/json"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"

	promcfg "github.com/prometheus/common/config"

	"github.com/leakwatch/leakwatch/internal/config"
	"github.com/leakwatch/leakwatch/sources"
	_ "github.com/leakwatch/leakwatch/sources/all" // the config's store types
)

// The Helm chart's own checks (lint, render, Kubernetes schemas) need Helm's Go packages and
// run in the deploy/helm module; these need only the files and leakwatch's config types.

const chart = "deploy/helm/leakwatch"

// The chart ships copies of the promtool-tested rules and the dashboard (Helm reads files
// inside the chart only): they must be the same bytes.
func TestChartFilesAreTheTestedOnes(t *testing.T) {
	for src, cp := range map[string]string{
		"deploy/prometheus/leakwatch-rules.yaml": chart + "/files/leakwatch-rules.yaml",
		"deploy/grafana/leakwatch.json":          chart + "/files/leakwatch.json",
	} {
		if !bytes.Equal(readFile(t, strings.Split(src, "/")...), readFile(t, strings.Split(cp, "/")...)) {
			t.Errorf("%s differs from %s: cp %s %s", cp, src, src, cp)
		}
	}
}

// One version names the release everywhere: VERSION, the chart's version and appVersion,
// and the image tag of the kustomize manifests.
func TestVersionsAgree(t *testing.T) {
	v := strings.TrimSpace(string(readFile(t, "VERSION")))
	if !regexp.MustCompile(`^\d+\.\d+\.\d+$`).MatchString(v) {
		t.Fatalf("VERSION %q: want X.Y.Z", v)
	}
	ch := yamlDoc(t, "deploy", "helm", "leakwatch", "Chart.yaml")
	if str(ch, "version") != v || str(ch, "appVersion") != v {
		t.Errorf("Chart.yaml version %q appVersion %q, VERSION %s", str(ch, "version"), str(ch, "appVersion"), v)
	}
	img := str(k8sObjects(t)["Deployment"], "spec", "template", "spec", "containers", 0, "image")
	if img != "ghcr.io/leakwatch/leakwatch:"+v {
		t.Errorf("deploy/kubernetes/deployment.yaml image %s, want ghcr.io/leakwatch/leakwatch:%s (VERSION)", img, v)
	}
}

// credentialKeys walks leakwatch's config types and returns, for every field that holds a
// credential (leakwatch's or Prometheus' Secret type), its YAML key and the Go path to it.
func credentialKeys() map[string][]string {
	secretTypes := map[reflect.Type]bool{
		reflect.TypeOf(config.Secret("")):  true,
		reflect.TypeOf(promcfg.Secret("")): true,
	}
	out := map[string][]string{}
	seen := map[reflect.Type]bool{}
	var walk func(t reflect.Type, path string)
	holdsSecret := func(t reflect.Type) bool {
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Map {
			if secretTypes[t.Elem()] {
				return true
			}
			t = t.Elem()
		}
		return secretTypes[t]
	}
	walk = func(t reflect.Type, path string) {
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Map || t.Kind() == reflect.Array {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct || seen[t] {
			return
		}
		seen[t] = true
		defer delete(seen, t)
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			tag := f.Tag.Get("yaml")
			name, opts, _ := strings.Cut(tag, ",")
			if name == "-" {
				continue
			}
			if strings.Contains(opts, "inline") || (name == "" && f.Anonymous) {
				walk(f.Type, path)
				continue
			}
			if name == "" {
				name = strings.ToLower(f.Name)
			}
			if holdsSecret(f.Type) {
				out[name] = append(out[name], path+"."+f.Name)
				continue
			}
			walk(f.Type, path+"."+f.Name)
		}
	}
	walk(reflect.TypeOf(config.Config{}), "Config")
	// A source's block is its type's, registered by the type's package.
	for _, n := range sources.Types() {
		ty, _ := sources.Lookup(n)
		walk(reflect.TypeOf(ty.NewBlock()), "Config.Sources."+string(n))
	}
	return out
}

// Every config key that holds a credential is one the chart's values schema refuses inline
// (the deploy/helm module proves the refusal through Helm for each key the schema lists).
func TestChartSchemaRefusesEveryCredentialKey(t *testing.T) {
	var schema map[string]any
	if err := json.Unmarshal(readFile(t, "deploy", "helm", "leakwatch", "values.schema.json"), &schema); err != nil {
		t.Fatal(err)
	}
	refused, _ := dig(schema, "$defs", "noInlineCredentials", "properties").(map[string]any)
	webhookURL := dig(schema, "properties", "config", "properties", "alerting", "properties", "webhooks", "items", "properties", "url")
	keys := credentialKeys()
	for _, must := range []string{"password", "credentials", "token", "dsn", "secret_key"} {
		if keys[must] == nil {
			t.Errorf("the walk over the config types found no %s field: it misses credentials (found %v)", must, keys)
		}
	}
	var names []string
	for k := range keys {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		switch {
		case refused[k] == false:
		case k == "url" && webhookURL == false && len(keys[k]) == 1 && strings.Contains(keys[k][0], "Webhooks"):
		default:
			t.Errorf("config key %s holds a credential (%v) but the chart's values.schema.json does not refuse it inline", k, keys[k])
		}
	}
}
