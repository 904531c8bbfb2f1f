package esfake

import (
	"encoding/json"
	"fmt"
	"testing"
)

func TestFields(t *testing.T) {
	tests := []struct {
		doc  string
		want string // the flattened fields, printed
	}{
		{`{"a":{"b":"x"}}`, `map[a.b:[x]]`},
		{`{"a.b":"x","a":{"b":"y"}}`, `map[a.b:[y x]]`},
		{`{"a":{"b.c":"x"},"a.b":{"c":"y"}}`, `map[a.b.c:[x y]]`},
		{`{"a":[{"b":"x"},{"b":["y","z"]},{"c":"w"}]}`, `map[a.b:[x y z] a.c:[w]]`},
		{`{"a":[["x"],"y",null],"b":null,"c":[]}`, `map[a:[x y]]`},
		{`{"a":{}}`, `map[]`},
		{`{"n":1,"t":true}`, `map[n:[1] t:[true]]`},
	}
	for _, tt := range tests {
		var doc map[string]any
		if err := json.Unmarshal([]byte(tt.doc), &doc); err != nil {
			t.Fatal(err)
		}
		if got := fmt.Sprint(Fields(doc)); got != tt.want {
			t.Errorf("Fields(%s) = %s, want %s", tt.doc, got, tt.want)
		}
	}
}

func TestFilterSourceThroughArrays(t *testing.T) {
	var doc map[string]any
	_ = json.Unmarshal([]byte(`{"log":[{"original":"x","level":"info","other":"o"},{"other":"p"},"v"],"log.original":"y","keep":{"me":1},"drop":2}`), &doc)
	got, _ := json.Marshal(filterSource(doc, []string{"log.original", "log.level", "keep"}))
	want := `{"keep":{"me":1},"log":[{"level":"info","original":"x"}],"log.original":"y"}`
	if string(got) != want {
		t.Fatalf("filterSource = %s, want %s", got, want)
	}
}
