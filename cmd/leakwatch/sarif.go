package main

import (
	"encoding/json"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/prometheus/common/version"

	"github.com/leakwatch/leakwatch/queries"
)

// SARIF 2.1.0 (OASIS), the subset code-scanning services read. A SARIF log is one JSON
// document, so results are kept (redacted, a few hundred bytes each) and written at the end.

const (
	sarifSchema  = "https://json.schemastore.org/sarif-2.1.0.json"
	sarifVersion = "2.1.0"
	// sarifFingerprintKey names leakwatch's fingerprint among partialFingerprints.
	// v2: stable across runs and machines (v1 was keyed by a per-run random key).
	sarifFingerprintKey = "leakwatchFingerprint/v2"
	// sarifBase is the uriBaseId of every relative artifact URI: the directory the scan ran
	// in, which in CI is the repository's checkout, so the service maps results onto it.
	sarifBase = "SRCROOT"
)

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool sarifTool `json:"tool"`
	// OriginalURIBaseIDs describes SRCROOT without giving its absolute path: the report
	// names no machine path, and the consumer supplies the checkout's root.
	OriginalURIBaseIDs map[string]sarifBaseURI `json:"originalUriBaseIds"`
	Invocations        []sarifInvocation       `json:"invocations"`
	ColumnKind         string                  `json:"columnKind"`
	Results            []sarifResult           `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string         `json:"name"`
	Version        string         `json:"version,omitempty"`
	InformationURI string         `json:"informationUri"`
	Rules          []sarifRule    `json:"rules"`
	Properties     map[string]any `json:"properties,omitempty"`
}

type sarifRule struct {
	ID                   string            `json:"id"`
	ShortDescription     sarifMessage      `json:"shortDescription"`
	Help                 sarifMessage      `json:"help"`
	DefaultConfiguration sarifRuleConfig   `json:"defaultConfiguration"`
	Properties           sarifRuleProperty `json:"properties"`
}

type sarifRuleConfig struct {
	Level string `json:"level"`
}

type sarifRuleProperty struct {
	Tags             []string `json:"tags"`
	SecuritySeverity string   `json:"security-severity"`
	Severity         string   `json:"severity"`
	Keywords         []string `json:"keywords"`
}

type sarifMessage struct {
	Text string `json:"text"`
}

type sarifInvocation struct {
	ExecutionSuccessful        bool                `json:"executionSuccessful"`
	ToolExecutionNotifications []sarifNotification `json:"toolExecutionNotifications,omitempty"`
}

type sarifNotification struct {
	Level   string       `json:"level"`
	Message sarifMessage `json:"message"`
}

type sarifResult struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           int               `json:"ruleIndex"`
	Level               string            `json:"level"`
	Message             sarifMessage      `json:"message"`
	Locations           []sarifLocation   `json:"locations"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
	Properties          map[string]string `json:"properties,omitempty"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           sarifRegion   `json:"region"`
}

type sarifArtifact struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

type sarifBaseURI struct {
	Description sarifMessage `json:"description"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn"`
	EndColumn   int `json:"endColumn"`
}

// sarifLevel maps a severity to SARIF's level; security-severity is the CVSS-like score
// code-scanning services rank by (9.0+ critical, 7.0+ high, 4.0+ medium).
func sarifLevel(s queries.Severity) (level, score string) {
	switch s {
	case queries.Critical:
		return "error", "9.5"
	case queries.High:
		return "error", "8.0"
	case queries.Medium:
		return "warning", "5.5"
	}
	return "note", "3.0"
}

type sarifWriter struct {
	w     io.Writer
	log   sarifLog
	index map[string]int
}

func newSARIFWriter(w io.Writer, rules []*queries.Rule, inRepo bool) *sarifWriter {
	sw := &sarifWriter{w: w, index: map[string]int{}}
	driver := sarifDriver{
		Name: "leakwatch", Version: version.Version, InformationURI: "https://github.com/leakwatch/leakwatch",
		Rules:      make([]sarifRule, 0, len(rules)),
		Properties: map[string]any{"catalogVersion": queries.CatalogVersion},
	}
	for i, r := range rules {
		level, score := sarifLevel(r.Severity)
		sw.index[r.ID] = i
		driver.Rules = append(driver.Rules, sarifRule{
			ID:               r.ID,
			ShortDescription: sarifMessage{r.Description},
			Help: sarifMessage{"Leaked secret: " + r.Description + ". Treat it as compromised: revoke or rotate it at " +
				"its issuer, then find how it reached the logs and stop it there."},
			DefaultConfiguration: sarifRuleConfig{level},
			Properties: sarifRuleProperty{Tags: []string{"security", "secret"}, SecuritySeverity: score,
				Severity: string(r.Severity), Keywords: r.Keywords},
		})
	}
	base := "The directory leakwatch scan ran in (in CI, the repository checkout)."
	if inRepo {
		base = "The top-level directory of the git repository scanned (its checkout)."
	}
	sw.log = sarifLog{Schema: sarifSchema, Version: sarifVersion, Runs: []sarifRun{{
		Tool: sarifTool{driver}, ColumnKind: "unicodeCodePoints", Results: []sarifResult{},
		OriginalURIBaseIDs: map[string]sarifBaseURI{sarifBase: {Description: sarifMessage{base}}},
	}}}
	return sw
}

func (s *sarifWriter) finding(r scanResult) error {
	level, _ := sarifLevel(r.F.Severity)
	run := &s.log.Runs[0]
	var props map[string]string
	if r.Commit != "" {
		props = map[string]string{"commit": r.Commit}
	}
	run.Results = append(run.Results, sarifResult{
		Properties: props,
		RuleID:     r.F.RuleID, RuleIndex: s.index[r.F.RuleID], Level: level,
		Message: sarifMessage{r.F.Description + ": " + r.F.Preview + " (fingerprint " + r.F.ShortFingerprint() + ")"},
		Locations: []sarifLocation{{PhysicalLocation: sarifPhysical{
			ArtifactLocation: sarifArtifactOf(r.File),
			Region:           sarifRegion{StartLine: r.Line, StartColumn: r.CharColumn, EndColumn: r.EndCharColumn},
		}}},
		PartialFingerprints: map[string]string{sarifFingerprintKey: r.F.ShortFingerprint()},
	})
	return nil
}

func (s *sarifWriter) close(st scanStats) error {
	inv := sarifInvocation{ExecutionSuccessful: len(st.errors) == 0}
	for _, e := range st.errors {
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications,
			sarifNotification{Level: "error", Message: sarifMessage{e}})
	}
	s.log.Runs[0].Invocations = []sarifInvocation{inv}
	enc := json.NewEncoder(s.w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(s.log)
}

// sarifArtifactOf makes a path an artifact location: a path inside the directory the scan ran
// in becomes a URI relative to SRCROOT (absolute ones too), one outside it a file URI.
func sarifArtifactOf(path string) sarifArtifact {
	if path == stdinName {
		return sarifArtifact{URI: "stdin"}
	}
	rel := filepath.Clean(path)
	if filepath.IsAbs(path) {
		wd, err := os.Getwd()
		r, err2 := filepath.Rel(wd, path)
		if err != nil || err2 != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) {
			return sarifArtifact{URI: (&url.URL{Scheme: "file", Path: filepath.ToSlash(path)}).String()}
		}
		rel = r
	}
	return sarifArtifact{URI: (&url.URL{Path: filepath.ToSlash(rel)}).String(), URIBaseID: sarifBase}
}
