package verify

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

// AWS's published Signature Version 4 test vectors (the aws-sig-v4-test-suite "get-vanilla"
// case, and the IAM ListUsers example of the signing documentation), with their example
// credentials.
func TestSignV4Vectors(t *testing.T) {
	at := time.Date(2015, 8, 30, 12, 36, 0, 0, time.UTC)
	const keyID, secret = "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
	cases := []struct {
		name, method, url, contentType, region, service, want string
	}{
		{"get-vanilla", "GET", "https://example.amazonaws.com/", "", "us-east-1", "service",
			"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"},
		{"iam ListUsers", "GET", "https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08", "application/x-www-form-urlencoded; charset=utf-8", "us-east-1", "iam",
			"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequest(tc.method, tc.url, nil)
			if tc.contentType != "" {
				req.Header.Set("Content-Type", tc.contentType)
			}
			signV4(req, nil, keyID, secret, tc.region, tc.service, at)
			if got := req.Header.Get("Authorization"); got != tc.want {
				t.Fatalf("Authorization:\n%s\nwant\n%s", got, tc.want)
			}
			if strings.Contains(req.Header.Get("Authorization"), secret) {
				t.Fatal("the secret is in the header")
			}
		})
	}
}
