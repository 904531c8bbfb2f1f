package queries

import (
	"regexp"
	"regexp/syntax"
	"testing"
)

// TestAssignedForms: every way of writing "name, then value" the grammar promises finds the
// value, and nothing else does.
func TestAssignedForms(t *testing.T) {
	const v = "Zq8wX3vR7tYp2LmN4kJd"
	re := regexp.MustCompile(assigned(`(?i:acme)[A-Za-z0-9_.-]{0,20}`, `([A-Za-z0-9]{20})(?:[^A-Za-z0-9]|$)`))
	found := []string{
		`ACME_TOKEN=` + v,
		`acme_token: ` + v,
		`ACME_TOKEN := "` + v + `"`,
		`ACME_TOKEN ::= ` + v,
		`ACME_TOKEN :::= "` + v + `"`,
		`{"config.xml":"<acmeToken>\n    ` + v + `\n</acmeToken>"}`,
		`ACME_TOKEN ?= ` + v,
		`$acme_token .= '` + v + `';`,
		`ACME_TOKEN += ` + v,
		`'acme_token' => '` + v + `'`,
		`"acme_token" -> "` + v + `"`,
		`acme_token <- "` + v + `"`,
		`{"acme_token":"` + v + `"}`,
		`{"acme_token" : "` + v + `"}`,
		`{"log":"{\"acme_token\":\"` + v + `\"}"}`,
		`{"log":"{\\\"acme_token\\\":\\\"` + v + `\\\"}"}`,
		`acme_token = "` + v + `"`,
		`[acme]` + "\n" + `acme_token=` + v,
		`<config acme_token="` + v + `"/>`,
		`<acme_token>` + v + `</acme_token>`,
		`<acmeToken type="string">` + v + `</acmeToken>`,
		`<acme_token><![CDATA[` + v + `]]></acme_token>`,
		`<key>ACME_TOKEN</key><string>` + v + `</string>`,
		`<key>ACME_TOKEN</key>  <string>` + v + `</string>`,
		`<add key="AcmeToken" value="` + v + `" />`,
		`<entry key="acme.token">` + v + `</entry>`,
		`<string name="acme_token">` + v + `</string>`,
		`{"name":"ACME_TOKEN","value":"` + v + `"}`,
		`{"Key":"acme_token", "Value": "` + v + `"}`,
		`GET /v1/items?acme_token=` + v + `&page=2`,
		`X-Acme-Token: ` + v,
		`Acme-Authorization: Bearer ` + v,
		`acme_auth: Token ` + v,
		`cmd=deploy --acme-token ` + v + ` --verbose`,
		`cmd=deploy -acme-token "` + v + `"`,
		`cmd=deploy --acme-token=` + v,
		`java -Dacme.token=` + v + ` -jar app.jar`,
		`declare -x ACME_TOKEN="` + v + `"`,
		`System.setProperty("acme.token", "` + v + `");`,
		`os.Setenv("ACME_TOKEN","` + v + `")`,
		`os.environ["ACME_TOKEN"] = "` + v + `"`,
		`ENV['ACME_TOKEN'] = '` + v + `'`,
		`argv=["deploy","--acme-token","` + v + `"]`,
		`var acmeToken string = "` + v + `"`,
		`const acmeToken: string = "` + v + `";`,
		`val acmeToken: String = "` + v + `"`,
		`String acmeToken = "` + v + `";`,
		`cfg := Config{AcmeToken: "` + v + `"}`,
		`myAcmeToken=` + v,
		`MY_ACME_TOKEN=` + v,
		`{"log":"line1\nacme_token=` + v + `\n"}`,
		`map[acme_token:` + v + ` user:bob]`,
	}
	for _, s := range found {
		m := re.FindStringSubmatch(s)
		if m == nil || m[1] != v {
			t.Errorf("not found in %q (got %q)", s, m)
		}
	}
	missed := []string{
		`rookacme_token=` + v,       // inside a longer word
		`XACME_TOKEN=` + v,          // all upper-case run, no word start
		`acme_token ` + v,           // bare words, no operator and no flag
		`pre-acme-token ` + v,       // a hyphenated word, not a flag
		`acme_token == "` + v + `"`, // comparison
		`acme_token=` + v + `x`,     // value longer than its format
	}
	for _, s := range missed {
		if m := re.FindStringSubmatch(s); m != nil && m[1] == v {
			t.Errorf("found in %q", s)
		}
	}
}

