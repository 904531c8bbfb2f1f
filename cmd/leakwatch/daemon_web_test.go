package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"
)

// TestDaemonWebConfig: /metrics behind TLS and basic auth through the exporter-toolkit web
// config file.
func TestDaemonWebConfig(t *testing.T) {
	s := newSetup(t, "0s")
	writeFile(t, filepath.Join(s.logs, "app.log"), "nothing to see\n", 0o644)
	certPEM, keyPEM, pool := selfSigned(t)
	writeFile(t, filepath.Join(s.dir, "tls.crt"), string(certPEM), 0o600)
	writeFile(t, filepath.Join(s.dir, "tls.key"), string(keyPEM), 0o600)
	hash, err := bcrypt.GenerateFromPassword([]byte("scrape-pw"), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	web := filepath.Join(s.dir, "web.yaml")
	writeFile(t, web, fmt.Sprintf("tls_server_config:\n  cert_file: %s/tls.crt\n  key_file: %s/tls.key\nbasic_auth_users:\n  prometheus: %q\n", s.dir, s.dir, hash), 0o600)
	cfg := filepath.Join(s.dir, "web-config.yaml")
	writeFile(t, cfg, fmt.Sprintf("data_dir: %s/data\nweb_config_file: %s\nsources: [{name: app, type: file, file: {paths: [\"%s/*.log\"]}}]\n", s.dir, web, s.logs), 0o644)

	d := startDaemon(t, "--config", cfg)
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	get := func(user, pw string) int {
		req, _ := http.NewRequest(http.MethodGet, "https://"+d.addr+"/metrics", nil)
		if user != "" {
			req.SetBasicAuth(user, pw)
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatalf("https GET: %v", err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := get("", ""); code != http.StatusUnauthorized {
		t.Errorf("no credentials: %d, want 401", code)
	}
	if code := get("prometheus", "wrong"); code != http.StatusUnauthorized {
		t.Errorf("wrong password: %d, want 401", code)
	}
	if code := get("prometheus", "scrape-pw"); code != http.StatusOK {
		t.Errorf("right credentials: %d, want 200", code)
	}
	if resp, err := http.Get("http://" + d.addr + "/metrics"); err == nil {
		resp.Body.Close()
		if resp.StatusCode == http.StatusOK {
			t.Error("plain HTTP served metrics although TLS is configured")
		}
	}
	d.stop()
}

func selfSigned(t *testing.T) (certPEM, keyPEM []byte, pool *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "leakwatch-test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, IsCA: true, BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kb, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	pool = x509.NewCertPool()
	pool.AddCert(cert)
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb}), pool
}
