// Package corpus generates a realistic, deterministic log corpus with planted secrets and
// decoys whose exact places it knows, so the detector's recall, precision and speed can be
// measured (leakwatch bench) and checked in tests.
//
// The corpus mixes JSON logs, logfmt, nginx access lines, Java and Go stack traces and
// environment dumps. Secrets come from the catalogue's own true-positive samples (each
// rule's match cut out of its sample), for the common formats with a freshly generated
// token of the right shape and checksum, and are planted in query strings, headers, JSON
// (plain and escaped inside another JSON string), environment dumps and URIs. Decoys are
// look-alikes that must not be reported: placeholders, documented example keys, pk_live_,
// tokens with a wrong checksum, task_live_…, tokens inside base64 blobs, URIs with
// placeholder passwords.
package corpus

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"regexp"
	"sort"

	"github.com/leakwatch/leakwatch/queries"
)

// Options configure Generate.
type Options struct {
	// Size is the corpus size in bytes; generation stops after the line that reaches it.
	Size int64
	// Seed makes the corpus reproducible.
	Seed int64
	// SecretRate and DecoyRate are the probabilities that a log record carries a planted
	// secret or a decoy. Zero values take 1/500 and 1/500.
	SecretRate, DecoyRate float64
	// Rules are the formats to plant (nil: queries.Catalog()).
	Rules []*queries.Rule
}

// Planted is one secret or decoy in the corpus.
type Planted struct {
	Line       int // 1-based
	Start, End int // byte offsets in the line
	// Rule is the rule that must report the secret; empty for a decoy.
	Rule string
	// Decoy names the kind of look-alike; empty for a secret.
	Decoy string
	// Context says where it was planted (query, header, json, escaped-json, env, uri, logfmt, sample).
	Context string
}

// Truth is what the generator knows about the corpus it wrote.
type Truth struct {
	Bytes   int64
	Lines   int
	Secrets []Planted // in line order
	Decoys  []Planted // in line order
	// Formats counts secrets per rule, Kinds decoys per kind, Records log records per format.
	Formats, Kinds, Records map[string]int
	// Rules is how many rules had a usable template.
	Rules int
}

// template is a rule's match cut out of one of its true-positive samples.
type template struct {
	rule  *queries.Rule
	re    *regexp.Regexp
	group int
	match string
	// secret is match[s:e].
	s, e   int
	sample string
	// sampleStart is where the secret sits in sample.
	sampleStart, sampleEnd int
}

// Generate writes a corpus of about opts.Size bytes to w and returns its ground truth.
func Generate(w io.Writer, opts Options) (*Truth, error) {
	if opts.Size <= 0 {
		return nil, fmt.Errorf("corpus: size must be positive")
	}
	if opts.SecretRate == 0 {
		opts.SecretRate = 1.0 / 500
	}
	if opts.DecoyRate == 0 {
		opts.DecoyRate = 1.0 / 500
	}
	rules := opts.Rules
	if rules == nil {
		rules = queries.Catalog()
	}
	tmpls, err := templates(rules)
	if err != nil {
		return nil, err
	}
	if len(tmpls) == 0 {
		return nil, fmt.Errorf("corpus: no rule has a usable true-positive sample")
	}
	g := &gen{
		rng:   rand.New(rand.NewPCG(uint64(opts.Seed), 0)),
		bw:    bufio.NewWriterSize(w, 256<<10),
		tmpls: tmpls,
		truth: &Truth{Formats: map[string]int{}, Kinds: map[string]int{}, Records: map[string]int{}},
	}
	ruleSet := map[string]bool{}
	for _, t := range tmpls {
		ruleSet[t.rule.ID] = true
	}
	g.truth.Rules = len(ruleSet)
	for g.truth.Bytes < opts.Size {
		x := g.rng.Float64()
		switch {
		case x < opts.SecretRate:
			g.plantSecret()
		case x < opts.SecretRate+opts.DecoyRate:
			g.plantDecoy()
		default:
			g.background()
		}
		if g.err != nil {
			return nil, g.err
		}
	}
	if err := g.bw.Flush(); err != nil {
		return nil, fmt.Errorf("corpus: write: %w", err)
	}
	return g.truth, nil
}

