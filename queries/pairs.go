package queries

// Pair declares two findings that are one credential when they appear together: an
// identifier and its secret. The detector reports them as one finding under the
// identifier's rule and fingerprint, naming both previews, so a key pair on one line is one
// incident and one alert (and the same incident as the identifier seen alone).
type Pair struct {
	// ID is the identifier's rule; "" with URI: any finding that is a URI's user.
	ID string
	// Secret is the secret's rule.
	Secret string
	// URI: the identifier is the user and the secret the password of one URI
	// (scheme://ID:SECRET@host); otherwise both are anywhere in one line, each found once.
	URI bool
}

// Pairs are the documented pairs.
func Pairs() []Pair {
	return []Pair{
		// aws_access_key_id=AKIA… aws_secret_access_key=… (credentials files, env dumps).
		{ID: "aws-access-key-id", Secret: "aws-secret-access-key"},
		// https://AKIA…:secret@bucket…, https://SK…:secret@api.twilio.com: the user of a URI
		// found by its own rule, the password by url-credentials.
		{Secret: "url-credentials", URI: true},
	}
}
