package detector

import (
	"bytes"
	"fmt"
	"io"
	"math/rand"
	"reflect"
	"regexp/syntax"
	"strings"
	"testing"

	"github.com/leakwatch/leakwatch/internal/linereader"
	"github.com/leakwatch/leakwatch/queries"
)

var testKey = []byte("test-key")

func mustDetector(t testing.TB, rules []*queries.Rule, opts Options) *Detector {
	t.Helper()
	if opts.Key == nil {
		opts.Key = testKey
	}
	d, err := New(rules, opts)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func collect(d *Detector, text []byte, skip int) []Finding {
	var out []Finding
	d.Scan(text, skip, func(f Finding) { out = append(out, f) })
	return out
}

// testBase62 is n random base62 characters from the seeded rng (math/rand: these tests'
// values follow from their seeds).
func testBase62(rng *rand.Rand, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"[rng.Intn(62)]
	}
	return string(b)
}

// testGitHubToken makes a ghp_ token with a valid CRC32 checksum from rng.
func testGitHubToken(rng *rand.Rand) string {
	random := testBase62(rng, 30)
	return "ghp_" + random + queries.Base62CRC32(random)
}

func testStripeKey(rng *rand.Rand, n int) string { return "sk_live_" + testBase62(rng, n) }

// variants puts a line in the contexts logs put secrets in, so windows meet every edge.
func variants(s string) []string {
	return []string{
		s,
		"x " + s + " y",
		s + " " + s,
		s + s,
		"é" + s + "ü",
		"\u00a0" + s + "\u2028",
		strings.Repeat("a", 700) + " " + s,
		s + " " + strings.Repeat("b", 700),
		strings.Repeat("Zz9", 100) + s + strings.Repeat("Zz9", 100),
		`{"msg":"` + strings.ReplaceAll(s, `"`, `\"`) + `"}`,
		"prefix=" + strings.ToUpper(s),
		"prefix=" + strings.ToLower(s),
		s[:len(s)/2] + " " + s[len(s)/2:],
		s[:len(s)/2] + "\xff" + s[len(s)/2:],
	}
}

// TestPrefilterEqualsWholeLine is the prefilter's correctness contract: on every catalogue
// sample, in every context, it finds exactly what running every regex over the whole line
// finds, in the same order.
func TestPrefilterEqualsWholeLine(t *testing.T) {
	rules := queries.Catalog()
	fast := mustDetector(t, rules, Options{Allow: DefaultAllow})
	var lines []string
	for _, r := range rules {
		tp, fp := r.Samples()
		lines = append(lines, tp...)
		lines = append(lines, fp...)
	}
	rng := rand.New(rand.NewSource(1))
	lines = append(lines, testGitHubToken(rng)+"&"+testStripeKey(rng, 40)+"&"+testGitHubToken(rng))
	checked := 0
	for i, l := range lines {
		for j, v := range variants(l) {
			// The reference runs every regex over the whole line, but only of the rules with
			// a keyword somewhere in it, in any case: a rule without one cannot report (its
			// matches hold a keyword: queries' TestKeywordContract), and running the whole
			// catalogue's regexes over every variant of every sample grows with the square of
			// the catalogue.
			slow := mustDetector(t, rulesWithKeywordIn(rules, v), Options{Allow: DefaultAllow, NoPrefilter: true})
			for _, skip := range []int{0, len(v) / 2}[:1+j%2] {
				want := collect(slow, []byte(v), skip)
				got := collect(fast, []byte(v), skip)
				if !reflect.DeepEqual(got, want) {
					t.Errorf("line %d variant %d skip %d: prefilter found %s, whole-line %s", i, j, skip, describe(got), describe(want))
				}
				checked += len(want)
			}
		}
	}
	if checked == 0 {
		t.Fatal("no findings at all: the comparison proved nothing")
	}
}

// rulesWithKeywordIn keeps, in order, the rules with a keyword in line under ASCII case
// folding (a superset of what each rule's own case semantics find).
func rulesWithKeywordIn(rules []*queries.Rule, line string) []*queries.Rule {
	fold := func(s string) string {
		b := []byte(s)
		for i, c := range b {
			if c >= 'A' && c <= 'Z' {
				b[i] = c + 'a' - 'A'
			}
		}
		return string(b)
	}
	lower := fold(line)
	var out []*queries.Rule
	for _, r := range rules {
		for _, k := range r.Keywords {
			if strings.Contains(lower, fold(k)) {
				out = append(out, r)
				break
			}
		}
	}
	return out
}

func describe(fs []Finding) string {
	var b strings.Builder
	b.WriteString("[")
	for _, f := range fs {
		fmt.Fprintf(&b, " %s@%d-%d", f.RuleID, f.Start, f.End)
	}
	b.WriteString(" ]")
	return b.String()
}

