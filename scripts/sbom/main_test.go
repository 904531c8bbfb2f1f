package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"runtime/debug"
	"strings"
	"testing"
)

// What `go version -m` prints for a release build, as the SBOM reads it.
const buildInfoText = `go	go1.26.8
path	github.com/leakwatch/leakwatch/cmd/leakwatch
mod	github.com/leakwatch/leakwatch	(devel)	
dep	github.com/prometheus/common	v0.72.0	h1:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa=
dep	gopkg.in/yaml.v3	v3.0.1	h1:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb=
dep	example.com/forked	v1.0.0
=>	example.com/fork	v1.0.1	h1:ccccccccccccccccccccccccccccccccccccccccccc=
build	-trimpath=true
build	CGO_ENABLED=0
build	GOARCH=arm64
build	GOOS=darwin
`

// The SBOM lists exactly the modules linked in (a replaced one under its replacement), each
// with a Go package URL and its go.sum hash, and the build settings that matter.
func TestSBOMOfABuild(t *testing.T) {
	info, err := debug.ParseBuildInfo(buildInfoText)
	if err != nil {
		t.Fatal(err)
	}
	info.GoVersion = "go1.26.8" // the runtime's, which ParseBuildInfo leaves to the caller
	b := build(info, "1.2.3", 1796651349)
	raw, err := json.Marshal(b)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	if m["bomFormat"] != "CycloneDX" || m["specVersion"] != "1.5" || !strings.HasPrefix(m["serialNumber"].(string), "urn:uuid:") {
		t.Errorf("header %v %v %v", m["bomFormat"], m["specVersion"], m["serialNumber"])
	}
	root := b.Metadata.Component
	if root.Version != "1.2.3" || root.PURL != "pkg:golang/github.com/leakwatch/leakwatch@1.2.3" || root.Type != "application" {
		t.Errorf("main component %+v", root)
	}
	if b.Metadata.Timestamp != "2026-12-07T13:49:09Z" {
		t.Errorf("timestamp %v, want SOURCE_DATE_EPOCH's", b.Metadata.Timestamp)
	}
	var got []string
	for _, c := range b.Components {
		got = append(got, c.PURL)
		if len(c.Properties) == 0 || c.Properties[0].Name != "go:module:sum" || !strings.HasPrefix(c.Properties[0].Value, "h1:") {
			t.Errorf("component %s: no go.sum hash: %v", c.Name, c.Properties)
		}
	}
	want := []string{"pkg:golang/example.com/fork@v1.0.1", "pkg:golang/github.com/prometheus/common@v0.72.0", "pkg:golang/gopkg.in/yaml.v3@v3.0.1"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("components %v, want %v", got, want)
	}
	if fork := b.Components[0]; len(fork.Properties) != 2 || fork.Properties[1].Value != "example.com/forked@v1.0.0" {
		t.Errorf("replaced module %+v does not say what it replaces", fork)
	}
	props := map[string]string{}
	for _, p := range b.Metadata.Properties {
		props[p.Name] = p.Value
	}
	if props["go:build:GOOS"] != "darwin" || props["go:build:GOARCH"] != "arm64" || props["go:build:CGO_ENABLED"] != "0" || props["go:toolchain"] != "go1.26.8" {
		t.Errorf("build properties %v", props)
	}
	if deps := b.Dependencies; len(deps) != 1 || !reflect.DeepEqual(deps[0].DependsOn, want) {
		t.Errorf("dependencies %+v", deps)
	}
	if b2 := build(info, "1.2.4", 1796651349); b2.SerialNumber == b.SerialNumber {
		t.Error("another version got the same serial number")
	}
}

// On a real binary (this test's own): same input, same bytes.
func TestSBOMOfARealBinaryIsReproducible(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "sbom.json")
	if err := run([]string{"-version", "1.2.3", "-source-date-epoch", "1796651349", "-o", out, exe}, nil); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var again bytes.Buffer
	if err := run([]string{"-version", "1.2.3", "-source-date-epoch", "1796651349", exe}, &again); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again.Bytes(), raw) {
		t.Errorf("two runs differ:\n%s\n---\n%s", raw, again.Bytes())
	}
	if !strings.Contains(string(raw), `"version": "1.2.3"`) {
		t.Errorf("SBOM does not carry the version:\n%s", raw)
	}
}

func TestSBOMRefusesANonGoFile(t *testing.T) {
	f := filepath.Join(t.TempDir(), "not-go")
	if err := os.WriteFile(f, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := run([]string{f}, nil); err == nil || !strings.Contains(err.Error(), "no Go build information") {
		t.Errorf("err %v", err)
	}
}
