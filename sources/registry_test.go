package sources

import (
	"context"
	"strings"
	"testing"
	"time"
)

type testBlock struct{ built string }

func (b *testBlock) Build(o BuildOptions) (Source, error) {
	b.built = o.Name
	return nil, nil
}

func TestRegisterTwicePanics(t *testing.T) {
	const n TypeName = "registry-test-dup"
	Register(Type{Name: n, NewBlock: func() Block { return new(testBlock) }})
	t.Cleanup(func() { unregister(n) })
	defer func() {
		r := recover()
		if r == nil || !strings.Contains(r.(string), `"registry-test-dup" registered twice`) {
			t.Fatalf("second Register: recovered %v, want a panic naming the type", r)
		}
	}()
	Register(Type{Name: n, NewBlock: func() Block { return new(testBlock) }})
}

func TestRegisterIncompletePanics(t *testing.T) {
	for _, ty := range []Type{{Name: "", NewBlock: func() Block { return nil }}, {Name: "registry-test-noblock"}} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("Register(%+v) did not panic", ty.Name)
				}
			}()
			Register(ty)
		}()
	}
	if _, ok := Lookup("registry-test-noblock"); ok {
		t.Fatal("a refused type was registered")
	}
}

func TestLookupAndTraits(t *testing.T) {
	const n TypeName = "registry-test-traits"
	Register(Type{Name: n, NewBlock: func() Block { return new(testBlock) }, Traits: Traits{PerHost: true, DefaultInterval: time.Minute}})
	t.Cleanup(func() { unregister(n) })
	if tr := TraitsOf(n); !tr.PerHost || tr.DefaultInterval != time.Minute || tr.StoreCost {
		t.Fatalf("traits %+v", tr)
	}
	if tr := TraitsOf("registry-test-unknown"); tr != (Traits{}) {
		t.Fatalf("an unknown type has traits %+v", tr)
	}
	if !IsType(string(n)) || IsType("registry-test-unknown") {
		t.Fatal("IsType")
	}
	if !strings.Contains(TypeList(), string(n)) {
		t.Fatalf("TypeList %q lacks %s", TypeList(), n)
	}
	ty, _ := Lookup(n)
	b := ty.NewBlock()
	if _, err := b.Build(BuildOptions{Name: "x"}); err != nil || b.(*testBlock).built != "x" {
		t.Fatalf("Build: %v %+v", err, b)
	}
}

func TestWithHTTPMovesKeepsOwnKeys(t *testing.T) {
	m := WithHTTPMoves(map[string]MovedKey{"timeout": {To: "own_timeout"}, "url": {To: "url"}})
	if m["timeout"].To != "own_timeout" || m["url"].To != "url" || m["username"].To != "basic_auth.username" {
		t.Fatalf("moves %+v", m)
	}
	if HTTPMoves["timeout"].To != "timeout" {
		t.Fatal("WithHTTPMoves changed the shared table")
	}
}

// counting has the Volumer and Signaler capabilities.
type counting struct{ name string }

func (c *counting) Name() string { return c.name }
func (c *counting) Scan(context.Context, Request, func(context.Context, Page) error) error {
	return nil
}
func (c *counting) Volumes(context.Context, time.Time, time.Duration, int) ([]int64, error) {
	return []int64{7}, nil
}
func (c *counting) Signal(context.Context, time.Time, time.Time) (string, error) { return "sig", nil }

// wrapped decorates a source (as a metrics or test wrapper would) without its methods.
type wrapped struct{ Source }

func (w wrapped) Unwrap() Source { return w.Source }

// opaque wraps without Unwrap: its capabilities are hidden, and As says so.
type opaque struct{ Source }

func TestWrappedSourceKeepsCapabilities(t *testing.T) {
	inner := &counting{name: "loki-prod"}
	for _, src := range []Source{inner, wrapped{inner}, wrapped{wrapped{inner}}} {
		v, ok := As[Volumer](src)
		if !ok {
			t.Fatalf("%T: Volumer lost through the wrapper", src)
		}
		if n, _ := v.Volumes(context.Background(), time.Time{}, time.Hour, 1); len(n) != 1 || n[0] != 7 {
			t.Fatalf("%T: Volumes %v", src, n)
		}
		if _, ok := As[Signaler](src); !ok {
			t.Fatalf("%T: Signaler lost through the wrapper", src)
		}
		if _, ok := As[MappingChecker](src); ok {
			t.Fatalf("%T: a capability the source lacks was found", src)
		}
	}
	if _, ok := As[Volumer](opaque{inner}); ok {
		t.Fatal("a wrapper without Unwrap exposed its inner source's capability")
	}
	if _, ok := As[Volumer](nil); ok {
		t.Fatal("As(nil) found a capability")
	}
}

type mismatch struct{}

func (mismatch) Error() string    { return "search_fields: field msg is mapped as keyword, not text" }
func (mismatch) MappingMismatch() {}

func TestIsMappingMismatch(t *testing.T) {
	wrapped := &Error{Kind: KindConfig, Err: mismatch{}}
	if !IsMappingMismatch(wrapped) || !IsMappingMismatch(mismatch{}) {
		t.Fatal("a mapping mismatch inside a classified error was not recognised")
	}
	if IsMappingMismatch(&Error{Kind: KindTransport, Err: context.DeadlineExceeded}) || IsMappingMismatch(nil) {
		t.Fatal("a store that could not be asked was taken for a mismatch")
	}
}