// TestWindowEdges covers regex shapes the catalogue may not have yet: anchors, unbounded
// repeats, keywords in the middle of a match, case-insensitive keywords, multi-byte runes.
func TestWindowEdges(t *testing.T) {
	rules := []*queries.Rule{
		{ID: "anchored", Severity: queries.Low, Keywords: []string{"anc_"}, Regex: `^anc_([a-z0-9]{8})`},
		{ID: "unbounded", Severity: queries.Low, Keywords: []string{"BEGIN KEY"}, Regex: `-----BEGIN KEY-----([A-Za-z0-9+/=\\n]+)-----END KEY-----`},
		{ID: "middle", Severity: queries.Low, Keywords: []string{"@host"}, Regex: `\b([a-z0-9]{6,12})@host\b`},
		{ID: "fold", Severity: queries.Low, IgnoreCase: true, Keywords: []string{"api_secret"}, Regex: `(?i)\bapi_secret\s*[:=]\s*"?([0-9a-f]{16})\b`},
		{ID: "unicode", Severity: queries.Low, Keywords: []string{"tok:"}, Regex: `tok:(\S{4,10})`},
		{ID: "word", Severity: queries.Low, Keywords: []string{"_k"}, Regex: `\b[a-z]+_k([0-9]{6})\b`},
		{ID: "uri", Severity: queries.Low, IgnoreCase: true, Keywords: []string{"http://", "https://"}, Regex: `(?i:https?)://[^\s:@/]*:([^\s@/]{1,20})@[a-z]`},
		{ID: "tail", Severity: queries.Low, Keywords: []string{"pw="}, Regex: `pw=(\S+)$`},
	}
	lines := []string{
		"anc_abc12345 rest", " anc_abc12345", "xanc_abc12345",
		"-----BEGIN KEY-----" + strings.Repeat("QUJD", 2000) + "-----END KEY----- tail",
		"a@host b abcdef@host abcdefghijklmnop@host", "zzzzzzz_abcdef@host",
		`API_SECRET = "0123456789abcdef"`, `Api_Secret:fedcba9876543210 api_secret=0123456789ABCDEF`,
		"tok:日本語日本語x tok:éééé", "\xfftok:\xff\xfe\xfd\xfc!",
		"abc_k123456 x_k654321 _k111111 ab_k1234567",
		"HTTPS://user:s3cr3t@db https://a:b@c http://x/y http://" + strings.Repeat("u", 300) + ":p@h",
		"pw=abc pw=def", "pw=abc x",
	}
	fast := mustDetector(t, rules, Options{})
	slow := mustDetector(t, rules, Options{NoPrefilter: true})
	total := 0
	for _, l := range lines {
		for _, v := range variants(l) {
			want := collect(slow, []byte(v), 0)
			got := collect(fast, []byte(v), 0)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%q: prefilter found %s, whole-line %s", v[:min(len(v), 60)], describe(got), describe(want))
			}
			total += len(want)
		}
	}
	if total < 20 {
		t.Fatalf("only %d findings: the edge lines do not exercise the rules", total)
	}
}

func TestMaxMatchLen(t *testing.T) {
	for _, c := range []struct {
		re   string
		want int
	}{
		{`abc`, 3},
		{`\b(ghp_[0-9A-Za-z]{36})\b`, 40},
		{`sk_live_[0-9a-z]{24,99}`, 107},
		{`a|bcd`, 3},
		{`a+`, -1},
		{`a*b`, -1},
		{`(?:\b){2}x?`, 1},
		{`é`, 2},
		{`(?i)k`, 3}, // folds to U+212A KELVIN SIGN
		{`[^"]`, 4},  // any rune up to U+10FFFF
		{`x{1000}x{1000}x{1000}x{1000}x{1000}`, -1}, // beyond the cap
		{`.{3}`, 12},
	} {
		re, err := syntax.Parse(c.re, syntax.Perl)
		if err != nil {
			t.Fatal(err)
		}
		if got := maxMatchLen(re, maxWindow); got != c.want {
			t.Errorf("maxMatchLen(%s) = %d, want %d", c.re, got, c.want)
		}
	}
}

