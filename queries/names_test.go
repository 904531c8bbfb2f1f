package queries

import (
	"regexp"
	"testing"
)

func TestCased(t *testing.T) {
	tests := []struct {
		parts   []string
		match   []string
		noMatch []string
	}{
		{
			parts:   []string{"secret"},
			match:   []string{"secret", "Secret", "SECRET"},
			noMatch: []string{"sEcReT", "SeCRET", "\u017fecret"}, // long s: Go's (?i) would match it
		},
		{
			parts:   []string{"shared", "access", "key="},
			match:   []string{"SharedAccessKey=", "sharedAccessKey=", "SHAREDACCESSKEY=", "sharedaccesskey="},
			noMatch: []string{"SharedAccessKey:", "SharedAccess\u212aey=", "sharedaccess_key="},
		},
		{
			parts:   []string{"x-postmark-server-token"},
			match:   []string{"X-Postmark-Server-Token", "x-postmark-server-token", "X-POSTMARK-SERVER-TOKEN"},
			noMatch: []string{"X_Postmark_Server_Token", "X-PostMark-Server-Token"},
		},
		{
			parts:   []string{"auth0", "data source"},
			match:   []string{"Auth0Data Source", "AUTH0data source", "auth0DATA SOURCE"},
			noMatch: []string{"auth0datasource", "auth1data source"},
		},
	}
	for _, tt := range tests {
		re := regexp.MustCompile(`^` + cased(tt.parts...) + `$`)
		for _, s := range tt.match {
			if !re.MatchString(s) {
				t.Errorf("cased(%q) = %s does not match %q", tt.parts, re, s)
			}
		}
		for _, s := range tt.noMatch {
			if re.MatchString(s) {
				t.Errorf("cased(%q) = %s matches %q", tt.parts, re, s)
			}
		}
	}
}
