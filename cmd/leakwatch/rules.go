package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/leakwatch/leakwatch/queries"
)

const rulesUsage = `usage: leakwatch rules list [--format table|json] [--config FILE]
       leakwatch rules test [flags] STRING|-

list  prints every rule the detector runs, grouped by provider: id, severity, keywords,
      description (json adds the catalogue version, the provider, the gitleaks/betterleaks
      rule ids it covers, ignore_case and the rule's source: builtin, custom or gitleaks).
      With --config, disabled rules are left out, custom rules and rules imported from
      rules.gitleaks files added.
test  runs the detector on STRING, or on each line of stdin with "-", and prints the
      findings as leakwatch scan does (file "<arg>" or "<stdin>"). Prefer "-": a secret
      passed as an argument lands in the shell history and the process list.
      Exit status: 0 no finding, 1 findings, 2 error.

flags:
`

func cmdRules(ctx context.Context, args []string, c cli) int {
	if len(args) == 0 || (args[0] != "list" && args[0] != "test") {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
			fmt.Fprint(c.stderr, rulesUsage)
			return 0
		}
		fmt.Fprint(c.stderr, rulesUsage)
		return 2
	}
	sub := args[0]
	o := scanOpts{noIgnore: true}
	fs := flag.NewFlagSet("rules "+sub, flag.ContinueOnError)
	fs.SetOutput(c.stderr)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), rulesUsage)
		fs.PrintDefaults()
	}
	if sub == "list" {
		fs.StringVar(&o.format, "format", "table", "table or json")
		fs.StringVar(&o.configPath, "config", "", "config file whose rules section (disable, custom, gitleaks) applies")
	} else {
		fs.StringVar(&o.format, "format", "text", "text or json")
		o.detectorFlags(fs)
	}
	pos, err := parseInterleaved(fs, args[1:])
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		return 2
	}
	if sub == "list" {
		return rulesList(&o, pos, c)
	}
	return rulesTest(ctx, &o, pos, c)
}

// ruleJSON is the stable JSON form of a rule.
type ruleJSON struct {
	ID          string   `json:"id"`
	Provider    string   `json:"provider,omitempty"`
	Peers       []string `json:"peers,omitempty"`
	Severity    string   `json:"severity"`
	Description string   `json:"description"`
	Keywords    []string `json:"keywords"`
	IgnoreCase  bool     `json:"ignore_case"`
	Custom      bool     `json:"custom"` // not built in (custom or gitleaks)
	Source      string   `json:"source"` // builtin, custom or gitleaks
}

// ruleSource says where a rule comes from: the catalogue, rules.custom or a gitleaks file.
func ruleSource(builtin map[string]bool, id string) string {
	switch {
	case builtin[id]:
		return "builtin"
	case strings.HasPrefix(id, queries.GitleaksIDPrefix):
		return "gitleaks"
	}
	return "custom"
}

func rulesList(o *scanOpts, pos []string, c cli) int {
	if len(pos) != 0 {
		fmt.Fprintf(c.stderr, "leakwatch: rules list takes no argument (got %q)\n", pos[0])
		return 2
	}
	if o.format != "table" && o.format != "json" {
		fmt.Fprintf(c.stderr, "leakwatch: --format %q: want table or json\n", o.format)
		return 2
	}
	setup, err := buildScanDetector(o)
	if err != nil {
		fmt.Fprintf(c.stderr, "leakwatch: %v\n", err)
		return 2
	}
	builtin := map[string]bool{}
	for _, r := range queries.Catalog() {
		builtin[r.ID] = true
	}
	rules := setup.det.Rules()
	write := writeRulesTable
	if o.format == "json" {
		write = writeRulesJSON
	}
	if err := write(c.stdout, rules, builtin); err != nil {
		fmt.Fprintf(c.stderr, "leakwatch: %v\n", err)
		return 2
	}
	return 0
}

func writeRulesJSON(w io.Writer, rules []*queries.Rule, builtin map[string]bool) error {
	out := struct {
		CatalogVersion string     `json:"catalog_version"`
		Rules          []ruleJSON `json:"rules"`
	}{CatalogVersion: queries.CatalogVersion, Rules: make([]ruleJSON, 0, len(rules))}
	for _, r := range rules {
		out.Rules = append(out.Rules, ruleJSON{ID: r.ID, Provider: r.Provider, Peers: r.Peers, Severity: string(r.Severity), Description: r.Description,
			Keywords: r.Keywords, IgnoreCase: r.IgnoreCase, Custom: !builtin[r.ID], Source: ruleSource(builtin, r.ID)})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// writeRulesTable lists the rules grouped by provider, providers in alphabetical order and
// rules in catalogue order within each; custom and imported rules after the built-in ones,
// under their source.
func writeRulesTable(w io.Writer, rules []*queries.Rule, builtin map[string]bool) error {
	group := func(r *queries.Rule) string {
		switch src := ruleSource(builtin, r.ID); {
		case src == "gitleaks":
			return "\uffffImported gitleaks rules"
		case src == "custom":
			return "\ufffeCustom rules"
		case r.Provider == "":
			return "\ufffdOther"
		}
		return r.Provider
	}
	sorted := slices.Clone(rules)
	slices.SortStableFunc(sorted, func(a, b *queries.Rule) int {
		return strings.Compare(strings.ToLower(group(a)), strings.ToLower(group(b)))
	})
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSEVERITY\tKEYWORDS\tDESCRIPTION")
	for i, r := range sorted {
		if g := group(r); i == 0 || g != group(sorted[i-1]) {
			fmt.Fprintf(tw, "\n[%s]\n", strings.TrimLeft(g, "\ufffd\ufffe\uffff"))
		}
		desc := r.Description
		if src := ruleSource(builtin, r.ID); src != "builtin" {
			desc += " (" + src + ")"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.ID, r.Severity, strings.Join(r.Keywords, ","), desc)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(w, "%d rules, catalogue version %s\n", len(rules), queries.CatalogVersion)
	return nil
}

func rulesTest(ctx context.Context, o *scanOpts, pos []string, c cli) int {
	if len(pos) != 1 {
		fmt.Fprintln(c.stderr, "usage: leakwatch rules test [flags] STRING|- (see leakwatch rules --help)")
		return 2
	}
	if o.format != "text" && o.format != "json" {
		fmt.Fprintf(c.stderr, "leakwatch: --format %q: want text or json\n", o.format)
		return 2
	}
	setup, err := buildScanDetector(o)
	if err != nil {
		fmt.Fprintf(c.stderr, "leakwatch: %v\n", err)
		return 2
	}
	var out findingWriter = &textWriter{w: c.stdout}
	if o.format == "json" {
		out, _ = newFindingWriter("json", c, setup.det, false)
	}
	s := &streamScanner{det: setup.det, maxLine: setup.maxLineBytes, out: out, failOn: queries.Low}
	if pos[0] == "-" {
		err = s.scanPath(ctx, "-", c.stdin)
	} else {
		err = s.scanStream(ctx, io.Reader(strings.NewReader(pos[0])), "<arg>")
	}
	if err != nil {
		fmt.Fprintf(c.stderr, "leakwatch: rules test: %v\n", err)
		return 2
	}
	if s.stats.findings > 0 {
		return 1
	}
	return 0
}
