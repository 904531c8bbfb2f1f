// Package layers holds no code: its test keeps the import graph pointing one way (see
// docs/architecture.md, "The shape of the code"), so a shortcut that would tie the state to
// the config or the notifiers, or the config to a store's client, fails the build's tests
// instead of waiting for a review.
package layers
