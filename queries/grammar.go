package queries

// assigned is the one name-then-value grammar keyword rules share: name is a regex fragment
// for the key (for example `(?i:cohere|co_api_key)[A-Za-z0-9_.-]{0,20}`), value the secret's
// capture group followed by what must end it. Every keyword rule builds its regex here, so a
// way logs and configs write "name, then value" is learnt once for all of them.
func assigned(name, value string) string {
	return name + `\\?["']?\s*[:=]>?\s*\\?["']?(?:(?i:bearer)\s+)?` + value
}
