// Command sbom writes a CycloneDX 1.5 SBOM (JSON) of the Go modules linked into a Go binary,
// read from the build information the Go toolchain embeds in it (what `go version -m`
// prints). The release script runs it on each binary it builds:
//
//	go run ./scripts/sbom -version 0.1.0 -o leakwatch.cdx.json dist/leakwatch
//
// Only modules compiled into the binary are listed, not every module of go.mod's graph; the
// output is a function of the binary and the flags (no clock, no random serial number), so
// a rebuild gives the same file.
package main

import (
	"crypto/sha256"
	"debug/buildinfo"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"time"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "sbom:", err)
		os.Exit(1)
	}
}

func run(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("sbom", flag.ContinueOnError)
	version := fs.String("version", "", "the release's version (the main module's version in the SBOM)")
	out := fs.String("o", "", "write here instead of stdout")
	epoch := fs.Int64("source-date-epoch", 0, "timestamp of the SBOM (Unix seconds; default $SOURCE_DATE_EPOCH, else none)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return errors.New("usage: sbom [-version V] [-o FILE] BINARY")
	}
	info, err := buildinfo.ReadFile(fs.Arg(0))
	if err != nil {
		return fmt.Errorf("%s: no Go build information: %w", fs.Arg(0), err)
	}
	ts := *epoch
	if ts == 0 {
		if s := os.Getenv("SOURCE_DATE_EPOCH"); s != "" {
			if _, err := fmt.Sscan(s, &ts); err != nil {
				return fmt.Errorf("SOURCE_DATE_EPOCH %q: %w", s, err)
			}
		}
	}
	b, err := json.MarshalIndent(build(info, *version, ts), "", "  ")
	if err != nil {
		return err
	}
	b = append(b, '\n')
	if *out == "" {
		_, err = stdout.Write(b)
		return err
	}
	return os.WriteFile(*out, b, 0o644)
}

// CycloneDX 1.5: only the fields this SBOM fills.
type bom struct {
	BOMFormat    string       `json:"bomFormat"`
	SpecVersion  string       `json:"specVersion"`
	SerialNumber string       `json:"serialNumber"`
	Version      int          `json:"version"`
	Metadata     metadata     `json:"metadata"`
	Components   []component  `json:"components"`
	Dependencies []dependency `json:"dependencies"`
}

type metadata struct {
	Timestamp  string     `json:"timestamp,omitempty"`
	Tools      tools      `json:"tools"`
	Component  component  `json:"component"`
	Properties []property `json:"properties,omitempty"`
}

type tools struct {
	Components []component `json:"components"`
}

type component struct {
	Type       string     `json:"type"`
	BOMRef     string     `json:"bom-ref,omitempty"`
	Name       string     `json:"name"`
	Version    string     `json:"version,omitempty"`
	PURL       string     `json:"purl,omitempty"`
	Properties []property `json:"properties,omitempty"`
}

type property struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

type dependency struct {
	Ref       string   `json:"ref"`
	DependsOn []string `json:"dependsOn"`
}

// purl is the package URL of a Go module (pkg:golang/path@version).
func purl(path, version string) string {
	p := "pkg:golang/" + path
	if version != "" && version != "(devel)" {
		p += "@" + version
	}
	return p
}

func build(info *buildinfo.BuildInfo, version string, epoch int64) bom {
	mainVersion := version
	if mainVersion == "" {
		mainVersion = info.Main.Version
	}
	root := component{Type: "application", Name: info.Main.Path, Version: mainVersion, PURL: purl(info.Main.Path, mainVersion)}
	root.BOMRef = root.PURL
	var props []property
	props = append(props, property{"go:toolchain", info.GoVersion})
	for _, s := range info.Settings {
		switch s.Key {
		case "GOOS", "GOARCH", "CGO_ENABLED", "-trimpath", "-tags", "GOAMD64", "GOARM64":
			props = append(props, property{"go:build:" + s.Key, s.Value})
		}
	}
	m := metadata{
		Tools:      tools{Components: []component{{Type: "application", Name: "leakwatch-sbom", Version: "1"}}},
		Component:  root,
		Properties: props,
	}
	if epoch != 0 {
		m.Timestamp = time.Unix(epoch, 0).UTC().Format(time.RFC3339)
	}
	var comps []component
	var refs []string
	for _, d := range info.Deps {
		mod := d
		if d.Replace != nil {
			mod = d.Replace
		}
		c := component{Type: "library", Name: mod.Path, Version: mod.Version, PURL: purl(mod.Path, mod.Version)}
		c.BOMRef = c.PURL
		if mod.Sum != "" {
			// Go's checksum database hash (go.sum's h1:), which `go mod verify` checks.
			c.Properties = append(c.Properties, property{"go:module:sum", mod.Sum})
		}
		if d.Replace != nil {
			c.Properties = append(c.Properties, property{"go:module:replaces", d.Path + "@" + d.Version})
		}
		comps = append(comps, c)
		refs = append(refs, c.BOMRef)
	}
	sort.Slice(comps, func(i, j int) bool { return comps[i].BOMRef < comps[j].BOMRef })
	sort.Strings(refs)
	if refs == nil {
		refs = []string{}
	}
	b := bom{
		BOMFormat:   "CycloneDX",
		SpecVersion: "1.5",
		Version:     1,
		Metadata:    m,
		Components:  comps,
		// The build information lists the modules linked in, not who imports whom: the
		// application depends on each of them.
		Dependencies: []dependency{{Ref: root.BOMRef, DependsOn: refs}},
	}
	if b.Components == nil {
		b.Components = []component{}
	}
	b.SerialNumber = serial(b)
	return b
}

// serial derives the urn:uuid from the SBOM's content, so one binary always gets one serial.
func serial(b bom) string {
	raw, _ := json.Marshal(b)
	h := sha256.Sum256(raw)
	h[6] = h[6]&0x0f | 0x50 // version 5 (name-based, SHA)
	h[8] = h[8]&0x3f | 0x80 // RFC 4122 variant
	return fmt.Sprintf("urn:uuid:%x-%x-%x-%x-%x", h[0:4], h[4:6], h[6:8], h[8:10], h[10:16])
}
