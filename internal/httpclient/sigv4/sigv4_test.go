package sigv4

import (
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	promcfg "github.com/prometheus/common/config"
	"github.com/prometheus/sigv4"

	"github.com/leakwatch/leakwatch/internal/httpclient"
)

func TestNewValidates(t *testing.T) {
	dir := t.TempDir()
	key := filepath.Join(dir, "aws-secret")
	if err := os.WriteFile(key, []byte("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	empty := filepath.Join(dir, "empty")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	static := func(file string) *Config {
		return &Config{SigV4Config: sigv4.SigV4Config{Region: "eu-west-1", AccessKey: "AKIAIOSFODNN7EXAMPLE", ServiceName: "es"}, SecretKeyFile: file}
	}
	cases := []struct {
		name string
		hc   promcfg.HTTPClientConfig
		sv   *Config
		want string
	}{
		{"plain", promcfg.HTTPClientConfig{}, nil, ""},
		{"sigv4 from a file", promcfg.HTTPClientConfig{}, static(key), ""},
		{"sigv4 file missing", promcfg.HTTPClientConfig{}, static(filepath.Join(dir, "nope")), "sigv4.secret_key_file"},
		{"sigv4 file empty", promcfg.HTTPClientConfig{}, static(empty), "sigv4.secret_key_file: empty is empty"},
		{"sigv4 and basic auth", promcfg.HTTPClientConfig{BasicAuth: &promcfg.BasicAuth{Username: "u"}}, static(key), "sigv4: not with basic_auth"},
		{"sigv4 both secret forms", promcfg.HTTPClientConfig{}, &Config{SigV4Config: sigv4.SigV4Config{Region: "r", AccessKey: "AKIAIOSFODNN7EXAMPLE", SecretKey: "x"}, SecretKeyFile: key}, "sigv4.secret_key: set either"},
		{"two auths", promcfg.HTTPClientConfig{BasicAuth: &promcfg.BasicAuth{Username: "u"}, Authorization: &promcfg.Authorization{Credentials: "c"}}, nil, "at most one of"},
		{"cert without key", promcfg.HTTPClientConfig{TLSConfig: promcfg.TLSConfig{CertFile: "c.pem"}}, nil, "tls_config:"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, err := New("test", tc.hc, tc.sv, httpclient.Options{})
			if tc.want == "" {
				if err != nil || c == nil {
					t.Fatalf("New: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want one containing %q", err, tc.want)
			}
		})
	}
}

// TestFiles: every file the settings read is listed with its key, so a change reloads and a
// missing one is named.
func TestFiles(t *testing.T) {
	hc := &promcfg.HTTPClientConfig{
		BasicAuth:     &promcfg.BasicAuth{Username: "u", PasswordFile: "/s/pw"},
		TLSConfig:     promcfg.TLSConfig{CAFile: "/s/ca.pem", CertFile: "/s/c.pem", KeyFile: "/s/k.pem"},
		OAuth2:        &promcfg.OAuth2{ClientSecretFile: "/s/oauth"},
		HTTPHeaders:   &promcfg.Headers{Headers: map[string]promcfg.Header{"X-Token": {Files: []string{"/s/tok"}}}},
		Authorization: &promcfg.Authorization{CredentialsFile: "/s/cred"},
	}
	got := map[string]string{}
	for _, f := range append(httpclient.Files(hc), (&Config{SecretKeyFile: "/s/aws"}).Files()...) {
		got[f.Key] = f.Path
	}
	want := map[string]string{
		"basic_auth.password_file": "/s/pw", "tls_config.ca_file": "/s/ca.pem", "tls_config.cert_file": "/s/c.pem",
		"tls_config.key_file": "/s/k.pem", "oauth2.client_secret_file": "/s/oauth", "http_headers.X-Token.files[0]": "/s/tok",
		"authorization.credentials_file": "/s/cred", "sigv4.secret_key_file": "/s/aws",
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("Files()[%s] = %q, want %q", k, got[k], v)
		}
	}
	if len(got) != len(want) {
		t.Errorf("Files() = %v, want exactly %v", got, want)
	}
}

// TestSigV4ClosesIdleConnections: a signing client still releases its idle connections
// (the daemon closes a replaced source's on reload).
func TestSigV4ClosesIdleConnections(t *testing.T) {
	var mu sync.Mutex
	closed := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.Header.Get("Authorization"), "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/") {
			t.Errorf("request not signed: %q", r.Header.Get("Authorization"))
		}
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateClosed {
			mu.Lock()
			closed++
			mu.Unlock()
		}
	}
	t.Cleanup(srv.Close)
	c, err := New("test", promcfg.HTTPClientConfig{}, &Config{SigV4Config: sigv4.SigV4Config{
		Region: "eu-west-1", AccessKey: "AKIAIOSFODNN7EXAMPLE", SecretKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", ServiceName: "es"}}, httpclient.Options{})
	if err != nil {
		t.Fatal(err)
	}
	resp, err := c.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	c.CloseIdleConnections()
	deadline := time.Now().Add(10 * time.Second)
	for {
		mu.Lock()
		n := closed
		mu.Unlock()
		if n > 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("the idle connection was not closed")
		}
		time.Sleep(10 * time.Millisecond)
	}
}
