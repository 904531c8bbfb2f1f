package queries

import (
	"fmt"
	"regexp/syntax"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// assigned is the one name-then-value grammar keyword rules share: name is a regex fragment
// for the key (for example `(?i:cohere|co_api_key)[A-Za-z0-9_.-]{0,20}`), value the secret's
// capture group followed by what must end it. Every keyword rule builds its regex here, so a
// way logs and configs write "name, then value" is learnt once for all of them.
//
// name must not hold a capture group (it is written twice, see keyStart) and should start
// with its keyword: the key must begin at a word start, so "okta" inside "rookTable" is not
// a key. A word starts after a non-word byte, after '_' (MY_OKTA_TOKEN), after an escaped
// \n \t \r (JSON-escaped text), after -D (JVM properties), or at a lower-to-upper case
// change (myOktaToken).
//
// The forms accepted between name and value:
//
//	KEY=v  KEY: v  KEY := v  KEY ::= v  KEY :::= v  KEY ?= v  KEY .= v  KEY += v  KEY => v  KEY -> v  KEY <- v
//	"key": "v"  'key' => 'v'  \"key\":\"v\"  env["KEY"] = "v"  key="v" (XML attributes, logfmt)
//	var key string = "v"  key: string = "v"  val key: String = "v"
//	?key=v&  X-Key: v  Authorization-style "Bearer v" / "Token v" values
//	--key v  -key v  --key=v  -Dkey=v
//	<key>v</key>  <key attr="x"><![CDATA[v]]>  <key>KEY</key><string>v</string> (plists)
//	<add key="KEY" value="v"/>  <entry key="KEY">v</entry>  {"name":"KEY","value":"v"}
//	setProperty("KEY", "v")  os.Setenv("KEY","v")  ["--key","v"]
//
// No part of the grammar between name and value is required in every form, so it adds no
// literal the pushdown planner could demand of a line beyond the rule's keywords.
func assigned(name, value string) string {
	return `(?:` + flagStart + name + `\s+` + openQuote +
		`|` + keyStart(name) + `(?:` + separator + `))` + value
}

// assignedIdentifier is assigned for a name that takes in the whole identifier, from a run
// of identifier characters ([A-Za-z0-9_.-]*secret…): the key then starts at a word boundary,
// and needs no upper-case copy of the name for camelCase keys (the run holds the lower-case
// part). A smaller regex than assigned's, for the generic rules that run on every line
// holding "token".
func assignedIdentifier(name, value string) string {
	re := `(?:` + flagStart + name + `\s+` + openQuote + `|\b` + name + `(?:` + separator + `))` + value
	if leadsWithKeyRun(name) {
		parts := KeyRunParts{Word: `(?:` + separator + `)` + value, Flag: `\s+` + openQuote + value}
		parts.Keyword, _ = keyRunKeyword(name)
		keyRunRegexes.Store(re, parts)
	}
	return re
}

// keyRunRegexes are the regexes assignedIdentifier built from a name leadsWithKeyRun
// accepts, with their KeyRunParts: see StartsInKeyRun.
var keyRunRegexes sync.Map

// KeyRunParts are the pieces of a key-run rule's regex `\B--?NAME Flag | \bNAME Word`, for a
// search that need not read the key through: what follows the key in each branch, and
// Keyword, the part of NAME between its leading and trailing [A-Za-z0-9_.-]* ("" when NAME
// is not of that form). With Keyword set, a key is any stretch of an identifier run holding a
// match of Keyword, and what follows it is Word or Flag.
type KeyRunParts struct {
	Keyword, Word, Flag string
}

// KeyRunRegex returns the parts of the built-in rule r's regex when StartsInKeyRun(r).
func KeyRunRegex(r *Rule) (KeyRunParts, bool) {
	p, ok := keyRunRegexes.Load(r.Regex)
	if !ok || !r.builtin {
		return KeyRunParts{}, false
	}
	return p.(KeyRunParts), true
}

// keyRunKeyword is name's part between a leading and a trailing [A-Za-z0-9_.-]*, as RE2
// source, when name is of that form.
func keyRunKeyword(name string) (string, bool) {
	re, err := syntax.Parse(name, syntax.Perl)
	if err != nil {
		return "", false
	}
	re = re.Simplify()
	n := len(re.Sub)
	if re.Op != syntax.OpConcat || n < 3 || !isKeyRunStar(re.Sub[0]) || !isKeyRunStar(re.Sub[n-1]) {
		return "", false
	}
	mid := &syntax.Regexp{Op: syntax.OpConcat, Sub: re.Sub[1 : n-1]}
	if !onlyKeyRunBytes(mid) || canBeEmpty(mid) {
		return "", false
	}
	var b strings.Builder
	printRe(&b, mid)
	return b.String(), true
}

// leadsWithKeyRun reports whether name starts with [A-Za-z0-9_.-]* and matches only bytes of
// that class. The detector's anchored search (one attempt per branch and per identifier run)
// rests on it: a key found at a later start of a run is then also found at the run's first
// start, the leading class taking in the bytes between. A name without it keeps the
// keyword-window search.
func leadsWithKeyRun(name string) bool {
	re, err := syntax.Parse(name, syntax.Perl)
	if err != nil {
		return false
	}
	re = re.Simplify()
	if re.Op != syntax.OpConcat || len(re.Sub) < 2 || !isKeyRunStar(re.Sub[0]) {
		return false
	}
	return onlyKeyRunBytes(re)
}

// keyRunClass is [A-Za-z0-9_.-] as syntax.Parse writes it: sorted, merged ranges.
var keyRunClass = []rune{'-', '.', '0', '9', 'A', 'Z', '_', '_', 'a', 'z'}

func isKeyRunStar(re *syntax.Regexp) bool {
	return re.Op == syntax.OpStar && re.Sub[0].Op == syntax.OpCharClass && slices.Equal(re.Sub[0].Rune, keyRunClass)
}

// onlyKeyRunBytes: every string re matches is made of [A-Za-z0-9_.-]. A rune that folds to an
// ASCII letter ((?i:k) also matches the Kelvin sign) counts as that letter: the prefilter
// folds ASCII only, so no keyword hit, and no search, starts from such a key.
func onlyKeyRunBytes(re *syntax.Regexp) bool {
	in := func(r rune) bool {
		for f := unicode.SimpleFold(r); r >= utf8.RuneSelf && f != r; f = unicode.SimpleFold(f) {
			if f < utf8.RuneSelf {
				r = f
				break
			}
		}
		return r < utf8.RuneSelf && (r == '-' || r == '.' || r == '_' || '0' <= r && r <= '9' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z')
	}
	switch re.Op {
	case syntax.OpLiteral:
		for _, r := range re.Rune {
			if !in(r) {
				return false
			}
		}
		return true
	case syntax.OpCharClass:
		for i := 0; i+1 < len(re.Rune); i += 2 {
			for r := re.Rune[i]; r <= re.Rune[i+1]; r++ {
				if !in(r) {
					return false
				}
			}
		}
		return true
	case syntax.OpEmptyMatch:
		return true
	case syntax.OpConcat, syntax.OpAlternate, syntax.OpStar, syntax.OpPlus, syntax.OpQuest, syntax.OpRepeat:
		for _, s := range re.Sub {
			if !onlyKeyRunBytes(s) {
				return false
			}
		}
		return true
	}
	return false // captures, assertions, any-byte: not a plain identifier
}

// StartsInKeyRun reports whether every match of the built-in rule r starts within the run
// of [A-Za-z0-9_.-] around one of its keywords (its key is an identifier holding the keyword,
// or that identifier's flag dashes): the detector then runs the regex anchored at the few
// starts the run allows, rather than over the rest of the line from every byte.
func StartsInKeyRun(r *Rule) bool {
	_, ok := KeyRunRegex(r)
	return ok
}

const (
	// quote is an optional quote around a key or value, escaped up to twice (JSON in JSON).
	quote     = "(?:\\\\{0,3}[\"'`])?"
	openQuote = quote
	// flagStart is a command-line flag's dashes after a non-word byte: "--token v".
	flagStart = `\B--?`
	// typeName is a declared type between a name and its '=' (Go, TypeScript, Kotlin, Rust).
	typeName = `(?:\s*:\s*|\s+)(?:string|String|str|&str|&'static str|\[\]byte|char\s*\*|std::string|SecretStr)`
	// operator is every assignment or pairing operator the grammar knows.
	operator = `(?::::=|::=|:=|\?=|\.=|\+=|=>|->|<-|=|:)`
	// qc is a required quote (escaped up to twice) closing a key or opening a value.
	qc = "\\\\{0,3}[\"'`]"
	// xmlAttrs are attributes of an XML element whose name is the key.
	xmlAttrs = `(?:\s+[A-Za-z_:][A-Za-z0-9_:.-]*\s*=\s*["'][^"'<>]*["'])*`

	separator = quote + `\]?(?:` + typeName + `)?\s*` + operator + `\s*` + openQuote + `(?:(?i:bearer|token)\s+)?` +
		// XML element: <password>v</password>, <![CDATA[v]]>. The '<' before the name is not
		// required: a third copy of the name would cost the pushdown planner the literals it
		// derives from names (see requiredClauses). The value may follow on the next line,
		// escaped (\n) when a JSON log carries the document.
		`|` + xmlAttrs + `\s*>(?:\s|\\[ntr])*(?:<!\[CDATA\[)?` +
		// Property-list pair: <key>KEY</key><string>v</string>
		`|\s*</key>\s*<string>` +
		// Attribute pair: <add key="KEY" value="v"/>, <entry key="KEY">v</entry>
		`|` + qc + `\s+(?i:value)\s*=\s*` + qc + `|` + qc + `\s*>` +
		// JSON name/value objects: {"name":"KEY","value":"v"} (Kubernetes env, AWS tags)
		`|` + qc + `\s*,\s*` + qc + `(?i:value)` + qc + `\s*:\s*` + qc +
		// Calls and tuples: setProperty("KEY", "v"), os.Setenv("KEY","v"), ["--key","v"]
		`|` + qc + `\s*,\s*` + qc
)

// keyStart is name where a key may begin: after a non-word byte or line start (\b, name
// starting with a letter), after '_', an escaped \n \t \r or -D; or after a lower-case letter
// or digit when the key itself starts with an upper-case letter (camelCase).
func keyStart(name string) string {
	s := `(?:(?:\b|_|\\[ntr]|-D)` + name
	if up := upperFirst(name); up != "" {
		s += `|[a-z0-9]` + up
	}
	return s + `)`
}

// upperFirst rewrites the regex fragment name to match only its matches that begin with an
// ASCII upper-case letter ("" when there are none).
func upperFirst(name string) string {
	re, err := syntax.Parse(name, syntax.Perl)
	if err != nil {
		return ""
	}
	u := upper(re)
	if u == nil {
		return ""
	}
	var b strings.Builder
	printRe(&b, u)
	return b.String()
}

// printRe writes re as RE2 source. syntax.Regexp.String shares case-folding groups across
// neighbouring nodes, which upper's hand-built trees do not keep consistent; this printer
// wraps every node on its own.
func printRe(b *strings.Builder, re *syntax.Regexp) {
	if s, ok := fixedOps[re.Op]; ok {
		b.WriteString(s)
		return
	}
	switch re.Op {
	case syntax.OpLiteral:
		if re.Flags&syntax.FoldCase != 0 {
			b.WriteString("(?i:")
		} else {
			b.WriteString("(?:")
		}
		for _, r := range re.Rune {
			printRune(b, r)
		}
		b.WriteString(")")
	case syntax.OpCharClass:
		b.WriteString("[")
		for i := 0; i+1 < len(re.Rune); i += 2 {
			printRune(b, re.Rune[i])
			if re.Rune[i+1] != re.Rune[i] {
				b.WriteString("-")
				printRune(b, re.Rune[i+1])
			}
		}
		b.WriteString("]")
	case syntax.OpCapture:
		printRe(b, re.Sub[0])
	case syntax.OpConcat:
		printGroup(b, re.Sub, "")
	case syntax.OpAlternate:
		printGroup(b, re.Sub, "|")
	case syntax.OpStar, syntax.OpPlus, syntax.OpQuest, syntax.OpRepeat:
		printRepeat(b, re)
	default:
		b.WriteString(re.String())
	}
}

// fixedOps are the nodes printed the same whatever they hold.
var fixedOps = map[syntax.Op]string{
	syntax.OpAnyCharNotNL:   "(?-s:.)",
	syntax.OpAnyChar:        "(?s:.)",
	syntax.OpBeginLine:      "(?m:^)",
	syntax.OpEndLine:        "(?m:$)",
	syntax.OpBeginText:      `\A`,
	syntax.OpEndText:        `\z`,
	syntax.OpWordBoundary:   `\b`,
	syntax.OpNoWordBoundary: `\B`,
	syntax.OpEmptyMatch:     "(?:)",
	syntax.OpNoMatch:        `[^\x00-\x{10ffff}]`,
}

// printRune writes r as itself when it is an ASCII letter, digit or '_', escaped otherwise.
func printRune(b *strings.Builder, r rune) {
	if r < utf8.RuneSelf && ('0' <= r && r <= '9' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || r == '_') {
		b.WriteRune(r)
		return
	}
	fmt.Fprintf(b, `\x{%x}`, r)
}

// printGroup writes subs in one non-capturing group, separated by sep.
func printGroup(b *strings.Builder, subs []*syntax.Regexp, sep string) {
	b.WriteString("(?:")
	for i, s := range subs {
		if i > 0 {
			b.WriteString(sep)
		}
		printRe(b, s)
	}
	b.WriteString(")")
}

// printRepeat writes x* x+ x? or x{n,m} (non-greedy when flagged), x in its own group.
func printRepeat(b *strings.Builder, re *syntax.Regexp) {
	b.WriteString("(?:")
	printRe(b, re.Sub[0])
	b.WriteString(")")
	switch re.Op {
	case syntax.OpStar:
		b.WriteString("*")
	case syntax.OpPlus:
		b.WriteString("+")
	case syntax.OpQuest:
		b.WriteString("?")
	default:
		switch {
		case re.Max < 0:
			fmt.Fprintf(b, "{%d,}", re.Min)
		case re.Max == re.Min:
			fmt.Fprintf(b, "{%d}", re.Min)
		default:
			fmt.Fprintf(b, "{%d,%d}", re.Min, re.Max)
		}
	}
	if re.Flags&syntax.NonGreedy != 0 {
		b.WriteString("?")
	}
}

// upper rewrites re to match only its matches that begin with an ASCII upper-case letter, or
// returns nil when there are none.
func upper(re *syntax.Regexp) *syntax.Regexp {
	switch re.Op {
	case syntax.OpLiteral:
		return upperLiteral(re)
	case syntax.OpCharClass:
		var rs []rune
		for i := 0; i+1 < len(re.Rune); i += 2 {
			lo, hi := max(re.Rune[i], 'A'), min(re.Rune[i+1], 'Z')
			if lo <= hi {
				rs = append(rs, lo, hi)
			}
		}
		if len(rs) == 0 {
			return nil
		}
		return &syntax.Regexp{Op: syntax.OpCharClass, Rune: rs}
	case syntax.OpAlternate:
		var subs []*syntax.Regexp
		for _, s := range re.Sub {
			if u := upper(s); u != nil {
				subs = append(subs, u)
			}
		}
		return alternation(subs)
	case syntax.OpConcat:
		return upperConcat(re)
	case syntax.OpQuest, syntax.OpStar, syntax.OpPlus, syntax.OpRepeat:
		return upperRepeat(re)
	}
	// Captures are refused (name must not capture); assertions start no letter.
	return nil
}

// upperLiteral keeps a literal whose first letter is (or, folding case, can be) upper case,
// that letter then matched exactly.
func upperLiteral(re *syntax.Regexp) *syntax.Regexp {
	c := re.Rune[0]
	switch {
	case 'A' <= c && c <= 'Z':
	case 'a' <= c && c <= 'z' && re.Flags&syntax.FoldCase != 0:
		c -= 'a' - 'A'
	default:
		return nil
	}
	head := &syntax.Regexp{Op: syntax.OpLiteral, Rune: []rune{c}, Flags: re.Flags &^ syntax.FoldCase}
	if len(re.Rune) == 1 {
		return head
	}
	tail := &syntax.Regexp{Op: syntax.OpLiteral, Rune: append([]rune(nil), re.Rune[1:]...), Flags: re.Flags}
	return &syntax.Regexp{Op: syntax.OpConcat, Sub: []*syntax.Regexp{head, tail}}
}

// upperConcat: the first part starting upper-case, or, when the first part can be empty,
// the rest starting upper-case.
func upperConcat(re *syntax.Regexp) *syntax.Regexp {
	var alts []*syntax.Regexp
	if u := upper(re.Sub[0]); u != nil {
		alts = append(alts, &syntax.Regexp{Op: syntax.OpConcat, Sub: append([]*syntax.Regexp{u}, re.Sub[1:]...)})
	}
	if len(re.Sub) > 1 && canBeEmpty(re.Sub[0]) {
		rest := &syntax.Regexp{Op: syntax.OpConcat, Sub: re.Sub[1:]}
		if u := upper(rest); u != nil {
			alts = append(alts, u)
		}
	}
	return alternation(alts)
}

// upperRepeat: x? x* x+ x{n,m} starting upper-case is upper(x) then the rest of the
// repetition.
func upperRepeat(re *syntax.Regexp) *syntax.Regexp {
	u := upper(re.Sub[0])
	if u == nil {
		return nil
	}
	var rest *syntax.Regexp
	switch re.Op {
	case syntax.OpStar, syntax.OpPlus:
		rest = &syntax.Regexp{Op: syntax.OpStar, Sub: re.Sub, Flags: re.Flags}
	case syntax.OpRepeat:
		if re.Max == 1 || re.Max == 0 {
			if re.Max == 0 {
				return nil
			}
			return u
		}
		hi := re.Max - 1
		if re.Max < 0 {
			hi = -1
		}
		rest = &syntax.Regexp{Op: syntax.OpRepeat, Min: max(re.Min-1, 0), Max: hi, Sub: re.Sub, Flags: re.Flags}
	default:
		return u
	}
	return &syntax.Regexp{Op: syntax.OpConcat, Sub: []*syntax.Regexp{u, rest}}
}

// alternation is subs as one alternative: nil when empty, the only one alone.
func alternation(subs []*syntax.Regexp) *syntax.Regexp {
	switch len(subs) {
	case 0:
		return nil
	case 1:
		return subs[0]
	}
	return &syntax.Regexp{Op: syntax.OpAlternate, Sub: subs}
}

// canBeEmpty reports whether re matches the empty string.
func canBeEmpty(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpLiteral:
		return len(re.Rune) == 0
	case syntax.OpCharClass, syntax.OpAnyChar, syntax.OpAnyCharNotNL, syntax.OpNoMatch:
		return false
	case syntax.OpQuest, syntax.OpStar:
		return true
	case syntax.OpRepeat:
		return re.Min == 0 || canBeEmpty(re.Sub[0])
	case syntax.OpPlus, syntax.OpCapture:
		return canBeEmpty(re.Sub[0])
	case syntax.OpConcat:
		for _, s := range re.Sub {
			if !canBeEmpty(s) {
				return false
			}
		}
		return true
	case syntax.OpAlternate:
		for _, s := range re.Sub {
			if canBeEmpty(s) {
				return true
			}
		}
		return false
	}
	return true
}
