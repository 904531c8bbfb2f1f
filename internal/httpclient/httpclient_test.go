package httpclient

import (
	"strings"
	"testing"
)

func TestCheckURL(t *testing.T) {
	cases := []struct{ in, want string }{
		{"http://loki:3100", ""},
		{"https://es.example/prefix", ""},
		{"", "required"},
		{"loki:3100", "not an http(s) URL"},
		{"ftp://x", "not an http(s) URL"},
		{"https://elastic:hunter2@es:9200", "credentials in the URL"},
	}
	for _, tc := range cases {
		err := CheckURL(tc.in)
		if (err == nil) != (tc.want == "") || err != nil && !strings.Contains(err.Error(), tc.want) {
			t.Errorf("CheckURL(%q) = %v, want %q", tc.in, err, tc.want)
		}
		if err != nil && strings.Contains(err.Error(), "hunter2") {
			t.Errorf("CheckURL quotes a password: %v", err)
		}
	}
}
