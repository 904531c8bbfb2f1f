package main

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/crypto/bcrypt"
)

// freeAddr returns a loopback address nothing listens on right now, for a config's listen.
func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// TestHealthcheckReadsConfig: healthcheck asks the address of the config's listen, over the TLS
// and with the basic auth of its web config file, instead of a fixed http://127.0.0.1:9847.
func TestHealthcheckReadsConfig(t *testing.T) {
	s := newSetup(t, "0s")
	writeFile(t, filepath.Join(s.dir, "logs", "app.log"), "nothing to see\n", 0o644)
	certPEM, keyPEM, _ := selfSigned(t)
	writeFile(t, filepath.Join(s.dir, "tls.crt"), string(certPEM), 0o600)
	writeFile(t, filepath.Join(s.dir, "tls.key"), string(keyPEM), 0o600)
	otherPEM, otherKey, _ := selfSigned(t)
	writeFile(t, filepath.Join(s.dir, "other.crt"), string(otherPEM), 0o600)
	writeFile(t, filepath.Join(s.dir, "other.key"), string(otherKey), 0o600)
	hash, err := bcrypt.GenerateFromPassword([]byte("probe-pw"), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(s.dir, "right-pw"), "probe-pw\n", 0o600)
	writeFile(t, filepath.Join(s.dir, "wrong-pw"), "nope\n", 0o600)
	// Relative cert_file: relative to the web config file, as the exporter toolkit reads it.
	web := filepath.Join(s.dir, "web.yaml")
	writeFile(t, web, fmt.Sprintf("tls_server_config:\n  cert_file: tls.crt\n  key_file: tls.key\nbasic_auth_users:\n  probe: %q\n", hash), 0o600)
	// The same daemon seen through a web config pinning another certificate (a valid pair:
	// config check refuses a web config whose key does not match its certificate).
	wrongCert := filepath.Join(s.dir, "web-other.yaml")
	writeFile(t, wrongCert, "tls_server_config:\n  cert_file: other.crt\n  key_file: other.key\n", 0o600)

	tlsAddr, plainAddr := freeAddr(t), freeAddr(t)
	config := func(name, listen, webFile string) string {
		p := filepath.Join(s.dir, name)
		body := fmt.Sprintf("data_dir: %s/data-%s\nlisten: %q\nsources: [{name: app, type: file, file: {paths: [\"%s/*.log\"]}}]\n", s.dir, name, listen, s.logs)
		if webFile != "" {
			body += "web_config_file: " + webFile + "\n"
		}
		writeFile(t, p, body, 0o644)
		return p
	}
	tlsCfg := config("tls.yaml", tlsAddr, web)
	plainCfg := config("plain.yaml", plainAddr, "")
	_, port, _ := net.SplitHostPort(plainAddr)
	wildcardCfg := config("wildcard.yaml", ":"+port, "")
	otherCertCfg := config("othercert.yaml", tlsAddr, wrongCert)

	tlsDaemon := startDaemon(t, "--config", tlsCfg, "--listen", tlsAddr)
	plainDaemon := startDaemon(t, "--config", plainCfg, "--listen", plainAddr)

	for _, tc := range []struct {
		name     string
		args     []string
		code     int
		contains string
	}{
		{"TLS and basic auth with the right password", []string{"--config", tlsCfg, "--username", "probe", "--password-file", filepath.Join(s.dir, "right-pw")}, 0, "https://" + tlsAddr + "/healthz ok"},
		{"TLS and basic auth with a wrong password", []string{"--config", tlsCfg, "--username", "probe", "--password-file", filepath.Join(s.dir, "wrong-pw")}, 1, "401"},
		{"TLS and basic auth without credentials: the auth answer is alive", []string{"--config", tlsCfg}, 0, "basic auth required"},
		{"a certificate that is not the daemon's", []string{"--config", otherCertCfg}, 1, "not the web config's cert_file"},
		{"plain HTTP on another address", []string{"--config", plainCfg}, 0, "http://" + plainAddr + "/healthz ok"},
		{"wildcard listen is asked on loopback", []string{"--config", wildcardCfg}, 0, "http://" + plainAddr + "/healthz ok"},
		{"missing config", []string{"--config", filepath.Join(s.dir, "absent.yaml")}, 2, "absent.yaml"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			code := cmdHealthcheck(context.Background(), tc.args, cli{stdout: &out, stderr: &errb})
			if code != tc.code || !strings.Contains(out.String()+errb.String(), tc.contains) {
				t.Errorf("exit %d, want %d with %q\nstdout: %s\nstderr: %s", code, tc.code, tc.contains, out.String(), errb.String())
			}
		})
	}

	tlsDaemon.stop()
	plainDaemon.stop()
	var out, errb bytes.Buffer
	if code := cmdHealthcheck(context.Background(), []string{"--config", plainCfg}, cli{stdout: &out, stderr: &errb}); code != 1 {
		t.Errorf("stopped daemon: exit %d, want 1\n%s%s", code, out.String(), errb.String())
	}
}