// TestPrefilterKeywords checks the automaton alone against strings.Index on random text.
func TestPrefilterKeywords(t *testing.T) {
	rules := []*queries.Rule{
		{Keywords: []string{"he", "she", "his", "hers"}},
		{IgnoreCase: true, Keywords: []string{"HeRs", "s"}},
		{Keywords: []string{"She"}},
	}
	p := newPrefilter(rules)
	rng := rand.New(rand.NewSource(2))
	alphabet := "hersHERSi x"
	for n := 0; n < 500; n++ {
		b := make([]byte, rng.Intn(40))
		for i := range b {
			b[i] = alphabet[rng.Intn(len(alphabet))]
		}
		type hit struct{ rule, start, end int }
		var got, want []hit
		p.scan(b, func(e *kwEntry, s, end int) { got = append(got, hit{int(e.rule), s, end}) })
		for end := 1; end <= len(b); end++ {
			for ri, r := range rules {
				for _, k := range r.Keywords {
					if end < len(k) {
						continue
					}
					w := string(b[end-len(k) : end])
					if w == k || r.IgnoreCase && strings.EqualFold(w, k) {
						want = append(want, hit{ri, end - len(k), end})
					}
				}
			}
		}
		key := func(h []hit) map[hit]int {
			m := map[hit]int{}
			for _, x := range h {
				m[x]++
			}
			return m
		}
		if !reflect.DeepEqual(key(got), key(want)) {
			t.Fatalf("%q: hits %v, want %v", b, got, want)
		}
	}
}

// TestScanCleanLineAllocs: a line without a secret costs no allocation, with or without a
// keyword in it.
func TestScanCleanLineAllocs(t *testing.T) {
	d := mustDetector(t, queries.Catalog(), Options{Allow: DefaultAllow})
	for _, line := range []string{
		`2024-05-01T12:00:00.123Z level=info msg="request done" method=GET path=/api/v1/orders/8812/items status=200 duration_ms=12.4 trace_id=4bf92f3577b34da6a3ce929d0e0e4736 user_agent="Mozilla/5.0 (X11; Linux x86_64)"`,
		`{"ts":"2024-05-01T12:00:00Z","level":"warn","msg":"token refresh for user 8812 took 812ms","component":"auth","key":"session"}`,
	} {
		var n int
		text := []byte(line)
		allocs := testing.AllocsPerRun(200, func() {
			d.Scan(text, 0, func(Finding) { n++ })
		})
		if allocs != 0 {
			t.Errorf("%d allocations per clean line, want 0: %.40q…", int(allocs), line)
		}
		if n != 0 {
			t.Fatalf("clean line has findings")
		}
	}
}

// TestScanPiecesOnce plants a secret at every offset around a piece boundary of a long line
// and reads it through the line reader: the secret is found exactly once, at its place.
func TestScanPiecesOnce(t *testing.T) {
	d := mustDetector(t, queries.Catalog(), Options{Allow: DefaultAllow})
	rng := rand.New(rand.NewSource(3))
	const max, overlap = 512, 96
	filler := func(n int) string {
		var b strings.Builder
		for b.Len() < n {
			b.WriteString(" k=v a=")
			b.WriteString(fmt.Sprint(rng.Intn(1e6)))
		}
		return b.String()[:n]
	}
	for _, mk := range []func() string{
		func() string { return testGitHubToken(rng) },
		func() string { return testStripeKey(rng, 24+rng.Intn(60)) },
	} {
		for pos := max - 130; pos < max+20; pos++ {
			secret := mk()
			// Random tokens sometimes trip a validator (xxxx reads as a placeholder).
			for len(collect(d, []byte(" "+secret+" "), 0)) != 1 {
				secret = mk()
			}
			head := filler(pos)
			line := head + " " + secret + " " + filler(700)
			at := int64(len(head) + 1)
			r := linereader.New(strings.NewReader("first line\n"+line+"\nlast\n"), max, overlap)
			var found []int64
			for {
				p, err := r.Next()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatal(err)
				}
				d.Scan(p.Text, p.Overlap, func(f Finding) {
					if f.Line = p.LineNo; f.Line != 2 {
						t.Errorf("finding on line %d", f.Line)
					}
					found = append(found, p.Offset+int64(f.Start)-int64(len("first line\n")))
					if f.End-f.Start != len(secret) {
						t.Errorf("secret at %d found with length %d, want %d", pos, f.End-f.Start, len(secret))
					}
				})
			}
			if len(found) != 1 || found[0] != at {
				t.Errorf("secret of %d bytes at %d: found at %v, want once at %d", len(secret), at, found, at)
			}
		}
	}
}