// templates cuts each rule's match out of its true-positive samples.
func templates(rules []*queries.Rule) ([]template, error) {
	var out []template
	for _, r := range rules {
		re, err := regexp.Compile(r.Regex)
		if err != nil {
			return nil, fmt.Errorf("corpus: rule %s: regex: %w", r.ID, err)
		}
		group := 0
		if i := re.SubexpIndex("secret"); i > 0 {
			group = i
		} else if re.NumSubexp() > 0 {
			group = 1
		}
		tps, _ := r.Samples()
		for _, s := range tps {
			m := re.FindStringSubmatchIndex(s)
			if m == nil || m[2*group] < 0 {
				continue
			}
			end := trimEnd(r, s, m[2*group], m[2*group+1])
			out = append(out, template{
				rule: r, re: re, group: group, match: s[m[0]:m[1]],
				s: m[2*group] - m[0], e: end - m[0],
				sample: s, sampleStart: m[2*group], sampleEnd: end,
			})
		}
	}
	return out, nil
}

type gen struct {
	rng   *rand.Rand
	bw    *bufio.Writer
	buf   []byte
	tmpls []template
	truth *Truth
	err   error
}

// emit writes one line (without its newline) and returns its number.
func (g *gen) emit(line []byte) int {
	if _, err := g.bw.Write(line); err != nil && g.err == nil {
		g.err = fmt.Errorf("corpus: write: %w", err)
	}
	g.bw.WriteByte('\n')
	g.truth.Bytes += int64(len(line)) + 1
	g.truth.Lines++
	return g.truth.Lines
}

// secretAt finds where the rule reports the secret group in line (its regex, then its
// TrimSecret), the ground truth of a plant.
func secretAt(t template, line string, near int) (int, int, bool) {
	for _, m := range t.re.FindAllStringSubmatchIndex(line, -1) {
		if s, e := m[2*t.group], m[2*t.group+1]; s >= 0 && s <= near && near < e {
			return s, trimEnd(t.rule, line, s, e), true
		}
	}
	return 0, 0, false
}

// trimEnd applies the rule's TrimSecret, as the detector does.
func trimEnd(r *queries.Rule, text string, s, e int) int {
	if r.TrimSecret == nil {
		return e
	}
	return s + min(e-s, max(1, r.TrimSecret(text[s:e])))
}

func (g *gen) plantSecret() {
	t := g.tmpls[g.rng.IntN(len(g.tmpls))]
	match, s, e := t.match, t.s, t.e
	if fresh, ok := freshTokens[t.rule.ID]; ok && g.rng.IntN(4) > 0 {
		tok := fresh(g.rng)
		match, e = match[:s]+tok+match[e:], s+len(tok)
	}
	secret := match[s:e]
	// Try contexts in random order; keep the first where the rule's own regex reports the
	// secret exactly where it was put (escaping or neighbours may change a match).
	order := g.rng.Perm(len(secretContexts))
	for _, i := range order {
		c := secretContexts[i]
		line, at, ok := c.build(g, match, s)
		if !ok {
			continue
		}
		ls, le, found := secretAt(t, line, at)
		if !found || ls != at || line[ls:le] != secret {
			continue
		}
		n := g.emit([]byte(line))
		g.record(Planted{Line: n, Start: ls, End: le, Rule: t.rule.ID, Context: c.name})
		return
	}
	// The sample itself, as the catalogue wrote it.
	n := g.emit([]byte(t.sample))
	g.record(Planted{Line: n, Start: t.sampleStart, End: t.sampleEnd, Rule: t.rule.ID, Context: "sample"})
}

func (g *gen) record(p Planted) {
	g.truth.Secrets = append(g.truth.Secrets, p)
	g.truth.Formats[p.Rule]++
}

func (g *gen) plantDecoy() {
	d := decoys[g.rng.IntN(len(decoys))]
	line, s, e := d.build(g)
	n := g.emit([]byte(line))
	g.truth.Decoys = append(g.truth.Decoys, Planted{Line: n, Start: s, End: e, Decoy: d.name, Context: d.name})
	g.truth.Kinds[d.name]++
}

// Sorted returns the keys of m by descending count, for reports.
func Sorted(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if m[keys[i]] != m[keys[j]] {
			return m[keys[i]] > m[keys[j]]
		}
		return keys[i] < keys[j]
	})
	return keys
}

// Background returns about size bytes of ordinary log lines (no secret, no decoy), split into
// lines: the sample on which the pushdown planner measures how often a literal occurs (made
// once and shipped as pushdown/background.log).
func Background(size int64, seed int64) [][]byte {
	var buf bytes.Buffer
	// Rates this small plant nothing in a sample of this size.
	if _, err := Generate(&buf, Options{Size: size, Seed: seed, SecretRate: 1e-300, DecoyRate: 1e-300}); err != nil {
		return nil
	}
	return bytes.Split(bytes.TrimSuffix(buf.Bytes(), []byte("\n")), []byte("\n"))
}
