package sources

import (
	"fmt"
	"log/slog"
	"sort"
	"strings"
	"sync"
	"time"
)

// TypeName is a store type as the config names it (`type: loki`); its block has the same key.
type TypeName string

// Block is a store type's one config block (`loki: {url: …}`): decoded, defaulted and
// validated by its own UnmarshalYAML (errors start with the key at fault, `url: …`), and
// able to build the source it describes. Build makes no network call (except SigV4 without
// static keys, which asks AWS's credential chain), so `config check` can run it.
type Block interface {
	Build(o BuildOptions) (Source, error)
}

// BuildOptions are what every store type is built with besides its block.
type BuildOptions struct {
	Name         string        // the source's configured name
	Type         TypeName      // the type it was configured as (elasticsearch, opensearch, …)
	Chunk        time.Duration // the longest window one query covers
	MaxLineBytes int           // the longest piece of a line handed to the detector
	Logger       *slog.Logger  // the backend adds `source` to it once
	// Callbacks of the source's own events; any may be nil.
	OnSplit    func()              // a window was split because the store cut a query
	OnFallback func(reason string) // the store refused the pushdown and is read without it
	OnCost     func(Cost)          // what one request cost the store
}

// Files is a block that reads files besides the config (credentials, certificates): the
// config layer lists them (a change is a reason to reload), checks they are there at load,
// and makes relative paths relative to the config file.
type Files interface {
	Files() []File
	SetDirectory(dir string)
}

// File is a file a block reads, by its key under the block (basic_auth.password_file).
type File struct{ Key, Path string }

// MovedKey is where an old flat key of a source (before 0.2) lives in the type's block: a
// path under the block ("basic_auth.username"; ending in "[]", the old scalar becomes a
// one-item list), or "" when it was dropped, with a note.
type MovedKey struct {
	To, Note string
	// Set are other keys under the block the move sets, by path (authorization.type: ApiKey).
	Set map[string]string
}

// HTTPMoves are the old flat keys of the HTTP settings every HTTP store type shares.
var HTTPMoves = map[string]MovedKey{
	"username":               {To: "basic_auth.username"},
	"password":               {To: "basic_auth.password"},
	"password_file":          {To: "basic_auth.password_file"},
	"bearer_token":           {To: "authorization.credentials"},
	"bearer_token_file":      {To: "authorization.credentials_file"},
	"tls":                    {To: "tls_config", Note: "same keys, plus server_name"},
	"proxy_from_environment": {To: "proxy_from_environment", Note: "now off unless set, as in Prometheus"},
	"timeout":                {To: "timeout"},
}

// WithHTTPMoves is a type's own moved keys plus HTTPMoves.
func WithHTTPMoves(own map[string]MovedKey) map[string]MovedKey {
	out := make(map[string]MovedKey, len(own)+len(HTTPMoves))
	for k, v := range HTTPMoves {
		out[k] = v
	}
	for k, v := range own {
		out[k] = v
	}
	return out
}

// Traits are what the rest of leakwatch needs to know of a store type without building one.
type Traits struct {
	// PerHost: it reads this host (files), so every replica scans its own copy: never
	// leased, state key name@host.
	PerHost bool
	// Checkpointed: it resumes from its checkpoint instead of reading time windows, so each
	// run is one window (from the checkpoint to now).
	Checkpointed bool
	// ByPosition: it reads by position (files), so no line arrives late in time already
	// read: re-verification does not apply and `recheck` is refused.
	ByPosition bool
	// NoHistory, when set, says why a backfill has no history to read in this type ("a
	// file source: files are read by position, …"), and what to run instead.
	NoHistory string
	// StoreCost: its requests cost a store, which reports the cost (its cost series are
	// created at zero at start).
	StoreCost bool
	// DefaultInterval between two scans when the config sets none (5m when zero).
	DefaultInterval time.Duration
	// BlockOptional: every key of the block has a default, so the block may be left out.
	BlockOptional bool
}

// Type is one registered store type.
type Type struct {
	Name TypeName
	// NewBlock returns a new, empty block to decode the config into (a pointer); decoding
	// applies its defaults. With BlockOptional, Build on a new block uses the defaults.
	NewBlock func() Block
	Traits   Traits
	// Moved are the type's old flat keys (before 0.2) and where they went.
	Moved map[string]MovedKey
}

var registry = struct {
	sync.RWMutex
	types map[TypeName]Type
}{types: map[TypeName]Type{}}

// Register adds a store type; a backend calls it from init. Registering a name twice, an
// empty name or no NewBlock is a programming error and panics.
func Register(t Type) {
	if t.Name == "" || t.NewBlock == nil {
		panic(fmt.Sprintf("sources: Register(%q): a type needs a name and NewBlock", t.Name))
	}
	registry.Lock()
	defer registry.Unlock()
	if _, dup := registry.types[t.Name]; dup {
		panic(fmt.Sprintf("sources: store type %q registered twice", t.Name))
	}
	registry.types[t.Name] = t
}

// Lookup is the registered type named n.
func Lookup(n TypeName) (Type, bool) {
	registry.RLock()
	defer registry.RUnlock()
	t, ok := registry.types[n]
	return t, ok
}

// Types lists the registered type names, sorted.
func Types() []TypeName {
	registry.RLock()
	defer registry.RUnlock()
	out := make([]TypeName, 0, len(registry.types))
	for n := range registry.types {
		out = append(out, n)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// TypeList is the registered names for an error message: "elasticsearch, file, loki".
func TypeList() string {
	ts := Types()
	s := make([]string, len(ts))
	for i, t := range ts {
		s[i] = string(t)
	}
	if len(s) == 0 {
		return "(no store type is registered in this build)"
	}
	return strings.Join(s, ", ")
}

// TraitsOf is the traits of type n; an unknown type has none.
func TraitsOf(n TypeName) Traits {
	t, _ := Lookup(n)
	return t.Traits
}

// IsType reports whether n is a registered type name.
func IsType(n string) bool {
	_, ok := Lookup(TypeName(n))
	return ok
}

// unregister removes a type: for tests of the registry only.
func unregister(n TypeName) {
	registry.Lock()
	defer registry.Unlock()
	delete(registry.types, n)
}
