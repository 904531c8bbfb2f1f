package detector_test

import (
	"strings"
	"testing"

	"github.com/leakwatch/leakwatch/detector"
	"github.com/leakwatch/leakwatch/internal/fakesecret"
	"github.com/leakwatch/leakwatch/queries"
)

// awsSecret is shaped like an AWS secret access key (40 base64 characters).
func awsSecret() string {
	return fakesecret.From(fakesecret.Fresh(), "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 38) + "/+"
}

// TestPairs: an identifier and its secret together are one finding under the identifier's
// rule and fingerprint, naming both previews; anything ambiguous is left alone.
func TestPairs(t *testing.T) {
	d, err := detector.New(queries.Catalog(), detector.Options{Key: []byte("pairs-test-key")})
	if err != nil {
		t.Fatal(err)
	}
	rnd := fakesecret.Fresh()
	id, id2, sec := fakesecret.AWSKeyID(rnd), fakesecret.AWSKeyID(rnd), awsSecret()
	sid := fakesecret.TwilioKeySID(rnd)
	pw := fakesecret.Mixed(rnd, 24)
	scan := func(line string) []detector.Finding {
		var out []detector.Finding
		d.Scan([]byte(line), 0, func(f detector.Finding) { out = append(out, f) })
		return out
	}
	idAlone := scan("key=" + id)
	secAlone := scan("aws_secret_access_key=" + sec)
	if len(idAlone) != 1 || len(secAlone) != 1 {
		t.Fatalf("alone: %d and %d findings", len(idAlone), len(secAlone))
	}
	idPreview, secPreview := idAlone[0].Preview, secAlone[0].Preview

	tests := []struct {
		name, line string
		rules      []string
		preview    string // of the first finding
		fp         string // of the first finding
		paired     bool   // the first finding is a pair
	}{
		{"aws id then secret", "aws_access_key_id=" + id + " aws_secret_access_key=" + sec,
			[]string{"aws-access-key-id"}, idPreview + " + " + secPreview, idAlone[0].Fingerprint, true},
		{"aws secret then id", `{"SecretAccessKey":"` + sec + `","AccessKeyId":"` + id + `"}`,
			[]string{"aws-access-key-id"}, idPreview + " + " + secPreview, idAlone[0].Fingerprint, true},
		{"two ids, one secret: ambiguous", "a=" + id + " b=" + id2 + " aws_secret_access_key=" + sec,
			[]string{"aws-access-key-id", "aws-access-key-id", "aws-secret-access-key"}, "", "", false},
		{"secret alone", "aws_secret_access_key=" + sec, []string{"aws-secret-access-key"}, secPreview, secAlone[0].Fingerprint, false},
		{"aws key id as a URI's user", "GET https://" + id + ":" + pw + "@bucket.example.io/x",
			[]string{"aws-access-key-id"}, idPreview + " + …" + pw[len(pw)-4:], idAlone[0].Fingerprint, true},
		{"twilio key SID as a URI's user", "https://" + sid + ":" + pw + "@api.twilio.com/2010-04-01",
			[]string{"twilio-api-key-sid"}, "", "", true},
		{"an id elsewhere on a URI line is not its user", "id=" + id + " url=https://deploy:" + pw + "@artifacts.example.io/",
			[]string{"aws-access-key-id", "url-credentials"}, "", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fs := scan(tc.line)
			var rules []string
			for _, f := range fs {
				rules = append(rules, f.RuleID)
			}
			if strings.Join(rules, ",") != strings.Join(tc.rules, ",") {
				t.Fatalf("rules %v, want %v", rules, tc.rules)
			}
			f := fs[0]
			if tc.preview != "" && f.Preview != tc.preview {
				t.Errorf("preview %q, want %q", f.Preview, tc.preview)
			}
			if tc.fp != "" && f.Fingerprint != tc.fp {
				t.Errorf("fingerprint %s, want %s (the identifier's, as when seen alone)", f.ShortFingerprint(), tc.fp[:12])
			}
			if tc.paired != (f.Pair != nil) || tc.paired && (!strings.Contains(f.Preview, " + ") || !strings.Contains(f.Description, ", with ")) {
				t.Errorf("paired %v, want %v: %+v", f.Pair != nil, tc.paired, f)
			}
			// Neither secret is in what the finding carries, and Redact masks both.
			red := d.Redact(tc.line)
			for _, s := range []string{sec, pw} {
				if strings.Contains(f.Preview+f.Description, s) || strings.Contains(tc.line, s) && strings.Contains(red, s) {
					t.Errorf("a secret is left: %q", red)
				}
			}
		})
	}
}

// TestManyOnOneLine: on a line of many credentials, each URI's user is found by its end (not
// by comparing every pair of findings), and a generic finding is dropped exactly when a
// provider's finding overlaps it, whatever the order the spans were noted in.
func TestManyOnOneLine(t *testing.T) {
	d, err := detector.New(queries.Catalog(), detector.Options{Key: []byte("many-test-key")})
	if err != nil {
		t.Fatal(err)
	}
	rnd := fakesecret.Fresh()
	var line strings.Builder
	var want []string
	for i := 0; i < 40; i++ {
		switch i % 4 {
		case 0:
			line.WriteString("https://" + fakesecret.AWSKeyID(rnd) + ":" + fakesecret.Mixed(rnd, 24) + "@bucket.example.io/x ")
			want = append(want, "aws-access-key-id+")
		case 1:
			line.WriteString("https://deploy:" + fakesecret.Mixed(rnd, 24) + "@artifacts.example.io/ ")
			want = append(want, "url-credentials")
		case 2:
			line.WriteString("token=" + fakesecret.GitHub(rnd, "ghp_") + " ")
			want = append(want, "github-pat")
		case 3:
			line.WriteString("partnerToken=" + fakesecret.Mixed(rnd, 24) + " ")
			want = append(want, "generic-secret")
		}
	}
	count := map[string]int{}
	d.Scan([]byte(line.String()), 0, func(f detector.Finding) {
		id := f.RuleID
		if f.Pair != nil {
			id += "+"
		}
		count[id]++
	})
	wantCount := map[string]int{}
	for _, w := range want {
		wantCount[w]++
	}
	if len(count) != len(wantCount) {
		t.Errorf("findings %v, want %v", count, wantCount)
	}
	for id, n := range wantCount {
		if count[id] != n {
			t.Errorf("%s: %d findings, want %d (all: %v)", id, count[id], n, count)
		}
	}
}
