package tlsconfig

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// writePair writes a self-signed certificate and its key, generated now, as PEM files.
func writePair(t *testing.T, dir string) (certFile, keyFile string, cert *x509.Certificate) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "leakwatch-test-ca"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature, DNSNames: []string{"localhost"}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kb, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb}), 0o600); err != nil {
		t.Fatal(err)
	}
	cert, err = x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return certFile, keyFile, cert
}

func TestBuild(t *testing.T) {
	dir := t.TempDir()
	certFile, keyFile, cert := writePair(t, dir)
	notPEM := filepath.Join(dir, "not.pem")
	if err := os.WriteFile(notPEM, []byte("hello"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name    string
		c       Config
		wantErr string
		check   func(t *testing.T, tc *tls.Config)
	}{
		{name: "defaults", check: func(t *testing.T, tc *tls.Config) {
			if tc.MinVersion != tls.VersionTLS12 || tc.RootCAs != nil || len(tc.Certificates) != 0 || tc.InsecureSkipVerify {
				t.Errorf("defaults: %+v", tc)
			}
		}},
		{name: "server name and skip verify", c: Config{ServerName: "loki.internal", InsecureSkipVerify: true}, check: func(t *testing.T, tc *tls.Config) {
			if tc.ServerName != "loki.internal" || !tc.InsecureSkipVerify {
				t.Errorf("got %q %v", tc.ServerName, tc.InsecureSkipVerify)
			}
		}},
		{name: "CA replaces the system roots", c: Config{CAFile: certFile}, check: func(t *testing.T, tc *tls.Config) {
			if tc.RootCAs == nil {
				t.Fatal("no RootCAs")
			}
			if _, err := cert.Verify(x509.VerifyOptions{Roots: tc.RootCAs, DNSName: "localhost"}); err != nil {
				t.Errorf("the CA file's certificate is not trusted: %v", err)
			}
		}},
		{name: "client certificate", c: Config{CertFile: certFile, KeyFile: keyFile}, check: func(t *testing.T, tc *tls.Config) {
			if len(tc.Certificates) != 1 {
				t.Errorf("%d client certificates", len(tc.Certificates))
			}
		}},
		{name: "missing CA file", c: Config{CAFile: filepath.Join(dir, "nope.pem")}, wantErr: "tls.ca_file"},
		{name: "CA file without PEM", c: Config{CAFile: notPEM}, wantErr: "tls.ca_file " + notPEM + ": no PEM certificate"},
		{name: "cert without key", c: Config{CertFile: certFile}, wantErr: "tls.cert_file and tls.key_file go together"},
		{name: "key without cert", c: Config{KeyFile: keyFile}, wantErr: "tls.cert_file and tls.key_file go together"},
		{name: "bad key", c: Config{CertFile: certFile, KeyFile: notPEM}, wantErr: "tls.cert_file/tls.key_file"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tc, err := tt.c.Build()
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, tc)
		})
	}
}