func TestUpperFirst(t *testing.T) {
	for _, c := range []struct{ name, in, out string }{
		{`(?i:okta)`, "Okta", "okta"},
		{`(?i:cohere|co_api_key)[A-Za-z0-9_.-]{0,20}`, "CO_API_KEY_x", "cohereKey"},
		{`[A-Za-z0-9_.-]{0,20}(?i:secret)`, "ClientSecret", "clientSecret"},
		{`(?:aws_)?(?i:secret)`, "Secret", "aws_secret"},
		{`x-(?i:api)`, "", "x-api"},
	} {
		u := upperFirst(c.name)
		if c.in == "" {
			if u != "" {
				t.Errorf("%s: %q, want none", c.name, u)
			}
			continue
		}
		re := regexp.MustCompile(`^(?:` + u + `)$`)
		if !re.MatchString(c.in) || re.MatchString(c.out) {
			t.Errorf("%s: upper-first %q: matches %q %v, %q %v", c.name, u, c.in, re.MatchString(c.in), c.out, re.MatchString(c.out))
		}
	}
}

func TestSecretPattern(t *testing.T) {
	for _, c := range []struct {
		r    Rule
		want string
	}{
		{Rule{Regex: `(ghp_[A-Za-z0-9]{36})`}, `ghp_[A-Za-z0-9]{36}`},
		{Rule{Regex: `(?i:key)[(]=(?P<secret>[a-f0-9]{8})\)`}, `[a-f0-9]{8}`},
		{Rule{Regex: `(a)(b[)]c)`, SecretGroup: 2}, `b[)]c`},
		{Rule{Regex: `x\(y[0-9]`}, `x\(y[0-9]`},
		{Rule{Regex: assigned(`(?i:acme)`, `([a-z]{4})`)}, `[a-z]{4}`},
	} {
		if got := c.r.SecretPattern(); got != c.want {
			t.Errorf("%s: %q, want %q", c.r.Regex, got, c.want)
		}
	}
	if !(&Rule{Regex: assigned(`(?i:acme)`, `([a-z]{4})`)}).NameThenValue() || (&Rule{Regex: `(ghp_x)`}).NameThenValue() {
		t.Error("NameThenValue does not tell the grammar's rules apart")
	}
}

// TestProviderCover: the generic rules leave to a provider rule a value that starts with one
// of its keywords (or like a long one), and a key that holds one of its name keywords.
func TestProviderCover(t *testing.T) {
	pc := newProviderCover([]*Rule{
		{Keywords: []string{"ghp_"}},
		{Keywords: []string{"bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29t"}},
		{Keywords: []string{"x-figma-token"}, IgnoreCase: true},
		{Keywords: []string{"token"}, IgnoreCase: true}, // a generic word names no provider
	})
	for _, c := range []struct {
		value string
		want  string
	}{
		{"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", reasonCovered},
		{"bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29x", reasonCovered},
		{"Xq7vR2mKp9LwT4zNc8HdYb3F", ""},
	} {
		if got := pc.value(c.value); got != c.want {
			t.Errorf("value %.12s…: %q, want %q", c.value, got, c.want)
		}
	}
	for _, c := range []struct {
		match string
		want  string
	}{
		{`X-Figma-Token: 0123`, reasonCovered},
		{`client_token=`, ""},
		{`next_page_token=`, reasonStructure},
		{`token_id=`, reasonStructure},
		{`--access-token `, ""},
		{`\nDB_SECRET_KEY=`, ""},
	} {
		if got := pc.key(c.match, ""); got != c.want {
			t.Errorf("key %q: %q, want %q", c.match, got, c.want)
		}
	}
}

// TestLeadsWithKeyRun: the detector's anchored search of identifier runs is only given names
// that start with the run's class and match nothing outside it; the generic rules' names are.
func TestLeadsWithKeyRun(t *testing.T) {
	for _, c := range []struct {
		name string
		want bool
	}{
		{`[A-Za-z0-9_.-]*(?i:secret|token|api[_-]?key|access[_-]key)[A-Za-z0-9_.-]*`, true},
		{`[A-Za-z0-9_.-]*(?i:password|passwd)[A-Za-z0-9_.-]*`, true},
		{`[A-Za-z0-9_.-]*token`, true},
		{`(?i:token)[A-Za-z0-9_.-]*`, false},       // no leading run: a later start is not absorbed
		{`[A-Za-z0-9_.-]{0,20}token`, false},       // bounded: the bytes between may not fit
		{`[A-Za-z0-9_]*token`, false},              // a narrower class stops at '.' and '-'
		{`[A-Za-z0-9_.-]*token[^\s]*`, false},      // reads past the run
		{`[A-Za-z0-9_.-]*(token)`, false},          // a capture
		{`[A-Za-z0-9_.-]*\btoken`, false},          // an assertion inside the name
		{`[A-Za-z0-9_.-]*(?:token|sécret)`, false}, // a byte outside the run
		{`[A-Za-z0-9_.-]*(?:token|x-y\.z)_[0-9]+`, true},
		{`[A-Za-z0-9_.-]*(?i:k|s)ey`, true}, // the Kelvin and long-s signs fold to k and s
	} {
		if got := leadsWithKeyRun(c.name); got != c.want {
			t.Errorf("leadsWithKeyRun(%q) = %v, want %v", c.name, got, c.want)
		}
	}
	n := 0
	for _, r := range Catalog() {
		if StartsInKeyRun(r) {
			n++
		}
	}
	if n < 2 {
		t.Errorf("%d rules run anchored in their key run: generic-secret and generic-password should", n)
	}
}