// TestScanSemantics pins the checks around a regex match: allowlist, placeholders,
// validators, boundaries, skip, and what OnSuppressed is told.
func TestScanSemantics(t *testing.T) {
	checksum := func(s string) string {
		if !strings.HasSuffix(s, "7") {
			return "checksum"
		}
		return ""
	}
	rules := []*queries.Rule{{ID: "t", Severity: queries.High, Keywords: []string{"tk_"}, Regex: `(tk_[0-9a-zA-Z]{12,40})`, Validators: []queries.Validator{checksum}, PreviewPrefix: 3, MinEntropy: 2}}
	var suppressed []string
	d := mustDetector(t, rules, Options{Allow: []string{"tk_allowedvalue7"}, OnSuppressed: func(id, reason string) { suppressed = append(suppressed, id+":"+reason) }})
	for _, c := range []struct {
		line       string
		skip       int
		found      string
		suppressed string
	}{
		{"a tk_9f8e7d6c5b4a3927 b", 0, "tk_9f8e7d6c5b4a3927", ""},
		{"a tk_9f8e7d6c5b4a3928 b", 0, "", "t:checksum"},
		{"a tk_allowedvalue7 b", 0, "", "t:allowlist"},
		{"a tk_xxxxxxxxxxxx7 b", 0, "", "t:placeholder"},
		{"a tk_aaaaaaaaaaaaab7 b", 0, "", "t:entropy"},
		{"atk_9f8e7d6c5b4a3927 b", 0, "", "t:boundary"},
		{"a=Xtk_9f8e7d6c5b4a3927", 0, "", "t:boundary"},
		{"a %3Dtk_9f8e7d6c5b4a3927", 0, "tk_9f8e7d6c5b4a3927", ""},
		{`\ntk_9f8e7d6c5b4a3927`, 0, "tk_9f8e7d6c5b4a3927", ""},
		{"a tk_9f8e7d6c5b4a3927 b", 21, "", ""},
		{"a tk_9f8e7d6c5b4a3927 b", 20, "tk_9f8e7d6c5b4a3927", ""},
	} {
		suppressed = nil
		fs := collect(d, []byte(c.line), c.skip)
		got := ""
		if len(fs) > 1 {
			t.Fatalf("%q: %d findings", c.line, len(fs))
		}
		if len(fs) == 1 {
			f := fs[0]
			got = c.line[f.Start:f.End]
			if f.Column != f.Start+1 || f.RuleID != "t" || f.Severity != queries.High {
				t.Errorf("%q: finding fields %+v", c.line, f)
			}
			if f.Fingerprint != Fingerprint(testKey, got) || f.Preview != Preview(rules[0], got, RedactPartial) {
				t.Errorf("%q: fingerprint or preview not derived from the secret", c.line)
			}
			if strings.Contains(f.Preview, got) || !strings.HasPrefix(f.Preview, "tk_") {
				t.Errorf("%q: preview %q", c.line, f.Preview)
			}
		}
		if got != c.found {
			t.Errorf("%q skip %d: found %q, want %q", c.line, c.skip, got, c.found)
		}
		if s := strings.Join(suppressed, ","); s != c.suppressed {
			t.Errorf("%q: suppressed %q, want %q", c.line, s, c.suppressed)
		}
	}
	full := mustDetector(t, rules, Options{Redaction: RedactFull})
	if fs := collect(full, []byte("tk_9f8e7d6c5b4a3927"), 0); len(fs) != 1 || fs[0].Preview != "[redacted]" {
		t.Errorf("full redaction: %+v", fs)
	}
}

func TestNewErrors(t *testing.T) {
	ok := func() *queries.Rule {
		return &queries.Rule{ID: "a", Severity: queries.Low, Keywords: []string{"k"}, Regex: "k"}
	}
	for _, c := range []struct {
		name  string
		rules []*queries.Rule
		opts  Options
		want  string
	}{
		{"no key", []*queries.Rule{ok()}, Options{}, "fingerprint key"},
		{"redaction", []*queries.Rule{ok()}, Options{Key: testKey, Redaction: "some"}, "redaction"},
		{"duplicate", []*queries.Rule{ok(), ok()}, Options{Key: testKey}, "duplicate"},
		{"regex", []*queries.Rule{{ID: "b", Severity: queries.Low, Keywords: []string{"k"}, Regex: "("}}, Options{Key: testKey}, "regex"},
	} {
		_, err := New(c.rules, c.opts)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err %v, want it to mention %q", c.name, err, c.want)
		}
	}
}

func TestDetectorConcurrent(t *testing.T) {
	d := mustDetector(t, queries.Catalog(), Options{Allow: DefaultAllow})
	rng := rand.New(rand.NewSource(4))
	line := []byte("a " + testGitHubToken(rng) + " b " + testStripeKey(rng, 30))
	want := collect(d, line, 0)
	if len(want) != 2 {
		t.Fatalf("want 2 findings, got %s", describe(want))
	}
	done := make(chan []Finding)
	for i := 0; i < 4; i++ {
		go func() {
			var last []Finding
			for j := 0; j < 200; j++ {
				last = collect(d, bytes.Clone(line), 0)
			}
			done <- last
		}()
	}
	for i := 0; i < 4; i++ {
		if got := <-done; !reflect.DeepEqual(got, want) {
			t.Errorf("concurrent scan found %s, want %s", describe(got), describe(want))
		}
	}
}
