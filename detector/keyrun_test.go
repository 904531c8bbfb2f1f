package detector

import (
	"bytes"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/leakwatch/leakwatch/queries"
)

// The generic rules run anchored at the identifier run around their keyword (runKeyRun):
// on lines built to probe that, they must find what their regex finds over the whole line.
func TestKeyRunEqualsWholeLine(t *testing.T) {
	fast, slow := keyRunDetectors(t)
	found := 0
	for _, l := range []string{
		`client_secret=Xq7vR2mKp9LwT4zNc8HdYb3F`,
		`app.client-secret: "Xq7vR2mKp9LwT4zNc8HdYb3F" and api_key=9f3kQ7xM2pL8vR4tZ6nW1cY5bH0jD3sG`,
		`x--access-token 7YbQ2nR5xK8mV3tL6wZ9cP4d --dry-run`,
		`run --access-token 7YbQ2nR5xK8mV3tL6wZ9cP4d -token 8YbQ2nR5xK8mV3tL6wZ9cP4e`,
		`é_secret=Xq7vR2mKp9LwT4zNc8HdYb3F`,
		"\xe9secret_token=Xq7vR2mKp9LwT4zNc8HdYb3F",
		`secret_token=Xq7vR2mKp9LwT4zNc8HdYb3F.secret=Rk9Lp2Xq7Mv4Tz8Wn3Bc6Hd1`,
		`token=Xq7vR2mKp9LwT4zNc8HdYb3F;token=Rk9Lp2Xq7Mv4Tz8Wn3Bc6Hd1 DB_PASSWORD=Vq7#mK2p!xR9wL`,
		`"secret":"Xq7vR2mKp9LwT4zNc8HdYb3F","nextPageToken":"CiAKGjBpNDd2Nmp2Zml2cXRiNmQ4ZDE4Z2pkYWR0ZRIHCgV0ZXN0MQ"`,
		`msg="token refreshed for user 8f2kQ9xL3mV7tR1z" partnerToken=mT4xR8vK2qN6zP1wL9cB5hY3`,
	} {
		for _, skip := range []int{0, len(l) / 2} {
			want, got := collect(slow, []byte(l), skip), collect(fast, []byte(l), skip)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%q skip %d: anchored found %s, whole-line %s", l, skip, describe(got), describe(want))
			}
			found += len(want)
		}
	}
	if found < 8 {
		t.Errorf("only %d findings: the probe lines no longer hold generic secrets", found)
	}
}

// keyRunDetectors are the catalogue's keyRun rules behind the prefilter (anchored in their
// key runs) and run over whole lines (the reference).
func keyRunDetectors(t *testing.T) (fast, slow *Detector) {
	t.Helper()
	var rules []*queries.Rule
	for _, r := range queries.Catalog() {
		if queries.StartsInKeyRun(r) {
			rules = append(rules, r)
		}
	}
	if len(rules) == 0 {
		t.Fatal("no rule runs anchored at its key: the generic rules should")
	}
	return mustDetector(t, rules, Options{Allow: DefaultAllow}), mustDetector(t, rules, Options{Allow: DefaultAllow, NoPrefilter: true})
}

// The anchored search tries at most one \b start and one flag start of a run between
// matches: the cases where a later start could have mattered find what the whole line does.
func TestKeyRunStarts(t *testing.T) {
	fast, slow := keyRunDetectors(t)
	const v, w = "Xq7vR2mKp9LwT4zNc8HdYb3F", "Rk9Lp2Xq7Mv4Tz8Wn3Bc6Hd1"
	for _, c := range []struct {
		name, line string
		want       int // findings of the whole-line reference
	}{
		{"flag after a dot", `x.--access-token ` + v + ` --dry-run`, 1},
		{"flag after a dot, word start before it", `app.x.--token ` + v, 1},
		{"single-dash flag inside a run", `a.-token ` + v, 1},
		{"flag at line start", `--client-secret ` + v, 1},
		{"keyword at run start", `token=` + v, 1},
		{"keyword at run start after a space", `msg=ok token=` + v, 1},
		{"two keywords in one run", `secret_token=` + v, 1},
		{"two keywords, dots between", `app.secret.token.value=` + v, 1},
		{"keyword twice, far apart in the run", `token.a.b.c.d.e.f.g.h.token=` + v, 1},
		{"password and secret in one run", `db.password.secret=Vq7#mK2p!xR9wL`, 1},
		{"match, then a key later on the line", `token=` + v + ` other.secret=` + w, 2},
		{"match, then a key in the same value's next run", `token=` + v + `,secret=` + w, 2},
		{"match, then a flag later", `token=` + v + ` --api-key ` + w, 2},
		{"run starting with a dot", ` .token=` + v, 1},
		{"run starting with dots and dashes", `:.-.-token=` + v, 1},
		{"run starting with a dash before a word", `:-x.token=` + v, 1},
		{"dashes before the flag's dashes", `:---token ` + v, 1},
		{"word start fails, flag later succeeds", `a.token.-b --token ` + v, 1},
		{"flag fails, a later run's word start succeeds", `--token.x client_secret=` + v, 1},
		{"flag fails, the run's word start succeeds", `:--x.token=` + v, 1},
		{"key ends with a dot operator", `$token .= '` + v + `';`, 1},
		{"no separator", `token.` + v, 0},
		{"line start in a word", `x_token=` + w, 1},
	} {
		for _, skip := range []int{0, len(c.line) / 2} {
			want, got := collect(slow, []byte(c.line), skip), collect(fast, []byte(c.line), skip)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s: %q skip %d: anchored found %s, whole-line %s", c.name, c.line, skip, describe(got), describe(want))
			}
			if skip == 0 && len(want) != c.want {
				t.Errorf("%s: %q: whole-line reference found %s, the case expects %d findings", c.name, c.line, describe(want), c.want)
			}
		}
	}
}

