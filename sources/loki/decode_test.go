package loki

import (
	"encoding/json"
	"testing"
)

// TestJSONString: the hand-written string decoder agrees with encoding/json.
func TestJSONString(t *testing.T) {
	for _, s := range []string{
		"", "plain", `quote " and backslash \`, "tab\tnewline\nreturn\r", "\b\f", "slash /", "é ü 日本",
		"emoji 😀", "control \x01\x1f", `level=info msg="request served" path=/a\b`,
	} {
		raw, _ := json.Marshal(s) // escapes <, >, & and controls as \u00XX
		got, next, err := jsonString(raw, 0)
		if err != nil || string(got) != s || next != len(raw) {
			t.Errorf("%s: got %q, next %d, err %v", raw, got, next, err)
		}
	}
	for in, want := range map[string]string{
		`"\ud83d\ude00"`: "😀", `"\u00e9\/"`: "é/", `"a\"b"`: `a"b`, `"\ud83d x"`: "\uFFFD x",
	} {
		got, _, err := jsonString([]byte(in), 0)
		if err != nil || string(got) != want {
			t.Errorf("%s: got %q, err %v, want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{`"abc`, `abc"`, `"\x"`, `"\u12"`} {
		if _, _, err := jsonString([]byte(bad), 0); err == nil {
			t.Errorf("%s: no error", bad)
		}
	}
}
