package detector

import (
	"reflect"
	"testing"

	"github.com/leakwatch/leakwatch/queries"
)

// The generic rules run anchored at the identifier run around their keyword (runKeyRun):
// on lines built to probe that, they must find what their regex finds over the whole line.
func TestKeyRunEqualsWholeLine(t *testing.T) {
	var rules []*queries.Rule
	for _, r := range queries.Catalog() {
		if queries.StartsInKeyRun(r) {
			rules = append(rules, r)
		}
	}
	if len(rules) == 0 {
		t.Fatal("no rule runs anchored at its key: the generic rules should")
	}
	fast := mustDetector(t, rules, Options{Allow: DefaultAllow})
	slow := mustDetector(t, rules, Options{Allow: DefaultAllow, NoPrefilter: true})
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
