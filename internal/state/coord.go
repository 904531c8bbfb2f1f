package state

import (
	"context"
	"errors"
	"time"
)

// Lease is a replica's ownership of one source.
type Lease struct {
	Source, Owner string
	Generation    int64
	TTL           time.Duration // time left, by the database's clock, when read
}

// Fence identifies the lease a write is made under.
type Fence struct {
	Source, Owner string
	Generation    int64
}

// ErrFenced is returned for a write made under a lease that is no longer held.
var ErrFenced = errors.New("lease lost: another replica owns this source now")

type fenceKey struct{}

// WithFence makes every write under ctx conditional on the lease f.
func WithFence(ctx context.Context, f Fence) context.Context {
	return context.WithValue(ctx, fenceKey{}, f)
}

// FenceFrom returns the fence ctx carries.
func FenceFrom(ctx context.Context) (Fence, bool) {
	f, ok := ctx.Value(fenceKey{}).(Fence)
	return f, ok
}