// A hostile line that is one long identifier run full of keywords costs the keyRun rules work
// linear in its length: twice the line, about twice the bytes stepped over and read, and a
// number of anchored attempts that does not grow with the run.
func TestKeyRunLinear(t *testing.T) {
	fast, _ := keyRunDetectors(t)
	work := func(line []byte) (attempts, bytes int64) {
		fast.work = &keyRunWork{}
		defer func() { fast.work = nil }()
		fast.Scan(line, 0, func(Finding) {})
		return fast.work.attempts.Load(), fast.work.stepped.Load() + fast.work.reads.Load()
	}
	for _, unit := range []string{"token.", "--token", "a-token_", "secret_", ".password-", "-token ", "token=x "} {
		const n = 8 << 10
		a1, b1 := work(hostile(unit, n))
		a2, b2 := work(hostile(unit, 2*n))
		if b1 == 0 || a1 == 0 {
			t.Fatalf("%q: no work counted (%d attempts, %d bytes): the counters are not wired", unit, a1, b1)
		}
		// Runs separated by a space are as many as the line holds: attempts grow with them.
		perRun := int64(strings.Count(string(hostile(unit, 2*n)), " ") + 1)
		if a2 > 2*perRun+4 {
			t.Errorf("%q: %d anchored attempts on %d bytes, more than two per run (%d runs)", unit, a2, 2*n, perRun)
		}
		if r := float64(b2) / float64(b1); r > 2.2 {
			t.Errorf("%q: %d bytes of work at %d bytes of line, %d at twice that (x%.1f): not linear", unit, b1, n, b2, r)
		}
		if b2 > 8*int64(2*n) {
			t.Errorf("%q: %d bytes of work on a %d-byte line", unit, b2, 2*n)
		}
	}
}

func hostile(unit string, n int) []byte {
	return bytes.Repeat([]byte(unit), n/len(unit)+1)[:n]
}

// Random lines of identifier runs, keywords, separators and values: the anchored search
// finds what the whole-line regexes find, on shapes no hand-written case thought of.
func TestKeyRunRandomLines(t *testing.T) {
	fast, slow := keyRunDetectors(t)
	pieces := []string{
		"token", "secret", "api_key", "API-KEY", "access-key", "password", "passwd", "Token", "SECRET",
		".", "-", "--", "_", "a", "x1", "nextPage", "=", ":", " ", "\t", "=>", "->", ".=", "\"", "'", "\\\"",
		"<", ">", "</key><string>", "=\"", "\": \"", ", ", "\u212a", "\u017f", "é", "/", "+", "~", "=x",
		"Xq7vR2mKp9LwT4zNc8HdYb3F", "Vq7#mK2p!xR9wL", "Rk9Lp2Xq7Mv4Tz8Wn3Bc6Hd1", "Bearer ", "value=",
	}
	rnd := rand.New(rand.NewPCG(28, 1))
	found := 0
	for i := 0; i < 20000; i++ {
		var b strings.Builder
		for n := 1 + rnd.IntN(14); n > 0; n-- {
			b.WriteString(pieces[rnd.IntN(len(pieces))])
		}
		line := []byte(b.String())
		want, got := collect(slow, line, 0), collect(fast, line, 0)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%q: anchored found %s, whole-line %s", line, describe(got), describe(want))
		}
		found += len(want)
	}
	if found < 500 {
		t.Errorf("only %d findings in the random lines: they no longer exercise the rules", found)
	}
	t.Logf("%d findings", found)
}
