// Package verdict is the vocabulary of the opt-in live verification: what a secret's issuer
// said of it. internal/verify produces a verdict, the detector puts it in the Finding (and
// raises a live secret to critical), the state stores it and notifiers show it: one type
// from where it starts to where it is printed, spelled as it is stored.
package verdict

// Verdict is what an issuer's answer says of a secret. "" is no verdict: the secret was
// not checked (verification off, rule not verified, checked recently, rate limited).
type Verdict string

// Verdicts, spelled as they are stored and printed.
const (
	Live    Verdict = "live"    // the issuer accepted the secret: it still works
	Revoked Verdict = "revoked" // the issuer refused it
	Unknown Verdict = "unknown" // the issuer could not say: a network error, a timeout, a 429 or 5xx, an answer not understood
)