// TestKeyRunKeyword: the part of a key-run name between its leading and trailing runs, which
// the detector searches for instead of reading the key through; none when NAME has no
// trailing run (the key would then have to end at its keyword).
func TestKeyRunKeyword(t *testing.T) {
	for _, c := range []struct {
		name  string
		match []string // strings the keyword must match, whole
		none  bool
	}{
		{name: `[A-Za-z0-9_.-]*(?i:secret|token|api[_-]?key|access[_-]key)[A-Za-z0-9_.-]*`,
			match: []string{"secret", "TOKEN", "api-key", "apikey", "Access_Key"}},
		{name: `[A-Za-z0-9_.-]*(?i:password|passwd)[A-Za-z0-9_.-]*`, match: []string{"password", "PASSWD"}},
		{name: `[A-Za-z0-9_.-]*token`, none: true},
		{name: `[A-Za-z0-9_.-]*[A-Za-z0-9_.-]*`, none: true}, // no keyword at all
	} {
		kw, ok := keyRunKeyword(c.name)
		if ok == c.none {
			t.Errorf("%s: keyword %q, ok %v", c.name, kw, ok)
			continue
		}
		if c.none {
			continue
		}
		re := regexp.MustCompile(`^(?:` + kw + `)$`)
		for _, m := range c.match {
			if !re.MatchString(m) {
				t.Errorf("%s: keyword %s does not match %q", c.name, kw, m)
			}
		}
		if re.MatchString("tokens") || re.MatchString("x") {
			t.Errorf("%s: keyword %s matches too much", c.name, kw)
		}
	}
	for _, r := range Catalog() {
		if p, ok := KeyRunRegex(r); ok && (p.Keyword == "" || p.Word == "" || p.Flag == "") {
			t.Errorf("rule %s: key-run parts %+v: want all three", r.ID, p)
		}
	}
}

// TestKeyRunRestStartsOutsideRun proves, on the compiled program, the premise of the
// detector's key-run search without reading the key through: what follows a key (Word,
// Flag) starts with no byte of [A-Za-z0-9_.-], but for a '.' or '-' that is then followed by
// none. So a key ends at its identifier run's end, or one byte before it.
func TestKeyRunRestStartsOutsideRun(t *testing.T) {
	runByte := func(c byte) bool {
		return c == '.' || c == '-' || c == '_' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
	}
	n := 0
	for _, r := range Catalog() {
		parts, ok := KeyRunRegex(r)
		if !ok {
			continue
		}
		for _, rest := range []string{parts.Word, parts.Flag} {
			n++
			re, err := syntax.Parse(rest, syntax.Perl)
			if err != nil {
				t.Fatal(err)
			}
			prog, err := syntax.Compile(re.Simplify())
			if err != nil {
				t.Fatal(err)
			}
			for _, in := range steps(prog, []uint32{uint32(prog.Start)}) {
				for c := rune(0); c < 128; c++ {
					if in.Op == syntax.InstMatch || !runByte(byte(c)) || !in.MatchRune(c) {
						continue
					}
					if c != '.' && c != '-' {
						t.Errorf("rule %s: what follows a key may start with %q", r.ID, c)
						continue
					}
					for _, next := range steps(prog, []uint32{in.Out}) {
						if next.Op == syntax.InstMatch {
							t.Errorf("rule %s: what follows a key may be %q alone", r.ID, c)
						}
						for c2 := rune(0); c2 < 128; c2++ {
							if next.Op != syntax.InstMatch && runByte(byte(c2)) && next.MatchRune(c2) {
								t.Errorf("rule %s: what follows a key may start with %q%q", r.ID, c, c2)
							}
						}
					}
				}
			}
		}
	}
	if n == 0 {
		t.Fatal("no key-run rule")
	}
}

// steps are the instructions that consume the next rune (or match) from pcs, through empty
// ones (assertions taken as passing: a superset, which is what the proof needs).
func steps(prog *syntax.Prog, pcs []uint32) []*syntax.Inst {
	seen := map[uint32]bool{}
	var out []*syntax.Inst
	var visit func(pc uint32)
	visit = func(pc uint32) {
		if seen[pc] {
			return
		}
		seen[pc] = true
		in := &prog.Inst[pc]
		switch in.Op {
		case syntax.InstAlt, syntax.InstAltMatch:
			visit(in.Out)
			visit(in.Arg)
		case syntax.InstCapture, syntax.InstNop, syntax.InstEmptyWidth:
			visit(in.Out)
		case syntax.InstFail:
		default:
			out = append(out, in)
		}
	}
	for _, pc := range pcs {
		visit(pc)
	}
	return out
}
