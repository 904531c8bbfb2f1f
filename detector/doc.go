// Package detector runs the rules of package queries over log lines: one keyword automaton
// finds every rule's keywords in a single pass (the prefilter), each rule's regex then runs
// only in a window around its keywords, and validators, the allowlist, the placeholder and
// entropy checks decide what is reported.
//
// A secret's bytes never leave the detector: a Finding carries only a redacted preview and
// an HMAC fingerprint (or the keyless, stable one of fingerprint.go).
package detector
