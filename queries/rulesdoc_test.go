package queries_test

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/leakwatch/leakwatch/queries"
)

var update = flag.Bool("update", false, "rewrite generated files")

const rulesDoc = "../docs/rules.md"

// peerRuleIDs reads testdata/peer-rule-ids.txt: each rule id of the peers' default
// configurations and which peers have it.
func peerRuleIDs(t testing.TB) (ids []string, peers map[string]string) {
	t.Helper()
	f, err := os.Open("testdata/peer-rule-ids.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	peers = map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		id, who, _ := strings.Cut(line, " ")
		ids = append(ids, id)
		peers[id] = who
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return ids, peers
}

// TestRuleProviderAndPeers: every built-in rule names its provider, and every peer id it
// names is a rule id of gitleaks or betterleaks.
func TestRuleProviderAndPeers(t *testing.T) {
	_, peers := peerRuleIDs(t)
	for _, r := range queries.Catalog() {
		if r.Provider == "" {
			t.Errorf("rule %s: no provider", r.ID)
		}
		for _, p := range r.Peers {
			if peers[p] == "" {
				t.Errorf("rule %s: peer id %q is not a gitleaks or betterleaks rule id (testdata/peer-rule-ids.txt)", r.ID, p)
			}
		}
	}
}

// TestRulesDoc regenerates docs/rules.md from the catalogue: every rule by provider with its
// format, checks, severity, keywords and the peer rule ids it corresponds to. Run with -update
// after changing the catalogue.
func TestRulesDoc(t *testing.T) {
	got := rulesDocText(t)
	if *update {
		if err := os.WriteFile(rulesDoc, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(rulesDoc)
	if err != nil || string(want) != got {
		t.Fatalf("%s is stale (or missing): run go test ./queries -run TestRulesDoc -update", rulesDoc)
	}
}

func rulesDocText(t testing.TB) string {
	rules := queries.Catalog()
	ids, peers := peerRuleIDs(t)
	byProvider := map[string][]*queries.Rule{}
	var providers []string
	covered := map[string]bool{}
	for _, r := range rules {
		if byProvider[r.Provider] == nil {
			providers = append(providers, r.Provider)
		}
		byProvider[r.Provider] = append(byProvider[r.Provider], r)
		for _, p := range r.Peers {
			covered[p] = true
		}
	}
	slices.SortFunc(providers, func(a, b string) int { return strings.Compare(strings.ToLower(a), strings.ToLower(b)) })
	count := func(peer string) (n, of int) {
		for _, id := range ids {
			if strings.Contains(peers[id], peer) {
				of++
				if covered[id] {
					n++
				}
			}
		}
		return n, of
	}
	cell := func(s string) string { return strings.ReplaceAll(s, "|", `\|`) }
	code := func(s string) string {
		if s == "" {
			return ""
		}
		return "`" + cell(s) + "`"
	}

	var b strings.Builder
	b.WriteString(rulesDocHeader)
	fmt.Fprintf(&b, "\n%d rules for %d providers and kinds of secret (catalogue version %s).\n\n", len(rules), len(providers), queries.CatalogVersion)
	gn, gof := count("gitleaks")
	bn, bof := count("betterleaks")
	fmt.Fprintf(&b, "Rule ids of the peers' default configurations with a leakwatch rule: gitleaks v8.30.1 %d of %d, betterleaks v1.7.0 %d of %d (the rest are listed at the end).\n\n", gn, gof, bn, bof)
	b.WriteString("## Providers\n\n")
	for _, p := range providers {
		fmt.Fprintf(&b, "- [%s](#%s)\n", p, anchor(p))
	}
	for _, p := range providers {
		fmt.Fprintf(&b, "\n### %s\n\n| rule | format | checks | severity | keywords | peer rule ids |\n|---|---|---|---|---|---|\n", p)
		for _, r := range byProvider[p] {
			format := code(r.SecretPattern())
			if r.NameThenValue() {
				format += " after a name"
			}
			var kws []string
			for _, k := range r.Keywords {
				kws = append(kws, code(k))
			}
			kw := strings.Join(kws, " ")
			if r.IgnoreCase {
				kw += " (any case)"
			}
			var ps []string
			for _, id := range r.Peers {
				ps = append(ps, code(id))
			}
			fmt.Fprintf(&b, "| `%s` %s | %s | %s | %s | %s | %s |\n", r.ID, cell(r.Description), format,
				cell(strings.Join(r.Checks(), "; ")), r.Severity, kw, strings.Join(ps, " "))
		}
	}
	b.WriteString(refusalsIntro)
	for _, ref := range queries.Refusals() {
		var ps, rs []string
		for _, p := range ref.Peers {
			ps = append(ps, fmt.Sprintf("`%s` (%s)", p, peers[p]))
		}
		for _, r := range ref.Rules {
			rs = append(rs, code(r))
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", strings.Join(ps, " "), ref.Kind, strings.Join(rs, " "), cell(ref.Why))
	}
	b.WriteString("\n### Checksums\n\nThese rules verify a checksum the format documents; a token whose checksum does not hold is not\nreported (a truncated, retyped or made-up value), even when its shape matches.\n\n")
	for _, r := range rules {
		for _, c := range r.Checks() {
			if strings.Contains(c, "checksum") {
				fmt.Fprintf(&b, "- `%s`: %s\n", r.ID, c)
			}
		}
	}
	b.WriteString("\n## Peer rule ids without a leakwatch rule\n\n")
	var missing []string
	for _, id := range ids {
		if !covered[id] {
			missing = append(missing, fmt.Sprintf("`%s` (%s)", id, peers[id]))
		}
	}
	if len(missing) == 0 {
		b.WriteString("None.\n")
	} else {
		b.WriteString(strings.Join(missing, ", ") + "\n")
	}
	return b.String()
}

// anchor is GitHub's heading anchor for a heading text.
func anchor(h string) string {
	var b strings.Builder
	for _, c := range strings.ToLower(h) {
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '-', c == '_':
			b.WriteRune(c)
		case c == ' ':
			b.WriteByte('-')
		}
	}
	return b.String()
}

const refusalsIntro = `
## Peer findings rightly not reported

gitleaks and betterleaks report these families on their own samples; leakwatch does not, by design.
Each row is kept in the code (` + "`queries.Refusals`" + `) with log lines of its kind that the catalogue must
refuse and, where a validator is the reason, the same values made valid, which it must report
(` + "`TestRefusals`" + `). The reasons:

- **checksum**: the format carries a checksum and the value fails it (a truncated, retyped or made-up token);
- **structure**: the format has documented segments, lengths or an encoded document the value lacks;
- **sequence or placeholder**: runs such as ` + "`abcdef123456`" + `, templates and vendors' documented examples;
- **not a format**: the vendor documents none, and the shape matched is another provider's;
- **file name, not content**: the peer reports a file found in a repository;
- **companion the peer never reports alone**: an id, host or name that is no credential by itself.

| peer rule ids | reason | leakwatch rules that look | why |
|---|---|---|---|
`

const rulesDocHeader = `# Built-in rules: is my provider covered?

Generated by ` + "`go test ./queries -run TestRulesDoc -update`" + ` from the rule catalogue (` + "`queries.Catalog`" + `);
` + "`leakwatch rules list`" + ` prints the same rules grouped by provider, with your configuration applied.

How to read a row:

- **format** is the part of the rule's regex that matches the secret itself. "after a name" marks a
  rule that finds the secret next to its name (` + "`COHERE_API_KEY=…`" + `) through the shared name-then-value
  grammar, which accepts ` + "`=`" + ` ` + "`:`" + ` ` + "`:=`" + ` ` + "`::=`" + ` ` + "`:::=`" + ` ` + "`?=`" + ` ` + "`.=`" + ` ` + "`+=`" + ` ` + "`=>`" + ` ` + "`->`" + `, quoted and unquoted keys
  (JSON, YAML, TOML, INI, logfmt, env dumps), XML elements and attributes, plists, JSON name/value
  pairs, URL query parameters, HTTP headers, command-line flags (` + "`--token v`" + `, ` + "`--token=v`" + `, ` + "`-Dtoken=v`" + `),
  calls such as ` + "`setProperty(\"NAME\", \"v\")`" + ` and typed declarations (` + "`var x string = \"v\"`" + `). The name must
  start a word: ` + "`okta`" + ` inside ` + "`rookTable`" + ` is not a key. The credential words of a name (key, token,
  secret, password, API key) match in lower, Title or UPPER case, each word on its own
  (` + "`apiKey`" + `, ` + "`API_KEY`" + `, ` + "`X-Postmark-Server-Token`" + `), not in a mixed case such as ` + "`sEcReT`" + `.
- **checks** run on every candidate after the regex; a candidate failing one is dropped, counted by
  reason in ` + "`leakwatch_findings_suppressed_total`" + `. For every rule, vendors' documented example keys,
  placeholders (` + "`xxxx`" + `, ` + "`${VAR}`" + `, ` + "`<your key>`" + `, ` + "`changeme`" + `, …) and sequences (` + "`abcdefgh`" + `, ` + "`12345678`" + `,
  ` + "`qwertyui`" + `, eight in a row) are refused too.
- **keywords** are the literals a line must contain; they drive the detector's prefilter and the
  store-side pushdown (` + "`docs/pushdown-loki.md`" + `).
- **peer rule ids** are the gitleaks and betterleaks rules looking for the same secret.

The **Generic** rules (` + "`generic-secret`" + `, ` + "`generic-password`" + `) report a random-looking value assigned
to a name that says secret, token, API key or password, at medium severity, when no provider's rule
reports it. They judge the whole name (no ` + "`nextPageToken`" + `, ` + "`csrf_token`" + `, ` + "`token_id`" + `, ` + "`password_hash`" + `) and the
value (no UUIDs, paths, dashed identifiers, base64 of text). Turn a rule off with ` + "`rules.disable`" + ` (its
id) in the configuration; the generic rules are the first to turn off if they are noisy.
`
