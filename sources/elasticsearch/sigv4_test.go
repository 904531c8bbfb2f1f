package elasticsearch

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	lwsigv4 "github.com/leakwatch/leakwatch/internal/httpclient/sigv4"
	"github.com/leakwatch/leakwatch/sources"
	"github.com/leakwatch/leakwatch/sources/elasticsearch/esfake"
	"github.com/prometheus/sigv4"
)

// AWS's documented example credentials (in the detector's allowlist): never valid anywhere.
const (
	exampleKeyID  = "AKIAIOSFODNN7EXAMPLE"
	exampleSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
)

// TestSigV4 scans an Amazon OpenSearch Service stand-in that checks every request's SigV4
// signature the way AWS does: it recomputes it from the request and the same static
// credentials (canonical request, string to sign, the derived key), so a request signed for
// another region or service, or with a header or body changed after signing, fails.
func TestSigV4(t *testing.T) {
	f := esfake.New(esfake.Options{Flavor: esfake.OpenSearch})
	var mu sync.Mutex
	var problems []string
	checked := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		err := verifySigV4(r, body, "eu-west-1", "es", exampleKeyID, exampleSecret)
		mu.Lock()
		checked++
		if err != nil {
			problems = append(problems, r.Method+" "+r.URL.Path+": "+err.Error())
		}
		mu.Unlock()
		if err != nil {
			http.Error(w, `{"message":"The request signature we calculated does not match"}`, http.StatusForbidden)
			return
		}
		f.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	w, want := corpus(t, f, 30)
	s := newSource(t, srv.URL, func(c *Config) {
		c.Flavor = FlavorOpenSearch
		c.SigV4 = &lwsigv4.Config{SigV4Config: sigv4.SigV4Config{Region: "eu-west-1", AccessKey: exampleKeyID, SecretKey: exampleSecret}}
	})
	var c collector
	if err := s.Scan(context.Background(), sources.Request{Window: w}, c.emit); err != nil {
		t.Fatalf("scan: %v (signature problems: %v)", err, problems)
	}
	c.checkExactlyOnce(t, want)
	mu.Lock()
	defer mu.Unlock()
	if checked < 2 || len(problems) > 0 {
		t.Fatalf("%d requests checked; problems: %v", checked, problems)
	}

	// The check itself fails a signature for another region.
	req := httptest.NewRequest(http.MethodGet, "/", nil)
	signed, err := signWith(req, "us-east-1")
	if err != nil {
		t.Fatal(err)
	}
	if err := verifySigV4(signed, nil, "eu-west-1", "es", exampleKeyID, exampleSecret); err == nil {
		t.Error("a signature for us-east-1 passed the eu-west-1 check")
	}
}

// signWith signs r as the source would, for region, and returns what the server would see.
func signWith(r *http.Request, region string) (*http.Request, error) {
	var got *http.Request
	rt, err := sigv4.NewSigV4RoundTripper(&sigv4.SigV4Config{Region: region, AccessKey: exampleKeyID, SecretKey: exampleSecret, ServiceName: "es"},
		roundTripFunc(func(r *http.Request) (*http.Response, error) {
			got = r
			return &http.Response{StatusCode: 200, Body: io.NopCloser(strings.NewReader("")), Request: r}, nil
		}))
	if err != nil {
		return nil, err
	}
	out := r.Clone(context.Background())
	out.URL, _ = url.Parse("http://es.example/")
	out.RequestURI = ""
	if _, err := rt.RoundTrip(out); err != nil {
		return nil, err
	}
	got.Host = got.URL.Host
	return got, nil
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// verifySigV4 recomputes r's AWS Signature Version 4 (AWS's documented algorithm, written out
// here rather than taken from the signer under test) and compares it with the one sent.
func verifySigV4(r *http.Request, body []byte, region, service, keyID, secret string) error {
	auth := r.Header.Get("Authorization")
	const algo = "AWS4-HMAC-SHA256 "
	if !strings.HasPrefix(auth, algo) {
		return fmt.Errorf("authorization %q is not SigV4", auth)
	}
	parts := map[string]string{}
	for _, p := range strings.Split(strings.TrimPrefix(auth, algo), ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(p), "=")
		parts[k] = v
	}
	amzDate := r.Header.Get("X-Amz-Date")
	if len(amzDate) != len("20060102T150405Z") {
		return fmt.Errorf("x-amz-date %q", amzDate)
	}
	scope := amzDate[:8] + "/" + region + "/" + service + "/aws4_request"
	if parts["Credential"] != keyID+"/"+scope {
		return fmt.Errorf("credential scope %q, want %s/%s", parts["Credential"], keyID, scope)
	}
	signed := strings.Split(parts["SignedHeaders"], ";")
	if !sort.StringsAreSorted(signed) || !contains(signed, "host") || !contains(signed, "x-amz-date") {
		return fmt.Errorf("signed headers %q: want sorted, with host and x-amz-date", parts["SignedHeaders"])
	}
	var ch strings.Builder
	for _, h := range signed {
		var v string
		switch h {
		case "host":
			v = r.Host
		case "content-length":
			v = strconv.FormatInt(r.ContentLength, 10)
		default:
			vals := r.Header.Values(h)
			for i := range vals {
				vals[i] = strings.Join(strings.Fields(vals[i]), " ")
			}
			v = strings.Join(vals, ",")
		}
		ch.WriteString(h + ":" + v + "\n")
	}
	q, _ := url.ParseQuery(r.URL.RawQuery)
	sum := sha256.Sum256(body)
	canonical := strings.Join([]string{r.Method, awsEscapePath(r.URL.EscapedPath()), strings.ReplaceAll(q.Encode(), "+", "%20"),
		ch.String(), parts["SignedHeaders"], hex.EncodeToString(sum[:])}, "\n")
	crSum := sha256.Sum256([]byte(canonical))
	toSign := "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n" + hex.EncodeToString(crSum[:])
	key := []byte("AWS4" + secret)
	for _, p := range []string{amzDate[:8], region, service, "aws4_request"} {
		key = hmacSHA256(key, p)
	}
	if want := hex.EncodeToString(hmacSHA256(key, toSign)); parts["Signature"] != want {
		return fmt.Errorf("signature does not match (canonical request:\n%s)", canonical)
	}
	return nil
}

func hmacSHA256(key []byte, s string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(s))
	return m.Sum(nil)
}

// awsEscapePath percent-encodes every byte but unreserved characters and '/', as SigV4 does
// for services other than S3 (an already escaped path is escaped again).
func awsEscapePath(p string) string {
	if p == "" {
		return "/"
	}
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		c := p[i]
		if c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || strings.IndexByte("-_.~/", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		fmt.Fprintf(&b, "%%%02X", c)
	}
	return b.String()
}
